from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "dtbd.standards"
    label = "standards"
    verbose_name = _("Standards and training needs")

    def ready(self) -> None:
        from dtbd.accounts.policy import RecordRule, register
        from dtbd.reports.registry import register as register_report

        from .models import Campaign, Need
        from .reports import REPORT

        # A need lies in the unit that registered it; a survey in the unit that opened it.
        register(Need, RecordRule(units=lambda need, action, on: [(need.unit_id, on)]))
        register(Campaign, RecordRule(units=lambda c, action, on: [(c.unit_id, on)]))
        register_report(REPORT)
