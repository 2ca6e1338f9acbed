from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<str:code>/", views.unit_detail, name="detail"),
    path("<str:code>/children/", views.children, name="children"),
]
