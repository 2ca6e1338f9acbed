"""Training plans: a unit's targets and budget for a period, approved by a higher unit.

A `Plan` is the identity (its code and unit); what it says lives in numbered
`PlanVersion`s. A revision copies the approved version into a new draft, so every version
stays readable and two versions can be compared line by line. Only a draft can be edited;
an approved version is read-only (services enforce it; see docs/adr/0008-plans-design.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dtbd.core.codes import Level, Measure, ProgramCategory


class PlanKind(models.TextChoices):
    YEAR = "year", _("Annual plan")
    TERM = "term", _("Term plan")
    PROJECT = "project", _("Project plan")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    # An approved version that a later version has replaced (it stays readable).
    REVISED = "revised", _("Revised")


OPEN_STATUSES = (PlanStatus.DRAFT, PlanStatus.SUBMITTED)


class FundingSource(models.TextChoices):
    CENTRAL_BUDGET = "central_budget", _("Central state budget")
    LOCAL_BUDGET = "local_budget", _("Local state budget")
    UNIT_FUNDS = "unit_funds", _("Agency's own funds")
    PROGRAMME = "programme", _("National programmes and projects")
    OTHER = "other", _("Other sources")


class Plan(models.Model):
    code = models.CharField(_("plan code"), max_length=32, unique=True)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("unit"),
    )
    # Bumped by every write to the plan or its versions: the API's optimistic lock.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class PlanVersion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version number"))
    title = models.CharField(_("title"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=PlanKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    note = models.TextField(_("note"), blank=True)
    decision_no = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )
    # Who approved when the approver is not a user account (the command line, an import).
    approved_by_label = models.CharField(max_length=150, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_one_number"),
            # At most one version of a plan is being worked on at a time.
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=["draft", "submitted"]),
                name="planversion_one_open",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="planversion_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="planversion_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PlanKind.values), name="planversion_kind_valid"
            ),
            # Approved (and later revised) versions carry their decision.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted"])
                | (~Q(decision_no="") & Q(decision_date__isnull=False)),
                name="planversion_approved_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number} ({self.status})"

    @property
    def editable(self) -> bool:
        return self.status == PlanStatus.DRAFT


class PlanTarget(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="targets")
    program_category = models.CharField(
        _("programme category"), max_length=32, choices=ProgramCategory.choices
    )
    # The administrative level of the people the target is for; blank: every level.
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, blank=True)
    measure = models.CharField(
        _("measure"), max_length=16, choices=Measure.choices, default=Measure.PERSON_TIMES
    )
    target = models.PositiveIntegerField(_("target"))
    classes_home = models.PositiveIntegerField(_("classes at home"), default=0)
    classes_abroad = models.PositiveIntegerField(_("classes abroad"), default=0)
    budget_vnd = models.BigIntegerField(_("budget (VND)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        ordering = ["version_id", "program_category", "level", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "program_category", "level", "measure"],
                name="plantarget_one_per_line",
            ),
            models.CheckConstraint(condition=Q(target__gt=0), name="plantarget_positive"),
            models.CheckConstraint(
                condition=Q(budget_vnd__isnull=True) | Q(budget_vnd__gte=0),
                name="plantarget_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(program_category__in=ProgramCategory.values),
                name="plantarget_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(level__in=[*Level.values, ""]), name="plantarget_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(measure__in=Measure.values), name="plantarget_measure_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_category}/{self.level or '*'}/{self.measure}={self.target}"


class PlanBudget(models.Model):
    """One budget line: how much of the plan's money comes from one funding source."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="budgets")
    source = models.CharField(_("funding source"), max_length=16, choices=FundingSource.choices)
    amount_vnd = models.BigIntegerField(_("amount (VND)"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["version_id", "source"]
        constraints = [
            models.UniqueConstraint(fields=["version", "source"], name="planbudget_one_per_source"),
            models.CheckConstraint(
                condition=Q(amount_vnd__gte=0), name="planbudget_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(source__in=FundingSource.values), name="planbudget_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}={self.amount_vnd}"
