"""Roll-up: a unit's plan beside the sum of its child units' plans for the same period.

The children are the units directly below the plan's unit on the first day of its period (a
district's plan already covers its communes, so summing every level would count them twice).
A child's plan counts when its version in force has the same kind and its period lies within
the parent plan's period. Lines are matched on (programme category, level, measure).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from dtbd.organisation.models import UnitVersion

from .models import Plan, PlanTarget, PlanVersion
from .selectors import version_in_force


@dataclass
class RollupLine:
    key: tuple[str, str, str]
    own: int | None  # the parent's own target (None: the parent plans nothing here)
    children: int = 0
    by_child: dict[str, int] = field(default_factory=dict)  # child unit code -> target

    @property
    def difference(self) -> int:
        """Children's sum minus the parent's target: negative is a shortfall."""
        return self.children - (self.own or 0)

    @property
    def state(self) -> str:
        if self.own is None:
            return "not_planned"
        if self.difference < 0:
            return "shortfall"
        return "excess" if self.difference > 0 else "equal"


@dataclass
class ChildPlan:
    unit_code: str
    unit_name: str
    plan: Plan | None
    version: PlanVersion | None


@dataclass
class Rollup:
    plan: Plan
    version: PlanVersion
    lines: list[RollupLine]
    children: list[ChildPlan]


def _key(t: PlanTarget) -> tuple[str, str, str]:
    return (t.program_category, t.level, t.measure)


def plan_rollup(*, plan: Plan, version: PlanVersion | None = None) -> Rollup:
    version = version or version_in_force(plan=plan)
    on = version.period_start
    child_units = list(
        UnitVersion.objects.filter(parent_id=plan.unit_id, valid_from__lte=on, valid_to__gte=on)
        .select_related("unit")
        .order_by("unit__code")
    )
    lines: dict[tuple[str, str, str], RollupLine] = {
        _key(t): RollupLine(_key(t), t.target) for t in version.targets.all()
    }
    children: list[ChildPlan] = []
    candidates: dict[int, list[Plan]] = defaultdict(list)
    for child_plan in Plan.objects.filter(unit_id__in=[c.unit_id for c in child_units]):
        candidates[child_plan.unit_id].append(child_plan)
    for child in child_units:
        chosen: tuple[Plan, PlanVersion] | None = None
        for child_plan in sorted(candidates[child.unit_id], key=lambda p: p.code):
            child_version = version_in_force(plan=child_plan)
            if (
                child_version.kind == version.kind
                and child_version.period_start >= version.period_start
                and child_version.period_end <= version.period_end
            ):
                chosen = (child_plan, child_version)
                break
        children.append(
            ChildPlan(child.unit.code, child.name, *(chosen if chosen else (None, None)))
        )
        if chosen is None:
            continue
        for target in chosen[1].targets.all():
            line = lines.setdefault(_key(target), RollupLine(_key(target), None))
            line.children += target.target
            line.by_child[child.unit.code] = target.target
    ordered = sorted(lines.values(), key=lambda line: line.key)
    return Rollup(plan=plan, version=version, lines=ordered, children=children)


def rollup_json(rollup: Rollup) -> dict[str, Any]:
    return {
        "plan_code": rollup.plan.code,
        "version": rollup.version.number,
        "children": [
            {
                "unit_code": c.unit_code,
                "unit_name": c.unit_name,
                "plan_code": c.plan.code if c.plan else None,
                "status": c.version.status if c.version else None,
            }
            for c in rollup.children
        ],
        "lines": [
            {
                "program_category": line.key[0],
                "level": line.key[1],
                "measure": line.key[2],
                "own": line.own,
                "children": line.children,
                "difference": line.difference,
                "state": line.state,
                "by_child": line.by_child,
            }
            for line in rollup.lines
        ],
    }
