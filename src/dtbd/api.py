"""The HTTP API under /api/v1/ (django-ninja); each domain app adds its router."""

from ninja import NinjaAPI

api = NinjaAPI(title="ĐTBD API", version="1", urls_namespace="api")
