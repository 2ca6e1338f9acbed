"""Template helpers for the web pages: dates without sentinels, code labels, the write check."""

import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dtbd.accounts.policy import READ, WRITE, policy_for
from dtbd.core import codes
from dtbd.core.dates import BEGINNING, END
from dtbd.core.text import nfc

register = template.Library()

# The code lists a template may ask a label of, by the name the contract gives the field.
_LISTS = {
    "level": codes.Level,
    "kind": codes.UnitKind,
    "category": codes.Category,
    "leadership": codes.Leadership,
    "gender": codes.Gender,
    "dimension": codes.Dimension,
}


@register.filter
def day(value: dt.date | None) -> str:
    """dd/mm/yyyy in the current language; blank for nothing and for the open-end sentinels."""
    if not value or value in (BEGINNING, END):
        return ""
    return date_format(value, "SHORT_DATE_FORMAT")


@register.filter
def until(value: dt.date | None) -> str:
    """The end of a period: "present" while it is open."""
    if value == END:
        return _("present")
    return day(value)


@register.filter
def label(code: str, field: str) -> str:
    """The label of a contract code, e.g. {{ post.category|label:"category" }}."""
    if not code:
        return ""
    if field in codes.SCALES:
        return codes.label_of(field, code)
    choices = _LISTS.get(field)
    if choices is None:
        return code
    return str(dict(choices.choices).get(code, code))


AUDIT_LINE_MAX = 200


@register.filter
def event_label(event: str) -> str:
    from dtbd.audit.labels import event_label as label

    return label(event)


def _compact(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={_compact(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return " → ".join(_compact(v) for v in value)
    return "—" if value in (None, "") else str(value)


@register.filter
def audit_lines(data) -> list[str]:
    """An audit event's data as short "field: value" lines (changes read "before → after")."""
    if not isinstance(data, dict):
        return [_compact(data)] if data else []
    lines = []
    for key, value in data.items():
        line = f"{key}: {_compact(value)}"
        lines.append(line if len(line) <= AUDIT_LINE_MAX else line[: AUDIT_LINE_MAX - 1] + "…")
    return lines


@register.filter
def kind_label(kind: str) -> str:
    """The label of an exchange file kind (units, people…)."""
    from dtbd.exchange.forms import KIND_LABELS

    return str(KIND_LABELS.get(kind, kind))


@register.filter
def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


@register.simple_tag
def language_choices() -> list[tuple[str, str]]:
    """settings.LANGUAGES as written there: each language in its own name, in NFC.

    (Django's own `name_local` for Vietnamese is decomposed, and get_available_languages
    translates the names, so "English" would read "Tiếng Anh".)
    """
    from django.conf import settings

    return [(code, nfc(str(name))) for code, name in settings.LANGUAGES]


def _scope(context):
    """The signed-in user's policy, made once per request (it reads the grants once)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return None
    if not hasattr(request, "_dtbd_scope"):
        request._dtbd_scope = policy_for(user)
    return request._dtbd_scope


@register.simple_tag(takes_context=True)
def may_read(context) -> bool:
    """Whether the signed-in user reads some part of the registry (a viewer, manager or
    admin somewhere): the navbar shows the registry's rooms only to them."""
    scope = _scope(context)
    return bool(scope and scope.anywhere(READ))


@register.simple_tag(takes_context=True)
def may_write(context) -> bool:
    """Whether the signed-in user may import or export (the navbar hides the link if not)."""
    scope = _scope(context)
    return bool(scope and scope.anywhere(WRITE))
