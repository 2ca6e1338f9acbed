"""The use of staff: rotations, annual quality assessments, commendations, discipline and the
leadership planning pool, with the dated rules that govern them.

The limits of those rules (quota percentages, review intervals, pool targets, retirement ages)
are rows of `CareerRule` with a validity period and the legal document they come from, never
constants: a rating for 2024 is checked under the rules of 2024 (docs/adr/0007-careers-rules.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from dtbd.core.codes import Category, Leadership, Rating
from dtbd.core.dates import END

# The contract's rating labels (core.codes.Rating) had no Vietnamese in any catalogue; they
# are named here so that this app's catalogue carries them (Django merges all catalogues).
RATING_LABELS = (
    gettext_noop("Excellently completed tasks"),
    gettext_noop("Well completed tasks"),
    gettext_noop("Completed tasks"),
    gettext_noop("Did not complete tasks"),
)


class CareerRule(models.Model):
    """One dated rule: `code` has `value` for `scope` from `valid_from` to `valid_to`.

    `scope` narrows a rule to a person category, a unit level or a gender ("" means all);
    the most specific row valid on the date wins (see rules.rule_value).
    """

    code = models.CharField(_("rule"), max_length=48)
    scope = models.CharField(_("applies to"), max_length=24, blank=True)
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), default=END)
    source = models.CharField(_("legal source"), max_length=120)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("career rule")
        verbose_name_plural = _("career rules")
        ordering = ["code", "scope", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "scope", "valid_from"], name="careerrule_one_per_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="careerrule_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        scope = f"[{self.scope}]" if self.scope else ""
        return f"{self.code}{scope}={self.value} ({self.valid_from}–{self.valid_to}, {self.source})"


# --- Annual quality assessment -----------------------------------------------------------------


class Assessment(models.Model):
    """One person's quality rating for one year (đánh giá, xếp loại chất lượng)."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("person"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, null=True, blank=True)
    # Where the person worked, and as what, at the end of the year (or their last post in it):
    # the group the quota and the head rule count in. Kept so later moves do not change it.
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("unit"),
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    leadership = models.CharField(
        _("leadership"), max_length=8, choices=Leadership.choices, default=Leadership.NONE
    )
    decision_no = models.CharField(_("decision number"), max_length=64, blank=True)
    decided_by = models.CharField(_("deciding officer"), max_length=150, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("annual assessment")
        verbose_name_plural = _("annual assessments")
        ordering = ["-year", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="assessment_one_per_year"),
            models.CheckConstraint(
                condition=Q(rating__in=Rating.values), name="assessment_rating_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100), name="assessment_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0, points__lte=100),
                name="assessment_points_range",
            ),
        ]
        indexes = [models.Index(fields=["year", "unit", "rating"], name="assessment_unit_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year}: {self.rating}"


class UnitAssessment(models.Model):
    """A unit's own rating for a year: it raises the quota and caps its head's rating."""

    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.CASCADE,
        related_name="unit_assessments",
        verbose_name=_("unit"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices)
    decision_no = models.CharField(_("decision number"), max_length=64, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unit assessment")
        verbose_name_plural = _("unit assessments")
        ordering = ["-year", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unitassessment_one_per_year"),
            models.CheckConstraint(
                condition=Q(rating__in=Rating.values), name="unitassessment_rating_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.rating}"


# --- Rotation ----------------------------------------------------------------------------------


class Direction(models.TextChoices):
    UP = "up", _("To a higher level")
    DOWN = "down", _("To a lower level")
    BETWEEN_LOCALITIES = "between_localities", _("Between localities")
    BETWEEN_BODIES = "between_bodies", _("Between agencies at the same level")


class RotationOutcome(models.TextChoices):
    RETURNED = "returned", _("Returned to the post of origin")
    APPOINTED = "appointed", _("Appointed to a new post")
    STAYED = "stayed", _("Stayed in the rotation post")
    ENDED_EARLY = "ended_early", _("Ended early")


class Rotation(models.Model):
    """A rotation (luân chuyển): the person leaves one post for another for a planned period.

    The post of origin is kept (from_*), so the person can return to it at the end.
    """

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="rotations",
        verbose_name=_("person"),
    )
    from_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="rotations_out",
        verbose_name=_("from unit"),
    )
    # The person's category and rank go with them to the rotation post.
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    rank_code = models.CharField(_("rank"), max_length=16, blank=True)
    from_leadership = models.CharField(
        _("from leadership"), max_length=8, choices=Leadership.choices
    )
    from_position_code = models.CharField(_("from job position"), max_length=32, blank=True)
    to_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="rotations_in",
        verbose_name=_("to unit"),
    )
    to_leadership = models.CharField(_("to leadership"), max_length=8, choices=Leadership.choices)
    to_position_code = models.CharField(_("to job position"), max_length=32, blank=True)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    decision_no = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    start = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"))
    purpose = models.TextField(_("purpose"), blank=True)
    # An authorised officer may rotate someone outside the pool or to a post that is not
    # equivalent; who and why are recorded (Regulation 65-QĐ/TW).
    exception_reason = models.TextField(_("exception reason"), blank=True)
    exception_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("exception authorised by"),
    )
    exception_by_label = models.CharField(_("exception authorised by"), max_length=150, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=RotationOutcome.choices, blank=True
    )
    outcome_note = models.TextField(_("outcome note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rotation")
        verbose_name_plural = _("rotations")
        ordering = ["-start", "person_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gt=F("start")), name="rotation_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("start")),
                name="rotation_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, outcome="")
                | (Q(ended_on__isnull=False) & ~Q(outcome="")),
                name="rotation_outcome_with_end",
            ),
            models.CheckConstraint(
                condition=Q(exception_reason="") | ~Q(exception_by_label=""),
                name="rotation_exception_has_officer",
            ),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="rotation_direction_valid"
            ),
            models.UniqueConstraint(fields=["person", "start"], name="rotation_one_per_start"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.from_unit_id} → {self.to_unit_id} from {self.start}"

    @property
    def end(self):
        """The last day of the rotation: when it ended, else when it is planned to."""
        return self.ended_on or self.planned_end


class RotationReview(models.Model):
    """A periodic review of a rotated person's work: due on a date, done on another."""

    rotation = models.ForeignKey(
        Rotation, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("rotation")
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    reviewer = models.CharField(_("reviewer"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("rotation review")
        verbose_name_plural = _("rotation reviews")
        ordering = ["rotation_id", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["rotation", "due_on"], name="review_one_per_due"),
        ]
        indexes = [models.Index(fields=["done_on", "due_on"], name="review_due_idx")]

    def __str__(self) -> str:
        return f"review of {self.rotation_id} due {self.due_on}"


# --- Commendation and discipline ---------------------------------------------------------------


class CommendationForm(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate of merit")
    EMULATION_TITLE = "emulation_title", _("Emulation title")
    ORDER = "order", _("Order or medal")
    OTHER = "other", _("Other")


class Commendation(models.Model):
    """A commendation (khen thưởng) by decision."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="commendations",
        verbose_name=_("person"),
    )
    form = models.CharField(_("form"), max_length=16, choices=CommendationForm.choices)
    title = models.CharField(_("title"), max_length=255)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    decision_no = models.CharField(_("decision number"), max_length=64)
    decided_on = models.DateField(_("decided on"))
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-decided_on", "person_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(form__in=CommendationForm.values), name="commendation_form_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.title} ({self.decided_on})"


class DisciplineLevel(models.TextChoices):
    """Disciplinary measures, mildest first; SEVERITY gives their order."""

    REMINDER = "reminder", _("Reminder (not a disciplinary measure)")
    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    SALARY_DOWNGRADE = "salary_downgrade", _("Salary step downgrade")
    DEMOTION = "demotion", _("Demotion")
    DISMISSAL_FROM_POST = "dismissal_from_post", _("Dismissal from post")
    FORCED_RESIGNATION = "forced_resignation", _("Forced resignation")


# Stored beside the level so that "reprimand or above" is one comparison in SQL.
SEVERITY: dict[str, int] = {level: order for order, level in enumerate(DisciplineLevel.values)}


class Discipline(models.Model):
    """A disciplinary measure (kỷ luật) by decision."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="disciplines",
        verbose_name=_("person"),
    )
    level = models.CharField(_("measure"), max_length=24, choices=DisciplineLevel.choices)
    severity = models.PositiveSmallIntegerField(_("severity"))
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    decision_no = models.CharField(_("decision number"), max_length=64)
    decided_on = models.DateField(_("decided on"))
    effective_to = models.DateField(_("in effect until"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["-decided_on", "person_id"]
        constraints = [
            # The level and its severity always agree.
            models.CheckConstraint(
                condition=models.Q(
                    *[Q(level=level, severity=order) for level, order in SEVERITY.items()],
                    _connector=Q.OR,
                ),
                name="discipline_level_severity",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("decided_on")),
                name="discipline_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.level} ({self.decided_on})"


# --- Leadership planning pool ------------------------------------------------------------------


class PoolTerm(models.Model):
    """A planning term (e.g. 2026–2031) of one body's leadership pool (quy hoạch)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    # The body whose leadership is planned: its level decides the "young" age (rules).
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="pool_terms",
        verbose_name=_("unit"),
    )
    start = models.DateField(_("term start"))
    end = models.DateField(_("term end"))
    decision_no = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("planning term")
        verbose_name_plural = _("planning terms")
        ordering = ["-start", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="poolterm_ordered"),
        ]

    def __str__(self) -> str:
        return self.name


class PoolPost(models.Model):
    """A target post planned for in a term: a unit's head or deputy, with position and rank."""

    term = models.ForeignKey(
        PoolTerm, on_delete=models.CASCADE, related_name="posts", verbose_name=_("term")
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="pool_posts",
        verbose_name=_("unit"),
    )
    leadership = models.CharField(_("leadership"), max_length=8, choices=Leadership.choices)
    position_code = models.CharField(_("job position"), max_length=32, blank=True)
    rank_code = models.CharField(_("rank"), max_length=16, blank=True)
    title = models.CharField(_("post title"), max_length=255)

    class Meta:
        verbose_name = _("planned post")
        verbose_name_plural = _("planned posts")
        ordering = ["term_id", "unit_id", "leadership", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "unit", "leadership", "position_code"], name="poolpost_unique"
            ),
            models.CheckConstraint(
                condition=~Q(leadership=Leadership.NONE), name="poolpost_is_leadership"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REMOVED = "removed", _("Removed")


class RemovalReason(models.TextChoices):
    DISCIPLINE = "discipline", _("Disciplined")
    OVER_AGE = "over_age", _("Over the age for planning")
    APPOINTED = "appointed", _("Appointed to the post")
    OTHER = "other", _("Other")


class PoolCandidate(models.Model):
    """A person planned for a post in a term."""

    post = models.ForeignKey(
        PoolPost, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("post")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="pool_candidacies",
        verbose_name=_("person"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CandidateStatus.choices, default="proposed"
    )
    decision_no = models.CharField(_("approving decision"), max_length=64, blank=True)
    decided_on = models.DateField(_("approved on"), null=True, blank=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.CharField(
        _("removal reason"), max_length=12, choices=RemovalReason.choices, blank=True
    )
    removal_note = models.TextField(_("removal note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pool candidate")
        verbose_name_plural = _("pool candidates")
        ordering = ["post_id", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "person"], name="poolcandidate_unique"),
            models.CheckConstraint(
                condition=Q(status__in=CandidateStatus.values), name="poolcandidate_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (~Q(decision_no="") & Q(decided_on__isnull=False)),
                name="poolcandidate_approved_by_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status="removed")
                | (Q(removed_on__isnull=False) & ~Q(removal_reason="")),
                name="poolcandidate_removed_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} for {self.post_id} ({self.status})"
