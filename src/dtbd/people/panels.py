"""What later rooms add to a person's page, without the registry knowing them.

A room registers a panel in its AppConfig.ready():

    register_panel(Panel(key="training", template="training/_person_panel.html",
                         context=lambda request, person: {...} or None, order=10))

`context` runs with the request (its user is the reader) and must limit what it shows to
that reader itself; it returns None to show nothing. `links` panels are a heading's buttons:
each returns (label, url) pairs the reader may follow.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable[[HttpRequest, Any], dict | None]
    order: int = 100


_PANELS: dict[str, Panel] = {}
_LINKS: dict[str, Callable[[HttpRequest, Any], list[tuple[str, str]]]] = {}


def register_panel(panel: Panel) -> None:
    _PANELS[panel.key] = panel


def register_links(key: str, links: Callable[[HttpRequest, Any], list[tuple[str, str]]]) -> None:
    _LINKS[key] = links


def panels_for(request: HttpRequest, person: Any) -> list[tuple[str, dict]]:
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(request, person)
        if context is not None:
            shown.append((panel.template, context))
    return shown


def links_for(request: HttpRequest, person: Any) -> list[tuple[str, str]]:
    return [link for key in sorted(_LINKS) for link in _LINKS[key](request, person)]
