from django.contrib import admin

from .forms import ThrottledAdminAuthenticationForm

# The admin site's login is a second door for password guessing: the same throttle guards it.
admin.site.login_form = ThrottledAdminAuthenticationForm
