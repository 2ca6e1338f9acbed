"""Reading and writing the contract's exchange files, a row at a time.

CSV (UTF-8, BOM allowed) or XLSX (first sheet), header in row 1. Rows are yielded with the
row number a spreadsheet shows (header = 1) and never held whole in memory.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from dtbd.core.errors import ValidationFailed


@dataclass(frozen=True)
class FileError:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


def file_format(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in {".csv", ".txt"}:
        return "csv"
    if suffix in {".xlsx", ".xlsm"}:
        return "xlsx"
    raise ValidationFailed(
        f"'{Path(name).name}' is neither CSV nor XLSX (use a .csv or .xlsx file)", field="file"
    )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def read_rows(path: Path | str, name: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells as text) starting with the header row (number 1)."""
    name = name or str(path)
    if file_format(name) == "csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            yield from _read_csv(handle)
    else:
        yield from _read_xlsx(path)


def _read_csv(handle: IO[str]) -> Iterator[tuple[int, list[str]]]:
    try:
        strip = str.strip
        for number, row in enumerate(csv.reader(handle), start=1):
            yield number, list(map(strip, row))
    except UnicodeDecodeError as error:
        raise ValidationFailed(
            f"the file is not UTF-8 text ({error.reason}); save it as CSV UTF-8", field="file"
        ) from error
    except csv.Error as error:
        raise ValidationFailed(f"the CSV file is malformed: {error}", field="file") from error


def _read_xlsx(path: Path | str) -> Iterator[tuple[int, list[str]]]:
    from zipfile import BadZipFile

    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError) as error:
        raise ValidationFailed(
            f"the file is not a readable XLSX workbook: {error}", field="file"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in row]
    finally:
        workbook.close()


def write_rows(path: Path | str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a CSV or XLSX file (by extension), streaming; returns the number of data rows."""
    count = 0
    if file_format(str(path)) == "csv":
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow(["" if v is None else v for v in row])
                count += 1
        return count
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(header))
    for row in rows:
        sheet.append([_xlsx_value(v) for v in row])
        count += 1
    workbook.save(path)
    return count


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()  # text, so the file reads back exactly as written
    return "" if value is None else value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
