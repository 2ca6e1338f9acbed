"""Planning pool pages: the terms, a new term, and one term with its planned posts, where an
HR officer adds posts and candidates, approves a post's candidates by decision and takes a
candidate out of the pool with a reason. Every write goes through the services of pool.py,
which refuse beyond the dated limits (naming the rule and its source)."""

import datetime as dt
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from dtbd.accounts.policy import WRITE, policy_for
from dtbd.core.codes import Leadership
from dtbd.core.dates import parse_date, today
from dtbd.core.errors import ApplicationError
from dtbd.core.views import found
from dtbd.organisation.selectors import unit_get
from dtbd.people.selectors import person_get

from . import selectors
from .models import RemovalReason
from .pool import (
    ACTIVE,
    pool_candidate_add,
    pool_candidate_remove,
    pool_post_add,
    pool_post_approve,
    pool_remove_over_age,
    pool_targets,
    pool_term_create,
    term_level,
)
from .rules import num, rule_on

# What each target measures, as people name it (the API keeps the codes).
MEASURES = {
    "women": gettext_lazy("Women"),
    "posts_within_candidate_limits": gettext_lazy("Posts with 2–4 candidates"),
}


def measure_label(code: str) -> str:
    if code.startswith("young_under_"):
        return _("Young (under %(age)s)") % {"age": code.removeprefix("young_under_")}
    return str(MEASURES.get(code, code))


def _may_write(request: HttpRequest, unit_id: int | None = None, on: dt.date | None = None):
    scope = policy_for(request.user)
    return scope.covers(WRITE, unit_id, on) if unit_id else scope.anywhere(WRITE)


def _date(text: str | None, what: str) -> dt.date:
    try:
        return parse_date((text or "").strip())
    except ValueError:
        raise ApplicationError(_("Give %(what)s as dd/mm/yyyy.") % {"what": what}) from None


def _limits(on: dt.date, level: str) -> list[tuple[str, str]]:
    """The dated limits in force on `on`, each with its source, to show beside the forms."""
    rows = []
    least, most = rule_on("pool_candidates_min", on), rule_on("pool_candidates_max", on)
    if least and most:
        text = _("%(least)s to %(most)s candidates per post") % {
            "least": least.number,
            "most": most.number,
        }
        rows.append((text, most.source))
    per_person = rule_on("pool_posts_per_person_max", on)
    if per_person:
        text = _("at most %(n)s posts per person in a term") % {"n": per_person.number}
        rows.append((text, per_person.source))
    age = rule_on("pool_months_before_retirement_min", on)
    if age:
        text = _("at least %(n)s months of work before retirement") % {"n": age.number}
        rows.append((text, age.source))
    young_age, young = rule_on("pool_young_age", on, level), rule_on("pool_young_percent_min", on)
    if young_age and young:
        text = _("at least %(p)s%% young (under %(age)s)") % {
            "p": num(young.value),
            "age": young_age.number,
        }
        rows.append((text, young.source))
    women = rule_on("pool_women_percent_min", on)
    if women:
        rows.append((_("at least %(p)s%% women") % {"p": num(women.value)}, women.source))
    return rows


@require_http_methods(["GET", "POST"])
def pool_index(request: HttpRequest) -> HttpResponse:
    """The terms in the caller's units with their targets; a form to open a new term."""
    values = request.POST
    if request.method == "POST":
        if not _may_write(request):
            raise DjangoPermissionDenied
        try:
            unit = unit_get(actor=request.user, code=values.get("unit_code", "").strip())
            decided = values.get("decision_date", "").strip()
            term = pool_term_create(
                actor=request.user,
                code=values.get("code", ""),
                name=values.get("name", ""),
                unit_id=unit.pk,
                start=_date(values.get("start"), _("the term start")),
                end=_date(values.get("end"), _("the term end")),
                decision_no=values.get("decision_no", ""),
                decision_date=_date(decided, _("the decision date")) if decided else None,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Planning term opened."))
            return redirect("careers:pool_term", term.code)
    terms = []
    on = today()
    for term in selectors.terms_list(actor=request.user):
        when = max(term.start, min(on, term.end))
        targets = [(t, measure_label(t.measure)) for t in pool_targets(term, when)]
        terms.append((term, targets, when))
    return render(
        request,
        "careers/pool.html",
        {"terms": terms, "values": values, "may_write": _may_write(request)},
    )


def _post_action(request: HttpRequest, term) -> str:
    """Run the form's action on the term; the message to show after it."""
    post_data = request.POST
    action = post_data.get("action", "")
    if action == "add_post":
        unit = unit_get(actor=request.user, code=post_data.get("unit_code", "").strip())
        post = pool_post_add(
            actor=request.user,
            term=term,
            unit_id=unit.pk,
            leadership=post_data.get("leadership", ""),
            title=post_data.get("title", ""),
            position_code=post_data.get("position_code", ""),
        )
        return _("Post %(title)s added.") % {"title": post.title}
    if action == "remove_over_age":
        on = _date(post_data.get("on"), _("the date"))
        removed = pool_remove_over_age(actor=request.user, term=term, on=on)
        return _("%(n)s candidates over the age for planning removed.") % {"n": removed}
    if action == "remove":
        candidate = selectors.term_candidates(term=term).filter(pk=post_data.get("candidate"))
        candidate = candidate.first()
        if candidate is None:
            raise ApplicationError(_("Choose a candidate of this term."))
        pool_candidate_remove(
            actor=request.user,
            candidate=candidate,
            on=_date(post_data.get("removed_on"), _("the date of removal")),
            reason=post_data.get("reason", ""),
            note=post_data.get("note", ""),
        )
        return _("%(name)s removed from the planning pool.") % {"name": candidate.person.full_name}
    post = term.posts.filter(pk=post_data.get("post")).first()
    if post is None:
        raise ApplicationError(_("Choose a post of this term."))
    if action == "add_candidate":
        person = person_get(actor=request.user, code=post_data.get("person_code", "").strip())
        pool_candidate_add(actor=request.user, post=post, person=person)
        return _("%(name)s proposed for %(post)s.") % {"name": person.full_name, "post": post.title}
    if action == "approve":
        count = pool_post_approve(
            actor=request.user,
            post=post,
            decision_no=post_data.get("decision_no", ""),
            decided_on=_date(post_data.get("decided_on"), _("the decision date")),
        )
        return _("%(n)s candidates for %(post)s approved.") % {"n": count, "post": post.title}
    raise ApplicationError(_("Unknown action."))


@require_http_methods(["GET", "POST"])
def pool_term(request: HttpRequest, code: str) -> HttpResponse:
    term = found(selectors.term_get, actor=request.user, code=code)
    may_write = _may_write(request, term.unit_id, term.start)
    if request.method == "POST":
        if not may_write:
            raise DjangoPermissionDenied
        try:
            done = _post_action(request, term)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
            return redirect("careers:pool_term", term.code)
    on = today()
    when = max(term.start, min(on, term.end))
    by_post = defaultdict(list)
    for candidate in selectors.term_candidates(term=term):
        by_post[candidate.post_id].append(candidate)
    posts = []
    for post in term.posts.select_related("unit").order_by("unit__code", "leadership", "title"):
        candidates = by_post[post.pk]
        active = sum(1 for c in candidates if c.status in ACTIVE)
        posts.append((post, candidates, active))
    return render(
        request,
        "careers/pool_term.html",
        {
            "term": term,
            "posts": posts,
            "targets": [(t, measure_label(t.measure)) for t in pool_targets(term, when)],
            "limits": _limits(when, term_level(term, when)),
            "when": when,
            "on": on,
            "leaderships": [
                (Leadership.HEAD, Leadership.HEAD.label),
                (Leadership.DEPUTY, Leadership.DEPUTY.label),
            ],
            "reasons": [(c, label) for c, label in RemovalReason.choices if c != "discipline"],
            "may_write": may_write,
            "values": request.POST,
        },
    )
