"""Training pages: classes and their workflow, nomination, waiting list, attendance, results,
certificates (and their public verification), feedback, lecturers, the catalogue and the
learner's own history. Views parse input, call a service or selector, and render."""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.core.codes import EnrolmentStatus as ES
from dtbd.core.dates import today
from dtbd.core.errors import ApplicationError, NotFound, PermissionDenied
from dtbd.core.views import found
from dtbd.organisation.models import Unit, UnitVersion
from dtbd.people.models import Person

from . import access, pdf
from .forms import (
    BudgetForm,
    CourseFilterForm,
    CourseForm,
    FeedbackForm,
    LecturerForm,
    NominationForm,
    QuotaForm,
    SessionForm,
)
from .models import (
    Attendance,
    AttendanceStatus,
    Certificate,
    Course,
    CourseStatus,
    Enrolment,
    Lecturer,
    Programme,
    Session,
)
from .nomination import (
    approve_from_waiting_list,
    enrolment_approve,
    enrolment_nominate,
    enrolment_withdraw,
    waiting_list,
)
from .results import (
    Result,
    attendance_record,
    certificate_revoke,
    certificates_issue,
    course_complete,
    feedback_give,
)
from .selectors import (
    CourseFilter,
    certificate_by_number,
    certificate_by_token,
    course_get,
    course_list,
    enrolments_visible,
    person_history,
    ratings_by_lecturer,
    ratings_by_programme,
)
from .services import (
    budget_line_set,
    course_create,
    course_set_status,
    lecturer_create,
    quota_set,
    resolve_institution,
    session_add,
)

PAGE_SIZE = 50
NEXT_STATUS = {
    CourseStatus.PLANNED: CourseStatus.OPEN,
    CourseStatus.OPEN: CourseStatus.RUNNING,
    CourseStatus.RUNNING: CourseStatus.CLOSED,
}


def _attempt(request: HttpRequest, action: Callable[[], Any], success: str = "") -> bool:
    """Run a service; its refusal becomes an error message on the next page."""
    try:
        action()
    except NotFound as error:
        raise Http404(error.message) from error
    except PermissionDenied as error:  # refused, not retried with a message: 403
        raise DjangoPermissionDenied(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
        return False
    if success:
        messages.success(request, success)
    return True


def _course(request: HttpRequest, code: str) -> Course:
    return found(course_get, actor=request.user, code=code)


def _require_manage(request: HttpRequest, course: Course) -> None:
    """Readers of a class who may not manage it are refused before their form is read."""
    if not access.may_manage_course(request.user, course):
        raise DjangoPermissionDenied


def _unit_names(unit_ids, on) -> dict[int, str]:
    return dict(
        UnitVersion.objects.filter(
            unit_id__in=unit_ids, valid_from__lte=on, valid_to__gte=on
        ).values_list("unit_id", "name")
    )


# --- classes ------------------------------------------------------------------------------------


@require_safe
def course_index(request: HttpRequest) -> HttpResponse:
    form = CourseFilterForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    filters = CourseFilter(
        q=data.get("q") or "",
        status=data.get("status") or "",
        program_category=data.get("program_category") or "",
        year=data.get("year"),
    )
    page = Paginator(course_list(actor=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    names = _unit_names(
        {c.organizer_unit_id for c in page} | {c.institution_id for c in page}, today()
    )
    may_create = policy_for(request.user).anywhere(WRITE) or bool(
        access.institution_unit_ids(request.user)
    )
    return render(
        request,
        "training/course_list.html",
        {
            "form": form,
            "page": page,
            "names": names,
            "may_create": may_create,
            "section": "training",
        },
    )


@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST or None, initial={"mode": "concentrated"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        organizer = Unit.objects.filter(code=d["organizer_unit"].strip()).first()
        programme = (
            Programme.objects.filter(code=d["programme"].strip()).first()
            if d["programme"]
            else None
        )
        if organizer is None:
            form.add_error("organizer_unit", _("Unknown unit code."))
        elif d["programme"] and programme is None:
            form.add_error("programme", _("Unknown programme code."))
        else:
            institution, institution_name = resolve_institution(d["institution"], d["start_date"])
            created: dict[str, Course] = {}

            def create() -> None:
                created["course"] = course_create(
                    actor=request.user,
                    course_code=d["course_code"].strip(),
                    name=d["name"],
                    programme=programme,
                    program_category=d["program_category"],
                    organizer_unit=organizer,
                    institution=institution,
                    institution_name=institution_name,
                    start_date=d["start_date"],
                    end_date=d["end_date"],
                    mode=d["mode"],
                    capacity=d["capacity"],
                    waitlist_places=d["waitlist_places"] or 0,
                    budget_vnd=d["budget_vnd"],
                    venue=d["venue"],
                )

            if _attempt(request, create, _("Class created.")):
                return redirect("training:detail", created["course"].course_code)
    return render(request, "training/course_form.html", {"form": form, "section": "training"})


@require_safe
def course_detail(request: HttpRequest, code: str) -> HttpResponse:
    course = _course(request, code)
    may_manage = access.may_manage_course(request.user, course)
    enrolments = list(
        enrolments_visible(request.user)
        .filter(course=course)
        .select_related("person", "sending_unit", "certificate")
        .annotate(present=Count("attendance", filter=Q(attendance__status__in=["present", "late"])))
        .order_by("person__sort_key")
    )
    sessions = list(course.sessions.select_related("lecturer"))
    names = _unit_names(
        {course.organizer_unit_id, course.institution_id}
        | {e.sending_unit_id for e in enrolments}
        | set(course.quotas.values_list("unit_id", flat=True)),
        today(),
    )
    counts = {s: sum(1 for e in enrolments if e.status == s) for s in ES.values}
    lecturers = Lecturer.objects.filter(
        Q(institution=course.institution_id) | Q(institution__isnull=True)
    )
    scope = policy_for(request.user)
    context = {
        "course": course,
        "may_manage": may_manage,
        "may_nominate": course.status == CourseStatus.OPEN and scope.anywhere(WRITE),
        "enrolments": enrolments,
        "waiting": list(waiting_list(course)) if may_manage else [],
        "sessions": sessions,
        "quotas": course.quotas.select_related("unit"),
        "budget": course.budget_lines.all(),
        "names": names,
        "counts": counts,
        "next_status": NEXT_STATUS.get(course.status),
        "session_form": SessionForm(
            lecturers=[(lec.pk, lec.full_name) for lec in lecturers],
            initial={"date": course.start_date, "venue": course.venue},
        ),
        "quota_form": QuotaForm(),
        "budget_form": BudgetForm(),
        "section": "training",
    }
    return render(request, "training/course_detail.html", context)


@require_POST
def course_status(request: HttpRequest, code: str) -> HttpResponse:
    course = _course(request, code)
    status = request.POST.get("status", "")
    _attempt(
        request,
        lambda: course_set_status(actor=request.user, course=course, status=status),
        _("Status changed."),
    )
    return redirect("training:detail", course.course_code)


@require_POST
def session_new(request: HttpRequest, code: str) -> HttpResponse:
    course = _course(request, code)
    _require_manage(request, course)
    lecturers = Lecturer.objects.all()
    form = SessionForm(request.POST, lecturers=[(lec.pk, lec.full_name) for lec in lecturers])
    if not form.is_valid():
        messages.error(
            request,
            "; ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()),
        )
    else:
        d = form.cleaned_data
        lecturer = lecturers.filter(pk=d["lecturer"]).first() if d["lecturer"] else None
        _attempt(
            request,
            lambda: session_add(
                actor=request.user,
                course=course,
                date=d["date"],
                topic=d["topic"],
                start_time=d["start_time"],
                end_time=d["end_time"],
                periods=d["periods"],
                venue=d["venue"],
                online_link=d["online_link"],
                lecturer=lecturer,
            ),
            _("Session added."),
        )
    return redirect("training:detail", course.course_code)


@require_POST
def quota_new(request: HttpRequest, code: str) -> HttpResponse:
    course = _course(request, code)
    _require_manage(request, course)
    form = QuotaForm(request.POST)
    if form.is_valid():
        unit = Unit.objects.filter(code=form.cleaned_data["unit"].strip()).first()
        if unit is None:
            messages.error(request, _("Unknown unit code."))
        else:
            _attempt(
                request,
                lambda: quota_set(
                    actor=request.user, course=course, unit=unit, places=form.cleaned_data["places"]
                ),
                _("Quota saved."),
            )
    return redirect("training:detail", course.course_code)


@require_POST
def budget_new(request: HttpRequest, code: str) -> HttpResponse:
    course = _course(request, code)
    _require_manage(request, course)
    form = BudgetForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        _attempt(
            request,
            lambda: budget_line_set(
                actor=request.user,
                course=course,
                item=d["item"],
                planned_vnd=d["planned_vnd"],
                actual_vnd=d["actual_vnd"],
            ),
            _("Budget line saved."),
        )
    return redirect("training:detail", course.course_code)


# --- nomination and approval ------------------------------------------------------------------


def _writable_units(actor: Any) -> list[tuple[int, str]]:
    on = today()
    units = policy_for(actor).units(on, action=WRITE)
    versions = (
        UnitVersion.objects.filter(unit__in=units, valid_from__lte=on, valid_to__gte=on)
        .select_related("unit")
        .order_by("unit__code")[:2000]
    )
    return [(v.unit_id, f"{v.unit.code} — {v.name}") for v in versions]


@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, code: str) -> HttpResponse:
    course = _course(request, code)
    form = NominationForm(request.POST or None, units=_writable_units(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        person = policy_for(request.user).people().filter(code=d["person"].strip()).first()
        unit = Unit.objects.filter(pk=d["sending_unit"]).first()
        if person is None:
            form.add_error("person", _("No person with this code in your units."))
        else:
            person = Person.objects.get(pk=person.pk)
            if _attempt(
                request,
                lambda: enrolment_nominate(
                    actor=request.user,
                    course=course,
                    person=person,
                    sending_unit=unit,
                    decision_no=d["decision_no"],
                    decision_date=d["decision_date"],
                    priority=d["priority"] or 0,
                    priority_reason=d["priority_reason"],
                ),
                _("%(name)s was nominated.") % {"name": person.full_name},
            ):
                return redirect("training:detail", course.course_code)
    return render(
        request, "training/nominate.html", {"course": course, "form": form, "section": "training"}
    )


def _enrolment(request: HttpRequest, code: str, pk: int) -> Enrolment:
    enrolment = (
        enrolments_visible(request.user)
        .filter(pk=pk, course__course_code=code)
        .select_related("course")
        .first()
    )
    if enrolment is None:
        raise Http404("enrolment not found")
    return enrolment


@require_POST
def enrolment_action(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    enrolment = _enrolment(request, code, pk)
    if not (  # neither the sending unit's nor the class's managers: refused
        policy_for(request.user).can(WRITE, enrolment)
        or access.may_manage_course(request.user, enrolment.course)
    ):
        raise DjangoPermissionDenied
    action = request.POST.get("action")
    if action == "approve":
        _attempt(
            request,
            lambda: enrolment_approve(actor=request.user, enrolment=enrolment),
            _("Approved."),
        )
    elif action == "withdraw":
        _attempt(
            request,
            lambda: enrolment_withdraw(
                actor=request.user, enrolment=enrolment, reason=request.POST.get("reason", "")
            ),
            _("Withdrawn."),
        )
    return redirect("training:detail", code)


@require_POST
def approve_waiting(request: HttpRequest, code: str) -> HttpResponse:
    course = _course(request, code)
    done: list[int] = []
    _attempt(
        request, lambda: done.append(approve_from_waiting_list(actor=request.user, course=course))
    )
    if done:
        messages.success(request, _("%(n)s nomination(s) approved.") % {"n": done[0]})
    return redirect("training:detail", code)


# --- attendance and results ---------------------------------------------------------------------


def _admitted(course: Course):
    return (
        Enrolment.objects.filter(
            course=course, status__in=(ES.APPROVED, ES.ATTENDING, ES.COMPLETED, ES.FAILED)
        )
        .select_related("person", "sending_unit")
        .order_by("person__sort_key")
    )


@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, code: str, session_id: int) -> HttpResponse:
    course = _course(request, code)
    if not access.may_manage_course(request.user, course):
        raise DjangoPermissionDenied  # the reader sees the class; managing it is refused
    session = Session.objects.filter(course=course, pk=session_id).first()
    if session is None:
        raise Http404("session not found")
    learners = list(_admitted(course))
    if request.method == "POST":
        marks = {
            e.pk: request.POST.get(f"a-{e.pk}")
            for e in learners
            if request.POST.get(f"a-{e.pk}") in AttendanceStatus.values
        }
        if _attempt(
            request,
            lambda: attendance_record(actor=request.user, session=session, marks=marks),
            _("Attendance saved."),
        ):
            return redirect("training:detail", code)
    marked = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))
    rows = [(e, marked.get(e.pk, "present")) for e in learners]
    return render(
        request,
        "training/attendance.html",
        {
            "course": course,
            "session": session,
            "rows": rows,
            "choices": AttendanceStatus.choices,
            "section": "training",
        },
    )


@require_safe
def signin_sheet(request: HttpRequest, code: str, session_id: int) -> HttpResponse:
    course = _course(request, code)
    if not access.may_manage_course(request.user, course):
        raise DjangoPermissionDenied  # the reader sees the class; managing it is refused
    session = (
        Session.objects.filter(course=course, pk=session_id).select_related("lecturer").first()
    )
    if session is None:
        raise Http404("session not found")
    names = _unit_names(
        {e.sending_unit_id for e in _admitted(course)} | {course.organizer_unit_id}, today()
    )
    body = pdf.signin_sheet(
        course=course, session=session, learners=list(_admitted(course)), names=names
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="danh-sach-ky-{course.course_code}-{session.date}.pdf"'
    )
    return response


def _decimal(text: str) -> Decimal | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal("-1")  # refused by the service with its message


@require_http_methods(["GET", "POST"])
def results(request: HttpRequest, code: str) -> HttpResponse:
    course = _course(request, code)
    if not access.may_manage_course(request.user, course):
        raise DjangoPermissionDenied  # the reader sees the class; managing it is refused
    pending = list(
        Enrolment.objects.filter(course=course, status__in=(ES.APPROVED, ES.ATTENDING))
        .select_related("person")
        .annotate(present=Count("attendance", filter=Q(attendance__status__in=["present", "late"])))
        .order_by("person__sort_key")
    )
    sessions = course.sessions.count()
    completed_on = request.POST.get("completed_on") or str(course.end_date)
    if request.method == "POST":
        from dtbd.core.dates import parse_date

        try:
            on = (
                parse_date(request.POST.get("completed_on", ""))
                if request.POST.get("completed_on")
                else None
            )
        except ValueError as error:
            on = None
            messages.error(request, str(error))
        chosen = {
            e.pk: Result(
                passed=request.POST.get(f"r-{e.pk}") == "pass",
                score=_decimal(request.POST.get(f"s-{e.pk}", "")),
            )
            for e in pending
            if request.POST.get(f"r-{e.pk}") in ("pass", "fail")
        }
        summary: dict[str, int] = {}
        if chosen and _attempt(
            request,
            lambda: summary.update(
                course_complete(actor=request.user, course=course, completed_on=on, results=chosen)
            ),
        ):
            messages.success(
                request,
                _(
                    "%(completed)s completed, %(failed)s failed; %(certificates)s certificate(s) issued."
                )
                % summary,
            )
            return redirect("training:detail", code)
    return render(
        request,
        "training/results.html",
        {
            "course": course,
            "pending": pending,
            "sessions": sessions,
            "completed_on": completed_on,
            "section": "training",
        },
    )


# --- certificates --------------------------------------------------------------------------------


@require_POST
def certificates_new(request: HttpRequest, code: str) -> HttpResponse:
    course = _course(request, code)
    issued: list[int] = []
    _attempt(request, lambda: issued.append(certificates_issue(actor=request.user, course=course)))
    if issued:
        messages.success(request, _("%(n)s certificate(s) issued.") % {"n": issued[0]})
    return redirect("training:detail", code)


def _certificate(request: HttpRequest, pk: int) -> Certificate:
    certificate = (
        Certificate.objects.select_related("enrolment__course", "enrolment__person")
        .filter(pk=pk)
        .first()
    )
    if (
        certificate is None
        or not enrolments_visible(request.user).filter(pk=certificate.enrolment_id).exists()
    ):
        raise Http404("certificate not found")
    return certificate


@require_safe
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate(request, pk)
    url = request.build_absolute_uri(reverse("training:verify", args=[certificate.token]))
    body = pdf.certificate(certificate=certificate, verify_url=url)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chung-chi-{certificate.pk}.pdf"'
    return response


@require_POST
def certificate_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate(request, pk)
    _attempt(
        request,
        lambda: certificate_revoke(
            actor=request.user, certificate=certificate, reason=request.POST.get("reason", "")
        ),
        _("Certificate revoked."),
    )
    return redirect("training:detail", certificate.enrolment.course.course_code)


@login_not_required
@require_safe
def verify(request: HttpRequest, token: str = "") -> HttpResponse:
    """Public: confirms a certificate by its QR code (token) or number, showing only the
    holder's name, the programme and whether it is valid."""
    number = request.GET.get("number", "").strip()
    certificate = (
        certificate_by_token(token)
        if token
        else (certificate_by_number(number) if number else None)
    )
    context: dict[str, Any] = {
        "asked": bool(token or number),
        "number": number,
        "certificate": certificate,
    }
    if certificate is not None:
        course = certificate.enrolment.course
        context.update(
            holder=certificate.enrolment.person.full_name,
            programme=course.programme.name if course.programme_id else course.name,
            valid=certificate.revoked_on is None,
        )
    return render(request, "training/verify.html", context)


# --- the learner ---------------------------------------------------------------------------------


@require_safe
def my_training(request: HttpRequest) -> HttpResponse:
    own = policy_for(request.user).own_person_ids()
    people = Person.objects.filter(pk__in=own)
    history = [(p, list(person_history(actor=request.user, person_id=p.pk))) for p in people]
    return render(request, "training/my.html", {"history": history, "section": "training"})


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    own = policy_for(request.user).own_person_ids()
    enrolment = Enrolment.objects.select_related("course").filter(pk=pk, person_id__in=own).first()
    if enrolment is None:
        raise Http404("enrolment not found")
    lecturers = Lecturer.objects.filter(sessions__course=enrolment.course).distinct()
    form = FeedbackForm(
        request.POST or None, lecturers=[(lec.pk, lec.full_name) for lec in lecturers]
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        lecturer = lecturers.filter(pk=d["lecturer"]).first() if d["lecturer"] else None
        if _attempt(
            request,
            lambda: feedback_give(
                actor=request.user,
                enrolment=enrolment,
                rating=d["rating"],
                comment=d["comment"],
                lecturer=lecturer,
            ),
            _("Thank you for your feedback."),
        ):
            return redirect("training:my")
    return render(
        request,
        "training/feedback.html",
        {"enrolment": enrolment, "form": form, "section": "training"},
    )


# --- lecturers and catalogue ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def lecturers(request: HttpRequest) -> HttpResponse:
    form = LecturerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        institution = (
            Unit.objects.filter(code=d["institution"].strip()).first() if d["institution"] else None
        )
        if d["institution"] and institution is None:
            form.add_error("institution", _("Unknown unit code."))
        elif _attempt(
            request,
            lambda: lecturer_create(
                actor=request.user,
                full_name=d["full_name"],
                institution=institution,
                is_visiting=d["is_visiting"],
                workplace=d["workplace"],
                academic_title=d["academic_title"],
                pedagogical_certificate=d["pedagogical_certificate"],
                subjects=d["subjects"],
            ),
            _("Lecturer added."),
        ):
            return redirect("training:lecturers")
    visible = course_list(actor=request.user)
    ratings = {r["lecturer_id"]: r for r in ratings_by_lecturer(courses=visible)}
    # Lecturers are public facts of the classes they teach; their ratings count only the
    # classes the reader may see.
    rows = Lecturer.objects.select_related("institution").annotate(
        sessions_taught=Count("sessions"), periods_taught=Sum("sessions__periods")
    )
    return render(
        request,
        "training/lecturers.html",
        {"rows": rows, "ratings": ratings, "form": form, "section": "training"},
    )


@require_safe
def programmes(request: HttpRequest) -> HttpResponse:
    ratings = {
        r["enrolment__course__programme__code"]: r
        for r in ratings_by_programme(courses=course_list(actor=request.user))
    }
    return render(
        request,
        "training/programmes.html",
        {"programmes": Programme.objects.all(), "ratings": ratings, "section": "training"},
    )
