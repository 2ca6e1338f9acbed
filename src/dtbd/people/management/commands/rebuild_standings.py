"""dtbd rebuild_standings [--check]: recompute the standings table, or say whom it gets wrong."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dtbd.audit.services import audit_record
from dtbd.people import hooks, standings


def _listed(ids: list[int]) -> str:
    """The first twenty ids, and how many more."""
    more = f" and {len(ids) - 20} more" if len(ids) > 20 else ""
    return ", ".join(str(pk) for pk in ids[:20]) + more


class Command(BaseCommand):
    help = (
        "Recompute people's standings (what reports count) from their posts and "
        "qualifications, in one transaction; with --check only compare and report."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="write nothing; exit 1 and list the people whose standings are wrong",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["check"]:
            wrong = standings.differences()
            copies = hooks.differences()  # the other apps' copies of standings (ADR 0011)
            if copies:
                self.stderr.write(
                    f"{len(copies)} people's completions do not carry their standing on the "
                    f"day (person ids {_listed(copies)})"
                )
                wrong = sorted(set(wrong) | set(copies))
            if wrong:
                raise CommandError(
                    f"{len(wrong)} people's standings differ from their posts and "
                    f"qualifications (person ids {_listed(wrong)}); run dtbd rebuild_standings"
                )
            self.stdout.write("Standings match posts and qualifications.")
            return

        def progress(done: int, total: int) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(f"{done}/{total} people")

        with transaction.atomic():
            rows = standings.rebuild(progress=progress)
            audit_record(
                actor="system",
                event="standings.rebuilt",
                subject_type="standing",
                subject_key="*",
                data={"rows": rows},
            )
        self.stdout.write(f"Rebuilt {rows} standing rows in {time.monotonic() - started:.1f} s.")
