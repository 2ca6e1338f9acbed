"""Web imports change records in any unit named in the file, so only those who may change
every unit import (until the importers check each row against the uploader's units)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dtbd.exchange.models import ImportJob
from dtbd.organisation.models import UnitVersion
from dtbd.people.models import Person

from .conftest import B_PERSON_CODE, user_with

pytestmark = pytest.mark.django_db

# A manager of A moving B's person into A, and creating someone in B.
PEOPLE = (
    "person_code,full_name,birth_date,gender,unit_code,category\n"
    f"{B_PERSON_CODE},Trần Thị Xuyến,1985-06-15,female,R.A,civil_servant\n"
    "NEW-1,Lò Văn Mới,1990-01-01,male,R.B,civil_servant\n"
)
UNITS = "code,name,level,parent_code\nR.B,Đổi tên,province,R.A\n"


def upload(client: Client, kind: str, text: str):
    return client.post(
        "/imports/",
        {
            "kind": kind,
            "as_of": "2025-01-01",
            "file": SimpleUploadedFile(f"{kind}.csv", text.encode(), content_type="text/csv"),
        },
    )


@pytest.mark.parametrize(("kind", "text"), [("people", PEOPLE), ("units", UNITS)])
def test_a_manager_of_part_of_the_tree_cannot_import_and_nothing_changes(
    world, kind, text, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(user_with(("manager", world.a)))
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, kind, text)
    assert response.status_code == 403
    assert "Chỉ quản trị viên toàn tỉnh mới được nhập tệp." in response.content.decode()
    assert not ImportJob.objects.exists()
    assert list(Person.objects.get(code=B_PERSON_CODE).posts.values_list("unit__code")) == [
        ("R.B",)
    ]
    assert not Person.objects.filter(code="NEW-1").exists()
    assert UnitVersion.objects.get(unit=world.b).name == "Sở Xuyến Bê"


def test_an_admin_of_everything_still_imports(world, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(user_with(("admin", None)))
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "people", PEOPLE)
    assert response.status_code == 302
    assert ImportJob.objects.get().status == ImportJob.Status.SUCCEEDED
    assert Person.objects.filter(code="NEW-1").exists()
