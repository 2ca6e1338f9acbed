"""dtbd rebuild_tallies [--check]: recount every class's tally of enrolments, or say which
are wrong. The database's triggers keep the tallies (training.tallies, ADR 0012); only a load
that bypasses triggers needs this."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dtbd.audit.services import audit_record
from dtbd.training import tallies


class Command(BaseCommand):
    help = (
        "Recount each class's enrolments and completions (the tallies the overview reads), "
        "in one transaction; with --check only compare and report."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="write nothing; exit 1 and list the classes whose tallies are wrong",
        )

    def handle(self, *args, **options):
        if options["check"]:
            wrong = tallies.differences()
            if wrong:
                more = f" and {len(wrong) - 20} more" if len(wrong) > 20 else ""
                raise CommandError(
                    f"{len(wrong)} classes' tallies differ from their enrolments (class ids "
                    f"{', '.join(map(str, wrong[:20]))}{more}); run dtbd rebuild_tallies"
                )
            self.stdout.write("Class tallies match their enrolments.")
            return
        with transaction.atomic():
            rows = tallies.rebuild()
            audit_record(
                actor="system",
                event="tallies.rebuilt",
                subject_type="course",
                subject_key="*",
                data={"rows": rows},
            )
        self.stdout.write(f"Recounted {rows} classes.")
