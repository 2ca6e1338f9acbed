"""Demo classes: the catalogue, classes of the provincial political school, the district
political centres and the national academy from 2021 on, with learners from the demo people.

Classes go through the services (created, opened, run, completed with conferral and
certificates, closed); the nominations of a generated class are written in bulk, as the
enrolments import would. Deterministic (seeded) and quick.
"""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from dtbd.core.codes import EnrolmentStatus as ES
from dtbd.core.dates import today
from dtbd.organisation.models import Unit, UnitAncestry, UnitVersion
from dtbd.people.models import Post

from .models import Attendance, BudgetLine, Enrolment, Feedback, Session
from .results import Result, course_complete
from .services import course_create, course_set_status, lecturer_create, programme_save

SEED = 20240901
PROVINCE = "08"
ACADEMY = "Học viện Chính trị quốc gia Hồ Chí Minh"

PROGRAMMES = [
    # code, name, category, periods, audience, issuing body
    (
        "SC-LLCT",
        "Sơ cấp lý luận chính trị",
        "political_theory_basic",
        240,
        "Cán bộ, đảng viên cấp xã",
        "Ban Tuyên giáo Trung ương",
    ),
    (
        "TC-LLCT",
        "Trung cấp lý luận chính trị",
        "political_theory_intermediate",
        1200,
        "Cán bộ lãnh đạo, quản lý cấp phòng, cấp xã",
        "Học viện Chính trị quốc gia Hồ Chí Minh",
    ),
    (
        "CC-LLCT",
        "Cao cấp lý luận chính trị",
        "political_theory_advanced",
        1600,
        "Cán bộ lãnh đạo cấp sở, cấp huyện",
        "Học viện Chính trị quốc gia Hồ Chí Minh",
    ),
    (
        "QLNN-CV",
        "Bồi dưỡng kiến thức QLNN ngạch chuyên viên",
        "state_management_specialist",
        240,
        "Công chức ngạch chuyên viên",
        "Bộ Nội vụ",
    ),
    (
        "QLNN-CVC",
        "Bồi dưỡng kiến thức QLNN ngạch chuyên viên chính",
        "state_management_principal",
        320,
        "Công chức ngạch chuyên viên chính",
        "Bộ Nội vụ",
    ),
    (
        "QPAN-3",
        "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 3",
        "defense_security_3",
        24,
        "Lãnh đạo cấp phòng",
        "Hội đồng Giáo dục QP-AN Trung ương",
    ),
    (
        "QPAN-4",
        "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4",
        "defense_security_4",
        16,
        "Cán bộ cấp xã, trưởng thôn",
        "Hội đồng Giáo dục QP-AN Trung ương",
    ),
    (
        "CNKT-LD",
        "Cập nhật kiến thức cho lãnh đạo, quản lý cấp huyện",
        "knowledge_update",
        40,
        "Lãnh đạo cấp huyện",
        "Ban Tổ chức Tỉnh ủy",
    ),
    (
        "LDQL-PHONG",
        "Bồi dưỡng lãnh đạo, quản lý cấp phòng",
        "leadership_management",
        200,
        "Trưởng, phó phòng",
        "Bộ Nội vụ",
    ),
]
TOPICS = [
    "Chủ nghĩa Mác - Lênin",
    "Tư tưởng Hồ Chí Minh",
    "Đường lối của Đảng Cộng sản Việt Nam",
    "Quản lý hành chính nhà nước",
    "Kỹ năng lãnh đạo, quản lý",
    "Xây dựng Đảng và hệ thống chính trị",
]


def _units(*codes_like: str) -> dict[str, Unit]:
    return {u.code: u for u in Unit.objects.filter(code__in=codes_like)}


def _people_under(unit_ids: list[int], on: dt.date) -> list[tuple[int, int]]:
    """(person id, unit id) of those in post on `on` under the units."""
    subtree = UnitAncestry.objects.filter(
        ancestor_id__in=unit_ids, valid_from__lte=on, valid_to__gte=on
    ).values("descendant_id")
    return list(
        Post.objects.filter(unit_id__in=subtree, valid_from__lte=on, valid_to__gte=on)
        .order_by("person_id")
        .values_list("person_id", "unit_id")
    )


def load_demo(*, actor: Any) -> str:
    rng = random.Random(SEED)
    if not Unit.objects.filter(code=PROVINCE).exists():
        return "no demo province: nothing to train"
    programmes = {}
    for code, name, category, periods, audience, body in PROGRAMMES:
        programmes[code], _ = programme_save(
            actor=actor,
            code=code,
            name=name,
            category=category,
            periods=periods,
            audience=audience,
            issuing_body=body,
        )
    units = {u.code: u for u in Unit.objects.filter(code__startswith=PROVINCE)}
    btc, school = units.get(f"{PROVINCE}.BTC"), units.get(f"{PROVINCE}.TCT")
    if btc is None or school is None:
        return "no provincial organisation board or political school"
    centres = sorted(
        UnitVersion.objects.filter(kind="training_institution", unit__code__endswith=".TTCT")
        .select_related("unit")
        .values_list("unit__code", "unit_id", "parent_id", "valid_to")
        .distinct()
    )
    lecturers = [
        lecturer_create(
            actor=actor,
            full_name=n,
            institution=school,
            academic_title=t,
            pedagogical_certificate="Chứng chỉ NVSP giảng viên lý luận chính trị",
            subjects=s,
        )
        for n, t, s in [
            ("Nguyễn Thị Hồng Vân", "ThS.", "Triết học Mác - Lênin; Tư tưởng Hồ Chí Minh"),
            ("Hoàng Văn Thắng", "TS.", "Xây dựng Đảng; Quản lý hành chính nhà nước"),
            ("Lý Thị Hạnh", "ThS.", "Kinh tế chính trị; Kỹ năng lãnh đạo"),
        ]
    ]
    lecturers.append(
        lecturer_create(
            actor=actor,
            full_name="Phạm Minh Đức",
            institution=None,
            is_visiting=True,
            academic_title="PGS.TS.",
            workplace=ACADEMY,
            subjects="Đường lối của Đảng",
        )
    )

    plans: list[dict] = []
    for year in range(2021, 2026):
        plans.append(
            dict(
                code=f"TCLLCT-{year}",
                programme="TC-LLCT",
                organizer=btc,
                institution=school,
                start=dt.date(year, 3, 1),
                end=dt.date(year, 11, 30),
                mode="part_time",
                pool=[btc.pk],
                size=45,
                name=f"Trung cấp lý luận chính trị - hành chính khóa {year}",
            )
        )
        plans.append(
            dict(
                code=f"QLNNCV-{year}",
                programme="QLNN-CV",
                organizer=units.get(f"{PROVINCE}.SNV", btc),
                institution=school,
                start=dt.date(year, 6, 5),
                end=dt.date(year, 7, 20),
                mode="concentrated",
                pool=[units[PROVINCE].pk],
                size=50,
                name=f"Bồi dưỡng QLNN ngạch chuyên viên năm {year}",
            )
        )
        plans.append(
            dict(
                code=f"CCLLCT-{year}",
                programme="CC-LLCT",
                organizer=btc,
                institution=None,
                start=dt.date(year, 9, 1),
                end=dt.date(year + 1, 6, 30),
                mode="concentrated",
                pool=[units[PROVINCE].pk],
                size=8,
                name=f"Cao cấp lý luận chính trị tập trung {year}-{year + 1}",
                academy=True,
            )
        )
        plans.append(
            dict(
                code=f"QPAN3-{year}",
                programme="QPAN-3",
                organizer=btc,
                institution=school,
                start=dt.date(year, 10, 12),
                end=dt.date(year, 10, 15),
                mode="concentrated",
                pool=[units[PROVINCE].pk],
                size=40,
                name=f"Bồi dưỡng kiến thức QP-AN đối tượng 3 năm {year}",
            )
        )
    for code, unit_id, parent_id, valid_to in centres[:6]:
        for year in (2022, 2024):
            start = dt.date(year, 4, 10 + (unit_id % 10))
            if start > valid_to:
                continue
            parent = Unit.objects.get(pk=parent_id) if parent_id else btc
            district_party = units.get(f"{parent.code}.HU", parent)
            plans.append(
                dict(
                    code=f"SCLLCT-{code.split('.')[-2]}-{year}",
                    programme="SC-LLCT",
                    organizer=district_party,
                    institution=Unit.objects.get(pk=unit_id),
                    start=start,
                    end=start + dt.timedelta(days=45),
                    mode="part_time",
                    pool=[parent.pk],
                    size=35,
                    name=f"Sơ cấp lý luận chính trị năm {year} ({parent.code})",
                )
            )
            plans.append(
                dict(
                    code=f"QPAN4-{code.split('.')[-2]}-{year}",
                    programme="QPAN-4",
                    organizer=district_party,
                    institution=Unit.objects.get(pk=unit_id),
                    start=start + dt.timedelta(days=60),
                    end=start + dt.timedelta(days=62),
                    mode="concentrated",
                    pool=[parent.pk],
                    size=40,
                    name=f"QP-AN đối tượng 4 năm {year} ({parent.code})",
                )
            )

    now = today()
    # This year's classes, whatever the day the demo is loaded: one under way, one open for
    # nomination, one still planned.
    for code, programme, start, size in [
        ("TCLLCT-NOW", "TC-LLCT", now - dt.timedelta(days=20), 45),
        ("LDQL-NEXT", "LDQL-PHONG", now + dt.timedelta(days=30), 40),
        ("CNKT-PLAN", "CNKT-LD", now + dt.timedelta(days=200), 30),
    ]:
        plans.append(
            dict(
                code=code,
                programme=programme,
                organizer=btc,
                institution=school,
                start=start,
                end=start + dt.timedelta(days=90),
                mode="blended",
                pool=[units[PROVINCE].pk],
                size=size,
                name=f"{programmes[programme].name} ({start:%m/%Y})",
            )
        )
    classes, learners, completed = 0, 0, 0
    stamp = timezone.now()
    for p in plans:
        course = course_create(
            actor=actor,
            course_code=p["code"],
            name=p["name"],
            programme=programmes[p["programme"]],
            program_category=programmes[p["programme"]].category,
            organizer_unit=p["organizer"],
            institution=p["institution"],
            institution_name=ACADEMY if p.get("academy") else "",
            start_date=p["start"],
            end_date=p["end"],
            mode=p["mode"],
            capacity=p["size"] + 5,
            budget_vnd=p["size"] * rng.choice([3, 4, 5, 6]) * 1_000_000,
            venue="Trường Chính trị tỉnh" if p["institution"] == school else "Hội trường huyện ủy",
        )
        classes += 1
        planned = course.budget_vnd or 0
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(
                    course=course,
                    item="teaching",
                    planned_vnd=planned * 4 // 10,
                    actual_vnd=planned * 38 // 100 if p["end"] < now else None,
                ),
                BudgetLine(
                    course=course,
                    item="materials",
                    planned_vnd=planned * 2 // 10,
                    actual_vnd=planned * 2 // 10 if p["end"] < now else None,
                ),
                BudgetLine(
                    course=course,
                    item="accommodation",
                    planned_vnd=planned * 4 // 10,
                    actual_vnd=planned * 41 // 100 if p["end"] < now else None,
                ),
            ]
        )
        if p["start"] > now + dt.timedelta(days=120):
            continue  # still planned
        course = course_set_status(actor=actor, course=course, status="open")
        pool = _people_under(p["pool"], p["start"])
        chosen = rng.sample(pool, min(p["size"], len(pool)))
        decision = f"{rng.randint(100, 999)}-QĐ/BTCTU"
        Enrolment.objects.bulk_create(
            [
                Enrolment(
                    course=course,
                    person_id=person_id,
                    sending_unit_id=unit_id,
                    status=ES.APPROVED,
                    decision_no=decision,
                    decision_date=p["start"] - dt.timedelta(days=14),
                    priority=rng.choice([0, 0, 0, 1, 2]),
                    created_at=stamp,
                    updated_at=stamp,
                )
                for person_id, unit_id in chosen
            ]
        )
        learners += len(chosen)
        if p["start"] > now:
            continue  # open for nomination
        course = course_set_status(actor=actor, course=course, status="running")
        sessions = [
            Session.objects.create(
                course=course,
                date=p["start"] + dt.timedelta(days=i),
                topic=TOPICS[(i + classes) % len(TOPICS)],
                start_time=dt.time(7, 30),
                end_time=dt.time(11, 0),
                periods=4,
                venue=course.venue,
                lecturer=lecturers[(i + classes) % len(lecturers)],
            )
            for i in range(3)
        ]
        enrolments = list(course.enrolments.all())
        marks = []
        for s in sessions:
            for e in enrolments:
                marks.append(
                    Attendance(
                        session=s,
                        enrolment=e,
                        status="present" if rng.random() < 0.93 else "excused",
                    )
                )
        Attendance.objects.bulk_create(marks)
        Enrolment.objects.filter(course=course).update(status=ES.ATTENDING)
        if p["end"] >= now:
            continue  # running
        results = {
            e.pk: Result(passed=rng.random() < 0.95, score=Decimal(rng.randint(55, 95)) / 10)
            for e in enrolments
        }
        summary = course_complete(
            actor=actor, course=course, completed_on=p["end"], results=results
        )
        completed += summary["completed"]
        feedback = []
        for e in enrolments[: len(enrolments) // 2]:
            feedback.append(Feedback(enrolment=e, rating=rng.choice([3, 4, 4, 5, 5])))
            feedback.append(
                Feedback(
                    enrolment=e, lecturer=sessions[0].lecturer, rating=rng.choice([3, 4, 5, 5])
                )
            )
        Feedback.objects.bulk_create(feedback)
        course_set_status(actor=actor, course=course, status="closed")
    return f"{len(programmes)} programmes, {classes} classes, {learners} learners, {completed} completions"
