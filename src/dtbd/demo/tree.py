"""The demo province's organisation tree and its history.

Real: the province Tuyên Quang (GSO 08) and its 124 communes and wards since 1 July 2025, as
the `vietnam-provinces` package gives them; the former province Hà Giang (02) and the 18
districts of the two provinces, which ceased on 30 June 2025. Plausible but fictional in
detail: the agencies' codes (derived from their parent's code), and which former district
each new commune is taken to succeed (by GSO code range; the demo only uses it to move its
fictional staff).

The history is written as three `units` files: the tree as of 2020-01-01 (with every unit's
validity period), the renames of 1 March 2025 (the provincial departments' reorganisation),
and the moves of 1 July 2025 (units that outlived the merger under a new parent).
"""

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from functools import lru_cache

from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

D = dt.date
START = D(2020, 1, 1)  # the first personnel file describes this date
REORG = D(2025, 3, 1)  # provincial departments merged and renamed
MERGER = D(2025, 7, 1)  # Hà Giang joined Tuyên Quang; districts abolished
LATEST = D(2026, 1, 1)  # promotions and raised qualifications
DAY_BEFORE_REORG = REORG - dt.timedelta(days=1)
LAST_DISTRICT_DAY = MERGER - dt.timedelta(days=1)

PROVINCE = "08"
FORMER_PROVINCE = "02"
# Resolution of the National Assembly on the arrangement of provincial-level units (2025).
MERGER_DECISION = "202/2025/QH15"

# GSO codes of the districts that ceased on 30 June 2025.
DISTRICTS: dict[str, tuple[str, str]] = {
    # code: (name, province)
    "070": ("Thành phố Tuyên Quang", PROVINCE),
    "071": ("Huyện Lâm Bình", PROVINCE),
    "072": ("Huyện Na Hang", PROVINCE),
    "073": ("Huyện Chiêm Hóa", PROVINCE),
    "074": ("Huyện Hàm Yên", PROVINCE),
    "075": ("Huyện Yên Sơn", PROVINCE),
    "076": ("Huyện Sơn Dương", PROVINCE),
    "024": ("Thành phố Hà Giang", FORMER_PROVINCE),
    "026": ("Huyện Đồng Văn", FORMER_PROVINCE),
    "027": ("Huyện Mèo Vạc", FORMER_PROVINCE),
    "028": ("Huyện Yên Minh", FORMER_PROVINCE),
    "029": ("Huyện Quản Bạ", FORMER_PROVINCE),
    "030": ("Huyện Vị Xuyên", FORMER_PROVINCE),
    "031": ("Huyện Bắc Mê", FORMER_PROVINCE),
    "032": ("Huyện Hoàng Su Phì", FORMER_PROVINCE),
    "033": ("Huyện Xín Mần", FORMER_PROVINCE),
    "034": ("Huyện Bắc Quang", FORMER_PROVINCE),
    "035": ("Huyện Quang Bình", FORMER_PROVINCE),
}

# A new commune's code is that of one of the communes it merged, and old commune codes run
# district by district; so the code says (roughly) which former district a commune lies in.
# (first code of the range, district), ascending.
_DISTRICT_RANGES = [
    (0, "024"),
    (712, "026"),
    (769, "027"),
    (820, "028"),
    (874, "029"),
    (904, "030"),
    (979, "031"),
    (1015, "032"),
    (1093, "033"),
    (1150, "034"),
    (1219, "035"),
    (2000, "070"),
    (2221, "072"),
    (2263, "071"),
    (2285, "073"),
    (2371, "074"),
    (2431, "075"),
    (2536, "076"),
]
# Lâm Bình was split from Na Hang and Chiêm Hóa in 2011, and Yên Sơn's communes near the town
# became wards of the city, so some codes lie outside their district's range.
_DISTRICT_OVERRIDES = {"02296": "071", "02302": "071"}


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    level: str
    kind: str
    parent_code: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    staff: int = 0  # people employed at the full demo size (see people.py)
    region: str = PROVINCE  # which former province's population it draws on

    def alive(self, on: dt.date) -> bool:
        start = self.valid_from or dt.date.min
        end = self.valid_to or dt.date.max
        return start <= on <= end


@dataclass(frozen=True)
class Succession:
    predecessor: str
    successor: str
    effective_on: dt.date
    decision_no: str = ""


@dataclass
class Tree:
    initial: list[DemoUnit] = field(default_factory=list)  # as of START
    renames: list[DemoUnit] = field(default_factory=list)  # as of REORG
    moves: list[DemoUnit] = field(default_factory=list)  # as of MERGER
    successions: list[Succession] = field(default_factory=list)
    communes: dict[str, str] = field(default_factory=dict)  # commune code -> former district

    @property
    def units(self) -> dict[str, DemoUnit]:
        """Every unit as it was first written (the initial file)."""
        return {u.code: u for u in self.initial}

    def successor_of(self, code: str) -> str | None:
        return next((s.successor for s in self.successions if s.predecessor == code), None)


@lru_cache(maxsize=1)
def communes() -> tuple[tuple[str, str, str], ...]:
    """(code, name, division type) of Tuyên Quang's communes and wards, by code."""
    with open(NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as handle:
        provinces = json.load(handle)
    province = next(p for p in provinces if p["code"] == int(PROVINCE))
    return tuple(
        (f"{w['code']:05d}", w["name"], w["division_type"])
        for w in sorted(province["wards"], key=lambda w: w["code"])
    )


def former_district(code: str, division_type: str) -> str:
    if code in _DISTRICT_OVERRIDES:
        return _DISTRICT_OVERRIDES[code]
    number = int(code)
    if division_type == "phường" and number >= 2000:
        return "070"  # the wards of the new province's capital
    district = _DISTRICT_RANGES[0][1]
    for first, candidate in _DISTRICT_RANGES:
        if number >= first:
            district = candidate
    return district


def area_name(name: str) -> str:
    """'Huyện Lâm Bình' -> 'Lâm Bình', 'Thành phố Hà Giang' -> 'Hà Giang'."""
    for prefix in ("Thành phố ", "Huyện "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _lower_first(name: str) -> str:
    """'Xã Thượng Lâm' -> 'xã Thượng Lâm', as it reads after 'Đảng ủy'."""
    return name[:1].lower() + name[1:]


def _province_agencies() -> list[DemoUnit]:
    """Tuyên Quang's provincial agencies; those merged on 1 March 2025 end the day before."""
    p, end = PROVINCE, DAY_BEFORE_REORG

    def u(code, name, kind, parent, staff, valid_to=None):
        return DemoUnit(f"{p}.{code}", name, "province", kind, parent, None, valid_to, staff)

    tu, ub, mt = f"{p}.TU", f"{p}.UBND", f"{p}.MTTQ"
    return [
        u("TU", "Tỉnh ủy Tuyên Quang", "party", p, 6),
        u("BTC", "Ban Tổ chức Tỉnh ủy", "party", tu, 22),
        u("BTG", "Ban Tuyên giáo Tỉnh ủy", "party", tu, 16),
        u("BDV", "Ban Dân vận Tỉnh ủy", "party", tu, 12, end),
        u("UBKT", "Ủy ban Kiểm tra Tỉnh ủy", "party", tu, 15),
        u("BNC", "Ban Nội chính Tỉnh ủy", "party", tu, 10),
        u("VPTU", "Văn phòng Tỉnh ủy", "party", tu, 24),
        u("TCT", "Trường Chính trị tỉnh Tuyên Quang", "training_institution", tu, 34),
        u("UBND", "Ủy ban nhân dân tỉnh Tuyên Quang", "state", p, 5),
        u("VPUBND", "Văn phòng Ủy ban nhân dân tỉnh", "state", ub, 28),
        u("SNV", "Sở Nội vụ", "state", ub, 34),
        u("SLDTBXH", "Sở Lao động – Thương binh và Xã hội", "state", ub, 24, end),
        u("STC", "Sở Tài chính", "state", ub, 32),
        u("SKHDT", "Sở Kế hoạch và Đầu tư", "state", ub, 24, end),
        u("SGDDT", "Sở Giáo dục và Đào tạo", "state", ub, 34),
        u("SYT", "Sở Y tế", "state", ub, 28),
        u("SNN", "Sở Nông nghiệp và Phát triển nông thôn", "state", ub, 38),
        u("STNMT", "Sở Tài nguyên và Môi trường", "state", ub, 24, end),
        u("SXD", "Sở Xây dựng", "state", ub, 24),
        u("SCT", "Sở Công Thương", "state", ub, 22),
        u("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "state", ub, 24),
        u("STP", "Sở Tư pháp", "state", ub, 18),
        u("SKHCN", "Sở Khoa học và Công nghệ", "state", ub, 18),
        u("STTTT", "Sở Thông tin và Truyền thông", "state", ub, 18, end),
        u("BDT", "Ban Dân tộc tỉnh", "state", ub, 14),
        u("TTR", "Thanh tra tỉnh", "state", ub, 20),
        u("BVDK", "Bệnh viện Đa khoa tỉnh Tuyên Quang", "public_service", f"{p}.SYT", 140),
        u("THPTC", "Trường THPT Chuyên Tuyên Quang", "public_service", f"{p}.SGDDT", 56),
        u("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Tuyên Quang", "front", p, 14),
        u("TDTN", "Tỉnh đoàn Tuyên Quang", "front", mt, 12),
        u("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh Tuyên Quang", "front", mt, 12),
        u("HND", "Hội Nông dân tỉnh Tuyên Quang", "front", mt, 12),
        u("HCCB", "Hội Cựu chiến binh tỉnh Tuyên Quang", "front", mt, 8),
        u("LDLD", "Liên đoàn Lao động tỉnh Tuyên Quang", "front", mt, 12),
    ]


# Provincial departments reorganised on 1 March 2025: (ceased, successor).
REORG_MERGERS = [("BDV", "BTG"), ("SLDTBXH", "SNV"), ("SKHDT", "STC"), ("STNMT", "SNN"),
                 ("STTTT", "SKHCN")]  # fmt: skip
REORG_RENAMES = {
    "BTG": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "SNN": "Sở Nông nghiệp và Môi trường",
    "BDT": "Sở Dân tộc và Tôn giáo",
}


def _former_province() -> list[DemoUnit]:
    """Hà Giang and its provincial agencies; its hospital and school outlive the merger."""
    p, end = FORMER_PROVINCE, LAST_DISTRICT_DAY

    def u(code, name, kind, parent, staff, valid_to=end):
        return DemoUnit(f"{p}.{code}", name, "province", kind, parent, None, valid_to, staff, p)

    tu, ub = f"{p}.TU", f"{p}.UBND"
    return [
        DemoUnit(p, "Tỉnh Hà Giang", "province", "area", "", None, end, 0, p),
        u("TU", "Tỉnh ủy Hà Giang", "party", p, 5),
        u("BTC", "Ban Tổ chức Tỉnh ủy Hà Giang", "party", tu, 16),
        u("TCT", "Trường Chính trị tỉnh Hà Giang", "training_institution", tu, 24),
        u("UBND", "Ủy ban nhân dân tỉnh Hà Giang", "state", p, 5),
        u("SNV", "Sở Nội vụ tỉnh Hà Giang", "state", ub, 24),
        u("STC", "Sở Tài chính tỉnh Hà Giang", "state", ub, 24),
        u("SGDDT", "Sở Giáo dục và Đào tạo tỉnh Hà Giang", "state", ub, 24),
        u("SYT", "Sở Y tế tỉnh Hà Giang", "state", ub, 22),
        u("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hà Giang", "front", p, 12),
        u("BVDK", "Bệnh viện Đa khoa tỉnh Hà Giang", "public_service", f"{p}.SYT", 110, None),
        u("THPTC", "Trường THPT Chuyên Hà Giang", "public_service", f"{p}.SGDDT", 46, None),
    ]


# District agencies: (suffix, name pattern, kind, parent suffix or "" for the district, staff)
_DISTRICT_AGENCIES = [
    ("HU", "{committee} {short}", "party", "", 12),
    ("UBND", "Ủy ban nhân dân {lower}", "state", "", 4),
    ("PNV", "Phòng Nội vụ {lower}", "state", "UBND", 7),
    ("PTCKH", "Phòng Tài chính – Kế hoạch {lower}", "state", "UBND", 7),
    ("PGDDT", "Phòng Giáo dục và Đào tạo {lower}", "state", "UBND", 7),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam {lower}", "front", "", 8),
    ("TTCT", "Trung tâm Chính trị {lower}", "training_institution", "", 6),
    ("TTYT", "Trung tâm Y tế {lower}", "public_service", "", 24),
]
# Where a ceased district agency's staff go on 1 July 2025: the commune unit of that kind.
DISTRICT_TO_COMMUNE = {"HU": "DU", "UBND": "UBND", "PNV": "UBND", "PTCKH": "UBND",
                       "PGDDT": "UBND", "MTTQ": "MTTQ"}  # fmt: skip

# Commune units: (suffix, name prefix, kind, staff)
COMMUNE_AGENCIES = [
    ("DU", "Đảng ủy", "party", 5),
    ("UBND", "Ủy ban nhân dân", "state", 10),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam", "front", 3),
]


def _districts() -> list[DemoUnit]:
    rows = []
    for code, (name, province) in DISTRICTS.items():
        end = LAST_DISTRICT_DAY
        rows.append(DemoUnit(code, name, "district", "area", province, None, end, 0, province))
        short = area_name(name)
        committee = "Thành ủy" if name.startswith("Thành phố") else "Huyện ủy"
        lower = _lower_first(name)
        for suffix, pattern, kind, parent, staff in _DISTRICT_AGENCIES:
            text = pattern.format(committee=committee, short=short, lower=lower)
            rows.append(
                DemoUnit(
                    f"{code}.{suffix}",
                    text,
                    "district",
                    kind,
                    f"{code}.{parent}" if parent else code,
                    None,
                    end,
                    staff,
                    province,
                )
            )
    return rows


def _communes() -> tuple[list[DemoUnit], dict[str, str]]:
    rows, districts = [], {}
    for code, name, division_type in communes():
        districts[code] = former_district(code, division_type)
        region = DISTRICTS[districts[code]][1]
        rows.append(DemoUnit(code, name, "commune", "area", PROVINCE, MERGER, None, 0, region))
        for suffix, prefix, kind, staff in COMMUNE_AGENCIES:
            rows.append(
                DemoUnit(
                    f"{code}.{suffix}",
                    f"{prefix} {_lower_first(name)}",
                    "commune",
                    kind,
                    code,
                    MERGER,
                    None,
                    staff,
                    region,
                )
            )
    return rows, districts


@lru_cache(maxsize=1)
def build_tree() -> Tree:
    """The whole tree and its history; the same every time."""
    tree = Tree()
    province = DemoUnit(PROVINCE, "Tỉnh Tuyên Quang", "province", "area")
    commune_rows, tree.communes = _communes()
    tree.initial = [
        province,
        *_province_agencies(),
        *_former_province(),
        *_districts(),
        *commune_rows,
    ]
    units = tree.units
    p, fp = PROVINCE, FORMER_PROVINCE

    for old, new in REORG_MERGERS:
        tree.successions.append(Succession(f"{p}.{old}", f"{p}.{new}", REORG))
    tree.renames = [
        replace(units[f"{p}.{suffix}"], name=name) for suffix, name in REORG_RENAMES.items()
    ]

    tree.successions.append(Succession(fp, p, MERGER, MERGER_DECISION))
    for unit in _former_province():
        suffix = unit.code.partition(".")[2]
        if suffix and unit.valid_to == LAST_DISTRICT_DAY:
            tree.successions.append(Succession(unit.code, f"{p}.{suffix}", MERGER))
    tree.moves = [
        replace(units[f"{fp}.BVDK"], parent_code=f"{p}.SYT"),
        replace(units[f"{fp}.THPTC"], parent_code=f"{p}.SGDDT"),
    ]
    for code in DISTRICTS:
        for commune, district in tree.communes.items():
            if district == code:
                tree.successions.append(Succession(code, commune, MERGER))
        tree.successions.append(Succession(f"{code}.TTCT", f"{p}.TCT", MERGER))
        # District health centres live on as regional centres of the provincial department.
        centre = units[f"{code}.TTYT"]
        area = area_name(DISTRICTS[code][0])
        tree.initial[tree.initial.index(centre)] = replace(centre, valid_to=None)
        tree.moves.append(
            replace(
                centre,
                name=f"Trung tâm Y tế khu vực {area}",
                level="province",
                parent_code=f"{p}.SYT",
                valid_to=None,
            )
        )
    return tree
