"""The `people` exchange file, built for a million rows.

Each row says: on the import's --as-of date this person is in post at `unit_code` and holds
the qualifications in its cells. Rows are handled in chunks: one query each for the chunk's
people, posts and qualifications, the same timeline planning as the single-record services
(dtbd.core.timeline), and bulk writes (COPY on PostgreSQL). Nothing is kept per row across
chunks but a 64-bit hash of each key, to find duplicates.

People the table cannot hold yet (their code is not in the snapshot taken when the import
begins) have their rows built where rows are checked, in the reading process of a large file
(NewPeople); the writer only fills in their ids and writes. A first import of a province is
almost all such people, and the two processes then share the work about equally.
"""

import datetime as dt
from array import array
from bisect import bisect_left
from collections import defaultdict
from dataclasses import MISSING, dataclass, field
from dataclasses import fields as dataclass_fields
from functools import lru_cache
from operator import itemgetter
from typing import Any

from django.db import IntegrityError, connection
from django.db.models import F
from django.utils import timezone

from dtbd.audit.services import audit_record_many
from dtbd.core.codes import NONE, SCALES, Category, Dimension, Gender, Leadership
from dtbd.core.dates import END
from dtbd.core.db import (
    Encoded,
    adapt_flat,
    allocate_ids,
    bulk_insert,
    copy_types,
    encode_rows,
    execute_many,
    fetch_in,
    fill_ids,
    hold_for_reference,
    insert_encoded,
    insert_flat,
    is_postgres,
    references_vouched,
)
from dtbd.core.timeline import Plan, Span, plan_set
from dtbd.exchange.engine import Importer
from dtbd.organisation.models import Unit, UnitVersion

from . import rules, standings
from .models import QUALIFICATION_INSERT, Person, Post, Qualification, Rank, Source, Standing

PERSON_COLUMNS = ("full_name", "birth_date", "gender", "ethnicity", "party_member", "national_id")
POST_COLUMNS = ("unit_id", "category", "leadership", "rank_code", "position_code")
PERSON_INSERT = (
    "id",
    "code",
    "full_name",
    "given_name",
    "sort_key",
    "search_name",
    "birth_date",
    "gender",
    "ethnicity",
    "party_member",
    "national_id",
    "version",
    "created_at",
    "updated_at",
)
POST_INSERT = (
    "person_id",
    *POST_COLUMNS,
    "valid_from",
    "valid_to",
    "source",
    "source_ref",
)
# The code lists, computed once: Django recomputes Choices.values on every access, which
# costs more than the rest of a row's checks. A value in these sets is one the rule accepts;
# any other goes to the rule itself for its error.
DIMENSIONS = tuple(Dimension.values)
NAME_CACHE_SIZE = 1 << 15  # names repeat; the most frequent stay (least recently used go)
IMPORTED = Source.IMPORT.value  # an enum member costs a lookup on every access
POST_DEFAULTS = {
    f.name: f.default for f in dataclass_fields(rules.PostFacts) if f.default is not MISSING
} | {"leadership": Leadership.NONE.value}
VALID = {
    "gender": frozenset(Gender.values),
    "category": frozenset(Category.values),
    "leadership": frozenset(Leadership.values),
    **{dimension: frozenset(SCALES[dimension].values) for dimension in DIMENSIONS},
}


@dataclass
class Row:
    row: int
    code: str
    person: dict[str, Any]  # only the fields the file gives
    post: dict[str, Any]
    qualifications: dict[str, str | None] = field(default_factory=dict)


@dataclass
class NewPeople:
    """People the table did not hold when the import began, as the rows to insert for them,
    built where rows are checked (the reading process) so that the writer only fills in the
    ids and writes. Each list holds its table's rows end to end (core.db.insert_flat),
    already in the form the database stores; a row's first value is the person's position
    in this batch until core.db.fill_ids puts the allocated id there. On PostgreSQL `adapt`
    turns the lists into binary COPY data (core.db.encode_rows) for the same reason: the
    writer then only writes the ids into it (ADR 3)."""

    count: int = 0
    people: list = field(default_factory=list)  # PERSON_INSERT
    posts: list = field(default_factory=list)  # POST_INSERT
    quals: list = field(default_factory=list)  # QUALIFICATION_INSERT
    standings: list = field(default_factory=list)  # standings.COLUMNS
    # (row, person code, national ID) for the IDs the table may hold already
    national_ids: list[tuple[int, str, str]] = field(default_factory=list)
    unit_ids: set[int] = field(default_factory=set)  # the units the posts name
    encoded: dict[str, Encoded] = field(default_factory=dict)  # by table, on PostgreSQL

    def adapt(self, types: dict[str, list[int]] | None) -> None:
        """Put the rows in the database's form; `types` (each table's column types for
        binary COPY) on PostgreSQL, None on SQLite."""
        self.unit_ids = set(self.posts[POST_INSERT.index("unit_id") :: len(POST_INSERT)])
        for rows, table, columns in self.tables():
            if types is None:
                adapt_flat(rows, len(columns))
            else:
                self.encoded[table] = encode_rows(rows, len(columns), types[table])
                rows.clear()  # sent once, encoded

    def tables(self) -> list[tuple[list, str, tuple[str, ...]]]:
        return [
            (self.people, Person._meta.db_table, PERSON_INSERT),
            (self.posts, Post._meta.db_table, POST_INSERT),
            (self.quals, Qualification._meta.db_table, QUALIFICATION_INSERT),
            (self.standings, Standing._meta.db_table, standings.COLUMNS),
        ]


@dataclass
class Prepared:
    """A chunk's checked rows: people who may be in the table already, to be compared with
    their history by the writer, and the others, ready to insert."""

    rows: list[Row] = field(default_factory=list)
    new: NewPeople = field(default_factory=NewPeople)


class PeopleImporter(Importer):
    kind = "people"
    key = "person_code"
    required = ("person_code", "full_name", "birth_date", "gender", "unit_code", "category")
    optional = (
        "leadership",
        "rank_code",
        "position_code",
        "ethnicity",
        "party_member",
        "national_id",
        *Dimension.values,
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen_codes = _HashSet()
        self.seen_national_ids = _HashSet()
        self.units = self._units()
        self.unit_versions = self._unit_versions()
        self.ranks = set(Rank.objects.values_list("code", flat=True))
        self.now = timezone.now()
        self.audits: list[tuple[str, dict]] = []
        # Per import, so that the memory goes with it. Errors are not cached: they are raised
        # again, and reported, for every row.
        self.name_fields = lru_cache(maxsize=NAME_CACHE_SIZE)(rules.name_fields)
        self._valid_name = lru_cache(maxsize=NAME_CACHE_SIZE)(rules.full_name)
        self.before: _Snapshot | None = None
        self.copy_types: dict[str, list[int]] | None = None  # on PostgreSQL, from begin()
        # Check rows in a reading process while this one writes (engine._ReadAhead).
        self.read_ahead = True

    def _units(self) -> dict[str, tuple[int, dt.date, dt.date, bool]]:
        """code -> (id, life start, life end, exists on as_of)."""
        on_date = set(
            UnitVersion.objects.filter(
                valid_from__lte=self.as_of, valid_to__gte=self.as_of
            ).values_list("unit_id", flat=True)
        )
        return {
            code: (pk, start, end, pk in on_date)
            for pk, code, start, end in Unit.objects.values_list(
                "id", "code", "valid_from", "valid_to"
            )
        }

    def _unit_versions(self) -> dict[int, list[standings.UnitRow]]:
        """The units' versions from the as-of date on, for the new people's standings."""
        versions: dict[int, list[standings.UnitRow]] = {}
        for unit_id, *version in (
            UnitVersion.objects.filter(valid_to__gte=self.as_of)
            .order_by("valid_from")
            .values_list("unit_id", "valid_from", "valid_to", "level", "kind")
        ):
            versions.setdefault(unit_id, []).append(tuple(version))
        return versions

    # --- validation ---------------------------------------------------------------------
    def parse(self, row: int, values: dict[str, str]) -> Row | None:
        errors_before = self.error_mark()
        code = self.required_cell(row, values, "person_code")
        if code:
            self.check(row, rules.person_code, code)
            if not self.seen_codes.add(code):
                self.error(row, "person_code", f"duplicate person_code '{code}' in the file")
        person: dict[str, Any] = {}
        if self.required_cell(row, values, "full_name"):
            person["full_name"] = self.check(row, self._valid_name, values["full_name"])
        if self.required_cell(row, values, "birth_date"):
            born = self.date_cell(row, values, "birth_date")
            if born:
                person["birth_date"] = self.check(row, self._birth_date, born)
        if self.required_cell(row, values, "gender"):
            person["gender"] = self._code(row, "gender", values["gender"], rules.gender)
        if values["ethnicity"]:
            person["ethnicity"] = rules.nfc(values["ethnicity"])[:50]
        if values["party_member"]:
            person["party_member"] = self.check(
                row, rules.yes_no, "party_member", values["party_member"]
            )
        if values["national_id"]:
            national_id = self.check(row, rules.national_id, values["national_id"])
            if national_id:
                if not self.seen_national_ids.add(national_id):
                    self.error(
                        row, "national_id", f"national ID {national_id} appears twice in the file"
                    )
                person["national_id"] = national_id
        post: dict[str, Any] = {}
        unit_code = self.required_cell(row, values, "unit_code")
        if unit_code:
            unit = self.units.get(unit_code)
            if unit is None:
                self.error(row, "unit_code", f"unknown unit '{unit_code}'")
            elif not unit[3]:
                self.error(
                    row,
                    "unit_code",
                    f"unit '{unit_code}' does not exist on {self.as_of:%d/%m/%Y} "
                    f"(it exists {unit[1]:%d/%m/%Y}–{unit[2]:%d/%m/%Y})",
                )
            else:
                post["unit_id"] = unit[0]
        if self.required_cell(row, values, "category"):
            post["category"] = self._code(row, "category", values["category"], rules.category)
        if values["leadership"]:
            post["leadership"] = self._code(
                row, "leadership", values["leadership"], rules.leadership
            )
        if values["rank_code"]:
            if values["rank_code"] not in self.ranks:
                self.error(row, "rank_code", f"unknown rank code '{values['rank_code']}'")
            post["rank_code"] = values["rank_code"]
        if values["position_code"]:
            post["position_code"] = values["position_code"][:32]
        qualifications = {}
        for dimension in DIMENSIONS:
            if values[dimension]:
                qualifications[dimension] = self._code(
                    row, dimension, values[dimension], rules.qualification_level, dimension
                )
        if self.error_mark() > errors_before:
            return None
        return Row(row, code, person, post, qualifications)

    def _birth_date(self, value: dt.date) -> dt.date:
        return rules.birth_date(value, on=self.as_of)

    def _code(self, row: int, column: str, value: str, rule, *args) -> str | None:
        """A code-list cell: the value when valid, else the rule's own error."""
        if value in VALID[column]:
            return value
        return self.check(row, rule, *args, value)

    # --- writing ------------------------------------------------------------------------
    def begin(self) -> None:
        self.before = _Snapshot.take()
        self.copy_types = (
            {table: copy_types(table, columns) for _rows, table, columns in NewPeople().tables()}
            if is_postgres()
            else None
        )

    def prepare(self, chunk) -> Prepared:
        """Check every row and build the inserts of the people the table cannot hold yet;
        runs in the reading process (engine._ReadAhead), so it needs no database."""
        before = self.before
        assert before is not None  # taken by begin()
        prepared = Prepared()
        new = prepared.new
        for row_number, values in chunk:
            row = self.parse(row_number, values)
            if row is None:
                continue
            if before.may_have_code(row.code):
                prepared.rows.append(row)
                continue
            self.build(row, new)
            national_id = row.person.get("national_id")
            if national_id and before.may_have_national_id(national_id):
                new.national_ids.append((row.row, row.code, national_id))
        new.adapt(self.copy_types)
        return prepared

    def build(self, row: Row, new: NewPeople) -> None:
        """Add a new person's rows: the person, the post from the as-of date on, the
        qualifications held and the standing (standings.standings_of's, for one post)."""
        i = new.count
        new.count += 1
        p = row.person
        names = self.name_fields(p["full_name"])
        now, on, ref = self.now, self.as_of, self.ref
        new.people.extend(
            (
                i,
                row.code,
                names["full_name"],
                names["given_name"],
                names["sort_key"],
                names["search_name"],
                p["birth_date"],
                p["gender"],
                p.get("ethnicity", ""),
                p.get("party_member"),
                p.get("national_id"),
                1,
                now,
                now,
            )
        )
        # The row of rules.PostFacts(leadership="none", **row.post), without building it.
        post = {**POST_DEFAULTS, **row.post}
        unit_id = post["unit_id"]
        new.posts.extend(
            (
                i,
                unit_id,
                post["category"],
                post["leadership"],
                post["rank_code"],
                post["position_code"],
                on,
                END,
                IMPORTED,
                ref,
            )
        )
        held = row.qualifications
        for dimension, level in held.items():
            if level != NONE:
                new.quals.extend((i, dimension, level, on, END, IMPORTED, ref, "", ""))
        versions = self.unit_versions.get(unit_id, ())
        if len(versions) != 1 or versions[0][1] != END:
            # The unit changes (or ends) after the as-of date: the general rule cuts the post.
            for standing in standings.standings_of(
                i,
                (p["gender"], p["birth_date"], p.get("ethnicity", ""), p.get("party_member")),
                [(on, END, *(post[f] for f in standings.POST_FIELDS))],
                {d: [(on, END, level)] for d, level in held.items() if level != NONE},
                self.unit_versions,
            ):
                new.standings.extend(standing)
            return
        # What standings.standings_of gives for one post in a unit that stays as it is, with
        # levels all held from `on` on: one row, written here directly because a million
        # calls of it would cost seconds.
        new.standings.extend(
            (
                i,
                on,
                END,
                unit_id,
                versions[0][2],
                versions[0][3],
                post["category"],
                post["leadership"],
                post["rank_code"],
                post["position_code"],
                p["gender"],
                p["birth_date"],
                p.get("ethnicity", ""),
                p.get("party_member"),
                *[held.get(dimension) or NONE for dimension in DIMENSIONS],
            )
        )

    @property
    def ref(self) -> str:
        """The file named on the rows it writes (their source_ref column holds 100)."""
        return self.source_ref[:100]

    def process(self, prepared: Prepared) -> None:
        if self.failed:
            return  # once the file is known bad, only validate the rest
        rows, new = prepared.rows, prepared.new
        columns = ("id", "code", "version", *PERSON_COLUMNS)
        existing = {
            p[1]: dict(zip(columns, p, strict=True))
            for p in fetch_in(Person._meta.db_table, columns, "code", [r.code for r in rows])
        }
        self._check_national_ids(rows, new.national_ids, existing)
        if self.failed:
            return
        ids = [p["id"] for p in existing.values()]
        posts, quals = self._timelines(ids)
        writer = _ChunkWriter(self)
        # Codes the snapshot had but the table no longer has (or a 64-bit hash shared).
        missing = NewPeople()
        for row in rows:
            if row.code not in existing:
                self.build(row, missing)
            else:
                person = existing[row.code]
                changed = writer.update(
                    person, row, posts.get(person["id"], []), quals.get(person["id"], {})
                )
                if changed:
                    self.result.updated += 1
                else:
                    self.result.unchanged += 1
        missing.adapt(self.copy_types)
        for batch in (new, missing):
            if batch.count:
                writer.insert(batch)
                self.result.created += batch.count
        writer.flush()

    def _check_national_ids(
        self, rows: list[Row], new: list[tuple[int, str, str]], existing: dict[str, dict]
    ) -> None:
        """A national ID the table holds must be the same person's."""
        before = self.before
        assert before is not None  # taken by begin()
        wanted = {
            r.person["national_id"]: (r.row, r.code)
            for r in rows
            if r.person.get("national_id") and before.may_have_national_id(r.person["national_id"])
        }
        wanted.update({national_id: (row, code) for row, code, national_id in new})
        if not wanted:
            return
        for code, national_id in fetch_in(
            Person._meta.db_table, ("code", "national_id"), "national_id", list(wanted)
        ):
            row, wanted_code = wanted[national_id]
            if code != wanted_code:
                self.error(
                    row, "national_id", f"national ID {national_id} belongs to person '{code}'"
                )

    def _timelines(self, ids: list[int]):
        posts: dict[int, list[Span]] = defaultdict(list)
        quals: dict[int, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
        if not ids:
            return posts, quals
        post_rows = fetch_in(
            Post._meta.db_table,
            ("id", "person_id", "valid_from", "valid_to", *POST_COLUMNS),
            "person_id",
            ids,
        )
        for p in sorted(post_rows, key=itemgetter(2)):
            posts[p[1]].append(Span(p[0], p[2], p[3], rules.PostFacts(*p[4:])))
        qual_rows = fetch_in(
            Qualification._meta.db_table,
            ("id", "person_id", "dimension", "valid_from", "valid_to", "level"),
            "person_id",
            ids,
        )
        for q in sorted(qual_rows, key=itemgetter(3)):
            quals[q[1]][q[2]].append(Span(q[0], q[3], q[4], q[5]))
        return posts, quals

    def finish(self):
        if not self.failed and self.audits:
            audit_record_many(
                actor=self.actor, event="person.imported", subject_type="person", items=self.audits
            )


class _HashSet:
    """The 64-bit hashes of the keys seen so far.

    The newest quarter million sit in a Python set (fast, about 80 bytes a key); older ones
    move to sorted arrays, one per value of their low bits (8 bytes a key), so a million
    keys take 30 MB instead of 76.
    """

    YOUNG = 1 << 18
    BUCKETS = 1 << 14

    def __init__(self):
        self.young: set[int] = set()
        self.buckets: list[array | None] = [None] * self.BUCKETS
        self.settled = 0

    def add(self, key: str) -> bool:
        """Add the key's hash; False if it was already there."""
        digest = hash(key)
        if digest in self.young or (self.settled and self._settled_has(digest)):
            return False
        self.young.add(digest)
        if len(self.young) >= self.YOUNG:
            self._settle()
        return True

    def _settled_has(self, digest: int) -> bool:
        bucket = self.buckets[digest & (self.BUCKETS - 1)]
        if bucket is None:
            return False
        i = bisect_left(bucket, digest)
        return i < len(bucket) and bucket[i] == digest

    def _settle(self) -> None:
        mask = self.BUCKETS - 1
        for digest in self.young:
            bucket = self.buckets[digest & mask]
            if bucket is None:
                self.buckets[digest & mask] = array("q", [digest])
            else:
                bucket.insert(bisect_left(bucket, digest), digest)
        self.settled += len(self.young)
        self.young = set()


class _Snapshot:
    """The person codes and national IDs the table held when the import began, as sorted
    64-bit hashes (8 bytes a person).

    A chunk asks the database only about the keys whose hash is here. A key missing from the
    snapshot can only be in the table if this import wrote it, which the file's duplicate
    checks already refuse, or if another transaction committed it meanwhile, which the
    unique constraints still catch. A million new people thus cost no lookups at all.
    """

    def __init__(self, codes: array, national_ids: array):
        self.codes, self.national_ids = codes, national_ids

    @classmethod
    def take(cls) -> "_Snapshot":
        codes: list[int] = []
        national_ids: list[int] = []
        q = connection.ops.quote_name
        with connection.chunked_cursor() as cursor:
            cursor.execute(
                f"SELECT {q('code')}, {q('national_id')} FROM {q(Person._meta.db_table)}"
            )
            while batch := cursor.fetchmany(10_000):
                for code, national_id in batch:
                    codes.append(hash(code))
                    if national_id:
                        national_ids.append(hash(national_id))
        codes.sort()
        national_ids.sort()
        return cls(array("q", codes), array("q", national_ids))

    @staticmethod
    def _has(hashes: array, key: str) -> bool:
        digest = hash(key)
        i = bisect_left(hashes, digest)
        return i < len(hashes) and hashes[i] == digest

    def may_have_code(self, code: str) -> bool:
        return self._has(self.codes, code)

    def may_have_national_id(self, national_id: str) -> bool:
        return self._has(self.national_ids, national_id)


class _ChunkWriter:
    """Collects one chunk's inserts and updates and writes them in a few statements."""

    def __init__(self, importer: PeopleImporter):
        self.imp = importer
        self.on = importer.as_of
        self.ref = importer.ref
        self.posts: list[tuple] = []
        self.quals: list[tuple] = []
        self.person_updates: list[tuple[int, dict[str, Any]]] = []
        self.post_closes: list[tuple] = []
        self.post_deletes: list[tuple] = []
        self.qual_closes: list[tuple] = []
        self.qual_deletes: list[tuple] = []

    def insert(self, new: NewPeople) -> None:
        """Write a batch of new people, with ids allocated now.

        Their rows point at people inserted here and at units held here, so PostgreSQL need
        not check each row's foreign keys again at COMMIT (core.db.references_vouched).
        """
        ids = allocate_ids(Person._meta.db_table, new.count)
        gone = hold_for_reference(Unit._meta.db_table, new.unit_ids)
        if gone:
            raise IntegrityError(f"units deleted while the file was imported (ids {sorted(gone)})")
        with references_vouched():
            for rows, table, columns in new.tables():
                if table in new.encoded:
                    insert_encoded(table, columns, new.encoded[table], ids)
                else:
                    fill_ids(rows, len(columns), ids)
                    insert_flat(table, columns, rows)

    def update(self, person: dict, row: Row, posts: list[Span], quals: dict) -> bool:
        changes: dict[str, Any] = {}
        fields = {k: v for k, v in row.person.items() if person[k] != v}
        if fields:
            changes["fields"] = {k: [_plain(person[k]), _plain(v)] for k, v in fields.items()}
        current = next((s.value for s in posts if s.valid_from <= self.on <= s.valid_to), None)
        base = current.__dict__ if current else {"leadership": "none"}
        facts = rules.PostFacts(**{**base, **row.post})
        plan = plan_set(posts, self.on, facts)
        if plan.changed:
            self._apply(plan, posts, person["id"], facts, self.post_closes, self.post_deletes)
            changes["post"] = {"on": str(self.on), "to": facts.__dict__}
        for dimension, level in row.qualifications.items():
            spans = quals.get(dimension, [])
            plan = plan_set(spans, self.on, None if level == NONE else level)
            if plan.changed:
                self._apply(
                    plan,
                    spans,
                    person["id"],
                    (dimension, level),
                    self.qual_closes,
                    self.qual_deletes,
                )
                changes.setdefault("qualifications", {})[dimension] = level
        if not changes:
            return False
        self.person_updates.append((person["id"], fields))
        changes["source"] = self.ref
        self.imp.audits.append((row.code, changes))
        return True

    def _apply(self, plan: Plan, spans: list[Span], person_id, value, closes, deletes) -> None:
        if plan.close:
            closes.append((plan.close[1], plan.close[0]))
        if plan.delete is not None:
            deletes.append((plan.delete,))
        add = plan.add
        if plan.replace:
            # Same start date: the old value was wrong; replace the row over the same dates.
            old = next(s for s in spans if s.id == plan.replace[0])
            deletes.append((old.id,))
            add = (old.valid_from, old.valid_to, value)
        if add:
            start, end, _ = add
            if isinstance(value, rules.PostFacts):
                self._add_post(person_id, start, end, value)
            else:
                self._add_qual(person_id, value[0], value[1], start, end)

    def _add_post(self, person_id, start, end, facts: rules.PostFacts) -> None:
        self.posts.append(
            (
                person_id,
                facts.unit_id,
                facts.category,
                facts.leadership,
                facts.rank_code,
                facts.position_code,
                start,
                end,
                IMPORTED,
                self.ref,
            )
        )

    def _add_qual(self, person_id, dimension, level, start, end) -> None:
        self.quals.append((person_id, dimension, level, start, end, IMPORTED, self.ref, "", ""))

    def flush(self) -> None:
        q = connection.ops.quote_name
        for model, closes, deletes in (
            (Post, self.post_closes, self.post_deletes),
            (Qualification, self.qual_closes, self.qual_deletes),
        ):
            table = q(model._meta.db_table)
            execute_many(f"DELETE FROM {table} WHERE id = %s", deletes)
            execute_many(f"UPDATE {table} SET valid_to = %s WHERE id = %s", closes)
        bulk_insert(Post._meta.db_table, POST_INSERT, self.posts)
        bulk_insert(Qualification._meta.db_table, QUALIFICATION_INSERT, self.quals)
        for pk, fields in self.person_updates:
            if "full_name" in fields:
                fields = {**fields, **self.imp.name_fields(fields["full_name"])}
            Person.objects.filter(pk=pk).update(
                **fields, version=F("version") + 1, updated_at=self.imp.now
            )
        standings.refresh(pk for pk, _fields in self.person_updates)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
