from django.urls import path

from . import views

app_name = "standards"
urlpatterns = [
    path("", views.standards_index, name="index"),
    path("<int:pk>/", views.standard_detail, name="detail"),
    path("frameworks/", views.frameworks, name="frameworks"),
    path("gaps/", views.gap_dashboard, name="gaps"),
    path("gaps/people/", views.gap_people, name="gap_people"),
    path("gaps/export/", views.gap_export, name="gap_export"),
    path("people/<str:code>/", views.person_gaps, name="person"),
    path("surveys/", views.surveys, name="surveys"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey"),
    path("surveys/<int:pk>/export/", views.survey_export, name="survey_export"),
]
