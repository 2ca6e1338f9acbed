import datetime as dt

import pytest

from dtbd.core.dates import BEGINNING, END
from dtbd.organisation.ancestry import CycleError, compute_segments

D = dt.date


def test_a_child_inherits_its_parents_ancestors_over_their_common_period():
    versions = {
        1: [(BEGINNING, END, None)],
        2: [(BEGINNING, D(2024, 12, 31), 1), (D(2025, 1, 1), END, None)],
        3: [(BEGINNING, END, 2)],
    }
    segments = compute_segments(versions)
    assert segments[3] == [(BEGINNING, D(2024, 12, 31), (2, 1)), (D(2025, 1, 1), END, (2,))]


def test_a_child_outliving_its_parent_is_a_root_afterwards():
    versions = {1: [(BEGINNING, D(2025, 6, 30), None)], 2: [(BEGINNING, END, 1)]}
    assert compute_segments(versions)[2] == [
        (BEGINNING, D(2025, 6, 30), (1,)),
        (D(2025, 7, 1), END, ()),
    ]


def test_cycles_are_refused():
    with pytest.raises(CycleError):
        compute_segments({1: [(BEGINNING, END, 2)], 2: [(BEGINNING, END, 1)]})
