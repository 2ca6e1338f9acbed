"""The standards a province starts with, loaded into the demo province as editable data.

Documents are cited as a province would cite them; the levels follow the rank standards of
Thông tư 11/2014/TT-BNV (replaced for foreign language and IT by Thông tư 02/2021/TT-BNV),
Thông tư 06/2024/TT-BNV, the leadership standards of Quy định 214-QĐ/TW and the commune
cadre standards of Nghị định 33/2023/NĐ-CP. Officers edit them on the Standards page.
"""

import datetime as dt
import random

from dtbd.core.dates import today

from .models import Standard
from .services import (
    campaign_open,
    equivalence_add,
    evidence_add,
    framework_create,
    framework_version_add,
    hours_rule_set,
    need_register,
    position_competency_set,
    standard_create,
    standard_version_add,
)

D = dt.date
SEED = 20261122

# (kind, code, unit_level, name, [(valid_from, document, {dimension: level})])
STANDARDS = [
    ("rank", "01.001", "", "Chuyên viên cao cấp", [
        (D(2014, 12, 1), "Thông tư 11/2014/TT-BNV",
         {"professional": "university", "political_theory": "advanced",
          "state_management": "senior_specialist", "foreign_language": "b2", "it": "basic"}),
        (D(2021, 8, 1), "Thông tư 02/2021/TT-BNV",
         {"professional": "university", "political_theory": "advanced",
          "state_management": "senior_specialist"}),
    ]),
    ("rank", "01.002", "", "Chuyên viên chính", [
        (D(2014, 12, 1), "Thông tư 11/2014/TT-BNV",
         {"professional": "university", "political_theory": "intermediate",
          "state_management": "principal_specialist", "foreign_language": "b1", "it": "basic"}),
        (D(2024, 7, 1), "Thông tư 06/2024/TT-BNV",
         {"professional": "university", "political_theory": "intermediate",
          "state_management": "principal_specialist"}),
    ]),
    ("rank", "01.003", "", "Chuyên viên", [
        (D(2014, 12, 1), "Thông tư 11/2014/TT-BNV",
         {"professional": "university", "state_management": "specialist",
          "foreign_language": "a2", "it": "basic"}),
        (D(2024, 7, 1), "Thông tư 06/2024/TT-BNV",
         {"professional": "university", "state_management": "specialist"}),
    ]),
    ("rank", "01.004", "", "Cán sự", [
        (D(2014, 12, 1), "Thông tư 11/2014/TT-BNV", {"professional": "intermediate"}),
    ]),
    ("leadership", "head", "province", "Người đứng đầu cơ quan cấp tỉnh", [
        (D(2020, 1, 1), "Quy định 214-QĐ/TW",
         {"professional": "university", "political_theory": "advanced",
          "state_management": "principal_specialist", "defense_security": "group_2"}),
    ]),
    ("leadership", "deputy", "province", "Cấp phó cơ quan cấp tỉnh", [
        (D(2020, 1, 1), "Quy định 214-QĐ/TW",
         {"professional": "university", "political_theory": "advanced",
          "defense_security": "group_2"}),
    ]),
    ("leadership", "head", "district", "Người đứng đầu cơ quan cấp huyện", [
        (D(2020, 1, 1), "Quy định 214-QĐ/TW",
         {"professional": "university", "political_theory": "advanced",
          "defense_security": "group_3"}),
    ]),
    ("leadership", "deputy", "district", "Cấp phó cơ quan cấp huyện", [
        (D(2020, 1, 1), "Quy định 214-QĐ/TW",
         {"professional": "university", "political_theory": "intermediate",
          "defense_security": "group_3"}),
    ]),
    ("leadership", "head", "commune", "Người đứng đầu cấp xã", [
        (D(2020, 1, 1), "Nghị định 33/2023/NĐ-CP",
         {"professional": "university", "political_theory": "intermediate",
          "defense_security": "group_4"}),
    ]),
    ("leadership", "deputy", "commune", "Cấp phó cấp xã", [
        (D(2020, 1, 1), "Nghị định 33/2023/NĐ-CP",
         {"professional": "university", "political_theory": "intermediate",
          "defense_security": "group_4"}),
    ]),
]  # fmt: skip

FRAMEWORK_LEVELS = ["Cơ bản", "Phát triển", "Thành thạo", "Nâng cao", "Chuyên gia"]
COMPETENCIES = [
    ("DD", "Đạo đức công vụ"),
    ("GT", "Giao tiếp và ứng xử"),
    ("NHOM", "Làm việc nhóm"),
    ("VB", "Soạn thảo văn bản hành chính"),
    ("CDS", "Ứng dụng công nghệ số"),
]
# Job positions (vị trí việc làm) and the level each needs (Thông tư 12/2022/TT-BNV).
POSITION_LEVELS = {
    "VTVL-CV-TCCB": {"DD": 4, "GT": 3, "NHOM": 3, "VB": 4, "CDS": 3},
    "VTVL-CV-TH": {"DD": 3, "GT": 3, "NHOM": 3, "VB": 3, "CDS": 3},
}
NEEDS = [
    ("political_theory_intermediate", 2, "Đáp ứng tiêu chuẩn ngạch chuyên viên chính"),
    ("state_management_specialist", 1, "Công chức mới tuyển dụng chưa có chứng chỉ"),
    ("knowledge_update", 2, "Cập nhật kiến thức chuyển đổi số"),
    ("foreign_language", 3, "Chuẩn bị hội nhập quốc tế"),
    ("it", 2, "Ứng dụng phần mềm quản lý văn bản mới"),
]


def load_demo(*, actor: str) -> str:
    rng = random.Random(SEED)
    for kind, code, level, name, versions in STANDARDS:
        standard = standard_create(actor=actor, kind=kind, code=code, unit_level=level, name=name)
        for valid_from, document, requirements in versions:
            standard_version_add(
                actor=actor,
                standard=standard,
                valid_from=valid_from,
                document=document,
                requirements=requirements,
            )
    equivalence_add(
        actor=actor,
        dimension="political_theory",
        level="advanced",
        satisfies_dimension="state_management",
        satisfies_level="principal_specialist",
        document="Cao cấp lý luận chính trị – hành chính (Thông tư 06/2024/TT-BNV)",
    )
    hours_rule_set(
        actor=actor, periods=40, valid_from=D(2017, 9, 1), document="Nghị định 101/2017/NĐ-CP"
    )
    hours_rule_set(
        actor=actor, periods=40, valid_from=D(2025, 7, 1), document="Nghị định 171/2025/NĐ-CP"
    )
    framework = framework_create(actor=actor, code="KNL-CC", name="Khung năng lực công chức")
    version = framework_version_add(
        actor=actor,
        framework=framework,
        valid_from=D(2023, 1, 1),
        levels=FRAMEWORK_LEVELS,
        competencies=COMPETENCIES,
        document="Thông tư 12/2022/TT-BNV",
    )
    by_code = {c.code: c for c in version.competencies.all()}
    for position, levels in POSITION_LEVELS.items():
        for code, rank in levels.items():
            position_competency_set(
                actor=actor, competency=by_code[code], position_code=position, required_rank=rank
            )
    evidence = _evidence(actor, rng, list(by_code.values()))
    needs = _survey(actor, rng)
    return (
        f"{Standard.objects.count()} standards, 1 framework, {evidence} assessments, "
        f"needs survey with {needs} registrations"
    )


def _evidence(actor: str, rng: random.Random, competencies: list) -> int:
    from dtbd.demo.services import MANAGER_UNIT
    from dtbd.people.models import Post

    people = list(
        Post.objects.filter(unit__code=MANAGER_UNIT, valid_to__gte=today())
        .select_related("person")
        .order_by("person__code")[:12]
    )
    count = 0
    for post in people:
        for competency in competencies:
            evidence_add(
                actor=actor, person=post.person, competency=competency,
                rank=rng.randint(2, 4), source="self", observed_on=D(2026, 3, 1),
            )  # fmt: skip
            count += 1
    return count


def _survey(actor: str, rng: random.Random) -> int:
    from dtbd.demo.tree import PROVINCE
    from dtbd.organisation.models import Unit, UnitVersion

    root = Unit.objects.get(code=PROVINCE)
    year = today().year
    campaign = campaign_open(
        actor=actor, unit=root, year=year, title=f"Khảo sát nhu cầu ĐTBD năm {year + 1}",
        opens_on=D(year, 1, 1), closes_on=D(year, 12, 31),
    )  # fmt: skip
    units = list(
        UnitVersion.objects.filter(parent=root, valid_from__lte=D(year, 1, 1),
                                   valid_to__gte=D(year, 1, 1))
        .exclude(kind="area").order_by("unit__code").values_list("unit_id", flat=True)[:8]
    )  # fmt: skip
    count = 0
    for unit in Unit.objects.filter(pk__in=units).order_by("code"):
        for category, priority, reason in rng.sample(NEEDS, 3):
            need_register(
                actor=actor, campaign=campaign, unit=unit, program_category=category,
                people_count=rng.randint(1, 12), priority=priority, reason=reason,
            )  # fmt: skip
            count += 1
    return count
