"""Labels of the standards pages."""

from django import template
from django.utils.translation import gettext as _

from dtbd.core.codes import Level, ProgramCategory, label_of

from ..models import TargetKind

register = template.Library()


@register.filter
def category_label(code: str) -> str:
    return str(ProgramCategory(code).label) if code in ProgramCategory.values else code


@register.filter
def level_label(level: str, dimension: str) -> str:
    return label_of(dimension, level)


@register.filter
def target_label(standard) -> str:
    """What a standard applies to, as an officer says it."""
    if standard.kind == TargetKind.LEADERSHIP:
        post = _("Head") if standard.code == "head" else _("Deputy")
        return f"{post} · {Level(standard.unit_level).label}"
    return f"{TargetKind(standard.kind).label} {standard.code}"
