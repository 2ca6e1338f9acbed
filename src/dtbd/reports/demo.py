"""Demo figures for the reports room: the province's term targets for 2021–2025 and its BM02
of the end of 2025, filed (so its page shows what changed since)."""

from decimal import Decimal

from dtbd.organisation.models import Unit

from .submissions import report_submit
from .targets import target_create

# (label, measure, target %): the 2020–2025 congress resolution's kind of targets
TARGETS = [
    (
        "Lãnh đạo cấp tỉnh (cấp trưởng) dưới 40 tuổi",
        {"dimension": "age", "under": "40", "level": "province", "leadership": "head"},
        "15",
    ),
    (
        "Lãnh đạo có trung cấp lý luận chính trị trở lên",
        {"dimension": "political_theory", "at_least": "intermediate", "leadership": "head"},
        "100",
    ),
    (
        "Công chức sử dụng được ngoại ngữ (B1 trở lên)",
        {"dimension": "foreign_language", "at_least": "b1", "category": "civil_servant"},
        "30",
    ),
    (
        "Công chức có trình độ sau đại học",
        {"dimension": "professional", "at_least": "master", "category": "civil_servant"},
        "20",
    ),
]


def load_demo(*, actor) -> str:
    from dtbd.demo.tree import PROVINCE

    root = Unit.objects.get(code=PROVINCE)
    for label, measure, percent in TARGETS:
        target_create(
            actor=actor,
            unit=root,
            label=label,
            term_start=2021,
            term_end=2025,
            params=measure,
            target_percent=Decimal(percent),
        )
    report_submit(
        actor=actor,
        name="bm02",
        raw={"unit": PROVINCE, "as_of": "2025-12-31"},
        period="2025",
        note="Báo cáo năm 2025",
    )
    return f"reports: {len(TARGETS)} term targets, BM02 of 2025 submitted"
