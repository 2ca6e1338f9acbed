import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from dtbd.accounts.models import ApiToken
from dtbd.accounts.tokens import TOUCH_INTERVAL, token_create, token_hash, token_revoke
from dtbd.audit.models import AuditEvent
from tests.factories import UserFactory

from .conftest import NEW_PERSON, Api, token_api, user_with

pytestmark = pytest.mark.django_db

UNAUTHENTICATED = {"code": "unauthenticated", "message": "credentials are required", "field": None}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "units"),
        ("get", "units/08"),
        ("get", "people"),
        ("get", "people/P-CU"),
        ("post", "people"),
        ("patch", "people/P-CU"),
    ],
)
def test_without_credentials_every_endpoint_is_401_json_not_a_login_redirect(
    anonymous, province, method, path
):
    """LoginRequiredMiddleware would redirect to the login page; the API answers 401."""
    call = getattr(anonymous, method)
    response = call(path, {"full_name": "X"}) if method != "get" else call(path)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == UNAUTHENTICATED


def test_the_web_session_authenticates(admin_user, province):
    client = Client()
    client.force_login(admin_user)
    assert Api(client).get("units").status_code == 200


def test_a_session_write_needs_the_csrf_token(admin_user, province):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    refused = Api(client).post("people", NEW_PERSON)
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    client.get("/api/v1/docs")  # any page that sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = Api(client, {"X-CSRFToken": token}).post("people", NEW_PERSON)
    assert accepted.status_code == 201, accepted.content


def test_a_bearer_token_authenticates_and_writes_without_csrf(admin_user, province):
    api = token_api(admin_user)
    api.client = Client(enforce_csrf_checks=True)
    assert api.get("people").status_code == 200
    assert api.post("people", NEW_PERSON).status_code == 201
    assert AuditEvent.objects.get(event="person.created", subject_key="P-NEW").actor == admin_user


def test_a_token_acts_within_its_users_units(province):
    api = token_api(user_with("viewer", province.ys))
    assert [p["person_code"] for p in api.get("people").json()["results"]] == ["P-CU", "P-DAO"]
    assert api.patch("people/P-CU", {"ethnicity": "Tày"}).status_code == 403


def test_a_revoked_or_unknown_token_is_401(admin_user, province):
    record, token = token_create(actor="tests", user=admin_user)
    api = Api(Client(), {"Authorization": f"Bearer {token}"})
    assert api.get("units").status_code == 200
    token_revoke(actor="tests", user=admin_user, prefix=record.prefix)
    assert api.get("units").status_code == 401
    assert api.get("units").json()["code"] == "unauthenticated"
    unknown = Api(Client(), {"Authorization": "Bearer dtbd_not-a-real-token"})
    assert unknown.get("units").status_code == 401
    malformed = Api(Client(), {"Authorization": f"Token {token}"})
    assert malformed.get("units").status_code == 401


def test_a_wrong_token_is_401_even_with_a_valid_session(admin_user, province):
    client = Client()
    client.force_login(admin_user)
    response = Api(client, {"Authorization": "Bearer dtbd_wrong"}).get("units")
    assert response.status_code == 401


def test_the_token_of_an_inactive_user_is_401(province):
    user = user_with("manager", province.ys)
    api = token_api(user)
    user.is_active = False
    user.save()
    assert api.get("units").status_code == 401


def test_only_the_tokens_hash_is_stored(admin_user):
    record, token = token_create(actor="tests", user=admin_user, name="ci")
    record.refresh_from_db()
    assert record.token_hash == token_hash(token) and token not in record.token_hash
    assert token.startswith(record.prefix) and len(record.prefix) < len(token) // 2
    assert AuditEvent.objects.filter(event="token.created", subject_key="admin").exists()


def test_using_a_token_notes_when(admin_user, province):
    record, token = token_create(actor="tests", user=admin_user)
    assert record.last_used_at is None
    api = Api(Client(), {"Authorization": f"Bearer {token}"})
    api.get("units")
    record.refresh_from_db()
    first = record.last_used_at
    assert first is not None
    # Long enough ago: the next use moves it on.
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=first - TOUCH_INTERVAL)
    api.get("units")
    record.refresh_from_db()
    assert record.last_used_at >= first


def test_the_token_command_creates_lists_and_revokes(admin_user, capsys, province):
    call_command("token", "create", "admin", "--name", "integration")
    token = capsys.readouterr().out.strip()
    assert ApiToken.objects.get(token_hash=token_hash(token)).name == "integration"
    api = Api(Client(), {"Authorization": f"Bearer {token}"})
    assert api.get("units").status_code == 200

    call_command("token", "list", "admin")
    listing = capsys.readouterr().out
    assert token[:12] in listing and token not in listing

    call_command("token", "revoke", "admin", "--prefix", token[:12])
    assert "revoked 1 token" in capsys.readouterr().out
    assert api.get("units").status_code == 401


def test_the_token_command_revokes_all_of_a_users_tokens(admin_user):
    for _ in range(2):
        token_create(actor="tests", user=admin_user)
    call_command("token", "revoke", "admin", "--all")
    assert not ApiToken.objects.filter(user=admin_user, revoked_at__isnull=True).exists()
    with pytest.raises(CommandError, match="no live token"):
        call_command("token", "revoke", "admin", "--prefix", "dtbd_zzz")
    with pytest.raises(CommandError, match="no user"):
        call_command("token", "create", "nobody")


def test_every_token_differs(db):
    user = UserFactory()
    user.save()
    tokens = {token_create(actor="tests", user=user)[1] for _ in range(3)}
    assert len(tokens) == 3
    assert all(isinstance(t, str) and len(t) > 40 for t in tokens)
    assert ApiToken.objects.filter(user=user).count() == 3
