from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("<slug:name>/", views.report_page, name="report"),
    path("<slug:name>/download/", views.report_download, name="download"),
]
