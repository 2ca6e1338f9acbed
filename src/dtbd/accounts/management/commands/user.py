"""dtbd user add USERNAME --role ROLE [--unit CODE] [--person CODE] (password on stdin)
dtbd user grant|revoke USERNAME --role ROLE [--unit CODE] [--person CODE]"""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dtbd.accounts.models import Role
from dtbd.accounts.services import grant_add, grant_revoke, user_create
from dtbd.core.errors import ApplicationError
from dtbd.organisation.models import Unit
from dtbd.people.models import Person


class Command(BaseCommand):
    help = "Create accounts and grant or revoke their roles."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add", "grant", "revoke"])
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--unit", help="unit code: the role holds for its whole subtree")
        parser.add_argument("--person", help="person code, for the 'self' role")

    def handle(self, *args, action, username, role, unit, person, **options):
        unit_obj = self._get(Unit, unit, "unit") if unit else None
        person_obj = self._get(Person, person, "person") if person else None
        actor = "dtbd user"
        try:
            if action == "add":
                password = sys.stdin.readline().rstrip("\n")
                if not password:
                    raise CommandError("give the password on standard input")
                user_create(
                    actor=actor,
                    username=username,
                    password=password,
                    role=role,
                    unit=unit_obj,
                    person=person_obj,
                )
                self.stdout.write(
                    f"created user {username} ({role}" + (f" on {unit}" if unit else "") + ")"
                )
                return
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"no user '{username}'")
            if action == "grant":
                grant_add(actor=actor, user=user, role=role, unit=unit_obj, person=person_obj)
                self.stdout.write(f"granted {role} to {username}" + (f" on {unit}" if unit else ""))
            else:
                grant_revoke(actor=actor, user=user, role=role, unit=unit_obj)
                self.stdout.write(
                    f"revoked {role} from {username}" + (f" on {unit}" if unit else "")
                )
        except ApplicationError as error:
            raise CommandError(error.message) from error

    @staticmethod
    def _get(model, code: str, what: str):
        found = model.objects.filter(code=code).first()
        if found is None:
            raise CommandError(f"unknown {what} '{code}'")
        return found
