from django.contrib.auth import views as auth_views
from django.urls import path

from dtbd.accounts import views as accounts_views

from . import views

# No namespace: settings.LOGIN_URL and LOGIN_REDIRECT_URL name "login" and "home".
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", accounts_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", accounts_views.PasswordChangeView.as_view(), name="password_change"),
]
