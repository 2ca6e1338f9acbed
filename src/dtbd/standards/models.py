"""Standards as dated rules, competency frameworks, and the annual training needs survey.

A `Standard` names what it applies to (a rank, a leadership post at a unit level, or a job
position); its `StandardVersion`s partition time and never overlap, and each version lists
its `Requirement`s (a qualification dimension and the lowest level that satisfies it). A rule
change adds a version: the gap on a past date is computed under the version of that date.
Levels "or higher" come from the ordered scales in core.codes; `Equivalence` rows add the
cross-dimension cases (cao cấp lý luận chính trị - hành chính counts as state management at
principal specialist level).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dtbd.core.codes import Dimension, Leadership, Level, ProgramCategory
from dtbd.core.dates import BEGINNING, END


class TargetKind(models.TextChoices):
    RANK = "rank", _("Civil-service rank")
    LEADERSHIP = "leadership", _("Leadership post")
    POSITION = "position", _("Job position")


class Standard(models.Model):
    """Chuẩn chức danh: the standard of one rank, one leadership post or one job position.

    For a leadership post, `code` is the post (head/deputy) and `unit_level` the level of the
    unit it heads; for ranks and positions `unit_level` is blank.
    """

    kind = models.CharField(_("applies to"), max_length=12, choices=TargetKind.choices)
    code = models.CharField(_("code"), max_length=32)
    unit_level = models.CharField(_("unit level"), max_length=16, choices=Level.choices, blank=True)
    name = models.CharField(_("name"), max_length=255)
    version = models.PositiveIntegerField(_("version"), default=1)  # optimistic locking
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["kind", "unit_level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code", "unit_level"], name="standard_one_per_target"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=TargetKind.values), name="standard_kind_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="leadership",
                        code__in=[Leadership.HEAD, Leadership.DEPUTY],
                        unit_level__in=Level.values,
                    )
                    | (~Q(kind="leadership") & Q(unit_level=""))
                ),
                name="standard_leadership_has_level",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StandardVersion(models.Model):
    """The rule of a standard over a period, from a legal document."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField(_("valid from"), default=BEGINNING)
    valid_to = models.DateField(_("valid to"), default=END)
    document = models.CharField(_("legal document"), max_length=255)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("standard version")
        verbose_name_plural = _("standard versions")
        ordering = ["standard_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "valid_from"], name="standardversion_one_per_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="standardversion_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard} {self.valid_from}–{self.valid_to}"


class Requirement(models.Model):
    """One requirement: hold `min_level` or higher on `dimension` (or an equivalent)."""

    version = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="requirements"
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    min_level = models.CharField(_("minimum level"), max_length=24)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["version_id", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "dimension"], name="requirement_one_per_dimension"
            ),
            models.CheckConstraint(
                condition=Q(dimension__in=Dimension.values), name="requirement_dimension_valid"
            ),
            models.CheckConstraint(condition=~Q(min_level="none"), name="requirement_not_none"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} ≥ {self.min_level}"


class Equivalence(models.Model):
    """Holding `level` on `dimension` counts as holding `satisfies_level` on
    `satisfies_dimension` (and so every level above that), during the period."""

    dimension = models.CharField(_("held dimension"), max_length=20, choices=Dimension.choices)
    level = models.CharField(_("held level"), max_length=24)
    satisfies_dimension = models.CharField(
        _("counts for dimension"), max_length=20, choices=Dimension.choices
    )
    satisfies_level = models.CharField(_("counts as level"), max_length=24)
    valid_from = models.DateField(_("valid from"), default=BEGINNING)
    valid_to = models.DateField(_("valid to"), default=END)
    document = models.CharField(_("legal document"), max_length=255)

    class Meta:
        verbose_name = _("equivalence")
        verbose_name_plural = _("equivalences")
        ordering = ["dimension", "level", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="equivalence_period_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(dimension=F("satisfies_dimension")),
                name="equivalence_across_dimensions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.level} ⇒ {self.satisfies_dimension}={self.satisfies_level}"


class HoursRule(models.Model):
    """Required training per person per year (historically at least 40 periods of 45 minutes)."""

    periods = models.PositiveSmallIntegerField(_("periods a year"))
    valid_from = models.DateField(_("valid from"), default=BEGINNING)
    valid_to = models.DateField(_("valid to"), default=END)
    document = models.CharField(_("legal document"), max_length=255)

    class Meta:
        verbose_name = _("annual training hours rule")
        verbose_name_plural = _("annual training hours rules")
        ordering = ["valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["valid_from"], name="hoursrule_one_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="hoursrule_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.periods} ({self.valid_from}–{self.valid_to})"


# --- competency frameworks ------------------------------------------------------------------


class Framework(models.Model):
    """Khung năng lực: competencies and a proficiency scale, versioned."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(models.Model):
    """One edition of a framework. Evidence points at the competencies of the edition it was
    assessed against, so a new edition never changes what past evidence meant."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("edition"))
    valid_from = models.DateField(_("valid from"), default=BEGINNING)
    valid_to = models.DateField(_("valid to"), default=END)
    document = models.CharField(_("legal document"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("framework edition")
        ordering = ["framework_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="frameworkversion_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")),
                name="frameworkversion_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework} ({self.number})"


class ProficiencyLevel(models.Model):
    """A step of an edition's scale; higher `rank` is more proficient (1 = lowest)."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField(_("rank"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["version_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["version", "rank"], name="proficiency_unique"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="proficiency_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.name}"


class Competency(models.Model):
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="competencies"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["version_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="competency_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PositionCompetency(models.Model):
    """The level a job position requires on a competency."""

    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="position_levels"
    )
    position_code = models.CharField(_("job position"), max_length=32)
    required_rank = models.PositiveSmallIntegerField(_("required level"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["competency", "position_code"], name="positioncompetency_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position_code}: {self.competency_id} ≥ {self.required_rank}"


class EvidenceSource(models.TextChoices):
    SELF = "self", _("Self-assessment")
    MANAGER = "manager", _("Manager's assessment")
    COURSE = "course", _("Course completion")


class Evidence(models.Model):
    """What someone said of a person's proficiency, when and on what ground. Append-only:
    a later assessment is a new row; the latest one counts."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="competency_evidence"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="evidence")
    rank = models.PositiveSmallIntegerField(_("level"))
    source = models.CharField(_("source"), max_length=8, choices=EvidenceSource.choices)
    observed_on = models.DateField(_("observed on"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_label = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("competency evidence")
        ordering = ["person_id", "competency_id", "-observed_on", "-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=EvidenceSource.values), name="evidence_source_valid"
            ),
        ]
        indexes = [models.Index(fields=["person", "competency"], name="evidence_person_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.competency_id}={self.rank} ({self.source})"


# --- the annual needs survey ----------------------------------------------------------------


class Campaign(models.Model):
    """Khảo sát nhu cầu ĐTBD: opened by the province each year for its subtree."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    title = models.CharField(_("title"), max_length=255)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("needs survey")
        verbose_name_plural = _("needs surveys")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="campaign_one_per_year"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="campaign_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Priority(models.IntegerChoices):
    HIGH = 1, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 3, _("Low")


class Need(models.Model):
    """A unit's registered need: how many people (or which) for a programme category."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="needs")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    program_category = models.CharField(
        _("programme category"), max_length=32, choices=ProgramCategory.choices
    )
    people_count = models.PositiveIntegerField(_("number of people"))
    people = models.ManyToManyField("people.Person", blank=True, related_name="+")
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registered need")
        verbose_name_plural = _("registered needs")
        ordering = ["campaign_id", "unit_id", "priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "program_category"], name="need_one_per_category"
            ),
            models.CheckConstraint(
                condition=Q(program_category__in=ProgramCategory.values),
                name="need_category_valid",
            ),
            models.CheckConstraint(condition=Q(people_count__gte=1), name="need_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.program_category} × {self.people_count}"


class Interest(models.Model):
    """An individual's wish to attend a programme category in the campaign's year."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="interests")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    program_category = models.CharField(
        _("programme category"), max_length=32, choices=ProgramCategory.choices
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person", "program_category"], name="interest_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.program_category}"
