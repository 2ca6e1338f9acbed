from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("users/", views.users_index, name="users"),
    path("users/new/", views.user_new, name="user_new"),
    path("users/<int:user_id>/", views.user_detail, name="user"),
    path("users/<int:user_id>/grants/", views.user_grant, name="grant"),
    path("users/<int:user_id>/grants/<int:grant_id>/revoke/", views.user_revoke, name="revoke"),
    path("users/<int:user_id>/active/", views.user_active, name="active"),
]
