"""Labels of the plans' code lists in templates: {{ code|plan_label:"category" }}."""

from django import template
from django.utils.translation import gettext_lazy as _

from dtbd.core.codes import Level, Measure, ProgramCategory

from ..models import FundingSource, PlanKind, PlanStatus

register = template.Library()

_LISTS = {
    "category": ProgramCategory,
    "measure": Measure,
    "level": Level,
    "kind": PlanKind,
    "status": PlanStatus,
    "source": FundingSource,
}
STATUS_BADGES = {
    "draft": "text-bg-secondary",
    "submitted": "text-bg-warning",
    "approved": "text-bg-success",
    "revised": "text-bg-light border",
}


@register.filter
def plan_label(code: str, field: str) -> str:
    if not code:
        return ""
    return str(dict(_LISTS[field].choices).get(code, code))


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "text-bg-secondary")


@register.filter
def vnd(value: int | None) -> str:
    """12.500.000 (the Vietnamese grouping); blank for nothing."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", ".")


@register.filter
def pct(value: float | None) -> str:
    """17,06 % in the Vietnamese way; a dash for no figure."""
    if value is None:
        return "—"
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + "%"


EVENTS = {
    "plan.created": _("Plan drafted"),
    "plan.edited": _("Draft changed"),
    "plan.submitted": _("Submitted for approval"),
    "plan.returned": _("Returned to draft"),
    "plan.approved": _("Approved"),
    "plan.revision_opened": _("Revision opened"),
}


@register.filter
def plan_event(event: str) -> str:
    return str(EVENTS.get(event, event))


@register.filter
def plan_event_detail(data: dict) -> str:
    """The short facts of a plan event: the version, the decision, the reason."""
    parts = []
    if data.get("version"):
        parts.append(f"v{data['version']}")
    if data.get("decision_no"):
        parts.append(f"{data['decision_no']} ({data.get('decision_date', '')})")
    for key in ("reason", "note"):
        if data.get(key):
            parts.append(str(data[key]))
    return " · ".join(parts)
