"""The organisation tree, dated: a unit's name, level, kind and parent hold over periods.

A unit is identified by its code for its whole life. What it is called and where it sits are
`UnitVersion`s that partition its life; renames and moves add versions, mergers end a unit and
record its successor. `UnitAncestry` is the derived closure table, also dated, that answers
"the subtree of X on date D" with one indexed lookup on both databases.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dtbd.core.codes import Level, UnitKind
from dtbd.core.dates import BEGINNING, END


class Unit(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    valid_from = models.DateField(_("valid from"), default=BEGINNING)
    valid_to = models.DateField(_("valid to"), default=END)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="unit_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class UnitVersion(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=UnitKind.choices, blank=True)
    parent = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="child_versions",
        verbose_name=_("parent"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))

    class Meta:
        verbose_name = _("unit version")
        verbose_name_plural = _("unit versions")
        ordering = ["unit_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_from"], name="unitversion_one_per_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="unitversion_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values), name="unitversion_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[*UnitKind.values, ""]), name="unitversion_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["parent", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from}–{self.valid_to})"


class UnitSuccession(models.Model):
    """A merger, split or replacement: `predecessor` ceased and `successor` took over."""

    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predecessions")
    effective_on = models.DateField(_("effective on"))
    decision_no = models.CharField(_("decision number"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("unit succession")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unitsuccession_unique"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="unitsuccession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_on})"


class UnitAncestry(models.Model):
    """Derived closure: `ancestor` is `depth` levels above `descendant` during the period.

    Rebuilt by `organisation.services.ancestry_rebuild`; never edited by hand. Depth 0 rows
    (a unit and itself) make "the subtree of X" include X.
    """

    ancestor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    descendant = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["ancestor", "valid_from", "valid_to", "descendant"]),
            models.Index(fields=["descendant", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.ancestor_id} ⊇ {self.descendant_id} ({self.valid_from}–{self.valid_to})"
