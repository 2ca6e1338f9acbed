from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("submitted/", views.submitted_list, name="submitted_list"),
    path("targets/", views.targets_page, name="targets"),
    path("submitted/<int:pk>/", views.submitted_detail, name="submitted"),
    path("<slug:name>/", views.report_page, name="report"),
    path("<slug:name>/download/", views.report_download, name="download"),
    path("<slug:name>/submit/", views.report_submit_page, name="submit"),
]
