"""Reports as files: JSON (the contract's shape), CSV, XLSX and PDF.

JSON and CSV carry the codes, for machines; XLSX and PDF carry labels, for people, in the
layout provinces print: a title, the parameters, a header row, Times New Roman.
"""

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from .registry import Report

# Printed forms use Times New Roman; servers without it fall back to its metric twin.
SERIF = "'Times New Roman', 'Liberation Serif', 'DejaVu Serif', serif"


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


def table(report: Report, result: dict) -> tuple[list[str], list[str], list[list[Any]]]:
    """(field names, header labels, rows of cells) with labels for codes; numbers stay numbers."""
    from .labels import field_label, value_label

    columns = list(report.columns_for(result["params"])) or _columns(result["rows"])
    params = result["params"]
    cells = []
    for row in result["rows"]:
        line: list[Any] = []
        for name in columns:
            value = row.get(name)
            if isinstance(value, int | float) and not isinstance(value, bool):
                line.append(value)
            else:
                line.append(value_label(name, value, params))
        cells.append(line)
    return columns, [field_label(c) for c in columns], cells


def as_xlsx(report: Report, result: dict) -> bytes:
    if "xlsx" in report.extra:  # a statutory form in its official layout
        return report.extra["xlsx"](report, result)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from .labels import param_summary

    columns, headers, cells = table(report, result)
    book = Workbook()
    sheet = book.active
    sheet.title = report.name[:31]
    font = Font(name="Times New Roman", size=12)
    bold = Font(name="Times New Roman", size=12, bold=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    width = max(len(columns), 1)
    sheet.cell(1, 1, str(report.title)).font = Font(name="Times New Roman", size=14, bold=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(2, 1, param_summary(report, result["params"])).font = font
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(4, col, header)
        cell.font, cell.border = bold, box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = max(14, len(header) + 4)
    for r, line in enumerate(cells, start=5):
        for col, value in enumerate(line, start=1):
            cell = sheet.cell(r, col, value)
            cell.font, cell.border = font, box
            if columns[col - 1] == "percent" and isinstance(value, float):
                cell.number_format = "0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_pdf(report: Report, result: dict) -> bytes:
    if "pdf" in report.extra:
        return report.extra["pdf"](report, result)
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from .labels import param_summary

    _, headers, cells = table(report, result)
    html = render_to_string(
        "reports/print.html",
        {
            "title": report.title,
            "summary": param_summary(report, result["params"]),
            "headers": headers,
            "rows": [[(f"{v:.2f}" if isinstance(v, float) else v) for v in line] for line in cells],
            "serif": SERIF,
        },
    )
    return HTML(string=html).write_pdf()


# format -> (renderer, content type)
FORMATS: dict[str, tuple[Callable[[Report, dict], bytes], str]] = {
    "json": (as_json, "application/json"),
    "csv": (as_csv, "text/csv; charset=utf-8"),
    "xlsx": (as_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (as_pdf, "application/pdf"),
}
