"""Every report is one computation with four faces (command, API, page, download).

A domain app registers its reports in its AppConfig.ready():

    register(Report(name="breakdown", title=_("Qualification structure"), params=(...),
                    compute=breakdown, columns=("level", "value", "count", "total", "percent")))

`compute(scope, params)` receives the caller's policy scope (accounts.policy.Scope) and the
parsed parameters, and returns the contract's JSON: {"report", "params", "rows"}. It must
limit what it counts to `scope` itself; the faces only parse, call and render. `run` is the
one entry point the faces use: it refuses unknown or malformed parameters with a message
naming the parameter, before anything is computed.
"""

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from dtbd.core.dates import parse_date
from dtbd.core.errors import NotFound, ValidationFailed


@dataclass(frozen=True)
class Param:
    """One parameter: its contract name (underscores), how to read it from text, and help."""

    name: str
    parse: Callable[[str], Any] = str
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()

    def read(self, text: str) -> Any:
        text = text.strip()
        if self.choices and text not in self.choices:
            raise ValidationFailed(
                f"{self.name}: '{text}' is not one of {', '.join(self.choices)}", field=self.name
            )
        try:
            return self.parse(text)
        except ValidationFailed:
            raise
        except (ValueError, TypeError) as error:
            raise ValidationFailed(f"{self.name}: {error}", field=self.name) from None


@dataclass(frozen=True)
class Report:
    name: str
    title: Any  # a lazy translated string
    compute: Callable[[Any, dict[str, Any]], dict]
    params: tuple[Param, ...] = ()
    # The row fields in order, for CSV/XLSX/PDF; a field that depends on a parameter
    # (the `by` field) may be given as a callable of the parsed params.
    columns: tuple[str, ...] | Callable[[dict[str, Any]], tuple[str, ...]] = ()
    description: Any = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def columns_for(self, params: dict[str, Any]) -> tuple[str, ...]:
        return self.columns(params) if callable(self.columns) else self.columns


_REPORTS: dict[str, Report] = {}


def register(report: Report) -> None:
    _REPORTS[report.name] = report


def reports() -> list[Report]:
    return sorted(_REPORTS.values(), key=lambda r: r.name)


def get(name: str) -> Report:
    try:
        return _REPORTS[name]
    except KeyError:
        raise NotFound(
            f"unknown report '{name}' (expected one of {', '.join(sorted(_REPORTS))})"
        ) from None


def parse_params(report: Report, raw: Mapping[str, str]) -> dict[str, Any]:
    """Read the text parameters of `report`; unknown and missing ones are refused."""
    known = {p.name: p for p in report.params}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ValidationFailed(
            f"unknown parameter '{unknown[0]}' for report {report.name} "
            f"(expected {', '.join(known) or 'none'})",
            field=unknown[0],
        )
    params: dict[str, Any] = {}
    for param in report.params:
        text = raw.get(param.name)
        if text is None or text.strip() == "":
            if param.required:
                raise ValidationFailed(f"{param.name} is required", field=param.name)
            continue
        params[param.name] = param.read(text)
    return params


def run(name: str, scope: Any, raw: Mapping[str, str]) -> dict:
    """Parse, compute and return the contract's JSON for report `name` as `scope` sees it."""
    report = get(name)
    params = parse_params(report, raw)
    with statement_settings():
        return report.compute(scope, params)


@contextmanager
def statement_settings() -> Iterator[None]:
    """One read-only transaction (core.db.reading: on SQLite it does not wait for a running
    import) with the settings reports run best under on PostgreSQL.

    A report is a few large grouped joins: the planner's cost estimate switches on JIT
    compilation, which at national scale takes longer than the query itself, and the default
    4 MB of work_mem makes a hash join over millions of rows spill to disk. SET LOCAL ends with
    the transaction, so nothing else sees these settings.
    """
    from django.db import connection

    from dtbd.core.db import reading

    with reading():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '64MB'")
        yield


# Parsers the reports share.
def date_param(text: str) -> dt.date:
    return parse_date(text)


def year_param(text: str) -> int:
    if not text.isdigit() or not 1900 <= int(text) <= 9999:
        raise ValueError(f"'{text}' is not a year")
    return int(text)


def whole_number_param(text: str) -> int:
    if not text.isdigit():
        raise ValueError(f"'{text}' is not a whole number")
    return int(text)
