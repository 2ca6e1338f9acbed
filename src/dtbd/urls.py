from django.contrib import admin
from django.urls import include, path

from dtbd.api import api

urlpatterns = [
    path("", include("dtbd.core.urls")),
    path("units/", include("dtbd.organisation.urls")),
    path("people/", include("dtbd.people.urls")),
    path("imports/", include("dtbd.exchange.urls")),
    path("standards/", include("dtbd.standards.urls")),
    path("training/", include("dtbd.training.urls")),
    path("plans/", include("dtbd.plans.urls")),
    path("careers/", include("dtbd.careers.urls")),
    path("reports/", include("dtbd.reports.urls")),
    path("audit/", include("dtbd.audit.urls")),
    path("accounts/", include("dtbd.accounts.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
