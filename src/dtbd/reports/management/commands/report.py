"""dtbd report NAME [--PARAM VALUE …] [--format json|csv|xlsx|pdf] [--output FILE]."""

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dtbd.accounts.policy import policy_for
from dtbd.core.errors import ApplicationError
from dtbd.reports import registry
from dtbd.reports.render import FORMATS


class Command(BaseCommand):
    help = (
        "Compute a report (JSON on standard output by default). Report parameters follow "
        "the name as --PARAM VALUE, underscores as hyphens (--as-of 2026-01-01)."
    )
    # The system checks (~0.9 s: they import every URL and view) are for whoever changes
    # the code; `dtbd check` and `dtbd migrate` still run them. Scripts call these often.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("name", help="the report, e.g. breakdown")
        parser.add_argument("--format", default="json", help="json (default), csv, xlsx or pdf")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Report parameters are not known to argparse: the parser keeps them aside, from the
        # shell and from call_command alike.
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = _ParamsParser
        return parser

    def handle(self, *args, **options):
        raw = options.get("report_params") or {}
        fmt = options["format"]
        if fmt not in FORMATS:
            raise CommandError(f"--format: '{fmt}' is not one of {', '.join(FORMATS)}")
        try:
            report = registry.get(options["name"])
            result = registry.run(report.name, policy_for("dtbd report"), raw)
        except ApplicationError as error:
            field = f"--{error.field.replace('_', '-')}: " if error.field else ""
            raise CommandError(f"{field}{error.message}") from error
        render, _content_type = FORMATS[fmt]
        data = render(report, result)
        if options["output"]:
            with open(options["output"], "wb") as out:
                out.write(data)
            self.stderr.write(f"wrote {options['output']}")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()


# Django's and this command's own options (long forms); everything else is a report parameter.
_OWN = {
    "--format",
    "--output",
    "--help",
    "--version",
    "--verbosity",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
}


class _ParamsParser(CommandParser):
    """Parses the command's own options; `--name value` pairs it does not know become the
    report's parameters (options["report_params"])."""

    def parse_args(self, args=None, namespace=None):
        params, rest = _split_params(list(args or []))
        namespace = super().parse_args(rest, namespace)
        namespace.report_params = params
        return namespace


def _split_params(args: list[str]) -> tuple[dict[str, str], list[str]]:
    """Separate `--some-param value` pairs (returned as {"some_param": value}) from the
    command's own options and the report name."""
    params: dict[str, str] = {}
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        key, _, inline = arg.partition("=")
        if arg.startswith("--") and key not in _OWN:
            if "=" in arg:
                value = inline
                i += 1
            elif i + 1 < len(args):
                value = args[i + 1]
                i += 2
            else:
                value = ""  # refused as missing by the report, naming the parameter
            params[key[2:].replace("-", "_")] = value
            continue
        rest.append(arg)
        i += 1
    return params, rest
