"""The import engine: the contract's rules for every kind of exchange file.

A file is imported whole or not at all: rows are validated and written inside one
transaction, and any error (or --dry-run) rolls it back. Every error is kept as
FILE:ROW:COLUMN: message. Domain apps provide the importers (organisation.importer,
people.importer); this module knows only files, headers, errors and progress.
"""

import datetime as dt
import io
import multiprocessing
import os
import pickle
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.db import transaction

from dtbd.audit.services import audit_record
from dtbd.core.dates import parse_date
from dtbd.core.errors import ValidationFailed

from .files import FileError, _read_csv, _read_xlsx, file_format

Progress = Callable[[float, int], None]  # (fraction done, rows read)
MAX_KEPT_ERRORS = 10_000  # beyond this, errors are counted but not kept in memory
# Files smaller than this are read where they are written: forking the reader costs more
# than it saves (a province's 100,000-person file is about 16 MB).
READ_AHEAD_BYTES = 1 << 20


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    errors: list[FileError] = field(default_factory=list)
    error_count: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def summary(self) -> str:
        text = f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"
        return text + (" (dry run: nothing written)" if self.dry_run else "")


class _CountingReader(io.RawIOBase):
    """Counts the bytes a text reader has consumed, for a progress fraction."""

    def __init__(self, raw: io.BufferedReader):
        self.raw = raw
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        n = self.raw.readinto(buffer)
        self.consumed += n or 0
        return n or 0


class RowSource:
    """The rows of a CSV or XLSX file, streamed, with how far the reading has got."""

    def __init__(self, path: Path | str, name: str):
        self.path, self.name = Path(path), name
        self.format = file_format(name)
        self.size = max(os.path.getsize(path), 1)
        self._counter: _CountingReader | None = None
        self._rows_total = 0

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        if self.format == "csv":
            with open(self.path, "rb") as raw:
                self._counter = _CountingReader(raw)
                text = io.TextIOWrapper(
                    io.BufferedReader(self._counter, 1 << 16), encoding="utf-8-sig", newline=""
                )
                yield from _read_csv(text)
        else:
            import openpyxl

            try:
                workbook = openpyxl.load_workbook(self.path, read_only=True)
                self._rows_total = workbook.worksheets[0].max_row or 0
                workbook.close()
            except Exception:
                self._rows_total = 0
            yield from _read_xlsx(self.path)

    def fraction(self, rows_read: int) -> float:
        if self._counter is not None:
            return min(self._counter.consumed / self.size, 1.0)
        if self._rows_total:
            return min(rows_read / self._rows_total, 1.0)
        return 0.0


class Importer:
    """One kind of exchange file. Subclasses validate rows and write them in chunks."""

    kind: ClassVar[str]
    key: ClassVar[str]  # the column that identifies a row
    required: ClassVar[tuple[str, ...]]
    optional: ClassVar[tuple[str, ...]]
    chunk_size: ClassVar[int] = 2000
    # prepare() needs no database and may run in a reading process ahead of process(), so
    # that reading and checking overlap the writing (_ReadAhead).
    read_ahead: bool = False

    def __init__(self, *, name: str, as_of: dt.date, actor: Any, source_ref: str = ""):
        self.name = name
        self.as_of = as_of
        self.actor = actor
        self.source_ref = source_ref or f"{Path(name).name} ({as_of:%Y-%m-%d})"
        self.result = ImportResult()
        self.columns: list[str] = []
        # (columns it was made for, a blank record, [(cell index, known column)]), per file.
        self._layout: tuple[list[str], dict[str, str], list[tuple[int, str]]] | None = None
        # In the reading process, errors wait here until their chunk's turn (see _ReadAhead).
        self._local = threading.local()

    # --- errors -------------------------------------------------------------------------
    def error(self, row: int, column: str, message: str) -> None:
        pending = getattr(self._local, "pending", None)
        if pending is not None:
            pending.append((row, column, message))
            return
        self.result.error_count += 1
        if len(self.result.errors) < MAX_KEPT_ERRORS:
            self.result.errors.append(FileError(self.name, row, column, message))

    def error_mark(self) -> int:
        """A count that grows with every error this process reports (to tell a bad row)."""
        if not self.read_ahead:
            return self.result.error_count
        pending = getattr(self._local, "pending", None)
        return len(pending) if pending is not None else self.result.error_count

    @property
    def failed(self) -> bool:
        return self.result.error_count > 0

    # --- header and cells ---------------------------------------------------------------
    def read_header(self, cells: list[str], ignore_unknown: bool) -> bool:
        known = set(self.required) | set(self.optional)
        seen: set[str] = set()
        for cell in cells:
            column = cell.strip().lower()
            if column in seen and column:
                self.error(1, column, "the column appears twice in the header")
            seen.add(column)
            if column and column not in known and not ignore_unknown:
                self.error(1, column, "unknown column (give --ignore-unknown to skip it)")
        for column in self.required:
            if column not in seen:
                self.error(1, column, "missing required column")
        self.columns = [c.strip().lower() for c in cells]
        return not self.failed

    def record(self, cells: list[str]) -> dict[str, str]:
        """The row as {known column: cell}, "" for a column the file lacks or leaves short."""
        if self._layout is None or self._layout[0] is not self.columns:
            known = set(self.required) | set(self.optional)
            places = [(i, c) for i, c in enumerate(self.columns) if c in known]
            self._layout = (self.columns, dict.fromkeys(known, ""), places)
        _, blank, places = self._layout
        values = blank.copy()
        if len(cells) >= len(self.columns):
            for i, column in places:
                values[column] = cells[i]
        else:
            for i, column in places:
                if i < len(cells):
                    values[column] = cells[i]
        return values

    def date_cell(self, row: int, values: dict[str, str], column: str) -> dt.date | None:
        text = values.get(column, "")
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError as error:
            self.error(row, column, str(error))
            return None

    def required_cell(self, row: int, values: dict[str, str], column: str) -> str:
        if not values.get(column):
            self.error(row, column, "required value is missing")
        return values.get(column, "")

    def check(self, row: int, fn: Callable[..., Any], *args: Any) -> Any:
        """Run a domain rule; turn its refusal into an error at the rule's column."""
        try:
            return fn(*args)
        except ValidationFailed as error:
            self.error(row, error.field or self.key, error.message)
            return None

    # --- the run ------------------------------------------------------------------------
    def begin(self) -> None:
        """Once the header is good, before any row is read (and before a reading process is
        forked, which inherits what this sets up): read what checking rows needs from the
        database."""

    def prepare(self, chunk: list[tuple[int, dict[str, str]]]) -> Any:
        """The chunk's work that needs no database; its result goes to process()."""
        return chunk

    def process(self, chunk: Any) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """After the last chunk, still inside the transaction (also when rows failed)."""


def run_import(
    importer: Importer,
    path: Path | str,
    *,
    dry_run: bool = False,
    ignore_unknown: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate and write the file in one transaction; roll back on any error or dry run."""
    result = importer.result
    result.dry_run = dry_run
    source = RowSource(path, importer.name)
    try:
        with transaction.atomic():
            _run(importer, source, ignore_unknown, progress)
            if not importer.failed and not dry_run:
                audit_record(
                    actor=importer.actor,
                    event=f"import.{importer.kind}",
                    subject_type="file",
                    subject_key=Path(importer.name).name[:64],
                    data={
                        "as_of": str(importer.as_of),
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                        "rows": result.rows,
                        "source_ref": importer.source_ref,
                    },
                )
            if importer.failed or dry_run:
                transaction.set_rollback(True)
    except ValidationFailed as error:  # the file itself cannot be read
        importer.error(1, error.field or "file", error.message)
    if importer.failed:
        result.created = result.updated = result.unchanged = 0
    if progress:
        progress(1.0, result.rows)
    return result


@dataclass
class _Chunk:
    records: Any  # [(row number, record)], then what prepare() made of them
    rows: int
    fraction: float  # how far the file had been read at the chunk's end
    full: bool
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # found ahead


def _run(importer: Importer, source: RowSource, ignore_unknown: bool, progress) -> None:
    rows = iter(source)
    header = next(rows, None)
    if header is None or not any(header[1]):
        importer.error(1, "file", "the file is empty: the header row is missing")
        return
    if not importer.read_header(header[1], ignore_unknown):
        return
    importer.begin()
    chunks = _chunks(importer, rows, source)
    if importer.read_ahead and source.size >= READ_AHEAD_BYTES:
        with _ReadAhead(importer, chunks) as ahead:
            _process(importer, ahead, progress)
    else:
        _process(importer, ({"chunk": c} for c in chunks), progress)
    importer.finish()


def _process(importer: Importer, chunks, progress) -> None:
    for item in chunks:
        chunk: _Chunk = item["chunk"]
        for row, column, message in chunk.errors:
            importer.error(row, column, message)
        importer.result.rows += chunk.rows
        prepared = item["prepared"] if "prepared" in item else importer.prepare(chunk.records)
        importer.process(prepared)
        if chunk.full and progress:
            progress(chunk.fraction, importer.result.rows)


def _chunks(importer: Importer, rows, source: RowSource) -> Iterator[_Chunk]:
    chunk: list[tuple[int, dict[str, str]]] = []
    read = importer.result.rows
    for number, cells in rows:
        if not any(cells):
            continue  # blank lines carry nothing
        chunk.append((number, importer.record(cells)))
        read += 1
        if len(chunk) >= importer.chunk_size:
            yield _Chunk(chunk, len(chunk), source.fraction(read), True)
            chunk = []
    if chunk:
        yield _Chunk(chunk, len(chunk), source.fraction(read), False)


class _ReadAhead:
    """Reads and prepares chunks in a forked process ahead of the writer, up to AHEAD chunks
    ahead; yields them in order.

    Checking rows is pure Python, and so is much of the writing: in one process the two
    take turns (a reading thread only queued for the GIL), in two they run side by side on
    a second core. The child holds the importer as it was at the fork (prepare() needs no
    database: ADR 3) and sends each prepared chunk through a pipe, pickled. A thread of the
    parent takes them off the pipe as they come, unpickling while the writer waits for the
    database, so that neither side waits for the other at every chunk (with the pipe alone
    the reader was about one chunk ahead, and each stalled when the other was slow).

    The outcome is the sequential run's: a chunk's errors from prepare() are reported just
    before its process(), and an exception while reading is raised after the chunks before
    it were processed. The child never touches the database connection it inherited (it
    ends with os._exit, through multiprocessing) and is stopped when the run ends, however
    it ends; if the parent dies, its next send fails and it ends too.
    """

    AHEAD = 4
    _GONE = object()  # the pipe closed before the end: the child died

    def __init__(self, importer: Importer, chunks: Iterator[_Chunk]):
        self.importer, self.chunks = importer, chunks
        context = multiprocessing.get_context("fork")
        self.receiver, self.sender = context.Pipe(duplex=False)
        self.process = context.Process(target=self._read, name="import-reader", daemon=True)
        self.ready: queue.Queue = queue.Queue(maxsize=self.AHEAD)
        self.taker = threading.Thread(target=self._take, name="import-taker", daemon=True)

    def __enter__(self) -> "_ReadAhead":
        self.process.start()
        self.sender.close()  # the child's copy stays open: EOF here if it dies
        self.taker.start()
        return self

    def __exit__(self, *exc_info) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        while self.taker.is_alive():  # it may wait for room in the queue: make some
            with suppress(queue.Empty):
                self.ready.get(timeout=0.1)
        self.receiver.close()

    def _take(self) -> None:
        while True:
            try:
                item = self.receiver.recv()
            except (EOFError, OSError):
                item = self._GONE
            self.ready.put(item)
            if item is None or item is self._GONE or isinstance(item, BaseException):
                return

    def __iter__(self) -> Iterator[dict]:
        while True:
            item = self.ready.get()
            if item is self._GONE:
                raise RuntimeError("the process reading the file ended unexpectedly")
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _put(self, item) -> bool:
        try:
            self.sender.send(item)
            return True
        except OSError:  # the parent is gone
            return False

    def _read(self) -> None:
        self.receiver.close()
        local = self.importer._local
        try:
            for chunk in self.chunks:
                local.pending = []
                prepared = self.importer.prepare(chunk.records)
                chunk.errors, local.pending = local.pending, None
                chunk.records = None
                if not self._put({"chunk": chunk, "prepared": prepared}):
                    return
        except BaseException as error:  # raised in the parent
            local.pending = None
            try:
                pickle.dumps(error)
            except Exception:
                error = RuntimeError(f"{type(error).__name__}: {error}")
            self._put(error)
            return
        self._put(None)
