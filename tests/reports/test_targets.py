"""Term targets: the current value, the trend by year and the gap, from attainment."""

import datetime as dt
from decimal import Decimal

import pytest

from dtbd.core.errors import PermissionDenied, ValidationFailed
from dtbd.reports.models import TermTarget
from dtbd.reports.targets import progress, target_create
from tests.api.conftest import user_with

from .conftest import in_post, pct


@pytest.fixture
def manager(world):
    return user_with("manager", world.units["01"])


def test_progress_of_a_target(world, manager):
    target = target_create(
        actor=manager,
        unit=world.units["01"],
        label="Lãnh đạo dưới 40 tuổi",
        term_start=2023,
        term_end=2025,
        target_percent=Decimal("50"),
        params={"dimension": "age", "under": "40", "leadership": "head"},
    )
    got = progress(actor=manager, target=target, on=dt.date(2025, 12, 31))

    def share(on):
        heads = in_post(on, ["01"], leadership="head")
        young = [r for r in heads if r["age"] < 40]
        return pct(len(young), len(heads)), len(young), len(heads)

    now, met, total = share(dt.date(2025, 12, 31))
    assert (got.current, got.met, got.total) == (now, met, total)
    assert got.trend == [(y, share(dt.date(y, 12, 31))[0]) for y in (2022, 2023, 2024)]
    assert got.gap == round(50 - now, 2)


def test_bad_targets_are_refused(world, manager):
    unit = world.units["01"]
    kwargs = {
        "actor": manager,
        "unit": unit,
        "label": "x",
        "term_start": 2021,
        "term_end": 2025,
        "target_percent": Decimal(15),
    }
    with pytest.raises(ValidationFailed, match="'b1' is not one of") as caught:
        target_create(**kwargs, params={"dimension": "it", "at_least": "b1", "level": "b1"})
    assert caught.value.field == "level"
    with pytest.raises(ValidationFailed, match="term_end is before term_start"):
        target_create(**{**kwargs, "term_end": 2020}, params={"dimension": "age", "under": "40"})
    with pytest.raises(ValidationFailed, match="'as_of' cannot be part"):
        target_create(**kwargs, params={"dimension": "age", "under": "40", "as_of": "2020-01-01"})
    with pytest.raises(PermissionDenied):
        target_create(
            **{**kwargs, "actor": user_with("viewer", unit)},
            params={"dimension": "age", "under": "40"},
        )
    assert TermTarget.objects.count() == 0


def test_targets_page(world, manager, client):
    client.force_login(manager)
    response = client.post(
        "/reports/targets/",
        {
            "unit": "01",
            "label": "Ngoại ngữ B1 trở lên",
            "term_start": "2021",
            "term_end": "2025",
            "dimension": "foreign_language",
            "at_least": "b1",
            "target_percent": "30",
        },
    )
    assert response.status_code == 302
    page = client.get("/reports/targets/").content.decode()
    assert "Ngoại ngữ B1 trở lên" in page
    refused = client.post(
        "/reports/targets/",
        {
            "unit": "01",
            "label": "x",
            "term_start": "2021",
            "term_end": "2025",
            "dimension": "it",
            "at_least": "b1",
            "target_percent": "30",
        },
    ).content.decode()
    assert "is not a level of it" in refused or "not one of" in refused
    client.force_login(user_with("viewer", world.units["02"]))
    assert "Ngoại ngữ B1 trở lên" not in client.get("/reports/targets/").content.decode()
