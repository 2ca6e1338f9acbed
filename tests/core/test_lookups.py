"""`field__any=[…]` keeps the same rows as `field__in=[…]` (core.lookups)."""

import pytest

from dtbd.organisation.models import Unit, UnitVersion
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def test_any_keeps_the_rows_in_does_on_keys_relations_and_text():
    a, b, c = (make_unit(code) for code in ("A1", "B2", "C3"))
    for ids in ([], [a.pk], [a.pk, c.pk], [a.pk, 10**12]):
        assert set(Unit.objects.filter(pk__any=ids)) == set(Unit.objects.filter(pk__in=ids))
        got = UnitVersion.objects.filter(unit_id__any=ids).values_list("unit_id", flat=True)
        assert sorted(got) == sorted(i for i in ids if i in (a.pk, b.pk, c.pk))
    assert list(Unit.objects.filter(code__any=["B2", "nope"])) == [b]
    assert not Unit.objects.filter(code__any=[]).exists()
