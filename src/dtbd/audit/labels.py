"""What the audit log's event names mean to a reader, gathered from every room.

The foundation's labels are here; a room names its own events in a module
`dtbd.<app>.events` with `LABELS = {"plan.approved": gettext_lazy("Plan approved"), …}`,
found when first needed (after Django has started), so the audit app imports no room.
An event without a label is shown by its name.
"""

from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

FOUNDATION: dict[str, Any] = {
    "person.created": _("Record created"),
    "person.updated": _("Personal details changed"),
    "person.post_set": _("Post changed"),
    "person.qualification_set": _("Qualification recorded"),
    "person.imported": _("Changed by a file import"),
    "person.viewed": _("Record viewed"),
    "standings.rebuilt": _("Standings rebuilt"),
    "unit.created": _("Unit created"),
    "unit.updated": _("Unit changed"),
    "unit.imported": _("Changed by a file import"),
    "unit.succeeded": _("Succession recorded"),
    "export.units": _("Units exported"),
    "export.people": _("People exported"),
    "import.units": _("Units file imported"),
    "import.people": _("People file imported"),
    "user.created": _("Account created"),
    "user.deactivated": _("Account deactivated"),
    "user.reactivated": _("Account reactivated"),
    "user.password_changed": _("Password changed"),
    "grant.added": _("Role granted"),
    "grant.revoked": _("Role revoked"),
    "token.created": _("API token created"),
    "token.revoked": _("API token revoked"),
    "login.failed": _("Failed login"),
    "login.throttled": _("Login refused: too many failures"),
}


@cache
def event_labels() -> dict[str, Any]:
    labels = dict(FOUNDATION)
    for config in apps.get_app_configs():
        if config.name.startswith("dtbd.") and module_has_submodule(config.module, "events"):
            labels.update(getattr(import_module(f"{config.name}.events"), "LABELS", {}))
    return labels


def event_label(event: str) -> str:
    return str(event_labels().get(event, event))
