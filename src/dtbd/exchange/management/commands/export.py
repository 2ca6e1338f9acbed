"""dtbd export KIND FILE [--as-of DATE]: CSV or XLSX by the file's extension."""

from django.core.management.base import BaseCommand, CommandError

from dtbd.core.dates import parse_date, today
from dtbd.core.errors import ValidationFailed
from dtbd.exchange.files import file_format
from dtbd.exchange.registry import kinds
from dtbd.exchange.services import export_file


class Command(BaseCommand):
    help = "Export units or people as an exchange file that imports back unchanged."
    # The system checks (~0.9 s: they import every URL and view) are for whoever changes
    # the code; `dtbd check` and `dtbd migrate` still run them. Scripts call these often.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=kinds())
        parser.add_argument("file")
        parser.add_argument(
            "--as-of", type=parse_date, default=None, help="the date to describe (default: today)"
        )

    def handle(self, *args, **options):
        try:
            file_format(options["file"])
        except ValidationFailed as error:
            raise CommandError(error.message) from error
        count = export_file(
            actor="dtbd export",
            kind=options["kind"],
            on=options["as_of"] or today(),
            path=options["file"],
        )
        self.stdout.write(f"exported {count} {options['kind']} to {options['file']}")
