import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from dtbd.core.dates import END
from dtbd.core.timeline import Plan, Span, plan_set, value_on

D = dt.date


def apply(spans: list[Span], plan: Plan) -> list[Span]:
    """Apply a plan the way the services and the importer do, in memory."""
    out = []
    next_id = max((s.id for s in spans), default=0) + 1
    for s in spans:
        if plan.delete == s.id:
            continue
        if plan.close and plan.close[0] == s.id:
            s = Span(s.id, s.valid_from, plan.close[1], s.value)
        if plan.replace and plan.replace[0] == s.id:
            s = Span(s.id, s.valid_from, s.valid_to, plan.replace[1])
        out.append(s)
    if plan.add:
        out.append(Span(next_id, *plan.add))
    return sorted(out, key=lambda s: s.valid_from)


def test_first_value_holds_until_the_end_of_time():
    plan = plan_set([], D(2020, 1, 1), "a")
    assert plan.add == (D(2020, 1, 1), END, "a")


def test_same_value_changes_nothing():
    spans = [Span(1, D(2020, 1, 1), END, "a")]
    assert not plan_set(spans, D(2023, 5, 1), "a").changed


def test_new_value_closes_the_old_period_the_day_before():
    spans = [Span(1, D(2020, 1, 1), END, "a")]
    plan = plan_set(spans, D(2023, 5, 1), "b")
    assert plan.close == (1, D(2023, 4, 30))
    assert plan.add == (D(2023, 5, 1), END, "b")


def test_value_on_the_start_day_is_corrected_in_place():
    spans = [Span(1, D(2020, 1, 1), END, "a")]
    assert plan_set(spans, D(2020, 1, 1), "b").replace == (1, "b")


def test_setting_before_the_first_period_fills_the_gap_only():
    spans = [Span(1, D(2020, 1, 1), END, "a")]
    assert plan_set(spans, D(2018, 1, 1), "b").add == (D(2018, 1, 1), D(2019, 12, 31), "b")


def test_none_ends_what_was_held():
    spans = [Span(1, D(2020, 1, 1), END, "a")]
    plan = plan_set(spans, D(2021, 1, 1), None)
    assert plan.close == (1, D(2020, 12, 31)) and plan.add is None


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31))
ops = st.lists(st.tuples(dates, st.sampled_from(["a", "b", "c", None])), max_size=12)


@given(ops, dates)
def test_any_sequence_keeps_periods_disjoint_and_only_changes_from_the_date_on(steps, probe):
    """After set(on, v): v holds on `on`, earlier dates are untouched, periods never overlap."""
    spans: list[Span] = []
    for on, value in steps:
        before = {d: value_on(spans, d) for d in (probe, on)}
        spans = apply(spans, plan_set(spans, on, value))
        assert value_on(spans, on) == value
        if probe < on:
            assert value_on(spans, probe) == before[probe]
        for a, b in itertools.pairwise(spans):
            assert a.valid_to < b.valid_from
        assert all(s.valid_from <= s.valid_to for s in spans)
