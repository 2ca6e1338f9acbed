"""The HTTP API under /api/v1/ (django-ninja); each domain app adds its router.

Every call is authenticated (a bearer token or the web session) and every error has the
shape {"code", "message", "field"}: see dtbd.core.api.
"""

from dtbd.accounts.auth import api_auth
from dtbd.careers.api import router as careers_router
from dtbd.core.api import Api
from dtbd.organisation.api import router as units_router
from dtbd.people.api import router as people_router
from dtbd.plans.api import router as plans_router
from dtbd.reports.api import router as reports_router
from dtbd.standards.api import router as standards_router
from dtbd.training.api import router as training_router

api = Api(
    title="ĐTBD API",
    version="1",
    urls_namespace="api",
    auth=api_auth(),
    description="Training and development of a province's cadres, civil servants and public "
    "employees. Each resource is limited to the caller's units.",
)
api.add_router("/units", units_router)
api.add_router("/people", people_router)
# /courses and /enrolments (contract), /institutions, /programmes… : see training.api
api.add_router("/", training_router)
api.add_router("/standards", standards_router)
api.add_router("/plans", plans_router)
api.add_router("/careers", careers_router)
api.add_router("/reports", reports_router)
