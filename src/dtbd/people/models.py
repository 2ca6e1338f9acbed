"""The personnel registry: people, their dated posts and their dated qualifications.

Posts and qualifications are periods [valid_from, valid_to] that never overlap for the same
person (and dimension); a change closes one period and opens the next, so "who held what,
where, on date D" is a range test in one query (see selectors.holdings_on).
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dtbd.core.codes import Category, Dimension, Gender, Leadership
from dtbd.core.dates import END


class Rank(models.Model):
    """Civil-service rank (ngạch), e.g. 01.003 chuyên viên; extended by administrators."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Person(models.Model):
    code = models.CharField(_("person code"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)  # NFC
    given_name = models.CharField(_("given name"), max_length=50)
    # Vietnamese order: given name, then the rest (dtbd.core.text.name_sort_key).
    sort_key = models.BinaryField(_("sort key"), max_length=400, editable=False)
    # Lower-case, without diacritics, đ as d: what search compares against.
    search_name = models.CharField(max_length=150, editable=False)
    birth_date = models.DateField(_("birth date"))
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True)
    party_member = models.BooleanField(_("Party member"), null=True, blank=True)
    national_id = models.CharField(
        _("national ID"), max_length=12, null=True, blank=True, unique=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(gender__in=Gender.values), name="person_gender_valid"
            ),
        ]
        indexes = [models.Index(fields=["sort_key"], name="person_sort_key_idx")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code})"


class Source(models.TextChoices):
    IMPORT = "import", _("Import")
    COURSE = "course", _("Course")
    MANUAL = "manual", _("Manual entry")


class Post(models.Model):
    """Where a person worked and as what, over a period."""

    # No single-column indexes on the keys: post_one_per_start and post_unit_period_idx
    # lead with them, and every extra index slows a million-row import (docs/benchmarks.md).
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="posts", db_index=False
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("unit"),
        db_index=False,
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    leadership = models.CharField(
        _("leadership"), max_length=8, choices=Leadership.choices, default=Leadership.NONE
    )
    rank_code = models.CharField(_("rank"), max_length=16, blank=True)
    position_code = models.CharField(_("job position"), max_length=32, blank=True)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), default=END)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["person_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["person", "valid_from"], name="post_one_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="post_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="post_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(leadership__in=Leadership.values), name="post_leadership_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "valid_from", "valid_to"], name="post_unit_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.unit_id} {self.valid_from}–{self.valid_to}"


class Qualification(models.Model):
    """A level held on one dimension over a period, and how it was obtained.

    `none` is never stored: holding nothing is the absence of a row on that date.
    """

    # Indexed by qualification_one_per_start, which leads with it.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="qualifications", db_index=False
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    level = models.CharField(_("level"), max_length=24)
    valid_from = models.DateField(_("obtained on"))
    valid_to = models.DateField(_("held until"), default=END)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=64, blank=True)
    institution = models.CharField(_("institution"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["person_id", "dimension", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "dimension", "valid_from"], name="qualification_one_per_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="qualification_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(dimension__in=Dimension.values), name="qualification_dimension_valid"
            ),
            models.CheckConstraint(condition=~Q(level="none"), name="qualification_not_none"),
        ]
        # No index by level: "who holds at least X on D" is asked of people.Standing
        # (ADR 0010), and every index here costs each of a million-row import's ~4 rows.

    def __str__(self) -> str:
        return f"{self.person_id} {self.dimension}={self.level} from {self.valid_from}"


# The columns bulk writers of qualifications give, in this order (the people import, a class's
# conferral).
QUALIFICATION_INSERT = (
    "person_id",
    "dimension",
    "level",
    "valid_from",
    "valid_to",
    "source",
    "source_ref",
    "certificate_no",
    "institution",
)


class Standing(models.Model):
    """A person's standing over a period: the post held, the unit's level and kind, and
    everything reports count about them, one row per maximal period in post in which none of
    it changes (ADR 0010).

    Derived, never edited: people.standings writes it in the same transaction as every change
    to the posts, qualifications or person fields it copies, and `dtbd rebuild_standings`
    recomputes it. Reports read "who was where, holding what, on D" from this one narrow table
    instead of joining posts with six dimensions of qualifications.
    """

    # No foreign-key constraints in the database: the rows are derived and checked whole by
    # `dtbd rebuild_standings --check`, and a million-row import would otherwise check two
    # more foreign keys per person at COMMIT (Django still cascades deletes of a person).
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="standings",
        db_index=False,
        db_constraint=False,
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), default=END)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # The unit's level and kind in the period (its version then; "" if it did not exist), so
    # that grouping the whole country by level needs no join with unit versions.
    unit_level = models.CharField(_("level"), max_length=16, blank=True)
    unit_kind = models.CharField(_("kind"), max_length=24, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    leadership = models.CharField(_("leadership"), max_length=8, choices=Leadership.choices)
    rank_code = models.CharField(_("rank"), max_length=16, blank=True)
    position_code = models.CharField(_("job position"), max_length=32, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True)
    party_member = models.BooleanField(_("Party member"), null=True)
    # The level held on each dimension; `none` is stored, so a report groups without joins.
    professional = models.CharField(max_length=24)
    political_theory = models.CharField(max_length=24)
    state_management = models.CharField(max_length=24)
    defense_security = models.CharField(max_length=24)
    foreign_language = models.CharField(max_length=24)
    it = models.CharField(max_length=24)

    class Meta:
        verbose_name = _("standing")
        verbose_name_plural = _("standings")
        constraints = [
            models.UniqueConstraint(fields=["person", "valid_from"], name="standing_one_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="standing_period_ordered"
            ),
        ]
        indexes = [
            # A subtree's people on a date: the unit first, then the period's end (most
            # reports ask about today or a recent year end, so few rows end after it), then
            # the category, which BM02 (civil servants) and the filters test in the index
            # before reading the row (SQLite read 100,000 rows for 30,000 civil servants).
            models.Index(fields=["unit", "valid_to", "category"], name="standing_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.unit_id} {self.valid_from}–{self.valid_to}"
