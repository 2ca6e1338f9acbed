"""A deterministic synthetic province: ~1,500 units and any number of people.

The tree looks like a province after the 2025 reform (two local levels): the provincial
Party committee and its boards, the People's Committee and its departments with their
divisions, sub-departments and public service units (schools, hospitals, centres), the
Fatherland Front and mass organisations, training institutions, and ~120 communes with
3–5 units each. People get Vietnamese names with diacritics, categories that fit their
unit, all six qualification dimensions and national IDs. Files are written a row at a time,
so a million people never sit in memory.
"""

import csv
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROVINCE = "Tỉnh Sơn Hà"
SEED = 20260101

PEOPLE_HEADER = (
    "person_code",
    "full_name",
    "birth_date",
    "gender",
    "unit_code",
    "category",
    "leadership",
    "rank_code",
    "position_code",
    "ethnicity",
    "party_member",
    "national_id",
    "professional",
    "political_theory",
    "state_management",
    "defense_security",
    "foreign_language",
    "it",
)


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    level: str
    parent_code: str
    kind: str
    staff: int  # relative weight of the unit's headcount
    profile: str  # which mix of categories works there


# --- the tree ------------------------------------------------------------------------------

PARTY_BOARDS = [
    "Văn phòng Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Ban Nội chính Tỉnh ủy",
    "Ban Chính sách, chiến lược Tỉnh ủy",
    "Đảng ủy các cơ quan Đảng tỉnh",
    "Đảng ủy Ủy ban nhân dân tỉnh",
    "Báo Sơn Hà",
]
DEPARTMENTS = [
    ("SNV", "Sở Nội vụ"),
    ("STC", "Sở Tài chính"),
    ("STP", "Sở Tư pháp"),
    ("SCT", "Sở Công Thương"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường"),
    ("SXD", "Sở Xây dựng"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SYT", "Sở Y tế"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo"),
    ("TTR", "Thanh tra tỉnh"),
    ("VPUB", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("SNG", "Sở Ngoại vụ"),
]
DIVISIONS = [
    "Văn phòng",
    "Thanh tra",
    "Phòng Tổ chức cán bộ",
    "Phòng Kế hoạch - Tài chính",
    "Phòng Pháp chế",
    "Phòng Quản lý chuyên ngành",
    "Phòng Nghiệp vụ",
    "Phòng Tổng hợp",
]
SUB_DEPARTMENTS = ["Chi cục Quản lý", "Chi cục Kiểm tra", "Chi cục Phát triển"]
CENTRES = [
    "Trung tâm Dịch vụ",
    "Trung tâm Thông tin",
    "Trung tâm Kỹ thuật",
    "Trung tâm Tư vấn",
    "Ban Quản lý dự án",
    "Trung tâm Khuyến công",
]
FRONT = [
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "Tỉnh đoàn",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Hội Nông dân tỉnh",
    "Hội Cựu chiến binh tỉnh",
    "Liên đoàn Lao động tỉnh",
]
INSTITUTIONS = [
    "Trường Chính trị tỉnh Sơn Hà",
    "Trường Cao đẳng Sơn Hà",
    "Trường Cao đẳng Y tế Sơn Hà",
    "Trường Đại học Sơn Hà",
]
COMMUNE_UNITS = [
    ("DU", "Đảng ủy", "party", "commune_party"),
    ("UB", "Ủy ban nhân dân", "state", "commune_state"),
    ("MT", "Ủy ban MTTQ", "front", "commune_front"),
    ("YT", "Trạm Y tế", "public_service", "health"),
    ("TH", "Trường Tiểu học", "public_service", "school"),
]
SYLLABLES = [
    "An",
    "Bình",
    "Cường",
    "Đông",
    "Đức",
    "Giang",
    "Hà",
    "Hải",
    "Hòa",
    "Hưng",
    "Khánh",
    "Lạc",
    "Lâm",
    "Long",
    "Minh",
    "Mỹ",
    "Nam",
    "Nghĩa",
    "Ngọc",
    "Phong",
    "Phú",
    "Phúc",
    "Quang",
    "Sơn",
    "Tân",
    "Thạch",
    "Thành",
    "Thắng",
    "Thịnh",
    "Thuận",
    "Tiến",
    "Trung",
    "Trường",
    "Tường",
    "Vân",
    "Vĩnh",
    "Xuân",
    "Yên",
    "Hồng",
    "Kim",
    "Lợi",
    "Đồng",
    "Hiệp",
    "Thái",
    "Bắc",
    "Tây",
]
SCHOOL_KINDS = ["Trường Trung học phổ thông", "Trường Trung học cơ sở", "Trường Tiểu học"]
HOSPITALS = [
    "Bệnh viện Đa khoa tỉnh",
    "Bệnh viện Y học cổ truyền",
    "Bệnh viện Phổi",
    "Bệnh viện Sản - Nhi",
    "Bệnh viện Tâm thần",
    "Bệnh viện Mắt",
    "Trung tâm Kiểm soát bệnh tật",
    "Trung tâm Pháp y",
]


def units(communes: int = 120) -> list[UnitSpec]:
    """The tree, parents first (about 1,500 units)."""
    rnd = random.Random(SEED)
    out: list[UnitSpec] = []
    root = "SH"
    out.append(UnitSpec(root, PROVINCE, "province", "", "area", 0, "state"))

    def add(code, name, level, parent, kind, staff, profile):
        out.append(UnitSpec(code, name, level, parent, kind, staff, profile))
        return code

    party = add("SH.TU", "Tỉnh ủy Sơn Hà", "province", root, "party", 20, "party")
    for i, name in enumerate(PARTY_BOARDS, 1):
        board = add(f"SH.TU.{i:02d}", name, "province", party, "party", 30, "party")
        for j in range(1, 4):
            add(f"{board}.P{j}", f"Phòng {j} – {name}", "province", board, "party", 12, "party")
    ubnd = add("SH.UB", "Ủy ban nhân dân tỉnh Sơn Hà", "province", root, "state", 25, "state")
    add("SH.HD", "Hội đồng nhân dân tỉnh Sơn Hà", "province", root, "state", 15, "cadre")
    for short, name in DEPARTMENTS:
        dep = add(f"SH.{short}", name, "province", ubnd, "state", 40, "state")
        for j, div in enumerate(DIVISIONS, 1):
            add(f"{dep}.P{j:02d}", f"{div} – {name}", "province", dep, "state", 15, "state")
        for j, sub in enumerate(SUB_DEPARTMENTS[: rnd.randint(1, 3)], 1):
            cc = add(f"{dep}.CC{j}", f"{sub} – {name}", "province", dep, "state", 30, "state")
            for k in range(1, 4):
                add(f"{cc}.P{k}", f"Phòng {k} – {sub}", "province", cc, "state", 10, "state")
        for j, centre in enumerate(CENTRES[: rnd.randint(3, 6)], 1):
            add(
                f"{dep}.TT{j}",
                f"{centre} – {name}",
                "province",
                dep,
                "public_service",
                25,
                "public",
            )
        if short == "SGDDT":
            for j in range(1, 381):
                school = SCHOOL_KINDS[j % 3]
                place = f"{rnd.choice(SYLLABLES)} {rnd.choice(SYLLABLES)}"
                add(
                    f"{dep}.T{j:03d}",
                    f"{school} {place}",
                    "province",
                    dep,
                    "public_service",
                    60,
                    "school",
                )
        if short == "SYT":
            for j, hospital in enumerate(HOSPITALS, 1):
                h = add(f"{dep}.BV{j}", hospital, "province", dep, "public_service", 250, "health")
                for k in range(1, 11):
                    add(
                        f"{h}.K{k}",
                        f"Khoa {k} – {hospital}",
                        "province",
                        h,
                        "public_service",
                        30,
                        "health",
                    )
            for j in range(1, 31):
                place = f"{rnd.choice(SYLLABLES)} {rnd.choice(SYLLABLES)}"
                add(
                    f"{dep}.TTYT{j:02d}",
                    f"Trung tâm Y tế khu vực {place}",
                    "province",
                    dep,
                    "public_service",
                    80,
                    "health",
                )
    for i, name in enumerate(FRONT, 1):
        org = add(f"SH.MT{i}", name, "province", root, "front", 20, "front")
        for j in range(1, 4):
            add(f"{org}.B{j}", f"Ban {j} – {name}", "province", org, "front", 8, "front")
    for i, name in enumerate(INSTITUTIONS, 1):
        inst = add(f"SH.DT{i}", name, "province", root, "training_institution", 60, "public")
        for j in range(1, 6):
            add(
                f"{inst}.K{j}",
                f"Khoa {j} – {name}",
                "province",
                inst,
                "training_institution",
                15,
                "public",
            )
    used: set[str] = set()
    for i in range(1, communes + 1):
        while True:
            place = f"{rnd.choice(SYLLABLES)} {rnd.choice(SYLLABLES)}"
            if place not in used:
                used.add(place)
                break
        prefix = "Phường" if i % 6 == 0 else "Xã"
        code = f"X{26000 + i * 7:05d}"
        area = add(code, f"{prefix} {place}", "commune", root, "area", 0, "commune_state")
        for short, label, kind, profile in COMMUNE_UNITS[: rnd.randint(3, 5)]:
            add(
                f"{code}.{short}",
                f"{label} {prefix.lower()} {place}",
                "commune",
                area,
                kind,
                {"commune_party": 8, "commune_state": 18, "commune_front": 6}.get(profile, 12),
                profile,
            )
    return out


def write_units(path: Path, specs: list[UnitSpec]) -> int:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name", "level", "parent_code", "kind"])
        for u in specs:
            writer.writerow([u.code, u.name, u.level, u.parent_code, u.kind])
    return len(specs)


# --- people --------------------------------------------------------------------------------

FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9.5),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Huỳnh", 1.5),
    ("Phan", 4.5),
    ("Vũ", 3),
    ("Võ", 1),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 1.5),
    ("Hồ", 1.5),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Đinh", 1),
    ("Trịnh", 0.8),
    ("Đào", 0.7),
    ("Mai", 0.5),
    ("Lò", 0.3),
    ("Hà", 0.6),
]
MIDDLE_MALE = [
    "Văn",
    "Văn",
    "Văn",
    "Đức",
    "Minh",
    "Hữu",
    "Quang",
    "Thanh",
    "Công",
    "Xuân",
    "Trọng",
    "Ngọc",
    "Đình",
    "Mạnh",
    "Tiến",
]
MIDDLE_FEMALE = [
    "Thị",
    "Thị",
    "Thị",
    "Thị",
    "Ngọc",
    "Thu",
    "Thanh",
    "Hồng",
    "Minh",
    "Kim",
    "Phương",
    "Hoài",
    "Diệu",
    "Bích",
]
GIVEN_MALE = [
    "An",
    "Bảo",
    "Bình",
    "Cường",
    "Chiến",
    "Công",
    "Dũng",
    "Duy",
    "Đạt",
    "Đông",
    "Đức",
    "Giang",
    "Hải",
    "Hiếu",
    "Hiệp",
    "Hòa",
    "Hoàng",
    "Hùng",
    "Huy",
    "Hưng",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Long",
    "Lộc",
    "Lợi",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Nhân",
    "Phong",
    "Phúc",
    "Phương",
    "Quang",
    "Quân",
    "Quý",
    "Sơn",
    "Tài",
    "Tâm",
    "Thắng",
    "Thành",
    "Thịnh",
    "Toàn",
    "Trí",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
    "Cừ",
]
GIVEN_FEMALE = [
    "Anh",
    "Ánh",
    "Bích",
    "Châu",
    "Chi",
    "Diễm",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Huệ",
    "Hương",
    "Hường",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quyên",
    "Quỳnh",
    "Tâm",
    "Thảo",
    "Thoa",
    "Thu",
    "Thủy",
    "Trang",
    "Trâm",
    "Tuyết",
    "Uyên",
    "Vân",
    "Xuân",
    "Yến",
    "Ly",
    "Mỹ",
    "Nhàn",
]
ETHNICITY = [
    ("Kinh", 86),
    ("Tày", 3),
    ("Thái", 3),
    ("Mường", 2.5),
    ("Nùng", 1.5),
    ("Dao", 1),
    ("H'Mông", 1.5),
    ("Khmer", 1),
    ("Sán Dìu", 0.5),
]

# category mix per unit profile: cadre, civil_servant, public_employee, other
PROFILES = {
    "party": (25, 70, 0, 5),
    "cadre": (60, 35, 0, 5),
    "state": (5, 85, 5, 5),
    "front": (55, 40, 0, 5),
    "public": (0, 5, 90, 5),
    "school": (0, 2, 93, 5),
    "health": (0, 2, 92, 6),
    "commune_party": (80, 18, 0, 2),
    "commune_state": (30, 65, 0, 5),
    "commune_front": (85, 10, 0, 5),
}
CATEGORIES = ("cadre", "civil_servant", "public_employee", "other")
PROFESSIONAL = [
    ("doctorate", 1),
    ("master", 14),
    ("university", 63),
    ("college", 8),
    ("intermediate", 8),
    ("elementary", 2),
    ("none", 4),
]
POLITICAL = [("advanced", 10), ("intermediate", 35), ("basic", 30), ("none", 25)]
STATE_MGMT = [
    ("senior_specialist", 2),
    ("principal_specialist", 15),
    ("specialist", 45),
    ("none", 38),
]
DEFENSE = [("group_1", 0.5), ("group_2", 4), ("group_3", 18), ("group_4", 30), ("none", 47.5)]
LANGUAGE = [("c2", 0.5), ("c1", 2), ("b2", 8), ("b1", 25), ("a2", 25), ("a1", 10), ("none", 29.5)]
IT = [("advanced", 12), ("basic", 68), ("none", 20)]
RANKS = [("01.001", 1), ("01.002", 14), ("01.003", 60), ("01.004", 15), ("01.005", 10)]


def _picker(rnd: random.Random, table):
    values = [v for v, _ in table]
    weights = [w for _, w in table]
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)

    def pick():
        x = rnd.random() * total
        for value, c in zip(values, cum, strict=True):
            if x < c:
                return value
        return values[-1]

    return pick


def people_rows(count: int, specs: list[UnitSpec], seed: int = SEED) -> Iterator[list[str]]:
    """`count` people, deterministic for a seed; one list of cells per person."""
    rnd = random.Random(seed)
    staffed = [u for u in specs if u.staff]
    unit_pick = _picker(rnd, [(u, u.staff) for u in staffed])
    family = _picker(rnd, FAMILY)
    ethnicity = _picker(rnd, ETHNICITY)
    professional = _picker(rnd, PROFESSIONAL)
    political = _picker(rnd, POLITICAL)
    state_mgmt = _picker(rnd, STATE_MGMT)
    defense = _picker(rnd, DEFENSE)
    language = _picker(rnd, LANGUAGE)
    it = _picker(rnd, IT)
    rank = _picker(rnd, RANKS)
    profiles = {
        name: _picker(rnd, list(zip(CATEGORIES, mix, strict=True)))
        for name, mix in PROFILES.items()
    }
    epoch = dt.date(1962, 1, 1).toordinal()
    span = dt.date(2002, 12, 31).toordinal() - epoch
    for i in range(count):
        unit = unit_pick()
        female = rnd.random() < 0.45
        given = rnd.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        middle = rnd.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        parts = [family(), middle]
        if rnd.random() < 0.25:
            parts.append(rnd.choice(MIDDLE_FEMALE if female else MIDDLE_MALE))
        parts.append(given)
        born = dt.date.fromordinal(epoch + rnd.randrange(span))
        category = profiles[unit.profile]()
        leader = rnd.random()
        leadership = "head" if leader < 0.03 else "deputy" if leader < 0.10 else "none"
        ethnic = ethnicity()
        if category in ("cadre", "civil_servant"):
            rank_code = rank()
            party = rnd.random() < 0.85
        else:
            rank_code = ""
            party = rnd.random() < 0.40
        # CCCD: province, gender-and-century digit, year of birth, a 6-digit serial.
        century = (2 if born.year < 2000 else 4) + (1 if female else 0)
        national_id = (
            f"0{36 + i // 1_000_000 % 60:02d}{century}{born.year % 100:02d}{i % 1_000_000:06d}"
        )
        birth = born.isoformat() if i % 10 else f"{born:%d/%m/%Y}"
        yield [
            f"SH{i + 1:07d}",
            " ".join(parts),
            birth,
            "female" if female else "male",
            unit.code,
            category,
            leadership,
            rank_code,
            f"VTVL-{category[:2].upper()}-{rnd.randint(1, 40):02d}",
            ethnic,
            "true" if party else "false",
            national_id if i % 50 else "",
            professional(),
            political(),
            state_mgmt(),
            defense(),
            language(),
            it() if i % 20 else "",  # a blank cell: not given
        ]


def write_people_csv(path: Path, count: int, specs: list[UnitSpec]) -> int:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PEOPLE_HEADER)
        n = 0
        for row in people_rows(count, specs):
            writer.writerow(row)
            n += 1
    return n


def write_people_xlsx(path: Path, count: int, specs: list[UnitSpec]) -> int:
    """The same people as the CSV of the same count, as text cells in a workbook."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("people")
    sheet.append(list(PEOPLE_HEADER))
    n = 0
    for row in people_rows(count, specs):
        sheet.append(row)
        n += 1
    workbook.save(path)
    return n
