from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.people_index, name="list"),
    path("<str:code>/", views.person_detail, name="detail"),
    path("<str:code>/edit/", views.person_edit_page, name="edit"),
]
