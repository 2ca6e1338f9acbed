from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def vnd(value: int | None) -> str:
    """1.250.000 (Vietnamese thousands separator)."""
    if value is None:
        return "—"
    return f"{value:,}".replace(",", ".")
