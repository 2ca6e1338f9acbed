from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "dtbd.plans"
    label = "plans"
    verbose_name = _("Training plans")

    def ready(self) -> None:
        from dtbd.accounts import policy
        from dtbd.accounts.policy import RecordRule, register

        from .models import Plan, PlanVersion

        # policy.rule_for registers the foundation's rules (units, people, users) only while
        # no rule is registered at all; registering ours first would hide them. Registering
        # the defaults is idempotent, so make sure they are there (reported to the lead).
        policy._register_defaults()
        # A plan lies in its unit: the unit's managers (and those above) write it, viewers read.
        register(Plan, RecordRule(units=lambda plan, action, on: [(plan.unit_id, on)]))
        register(
            PlanVersion,
            RecordRule(units=lambda version, action, on: [(version.plan.unit_id, on)]),
        )
        from dtbd.reports.registry import register as register_report

        from .reports import REPORT

        register_report(REPORT)

        from dtbd.exchange.registry import register_kind

        register_kind(
            "plans",
            importer="dtbd.plans.importer.PlansImporter",
            exporter="dtbd.plans.exporter.plans_export",
        )
