from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("", views.imports, name="imports"),
    path("export/", views.export, name="export"),
    path("<int:job_id>/", views.job_detail, name="job"),
    path("<int:job_id>/progress/", views.job_status, name="job_status"),
]
