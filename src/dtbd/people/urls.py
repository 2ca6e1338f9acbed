from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.people_index, name="list"),
    path("levels/", views.at_least_options, name="levels"),
    path("<str:code>/", views.person_detail, name="detail"),
]
