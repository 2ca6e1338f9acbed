from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "dtbd.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from . import catalogue

        catalogue.register_all()
