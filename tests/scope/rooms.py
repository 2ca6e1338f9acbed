"""The rooms' records for the sweep: one of each kind inside scope A and one in unit B.

Built through the rooms' own services (actor "tests" may do everything), so each record is
what a user would have made. B's records carry names found nowhere else (they contain
"Xuyến"), so a page that shows one cannot hide it.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from dtbd.careers.assessments import assessment_create
from dtbd.careers.pool import (
    pool_candidate_add,
    pool_post_add,
    pool_post_approve,
    pool_term_create,
)
from dtbd.careers.rotations import review_add, rotation_create
from dtbd.plans.models import PlanTarget
from dtbd.plans.rules import PlanFacts, TargetLine
from dtbd.plans.services import plan_approve, plan_create, plan_submit
from dtbd.reports.submissions import report_submit
from dtbd.standards.services import (
    campaign_open,
    framework_create,
    framework_version_add,
    standard_create,
)
from dtbd.training.nomination import enrolment_approve, enrolment_nominate
from dtbd.training.results import Result, course_complete
from dtbd.training.services import course_create, course_set_status, session_add

D = dt.date
ACTOR = "tests"


@dataclass
class Side:
    """The codes of one side's records, by kind."""

    codes: dict[str, str] = field(default_factory=dict)
    text: list[str] = field(default_factory=list)  # codes and names to show nowhere else


def _course(organizer, sender, person, code: str, name: str) -> tuple:
    """A running class of `organizer` with a timetabled session and `person`, sent by
    `sender`, admitted."""
    course = course_create(
        actor=ACTOR,
        course_code=code,
        name=name,
        program_category="political_theory_intermediate",
        organizer_unit=organizer,
        start_date=D(2024, 3, 1),
        end_date=D(2024, 9, 30),
        mode="part_time",
        capacity=30,
    )
    course = course_set_status(actor=ACTOR, course=course, status="open")
    session = session_add(
        actor=ACTOR,
        course=course,
        date=D(2024, 3, 2),
        topic="Chuyên đề 1",
        start_time=dt.time(8),
        end_time=dt.time(11),
        periods=4,
        venue="",
        online_link="",
        lecturer=None,
    )
    enrolment = enrolment_nominate(
        actor=ACTOR,
        course=course,
        person=person,
        sending_unit=sender,
        decision_no="12/QĐ-UBND",
        decision_date=D(2024, 2, 20),
    )
    enrolment = enrolment_approve(actor=ACTOR, enrolment=enrolment)
    course = course_set_status(actor=ACTOR, course=course, status="running")
    return course, session, enrolment


def _side(world, unit, person, colleague, sub_unit, tag: str, name: str) -> Side:
    side = Side()
    codes = side.codes
    if tag == "A":
        course, session, enrolment = _course(unit, unit, person, f"L{tag}-SWEEP", f"Lớp {name}")
        codes["course"] = course.course_code
        opened = course_create(
            actor=ACTOR,
            course_code="LA-OPEN",
            name="Lớp Alpha mở",
            program_category="political_theory_basic",
            organizer_unit=unit,
            start_date=D(2024, 3, 1),
            end_date=D(2024, 9, 30),
        )
        codes["open_course"] = course_set_status(
            actor=ACTOR, course=opened, status="open"
        ).course_code
    else:
        # Classes open, running or closed are announcements every registry role reads, by
        # design (ADR 0005: HR officers must find classes to nominate for); planned ones stay
        # with their organiser. So B's own class is planned, and B's learner, session and
        # certificate are in a class the province (R, outside A) runs, whose name and code
        # are no secret.
        planned = course_create(
            actor=ACTOR,
            course_code=f"L{tag}-SWEEP",
            name=f"Lớp {name}",
            program_category="political_theory_intermediate",
            organizer_unit=unit,
            start_date=D(2024, 3, 1),
            end_date=D(2024, 9, 30),
        )
        codes["course"] = codes["open_course"] = planned.course_code
        side.text += [planned.course_code, planned.name]
        course, session, enrolment = _course(world.root, unit, person, "LT-SWEEP", "Lớp Tỉnh")
    codes.update(session=str(session.pk), enrolment=str(enrolment.pk))
    course_complete(
        actor=ACTOR,
        course=course,
        completed_on=D(2024, 9, 30),
        results={enrolment.pk: Result(True, Decimal("8"))},
    )
    enrolment.refresh_from_db()
    codes["certificate"] = str(enrolment.certificate.pk)

    plan = plan_create(
        actor=ACTOR,
        code=f"KH-{tag}",
        unit=unit,
        facts=PlanFacts(
            kind="year",
            period_start=D(2024, 1, 1),
            period_end=D(2024, 12, 31),
            title=f"Kế hoạch {name}",
        ),
        targets=(TargetLine("state_management_principal", 16),),
        budgets=(),
    )
    codes["plan"] = plan.code
    approved = plan_create(
        actor=ACTOR,
        code=f"KH-{tag}-OK",
        unit=unit,
        facts=PlanFacts(kind="year", period_start=D(2023, 1, 1), period_end=D(2023, 12, 31)),
        targets=(TargetLine("state_management_principal", 8),),
        budgets=(),
    )
    approved = plan_submit(actor=ACTOR, plan=approved)
    approved = plan_approve(
        actor=ACTOR, plan=approved, decision_no="5/QĐ-UBND", decision_date=D(2023, 1, 20)
    )
    codes["approved_plan"] = approved.code
    side.text.append(approved.code)
    codes["target"] = str(PlanTarget.objects.filter(version__plan=plan).first().pk)
    side.text += [f"Kế hoạch {name}"]

    survey = campaign_open(
        actor=ACTOR,
        unit=unit,
        year=2024,
        title=f"Khảo sát {name}",
        opens_on=D(2024, 1, 1),
        closes_on=D(2030, 12, 31),
    )
    codes["survey"] = str(survey.pk)
    side.text += [f"Khảo sát {name}"]

    term = pool_term_create(
        actor=ACTOR,
        code=f"QH-{tag}",
        name=f"Quy hoạch {name}",
        unit_id=unit.pk,
        start=D(2025, 1, 1),
        end=D(2030, 12, 31),
    )
    post = pool_post_add(
        actor=ACTOR, term=term, unit_id=unit.pk, leadership="deputy", title=f"Phó {name}"
    )
    candidate = pool_candidate_add(actor=ACTOR, post=post, person=person)
    pool_candidate_add(actor=ACTOR, post=post, person=colleague)  # a post needs two
    # An approved post too: only pool members are rotated (rule rotation_pool_only).
    head = pool_post_add(
        actor=ACTOR, term=term, unit_id=unit.pk, leadership="head", title=f"Trưởng {name}"
    )
    for someone in (person, colleague):
        pool_candidate_add(actor=ACTOR, post=head, person=someone)
    pool_post_approve(actor=ACTOR, post=head, decision_no="50-QĐ/TU", decided_on=D(2025, 2, 1))
    side.text.append(f"Trưởng {name}")
    codes.update(term=term.code, pool_post=str(post.pk), candidate=str(candidate.pk))
    side.text += [term.code, f"Quy hoạch {name}", f"Phó {name}"]

    rotation = rotation_create(
        actor=ACTOR,
        person=person,
        to_unit_id=sub_unit.pk,
        to_leadership="deputy",
        direction="between_bodies",
        decision_no="101-QĐ/TU",
        decision_date=D(2025, 5, 20),
        start=D(2025, 6, 1),
        exception_reason="Thử nghiệm",
    )
    review = review_add(actor=ACTOR, rotation=rotation, due_on=D(2026, 1, 15))
    codes.update(rotation=str(rotation.pk), review=str(review.pk))

    assessment_create(
        actor=ACTOR,
        person=person,
        year=2024,
        rating="good",
        points=None,
        decision_no="9/QĐ",
        decided_by="Giám đốc",
        decided_on=D(2024, 12, 20),
    )
    submitted = report_submit(
        actor=ACTOR, name="bm02", raw={"unit": unit.code}, period="2024", note=""
    )
    codes["submission"] = str(submitted.pk)
    return side


def build(world) -> tuple[Side, Side]:
    """The rooms' records of A (about PA, sub-unit A1) and of B (about PB, sub-unit B1)."""
    from tests.factories import make_person, make_unit

    b1 = make_unit("R.B.1", name="Phòng Xuyến Một", level="province", parent=world.b)
    framework = framework_create(actor=ACTOR, code="KNL-SWEEP", name="Khung năng lực")
    framework_version_add(actor=ACTOR, framework=framework, valid_from=D(2024, 1, 1),
                          levels=["Cơ bản", "Thành thạo"],
                          competencies=[("NL01", "Soạn thảo văn bản")])  # fmt: skip
    shared = {
        "standard": str(
            standard_create(
                actor=ACTOR, kind="rank", code="01.003", name="Chuyên viên", unit_level=""
            ).pk
        ),
        "framework": framework.code,
        "report": "bm02",
        "year": "2024",
        "action": "submit",
    }
    pb2 = make_person(b1, code="PB-9932", full_name="Đỗ Văn Xuyến")
    a = _side(world, world.a, world.pa, world.pa1, world.a1, "A", "Alpha")
    b = _side(world, world.b, world.pb, pb2, b1, "XUYEN", "Xuyến Bê")
    # someone of A who is no pool candidate yet
    a.codes["newcomer"] = make_person(world.a1, code="PA-1004", full_name="Phạm Văn Ba").code
    b.codes["newcomer"] = pb2.code
    b.text += [pb2.code, pb2.full_name]
    a.codes.update(shared)
    b.text.append(b1.code)
    return a, b
