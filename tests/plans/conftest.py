"""A small province for the plan tests, and users with roles on it.

08 Tỉnh Tuyên Quang (province)
├── 08.SNV Sở Nội vụ (province, state)
├── 08.YS  Huyện Yên Sơn (district)
│   └── 08.YS.KP Xã Kim Phú (commune)
└── 08.SD  Huyện Sơn Dương (district)
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from dtbd.accounts.models import Grant
from dtbd.plans.rules import BudgetLine, PlanFacts, TargetLine
from dtbd.plans.services import plan_create
from tests.factories import UserFactory, make_unit

D = dt.date
YEAR_2024 = PlanFacts(kind="year", period_start=D(2024, 1, 1), period_end=D(2024, 12, 31))


@dataclass
class Tree:
    root: Any
    snv: Any
    ys: Any
    kp: Any
    sd: Any


@pytest.fixture
def tree(db) -> Tree:
    root = make_unit("08", name="Tỉnh Tuyên Quang", level="province", kind="area")
    return Tree(
        root=root,
        snv=make_unit("08.SNV", name="Sở Nội vụ", level="province", parent=root),
        ys=(ys := make_unit("08.YS", name="Huyện Yên Sơn", level="district", parent=root)),
        kp=make_unit("08.YS.KP", name="Xã Kim Phú", level="commune", parent=ys),
        sd=make_unit("08.SD", name="Huyện Sơn Dương", level="district", parent=root),
    )


def user_with(role: str, unit=None):
    user = UserFactory()
    user.save()
    Grant.objects.create(user=user, role=role, unit=unit)
    return user


def make_plan(
    unit,
    code: str = "KH-2024",
    *,
    actor: Any = "tests",
    facts: PlanFacts = YEAR_2024,
    targets: tuple[TargetLine, ...] | None = None,
    budgets: tuple[BudgetLine, ...] = (),
):
    if targets is None:
        targets = (TargetLine("state_management_principal", 1600),)
    return plan_create(
        actor=actor, code=code, unit=unit, facts=facts, targets=targets, budgets=budgets
    )
