"""Excel downloads: the gaps of a subtree and the needs of a survey (openpyxl)."""

import datetime as dt
import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from dtbd.accounts.policy import policy_for
from dtbd.core.codes import Dimension, ProgramCategory, label_of
from dtbd.core.dates import today

from . import gaps, selectors


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list[Any]], first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    return ws


def _category(code: str) -> str:
    return str(ProgramCategory(code).label) if code in ProgramCategory.values else code


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def gaps_workbook(*, actor: Any, on: dt.date, unit: Any) -> bytes:
    """Sheet 1: counts per requirement; sheet 2: per unit below; sheet 3: the people behind."""
    from .api import drill_down

    unit_id = unit.pk if unit else None
    s = gaps.summary(scope=policy_for(actor), on=on, unit_id=unit_id, children=True)
    wb = Workbook()
    _sheet(wb, _("Requirements"), [
        _("Standard"), _("Dimension"), _("Minimum level"), _("Legal document"),
        _("Programme that closes it"), _("People it applies to"), _("Not met"),
    ], [
        [c.rule.standard_name, _dimension(c.rule.dimension),
         label_of(c.rule.dimension, c.rule.min_level), c.rule.document,
         _category(c.rule.category), c.applies, c.unmet]
        for c in s.requirements
    ], first=True)  # fmt: skip
    _sheet(wb, _("Units"), [_("Unit"), _("People"), _("Meeting all standards"), "%"], [
        [c.name, c.people, c.standardised, gaps.percent(c.standardised, c.people)]
        for c in s.children
    ])  # fmt: skip
    rows = drill_down(actor=actor, on=on, unit_id=unit_id)
    _sheet(wb, _("People behind"), [_("Person code"), _("Full name"), _("Unit code"),
                                    _("Missing"), _("Programmes")], [
        [r["person_code"], r["full_name"], r["unit_code"],
         "; ".join(f"{_dimension(g['dimension'])} ≥ "
                   f"{label_of(g['dimension'], g['min_level'])}" for g in r["gaps"]),
         "; ".join(sorted({_category(g["program_category"]) for g in r["gaps"]}))]
        for r in rows
    ])  # fmt: skip
    return _save(wb)


def _dimension(code: str) -> str:
    return str(Dimension(code).label)


def needs_workbook(*, actor: Any, campaign: Any) -> bytes:
    """Sheet 1: the registered needs; sheet 2: consolidation beside the computed gaps."""
    wb = Workbook()
    needs = selectors.needs_visible(actor=actor, campaign=campaign)
    _sheet(wb, _("Registered needs"), [
        _("Unit code"), _("Unit"), _("Programme category"), _("Number of people"),
        _("Named people"), _("Priority"), _("Reason"),
    ], [
        [n.unit.code, str(n.unit), _category(n.program_category), n.people_count,
         ", ".join(p.code for p in n.people.all()), n.get_priority_display(), n.reason]
        for n in needs
    ], first=True)  # fmt: skip
    on = min(today(), campaign.closes_on)
    scope = policy_for(actor)
    unit = campaign.unit if scope.can("read", campaign.unit, on=on) else selectors.default_unit(
        actor=actor, on=on)  # fmt: skip
    lines = (
        selectors.consolidation(actor=actor, campaign=campaign, unit=unit, on=on) if unit else []
    )
    _sheet(wb, _("Needs and gaps"), [
        _("Programme category"), _("Registered by units"), _("Individual wishes"),
        _("People with a gap"), _("Difference"),
    ], [
        [_category(ln.category), ln.registered, ln.interests, ln.gap, ln.difference]
        for ln in lines
    ])  # fmt: skip
    return _save(wb)


def hours_workbook(*, report: Any) -> bytes:
    """Sheet 1: people and people behind per unit below; sheet 2: the people behind."""
    wb = Workbook()
    _sheet(wb, _("Units"), [_("Unit code"), _("Unit"), _("People"), _("Behind")], [
        [c.unit_code, c.name, c.people, c.behind] for c in report.children
    ], first=True)  # fmt: skip
    _sheet(wb, _("People behind"), [
        _("Person code"), _("Full name"), _("Unit code"), _("Periods completed"),
        _("Periods required"), _("Periods missing"),
    ], [
        [r["person_code"], r["full_name"], r["unit_code"], r["done"], r["required"],
         r["missing"]]
        for r in report.behind
    ])  # fmt: skip
    return _save(wb)
