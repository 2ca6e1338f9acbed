from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "dtbd.plans"
    label = "plans"
    verbose_name = _("Training plans")

    def ready(self) -> None:
        from dtbd.accounts.policy import RecordRule, register
        from dtbd.exchange.registry import register_kind
        from dtbd.reports.registry import register as register_report

        from .models import Plan, PlanVersion
        from .reports import REPORT

        # A plan lies in its unit: the unit's managers (and those above) write it, viewers read.
        register(Plan, RecordRule(units=lambda plan, action, on: [(plan.unit_id, on)]))
        register(
            PlanVersion,
            RecordRule(units=lambda version, action, on: [(version.plan.unit_id, on)]),
        )
        register_report(REPORT)
        register_kind(
            "plans",
            importer="dtbd.plans.importer.PlansImporter",
            exporter="dtbd.plans.exporter.plans_export",
        )
