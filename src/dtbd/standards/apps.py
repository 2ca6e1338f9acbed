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
        from .reports import HOURS_REPORT, REPORT

        # A need lies in the unit that registered it; a survey in the unit that opened it.
        register(Need, RecordRule(units=lambda need, action, on: [(need.unit_id, on)]))
        register(Campaign, RecordRule(units=lambda c, action, on: [(c.unit_id, on)]))
        register_report(REPORT)
        register_report(HOURS_REPORT)
        from dtbd.people.panels import register_links

        register_links("standards", _person_links)


def _person_links(request, person) -> list[tuple[str, str]]:
    """A button on the person's page (whose reader may read the person) to this room's view."""
    from django.urls import reverse
    from django.utils.translation import gettext

    return [
        (gettext("What the post still requires"), reverse("standards:person", args=[person.code]))
    ]
