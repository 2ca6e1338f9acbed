"""Careers pages: overview (reviews due), rotations, an annual assessment round for a unit,
the planning pool, commendations and discipline, and a person's career timeline."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.core.codes import Leadership, Rating
from dtbd.core.dates import parse_date, today
from dtbd.core.errors import ApplicationError, NotFound
from dtbd.core.views import found
from dtbd.organisation.selectors import unit_get
from dtbd.people.selectors import holdings_on, person_get

from . import selectors
from .assessments import RatingIn, assessment_round, quota_rule
from .audit import viewed
from .models import (
    CommendationForm,
    Direction,
    DisciplineLevel,
    RotationOutcome,
    UnitAssessment,
)
from .records import commendation_create, discipline_create
from .rotations import review_record, rotation_create, rotation_end

# The kinds of event on the career timeline, as people name them.
EVENT_KINDS = {
    "post": gettext_lazy("Post"),
    "rotation": gettext_lazy("Rotation"),
    "rotation_end": gettext_lazy("End of rotation"),
    "rating": gettext_lazy("Quality rating"),
    "training": gettext_lazy("Training"),
    "commendation": gettext_lazy("Commendation"),
    "discipline": gettext_lazy("Discipline"),
    "pool": gettext_lazy("Planning pool"),
}


def _may_write(request: HttpRequest) -> bool:
    return policy_for(request.user).anywhere(WRITE)


def _date(text: str | None) -> dt.date | None:
    try:
        return parse_date(text) if text else None
    except ValueError:
        return None


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    on = _date(request.GET.get("on")) or today()
    return render(
        request,
        "careers/index.html",
        {
            "on": on,
            "due": selectors.reviews_due(actor=request.user, on=on, within_days=30)[:100],
            "rotations": selectors.rotations_list(actor=request.user, under_way_on=on)[:100],
            "terms": selectors.terms_list(actor=request.user),
        },
    )


@require_safe
def timeline(request: HttpRequest, person_code: str) -> HttpResponse:
    person = found(person_get, actor=request.user, code=person_code)
    if request.method == "GET" and not getattr(request, "htmx", False):
        # Personal-data accountability, as on the person's page: once per page shown.
        viewed(actor=request.user, person=person, via="web")
    events = [
        (e, EVENT_KINDS.get(e.kind, e.kind)) for e in selectors.person_timeline(person=person)
    ]
    ratings = list(person.assessments.order_by("-year"))
    training = selectors.training_by_person_year([person.pk], [a.year for a in ratings])
    rows = [(a, training.get((person.pk, a.year), [])) for a in ratings]
    return render(
        request,
        "careers/timeline.html",
        {"person": person, "events": events, "ratings": rows},
    )


@require_http_methods(["GET", "POST"])
def rotation_new(request: HttpRequest) -> HttpResponse:
    if not _may_write(request):
        raise DjangoPermissionDenied
    values = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        try:
            person = person_get(actor=request.user, code=values.get("person_code", "").strip())
            unit = unit_get(actor=request.user, code=values.get("to_unit_code", "").strip())
            start = _date(values.get("start"))
            decision_date = _date(values.get("decision_date"))
            if start is None or decision_date is None:
                raise ApplicationError(_("Give the start and decision dates (dd/mm/yyyy)."))
            rotation = rotation_create(
                actor=request.user,
                person=person,
                to_unit_id=unit.pk,
                to_leadership=values.get("to_leadership", ""),
                direction=values.get("direction", ""),
                decision_no=values.get("decision_no", ""),
                decision_date=decision_date,
                start=start,
                planned_end=_date(values.get("planned_end")),
                purpose=values.get("purpose", ""),
                exception_reason=values.get("exception_reason", ""),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Rotation recorded."))
            return redirect("careers:rotation", rotation.pk)
    return render(
        request,
        "careers/rotation_new.html",
        {
            "values": values,
            "directions": Direction.choices,
            "leaderships": Leadership.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def rotation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rotation = found(selectors.rotation_get, actor=request.user, pk=pk)
    if request.method == "POST":
        if not _may_write(request):
            raise DjangoPermissionDenied
        try:
            if request.POST.get("action") == "end":
                ended = _date(request.POST.get("ended_on"))
                if ended is None:
                    raise ApplicationError(_("Give the end date (dd/mm/yyyy)."))
                rotation_end(
                    actor=request.user,
                    rotation=rotation,
                    ended_on=ended,
                    outcome=request.POST.get("outcome", ""),
                    note=request.POST.get("note", ""),
                )
            else:
                review = rotation.reviews.filter(pk=request.POST.get("review")).first()
                done = _date(request.POST.get("done_on"))
                if review is None or done is None:
                    raise ApplicationError(_("Give the date the review was held (dd/mm/yyyy)."))
                review_record(
                    actor=request.user,
                    review=review,
                    done_on=done,
                    notes=request.POST.get("notes", ""),
                )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("careers:rotation", rotation.pk)
    on = today()
    return render(
        request,
        "careers/rotation_detail.html",
        {
            "rotation": rotation,
            "reviews": rotation.reviews.order_by("due_on"),
            "on": on,
            "outcomes": RotationOutcome.choices,
            "may_write": _may_write(request),
        },
    )


@require_http_methods(["GET", "POST"])
def assessment_round_view(request: HttpRequest) -> HttpResponse:
    """The round of one unit for one year: everyone in post there on 31 December."""
    values = request.POST if request.method == "POST" else request.GET
    year = int(values.get("year") or today().year - 1)
    unit = None
    if values.get("unit"):
        try:
            unit = unit_get(actor=request.user, code=values["unit"].strip())
        except NotFound as error:
            messages.error(request, error.message)
    posts = []
    if unit is not None:
        posts = list(
            holdings_on(dt.date(year, 12, 31), actor=request.user)
            .filter(unit=unit)
            .order_by("person__sort_key")
        )
    if request.method == "POST" and unit is not None:
        if not _may_write(request):
            raise DjangoPermissionDenied
        try:
            items = []
            for post in posts:
                rating = request.POST.get(f"rating_{post.person.code}", "")
                if not rating:
                    continue
                points_text = request.POST.get(f"points_{post.person.code}", "").strip()
                try:
                    points = Decimal(points_text.replace(",", ".")) if points_text else None
                except InvalidOperation:
                    raise ApplicationError(
                        _("'%(text)s' is not a number of points.") % {"text": points_text}
                    ) from None
                items.append(RatingIn(post.person, rating, points))
            unit_rating = request.POST.get("unit_rating")
            outcome = assessment_round(
                actor=request.user,
                year=year,
                ratings=items,
                decision_no=request.POST.get("decision_no", ""),
                decided_by=request.POST.get("decided_by", ""),
                decided_on=_date(request.POST.get("decided_on")),
                unit_rating=(unit.pk, unit_rating) if unit_rating else None,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Ratings saved: %(created)s new, %(updated)s changed.") % outcome,
            )
            return redirect(f"{request.path}?unit={unit.code}&year={year}")
    existing = {}
    training = {}
    if unit is not None:
        existing = {
            a.person_id: a
            for a in selectors.assessments_list(actor=request.user, year=year).filter(
                person_id__in=[p.person_id for p in posts]
            )
        }
        training = selectors.training_by_person_year([p.person_id for p in posts], [year])
    posted = request.POST  # after a refusal the form shows what was sent, not what is stored

    def chosen(post, assessment) -> tuple[str, str]:
        code = post.person.code
        if f"rating_{code}" in posted:
            return posted[f"rating_{code}"], posted.get(f"points_{code}", "")
        if assessment is None:
            return "", ""
        return assessment.rating, "" if assessment.points is None else str(assessment.points)

    rows = []
    for post in posts:
        assessment = existing.get(post.person_id)
        rating, points = chosen(post, assessment)
        rows.append((post, assessment, training.get((post.person_id, year), []), rating, points))
    counts = {r: sum(1 for row in rows if row[1] and row[1].rating == r) for r in Rating.values}
    unit_rating = (
        UnitAssessment.objects.filter(unit=unit, year=year).first() if unit is not None else None
    )
    rule = quota_rule(unit.pk, year, posts[0].category) if unit is not None and posts else None
    rated = sum(counts.values())
    return render(
        request,
        "careers/assessment_round.html",
        {
            "unit": unit,
            "year": year,
            "rows": rows,
            "ratings": Rating.choices,
            "counts": counts,
            "rated": rated,
            "good_or_better": counts["excellent"] + counts["good"],
            "unit_rating": unit_rating,
            "rule": rule,
            "may_write": _may_write(request),
        },
    )


@require_http_methods(["GET", "POST"])
def records(request: HttpRequest) -> HttpResponse:
    """Commendations and discipline: the lists, and forms to record one."""
    if request.method == "POST":
        if not _may_write(request):
            raise DjangoPermissionDenied
        post = request.POST
        try:
            person = person_get(actor=request.user, code=post.get("person_code", "").strip())
            decided_on = _date(post.get("decided_on"))
            if decided_on is None:
                raise ApplicationError(_("Give the decision date (dd/mm/yyyy)."))
            if post.get("kind") == "discipline":
                discipline_create(
                    actor=request.user,
                    person=person,
                    level=post.get("level", ""),
                    decision_no=post.get("decision_no", ""),
                    decided_on=decided_on,
                    reason=post.get("reason", ""),
                )
            else:
                commendation_create(
                    actor=request.user,
                    person=person,
                    form=post.get("form", ""),
                    title=post.get("title", ""),
                    decision_no=post.get("decision_no", ""),
                    decided_on=decided_on,
                    reason=post.get("reason", ""),
                )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("careers:records")
    return render(
        request,
        "careers/records.html",
        {
            "commendations": selectors.commendations_list(actor=request.user)[:200],
            "disciplines": selectors.disciplines_list(actor=request.user)[:200],
            "forms": CommendationForm.choices,
            "levels": DisciplineLevel.choices,
            "may_write": _may_write(request),
        },
    )
