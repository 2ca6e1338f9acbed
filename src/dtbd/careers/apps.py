from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "dtbd.careers"
    label = "careers"
    verbose_name = _("Careers")
