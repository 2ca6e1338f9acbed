from django.urls import path

from . import pool_views, views

app_name = "careers"
urlpatterns = [
    path("", views.index, name="index"),
    path("people/<str:person_code>/", views.timeline, name="timeline"),
    path("rotations/new/", views.rotation_new, name="rotation_new"),
    path("rotations/<int:pk>/", views.rotation_detail, name="rotation"),
    path("assessments/", views.assessment_round_view, name="assessments"),
    path("pool/", pool_views.pool_index, name="pool"),
    path("pool/<str:code>/", pool_views.pool_term, name="pool_term"),
    path("records/", views.records, name="records"),
]
