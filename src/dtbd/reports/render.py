"""Reports as files: JSON (the contract's shape) and CSV; XLSX and PDF add to FORMATS."""

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from .registry import Report


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "__str__"):
        return str(value)
    raise TypeError(type(value).__name__)


def as_json(report: Report, result: dict) -> bytes:
    return json.dumps(result, ensure_ascii=False, indent=2, default=_json_default).encode() + b"\n"


def as_csv(report: Report, result: dict) -> bytes:
    columns = list(report.columns_for(result["params"])) or _columns(result["rows"])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in result["rows"]:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue().encode("utf-8-sig")


def _columns(rows: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


# format -> (renderer, content type); the reports app adds xlsx and pdf.
FORMATS: dict[str, tuple[Callable[[Report, dict], bytes], str]] = {
    "json": (as_json, "application/json"),
    "csv": (as_csv, "text/csv; charset=utf-8"),
}
