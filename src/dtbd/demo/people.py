"""The demo's fictional workforce and its history, as four `people` files.

Seeded, so every run gives the same people. Each file is the state on its as-of date, in the
contract's columns, and names only units alive on that date:

- 2020-01-01: everyone in post at the units of the time (provincial agencies of Tuyên Quang
  and Hà Giang, the district agencies), with their qualifications;
- 2025-03-01: staff of the provincial departments merged that day join the successor;
- 2025-07-01: Hà Giang's provincial staff join Tuyên Quang's agencies, district staff move
  to the new communes (a few to provincial departments), and the communes' own cadres and
  civil servants are recorded;
- 2026-01-01: promotions to deputy, higher ranks and raised qualifications.
"""

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from dtbd.core.codes import SCALES, Dimension, rank_of

from . import names
from .tree import (
    DISTRICT_TO_COMMUNE,
    DISTRICTS,
    FORMER_PROVINCE,
    LATEST,
    MERGER,
    PROVINCE,
    REORG,
    REORG_MERGERS,
    START,
    DemoUnit,
    Tree,
)

DEFAULT_SIZE = 4000
SEED = 20250701
COLUMNS = (
    "person_code",
    "full_name",
    "birth_date",
    "gender",
    "unit_code",
    "category",
    "leadership",
    "rank_code",
    "ethnicity",
    "party_member",
    "national_id",
    *Dimension.values,
)
ROLE_ORDER = {"head": 0, "deputy": 1, "none": 2}
# The bodies whose heads are the province's top leaders (defence and security group 1).
TOP_BODIES = {f"{PROVINCE}.TU", f"{PROVINCE}.UBND", f"{FORMER_PROVINCE}.TU",
              f"{FORMER_PROVINCE}.UBND"}  # fmt: skip
# Where the few district staff who go up to the province on 1 July 2025 land.
DISTRICT_TO_PROVINCE = {"HU": "BTC", "UBND": "VPUBND", "PNV": "SNV", "PTCKH": "STC",
                        "PGDDT": "SGDDT", "MTTQ": "MTTQ"}  # fmt: skip
NATIONAL_ID_PREFIX = {PROVINCE: "008", FORMER_PROVINCE: "002"}

Weights = Sequence[tuple[str, float]]

PROFESSIONAL: dict[str, Weights] = {
    "province_lead": [("doctorate", 6), ("master", 45), ("university", 49)],
    "province": [("doctorate", 1.5), ("master", 16), ("university", 77.5), ("college", 3),
                 ("intermediate", 2)],
    "district_lead": [("master", 24), ("university", 76)],
    "district": [("master", 6), ("university", 80), ("college", 7), ("intermediate", 7)],
    "commune_lead": [("master", 7), ("university", 88), ("college", 3), ("intermediate", 2)],
    "commune": [("master", 1.5), ("university", 66), ("college", 12), ("intermediate", 17),
                ("elementary", 2.5), ("none", 1)],
    "service_lead": [("doctorate", 10), ("master", 55), ("university", 35)],
    "service": [("doctorate", 2), ("master", 16), ("university", 46), ("college", 19),
                ("intermediate", 15), ("elementary", 2)],
    "training": [("doctorate", 8), ("master", 55), ("university", 37)],
}  # fmt: skip
POLITICAL: dict[str, Weights] = {
    "province_lead": [("advanced", 90), ("intermediate", 10)],
    "district_lead": [("advanced", 55), ("intermediate", 45)],
    "commune_lead": [("advanced", 10), ("intermediate", 80), ("basic", 10)],
    "province": [("advanced", 8), ("intermediate", 40), ("basic", 35), ("none", 17)],
    "district": [("advanced", 3), ("intermediate", 35), ("basic", 40), ("none", 22)],
    "commune": [("intermediate", 35), ("basic", 45), ("none", 20)],
    "service_lead": [("advanced", 40), ("intermediate", 55), ("basic", 5)],
    "service": [("intermediate", 10), ("basic", 40), ("none", 50)],
    "training": [("advanced", 50), ("intermediate", 30), ("basic", 10), ("none", 10)],
}  # fmt: skip
STATE_MANAGEMENT: dict[str, Weights] = {
    "01.001": [("senior_specialist", 100)],
    "01.002": [("principal_specialist", 95), ("specialist", 5)],
    "01.003": [("specialist", 85), ("none", 15)],
    "01.004": [("specialist", 30), ("none", 70)],
    "01.005": [("none", 100)],
    "lead": [("principal_specialist", 40), ("specialist", 50), ("none", 10)],
    "": [("specialist", 15), ("none", 85)],
}
DEFENSE: dict[str, Weights] = {
    "top": [("group_1", 100)],
    "province_lead": [("group_2", 85), ("group_3", 15)],
    "district_lead": [("group_3", 85), ("none", 15)],
    "commune_lead": [("group_4", 80), ("group_3", 5), ("none", 15)],
    "staff": [("group_4", 15), ("group_3", 5), ("none", 80)],
    "commune": [("group_4", 30), ("none", 70)],
}
LANGUAGE: dict[str, Weights] = {
    "young": [("c1", 3), ("b2", 15), ("b1", 40), ("a2", 20), ("a1", 7), ("none", 15)],
    "older": [("b2", 5), ("b1", 25), ("a2", 30), ("a1", 10), ("none", 30)],
    "commune": [("b1", 20), ("a2", 30), ("a1", 15), ("none", 35)],
}
IT: dict[str, Weights] = {
    "young": [("advanced", 25), ("basic", 65), ("none", 10)],
    "older": [("advanced", 10), ("basic", 62), ("none", 28)],
    "commune": [("advanced", 5), ("basic", 60), ("none", 35)],
}
# The defence and security group a leader's post calls for, by level.
LEADER_DEFENSE = {"province": "group_2", "commune": "group_4"}
# The lowest rank for a leadership post at each level (promotions raise to it).
LEADER_RANK = {"province": "01.002", "district": "01.002", "commune": "01.003"}


@dataclass
class Worker:
    code: str
    full_name: str
    birth_date: dt.date
    gender: str
    ethnicity: str
    party_member: bool
    national_id: str
    unit: str
    category: str
    leadership: str
    rank: str
    quals: dict[str, str] = field(default_factory=dict)

    def age(self, on: dt.date) -> int:
        b = self.birth_date
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))

    def row(self, quals: dict[str, str]) -> dict[str, str]:
        """The person's file row: identity and post now, and the given qualification cells."""
        return {
            "person_code": self.code,
            "full_name": self.full_name,
            "birth_date": self.birth_date.isoformat(),
            "gender": self.gender,
            "unit_code": self.unit,
            "category": self.category,
            "leadership": self.leadership,
            "rank_code": self.rank,
            "ethnicity": self.ethnicity,
            "party_member": "true" if self.party_member else "false",
            "national_id": self.national_id,
            **{d: quals.get(d, "") for d in Dimension.values},
        }


def _best_placed(worker: "Worker") -> tuple[int, int]:
    """Leaders first, then by political theory: who takes the new unit's leading posts."""
    return ROLE_ORDER[worker.leadership], -rank_of(
        "political_theory", worker.quals["political_theory"]
    )


def _pick(rng: random.Random, weighted: Weights) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


class Workforce:
    """Builds the four files; `files` is [(as_of, rows)] in import order."""

    def __init__(self, tree: Tree, *, size: int = DEFAULT_SIZE, seed: int = SEED):
        self.tree = tree
        self.rng = random.Random(seed)
        self.scale = size / DEFAULT_SIZE
        self.units: dict[str, DemoUnit] = tree.units
        self.people: list[Worker] = []
        self.members: dict[str, list[Worker]] = defaultdict(list)
        self.national_ids: set[str] = set()
        self.files: list[tuple[dt.date, list[dict[str, str]]]] = []

    def build(self) -> "Workforce":
        self.files.append((START, self._start()))
        self.files.append((REORG, self._reorganise()))
        self.units.update({u.code: u for u in self.tree.moves})
        self.files.append((MERGER, self._merge()))
        self.files.append((LATEST, self._promote()))
        return self

    # --- the four dates -----------------------------------------------------------------
    def _start(self) -> list[dict[str, str]]:
        rows = []
        for unit in self.tree.initial:
            if unit.staff and unit.alive(START):
                rows += self._staff_unit(unit, [], START)
        # One well-known name, so that searching "nguyen van cu" finds someone.
        deputy = next(w for w in self.members[f"{PROVINCE}.SNV"] if w.leadership == "deputy")
        deputy.full_name, deputy.gender, deputy.ethnicity = "Nguyễn Văn Cừ", "male", "Kinh"
        deputy.national_id = self._national_id(PROVINCE, "male", deputy.birth_date)
        return [w.row(w.quals) for w in self.people]

    def _reorganise(self) -> list[dict[str, str]]:
        rows = []
        for old, new in REORG_MERGERS:
            rows += self._merge_into(f"{PROVINCE}.{new}", self.members.pop(f"{PROVINCE}.{old}"))
        return rows

    def _merge(self) -> list[dict[str, str]]:
        rows = []
        for succession in self.tree.successions:
            old, new = succession.predecessor, succession.successor
            if old in self.members and new.startswith(f"{PROVINCE}."):
                rows += self._merge_into(new, self.members.pop(old))
        by_commune: dict[str, list[Worker]] = defaultdict(list)
        for district in DISTRICTS:
            communes = sorted(c for c, d in self.tree.communes.items() if d == district)
            pools: dict[str, list[Worker]] = defaultdict(list)
            for suffix, target in DISTRICT_TO_COMMUNE.items():
                movers = self.members.pop(f"{district}.{suffix}", [])
                self.rng.shuffle(movers)
                upward = [w for w in movers if w.leadership == "none" and self.rng.random() < 0.1]
                province_unit = f"{PROVINCE}.{DISTRICT_TO_PROVINCE[suffix]}"
                rows += self._merge_into(province_unit, upward)
                going_up = {w.code for w in upward}
                pools[target] += [w for w in movers if w.code not in going_up]
            for target, pool in pools.items():
                pool.sort(key=_best_placed)
                for i, worker in enumerate(pool):
                    by_commune[f"{communes[i % len(communes)]}.{target}"].append(worker)
        for unit in self.tree.initial:
            if unit.staff and unit.valid_from == MERGER:
                rows += self._staff_unit(unit, by_commune.pop(unit.code, []), MERGER)
        stranded = [w.code for c, ws in self.members.items() if not self._alive(c) for w in ws]
        if stranded or by_commune:
            raise RuntimeError(f"demo people left at ceased units: {stranded[:5]}")
        return rows

    def _promote(self) -> list[dict[str, str]]:
        changed: dict[str, dict[str, str]] = {}
        for code in sorted(self.members):
            unit, members = self.units[code], self.members[code]
            deputies = sum(w.leadership == "deputy" for w in members)
            staff = [w for w in members if w.leadership == "none" and w.age(LATEST) >= 32]
            if deputies < 3 and staff and self.rng.random() < 0.25:
                worker = max(staff, key=lambda w: (w.age(LATEST), w.code))
                worker.leadership = "deputy"
                worker.category = self._category(unit, "deputy")
                floor = LEADER_RANK[unit.level] if worker.rank else ""
                changed.setdefault(worker.code, {})
                if floor and worker.rank > floor:  # "01.003" > "01.002": a lower rank
                    worker.rank = floor
                    self._raise(worker, "state_management", "principal_specialist", changed)
        for worker in self.people:
            rng = self.rng
            level = self.units[worker.unit].level
            if worker.leadership != "none" and level in LEADER_DEFENSE and rng.random() < 0.8:
                # New leaders take the defence and security course of their post's level.
                self._raise(worker, "defense_security", LEADER_DEFENSE[level], changed)
            if worker.rank == "01.003" and worker.age(LATEST) >= 35 and rng.random() < 0.05:
                worker.rank = "01.002"
                changed.setdefault(worker.code, {})
                self._raise(worker, "state_management", "principal_specialist", changed)
            if worker.rank == "01.003" and rng.random() < 0.3:
                self._raise(worker, "state_management", "specialist", changed)
            if rng.random() < 0.07:
                self._step_up(worker, "political_theory", changed)
            if worker.quals["professional"] == "university" and rng.random() < 0.015:
                self._raise(worker, "professional", "master", changed)
            if rng.random() < 0.05:
                self._step_up(worker, "foreign_language", changed)
            if rng.random() < 0.06:
                self._step_up(worker, "it", changed)
        by_code = {w.code: w for w in self.people}
        return [by_code[code].row(quals) for code, quals in changed.items()]

    # --- building blocks ----------------------------------------------------------------
    def headcount(self, unit: DemoUnit) -> int:
        return max(1, round(unit.staff * self.scale))

    def _alive(self, code: str) -> bool:
        return self.units[code].alive(MERGER)

    def _staff_unit(self, unit: DemoUnit, movers: list[Worker], on: dt.date) -> list[dict]:
        """Put the movers (best placed first) and enough new people in a new unit."""
        total = max(self.headcount(unit), len(movers))
        # One head; one to three deputies, fewer in small units.
        deputies = min(self.rng.randint(1, 3), max(1, total // 3), total - 1)
        ordered = sorted(movers, key=_best_placed)
        rows = []
        for index in range(total):
            role = "head" if index == 0 else "deputy" if index <= deputies else "none"
            if index < len(ordered):
                worker = ordered[index]
                worker.unit, worker.leadership = unit.code, role
                worker.category = self._category(unit, role)
                rows.append(worker.row({}))
            else:
                worker = self._hire(unit, role, on)
                rows.append(worker.row(worker.quals))
            self.members[unit.code].append(worker)
        return rows

    def _merge_into(self, code: str, movers: list[Worker]) -> list[dict]:
        """Staff of a ceased unit join `code`; its leaders become deputies while there is room."""
        unit, members = self.units[code], self.members[code]
        deputies = sum(w.leadership == "deputy" for w in members)
        rows = []
        for worker in sorted(movers, key=lambda w: ROLE_ORDER[w.leadership]):
            role = "none"
            if worker.leadership != "none" and deputies < 3:
                role, deputies = "deputy", deputies + 1
            worker.unit, worker.leadership = code, role
            worker.category = self._category(unit, role)
            members.append(worker)
            rows.append(worker.row({}))
        return rows

    def _hire(self, unit: DemoUnit, role: str, on: dt.date) -> Worker:
        rng = self.rng
        category = self._category(unit, role)
        gender = "female" if rng.random() < self._female_share(unit, role) else "male"
        ethnic = names.ethnicity(rng, unit.region)
        birth = self._birth_date(role, on)
        code = f"CB{len(self.people) + 1:06d}"
        leader = role != "none"
        party = leader or rng.random() < (0.38 if category == "public_employee" else 0.72)
        worker = Worker(
            code=code,
            full_name=names.full_name(rng, gender, ethnic),
            birth_date=birth,
            gender=gender,
            ethnicity=ethnic,
            party_member=party,
            national_id=(
                self._national_id(unit.region, gender, birth) if rng.random() < 0.9 else ""
            ),
            unit=unit.code,
            category=category,
            leadership=role,
            rank=self._rank(unit, category, role),
        )
        worker.quals = self._qualifications(unit, worker)
        self.people.append(worker)
        return worker

    def _category(self, unit: DemoUnit, role: str) -> str:
        if unit.kind in ("public_service", "training_institution"):
            return "public_employee"
        elected = unit.kind in ("party", "front") or unit.code.endswith(".UBND")
        if role != "none" and (elected or unit.level == "commune"):
            return "cadre"
        return "civil_servant"

    def _female_share(self, unit: DemoUnit, role: str) -> float:
        if unit.code.endswith(".HLHPN"):
            return 0.95
        if unit.code.endswith(".HCCB"):
            return 0.1
        if role != "none":
            return 0.22
        if unit.kind == "public_service":
            return 0.62
        return 0.42 if unit.level == "commune" else 0.48

    def _birth_date(self, role: str, joined: dt.date) -> dt.date:
        low, high, mode = {"head": (44, 59, 52), "deputy": (36, 58, 47)}.get(role, (23, 59, 37))
        age = round(self.rng.triangular(low, high, mode))
        age = min(59, max(age, 22 + LATEST.year - joined.year))
        return dt.date(LATEST.year - age - 1, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def _national_id(self, region: str, gender: str, born: dt.date) -> str:
        century = (born.year // 100 - 19) * 2 + (gender == "female")
        while True:
            value = (
                f"{NATIONAL_ID_PREFIX[region]}{century}{born.year % 100:02d}"
                f"{self.rng.randrange(1_000_000):06d}"
            )
            if value not in self.national_ids:
                self.national_ids.add(value)
                return value

    def _rank(self, unit: DemoUnit, category: str, role: str) -> str:
        if category in ("public_employee", "other"):
            return ""
        table = {
            ("province", "head"): [("01.001", 60), ("01.002", 40)],
            ("province", "deputy"): [("01.001", 15), ("01.002", 85)],
            ("province", "none"): [("01.002", 20), ("01.003", 72), ("01.004", 6), ("01.005", 2)],
            ("district", "head"): [("01.002", 100)],
            ("district", "deputy"): [("01.002", 60), ("01.003", 40)],
            ("district", "none"): [("01.002", 8), ("01.003", 80), ("01.004", 10), ("01.005", 2)],
            ("commune", "head"): [("01.002", 15), ("01.003", 85)],
            ("commune", "deputy"): [("01.003", 100)],
            ("commune", "none"): [("01.003", 75), ("01.004", 20), ("01.005", 5)],
        }
        return _pick(self.rng, table[(unit.level, role)])

    def _qualifications(self, unit: DemoUnit, worker: Worker) -> dict[str, str]:
        rng, leader = self.rng, worker.leadership != "none"
        if unit.kind == "training_institution":
            group = "training" if not leader else "service_lead"
        elif unit.kind == "public_service":
            group = "service_lead" if leader else "service"
        else:
            group = f"{unit.level}_lead" if leader else unit.level
        political = _pick(rng, POLITICAL[group])
        if worker.leadership == "head" and group in ("province_lead", "district_lead"):
            political = "advanced"  # a provincial or district head needs cao cấp
        young = worker.age(LATEST) < 35
        if young and political == "advanced" and not leader:
            political = "intermediate"
        if worker.rank:
            management = _pick(rng, STATE_MANAGEMENT[worker.rank])
        else:
            management = _pick(rng, STATE_MANAGEMENT["lead" if leader else ""])
        if leader and unit.code in TOP_BODIES and worker.leadership == "head":
            defense = "top"
        elif leader:
            defense = f"{unit.level}_lead"
        else:
            defense = "commune" if unit.level == "commune" else "staff"
        spread = "commune" if unit.level == "commune" else "young" if young else "older"
        return {
            "professional": _pick(rng, PROFESSIONAL[group]),
            "political_theory": political,
            "state_management": management,
            "defense_security": _pick(rng, DEFENSE[defense]),
            "foreign_language": _pick(rng, LANGUAGE[spread]),
            "it": _pick(rng, IT[spread]),
        }

    def _raise(self, worker: Worker, dimension: str, level: str, changed: dict) -> None:
        """Record a qualification that only ever goes up."""
        if rank_of(dimension, level) > rank_of(dimension, worker.quals[dimension]):
            worker.quals[dimension] = level
            changed.setdefault(worker.code, {})[dimension] = level

    def _step_up(self, worker: Worker, dimension: str, changed: dict) -> None:
        scale = SCALES[dimension].values  # highest first
        position = scale.index(worker.quals[dimension])
        if position > 0:
            self._raise(worker, dimension, scale[position - 1], changed)


def build_workforce(tree: Tree, *, size: int = DEFAULT_SIZE, seed: int = SEED) -> Workforce:
    return Workforce(tree, size=size, seed=seed).build()
