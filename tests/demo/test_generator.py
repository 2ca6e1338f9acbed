from io import StringIO

import pytest
from django.core.management import call_command

from dtbd.audit.models import AuditEvent
from dtbd.demo.people import build_workforce
from dtbd.demo.tree import DISTRICTS, MERGER, build_tree, former_district
from dtbd.people.models import Person
from tests.factories import make_unit


def test_the_generator_is_deterministic():
    """Two builds give the same files, row for row."""
    tree = build_tree()
    assert build_workforce(tree, size=800).files == build_workforce(tree, size=800).files


def test_size_scales_the_workforce():
    """`size` is about how many people there are; the tree stays whole."""
    tree = build_tree()
    small = build_workforce(tree, size=1500)
    assert 1200 <= len(small.people) <= 2000


def test_every_person_file_names_only_units_alive_on_its_date():
    """A people file as of D names only units that exist on D (the importer's rule)."""
    tree = build_tree()
    lives = {u.code: u for u in tree.initial}
    moved = {u.code: u for u in tree.moves}
    for as_of, rows in build_workforce(tree).files:
        for row in rows:
            code = row["unit_code"]
            unit = moved[code] if as_of >= MERGER and code in moved else lives[code]
            assert unit.alive(as_of), (as_of, row["unit_code"])


def test_communes_map_to_former_districts():
    """Each new commune is placed in a former district of the right province."""
    assert former_district("02212", "phường") == "070"
    assert former_district("00769", "xã") == "027"  # Xã Mèo Vạc
    assert former_district("02296", "xã") == "071"  # Xã Bình An, Lâm Bình
    tree = build_tree()
    assert set(tree.communes.values()) == set(DISTRICTS)


@pytest.mark.django_db
def test_a_database_with_other_data_is_left_alone():
    """load_demo into a database that already holds units writes nothing and says so."""
    make_unit("X1", name="Tỉnh Thử nghiệm", kind="area")
    events = AuditEvent.objects.count()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "was not loaded" in out.getvalue()
    assert Person.objects.count() == 0
    assert AuditEvent.objects.count() == events
