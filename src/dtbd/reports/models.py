"""Submitted reports: the figures as they stood when a report was filed for a period.

Later corrections to people, posts, qualifications or enrolments change the live report but
never a submitted one; the page of a submission shows both and their differences.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmittedReport(models.Model):
    report = models.CharField(_("report"), max_length=40)
    period = models.CharField(_("period"), max_length=40)
    # The unit the report was filed for (its `unit` parameter); None: the whole system.
    unit = models.ForeignKey(
        "organisation.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    params = models.JSONField(_("parameters"))  # as given, in the contract's text form
    result = models.JSONField(_("figures"))  # the contract's JSON, frozen
    note = models.CharField(_("note"), max_length=255, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_by_name = models.CharField(_("submitted by"), max_length=150)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("submitted report")
        verbose_name_plural = _("submitted reports")
        ordering = ["-submitted_at"]
        constraints = [
            # One filing of a report per period and unit; a correction is a new period label.
            models.UniqueConstraint(
                fields=["report", "period", "unit"], name="submittedreport_one_per_period"
            ),
            models.UniqueConstraint(
                fields=["report", "period"],
                condition=models.Q(unit__isnull=True),
                name="submittedreport_one_per_period_everywhere",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.period}"


class TermTarget(models.Model):
    """A target for a term, measured by the attainment report: e.g. 'share of provincial heads
    under 40 ≥ 15%' is attainment with dimension=age, under=40, level=province,
    leadership=head, measured in the unit's subtree."""

    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    label = models.CharField(_("target"), max_length=255)
    term_start = models.PositiveSmallIntegerField(_("term from (year)"))
    term_end = models.PositiveSmallIntegerField(_("term to (year)"))
    # attainment's parameters but unit and as_of (the target's unit; each date measured)
    params = models.JSONField(_("measure"))
    target_percent = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("term target")
        verbose_name_plural = _("term targets")
        ordering = ["unit_id", "term_start", "label"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__gte=models.F("term_start")),
                name="termtarget_term_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(target_percent__gte=0, target_percent__lte=100),
                name="termtarget_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.term_start}–{self.term_end}"
