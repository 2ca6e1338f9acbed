from django.urls import path

from . import editing, views

app_name = "standards"
urlpatterns = [
    path("", views.standards_index, name="index"),
    path("<int:pk>/", views.standard_detail, name="detail"),
    path("frameworks/", editing.frameworks, name="frameworks"),
    path("frameworks/<str:code>/", editing.framework_detail, name="framework"),
    path("equivalences/", editing.equivalences, name="equivalences"),
    path("hours-rules/", editing.hours_rules, name="hours_rules"),
    path("hours/", editing.hours_behind, name="hours"),
    path("hours/export/", editing.hours_export, name="hours_export"),
    path("surveys/open/", editing.survey_open, name="survey_open"),
    path("surveys/<int:pk>/close/", editing.survey_close, name="survey_close"),
    path("gaps/", views.gap_dashboard, name="gaps"),
    path("gaps/people/", views.gap_people, name="gap_people"),
    path("gaps/export/", views.gap_export, name="gap_export"),
    path("people/<str:code>/", views.person_gaps, name="person"),
    path("surveys/", views.surveys, name="surveys"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey"),
    path("surveys/<int:pk>/export/", views.survey_export, name="survey_export"),
]
