"""dtbd import KIND FILE [--as-of DATE] [--dry-run] [--ignore-unknown]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from dtbd.core.dates import parse_date, today
from dtbd.core.errors import ValidationFailed
from dtbd.exchange.registry import kinds
from dtbd.exchange.services import import_file


def _date(text: str):
    try:
        return parse_date(text)
    except ValueError as error:
        raise CommandError(str(error)) from error


class Command(BaseCommand):
    help = "Import an exchange file (CSV or XLSX) whole or not at all."
    # The system checks (~0.9 s: they import every URL and view) are for whoever changes
    # the code; `dtbd check` and `dtbd migrate` still run them. Scripts call these often.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=kinds())
        parser.add_argument("file")
        parser.add_argument(
            "--as-of", type=_date, default=None, help="the date the file describes (default: today)"
        )
        parser.add_argument("--dry-run", action="store_true", help="validate only")
        parser.add_argument(
            "--ignore-unknown", action="store_true", help="skip columns the kind does not know"
        )

    def handle(self, *args, **options):
        try:
            result = import_file(
                kind=options["kind"],
                path=options["file"],
                name=options["file"],
                as_of=options["as_of"] or today(),
                actor="dtbd import",
                dry_run=options["dry_run"],
                ignore_unknown=options["ignore_unknown"],
            )
        except FileNotFoundError as error:
            raise CommandError(f"{options['file']}: no such file") from error
        except ValidationFailed as error:
            raise CommandError(
                f"{options['file']}:1:{error.field or 'file'}: {error.message}"
            ) from error
        if not result.ok:
            for file_error in result.errors:
                sys.stderr.write(f"{file_error}\n")
            hidden = result.error_count - len(result.errors)
            if hidden:
                sys.stderr.write(f"… and {hidden} more errors\n")
            sys.stderr.write(
                f"{options['file']}: rejected, nothing written "
                f"({result.error_count} error{'' if result.error_count == 1 else 's'})\n"
            )
            sys.exit(1)
        self.stdout.write(result.summary())
