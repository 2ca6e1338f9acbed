"""dtbd load_demo [--size N]: load the demo province once; later runs change nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dtbd.demo.people import DEFAULT_SIZE
from dtbd.demo.services import ADMIN, MANAGER, PASSWORD, DemoLoadFailed, demo_load


class Command(BaseCommand):
    help = "Load the demo province (Tuyên Quang, fictional people) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            type=int,
            default=DEFAULT_SIZE,
            help=f"about how many people to create (default {DEFAULT_SIZE})",
        )

    def handle(self, *args, **options):
        if options["size"] < 1:
            raise CommandError("--size must be at least 1")
        try:
            result = demo_load(size=options["size"])
        except DemoLoadFailed as error:
            raise CommandError(
                f"the demo could not be loaded, nothing was written: {error}"
            ) from error
        if result.outcome == "already_loaded":
            when = timezone.localtime(result.loaded_at) if result.loaded_at else None
            since = f" since {when:%d/%m/%Y %H:%M}" if when else ""
            self.stdout.write(f"The demo is already loaded{since}; nothing changed.")
        elif result.outcome == "not_empty":
            self.stdout.write(
                "The database already holds units or people that are not the demo; "
                "the demo was not loaded."
            )
        else:
            self.stdout.write(
                f"Loaded the demo province Tuyên Quang: {result.units} units, "
                f"{result.people} people, {result.files} exchange files, "
                f"in {result.seconds:.1f} s.\n"
                f"Log in as {ADMIN} or {MANAGER} (manager of Sở Nội vụ), "
                f"password {PASSWORD}."
            )
