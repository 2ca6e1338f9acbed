from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

# No namespace: settings.LOGIN_URL and LOGIN_REDIRECT_URL name "login" and "home".
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
