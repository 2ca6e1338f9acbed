from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "dtbd.plans"
    label = "plans"
    verbose_name = _("Training plans")
