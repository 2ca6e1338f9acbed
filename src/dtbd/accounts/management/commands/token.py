"""dtbd token create USERNAME [--name NAME] | revoke USERNAME [--prefix P | --all] | list USERNAME"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dtbd.accounts.tokens import token_create, token_revoke, tokens_of
from dtbd.core.errors import ApplicationError

ACTOR = "dtbd token"


class Command(BaseCommand):
    help = "Create, revoke or list a user's API tokens (for 'Authorization: Bearer …')."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="print a new token once; only its hash is kept")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for")
        revoke = actions.add_parser("revoke", help="revoke one token (by prefix) or all")
        revoke.add_argument("username")
        which = revoke.add_mutually_exclusive_group(required=True)
        which.add_argument("--prefix", help="the token's first characters, as 'list' shows")
        which.add_argument("--all", action="store_true", help="every live token of the user")
        listing = actions.add_parser("list", help="the user's tokens, without the secret")
        listing.add_argument("username")

    def handle(self, *args, **options):
        user = self._user(options["username"])
        try:
            if options["action"] == "create":
                record, token = token_create(actor=ACTOR, user=user, name=options["name"])
                self.stderr.write(
                    f"token {record.prefix}… for {user.get_username()}; it is shown only once:"
                )
                self.stdout.write(token)
            elif options["action"] == "revoke":
                prefix = None if options["all"] else options["prefix"]
                count = token_revoke(actor=ACTOR, user=user, prefix=prefix)
                self.stdout.write(f"revoked {count} token{'s' if count != 1 else ''}")
            else:
                for t in tokens_of(user=user):
                    state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "live"
                    used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
                    self.stdout.write(
                        f"{t.prefix}…\t{state}\tcreated {t.created_at:%Y-%m-%d}"
                        f"\tlast used {used}\t{t.name}"
                    )
        except ApplicationError as error:
            raise CommandError(error.message) from error

    def _user(self, username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user '{username}'")
        return user
