"""From needs to plan: propose a draft from the unit's registered needs and computed gaps.

The standards app answers both (standards.selectors.consolidation): per programme category,
the people the needs survey of the year registered in the unit's subtree, and the people
there whose post's standards call for that category (the gap). The proposal plans, per
category, the larger of the two, in people; the officer then edits the draft.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dtbd.accounts.policy import policy_for
from dtbd.core.codes import Measure
from dtbd.organisation.models import Unit, UnitAncestry

from .rules import PlanFacts, TargetLine
from .services import plan_create


@dataclass(frozen=True)
class ProposedLine:
    category: str
    registered: int
    gap: int | None

    @property
    def target(self) -> int:
        return max(self.registered, self.gap or 0)


def _campaign_for(actor: Any, unit: Unit, year: int) -> Any | None:
    """The needs survey of `year` run by the unit or the nearest unit above it."""
    from dtbd.standards.selectors import campaigns_visible

    depth = dict(UnitAncestry.objects.filter(descendant=unit).values_list("ancestor_id", "depth"))
    found = [c for c in campaigns_visible(actor=actor) if c.year == year and c.unit_id in depth]
    return min(found, key=lambda c: depth[c.unit_id]) if found else None


def proposed_lines(*, actor: Any, unit: Unit, year: int, on: dt.date) -> list[ProposedLine]:
    """Needs and gaps per category for the unit's subtree (gaps only when no survey ran)."""
    campaign = _campaign_for(actor, unit, year)
    if campaign is not None:
        from dtbd.standards.selectors import consolidation

        lines = consolidation(actor=actor, campaign=campaign, unit=unit, on=on)
        return [ProposedLine(line.category, line.registered, line.gap) for line in lines]
    from dtbd.standards.gaps import summary

    gaps = summary(scope=policy_for(actor), on=on, unit_id=unit.pk).by_category
    return [ProposedLine(category, 0, n) for category, n in sorted(gaps.items()) if n]


def plan_propose(*, actor: Any, code: str, unit: Unit, facts: PlanFacts) -> Any:
    """A new draft plan whose targets come from the needs and gaps (see the module)."""
    on = min(facts.period_start, facts.period_end)
    lines = proposed_lines(actor=actor, unit=unit, year=facts.period_start.year, on=on)
    targets = [
        TargetLine(
            program_category=line.category,
            target=line.target,
            measure=Measure.PEOPLE,
            note=f"needs {line.registered}, gap {'-' if line.gap is None else line.gap}",
        )
        for line in lines
        if line.target > 0
    ]
    return plan_create(actor=actor, code=code, unit=unit, facts=facts, targets=targets)
