"""Training delivery: the programme catalogue, classes (the contract's "courses"), who is sent
to them, attendance, results, certificates and learners' feedback.

A `Course` is one class of a programme, run by an organiser unit (usually at a training
institution). People are sent by their units under a numbered decision (`Enrolment`);
completing a class confers its level on the person's registry record (training.services).
See docs/adr/0005-training-classes-and-conferral.md.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dtbd.core.codes import CONFERS, Dimension, EnrolmentStatus, Mode, ProgramCategory
from dtbd.core.dates import BEGINNING, END


class Programme(models.Model):
    """A programme in the catalogue (e.g. Trung cấp lý luận chính trị), central or local."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    category = models.CharField(_("category"), max_length=32, choices=ProgramCategory.choices)
    # Blank: what the category confers by the contract's table (core.codes.CONFERS).
    confers_dimension = models.CharField(
        _("confers dimension"), max_length=20, choices=Dimension.choices, blank=True
    )
    confers_level = models.CharField(_("confers level"), max_length=24, blank=True)
    periods = models.PositiveIntegerField(_("length (periods)"), null=True, blank=True)
    audience = models.CharField(_("audience"), max_length=255, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255, blank=True)
    compulsory_modules = models.TextField(
        _("compulsory modules"), blank=True, help_text=_("One module per line.")
    )
    valid_from = models.DateField(_("valid from"), default=BEGINNING)
    valid_to = models.DateField(_("valid to"), default=END)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["category", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=ProgramCategory.values), name="programme_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="programme_period_ordered"
            ),
            models.CheckConstraint(
                condition=(Q(confers_dimension="") & Q(confers_level=""))
                | (~Q(confers_dimension="") & ~Q(confers_level="")),
                name="programme_confers_both_or_neither",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def confers(self) -> tuple[str, str] | None:
        if self.confers_dimension:
            return (self.confers_dimension, self.confers_level)
        return CONFERS.get(self.category)


class CourseStatus(models.TextChoices):
    # A context of their own: the project's catalogue has other words for "Running" etc.
    PLANNED = "planned", pgettext_lazy("class status", "Planned")
    OPEN = "open", pgettext_lazy("class status", "Open for nomination")
    RUNNING = "running", pgettext_lazy("class status", "Running")
    CLOSED = "closed", pgettext_lazy("class status", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("class status", "Cancelled")


class Course(models.Model):
    """A class (lớp bồi dưỡng): the contract's `course`."""

    course_code = models.CharField(_("course code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("programme"),
    )
    program_category = models.CharField(
        _("programme category"), max_length=32, choices=ProgramCategory.choices
    )
    # A level the class confers beyond its category's (blank: the programme's, then CONFERS).
    confers_dimension = models.CharField(
        _("confers dimension"), max_length=20, choices=Dimension.choices, blank=True
    )
    confers_level = models.CharField(_("confers level"), max_length=24, blank=True)
    organizer_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="organised_courses",
        verbose_name=_("organiser unit"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    mode = models.CharField(
        _("mode"), max_length=16, choices=Mode.choices, default=Mode.CONCENTRATED
    )
    # The contract's `institution` column: a unit code of a training institution when one
    # matches (institution set), otherwise free text such as the national academy's name
    # (institution_name only). See ADR 0005.
    institution = models.ForeignKey(
        "organisation.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institution_courses",
        verbose_name=_("training institution"),
    )
    institution_name = models.CharField(_("institution name"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    waitlist_places = models.PositiveIntegerField(_("waiting-list places"), default=0)
    budget_vnd = models.BigIntegerField(_("budget (VND)"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CourseStatus.choices, default=CourseStatus.PLANNED
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["-start_date", "course_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="course_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(program_category__in=ProgramCategory.values),
                name="course_category_valid",
            ),
            models.CheckConstraint(condition=Q(mode__in=Mode.values), name="course_mode_valid"),
            models.CheckConstraint(
                condition=Q(status__in=CourseStatus.values), name="course_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(budget_vnd__isnull=True) | Q(budget_vnd__gte=0),
                name="course_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=(Q(confers_dimension="") & Q(confers_level=""))
                | (~Q(confers_dimension="") & ~Q(confers_level="")),
                name="course_confers_both_or_neither",
            ),
        ]
        indexes = [
            models.Index(fields=["start_date", "organizer_unit"], name="course_start_idx"),
            models.Index(fields=["program_category", "start_date"], name="course_category_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.course_code} {self.name}"

    def confers(self) -> tuple[str, str] | None:
        """What completing this class confers, as (dimension, level), or None."""
        if self.confers_dimension:
            return (self.confers_dimension, self.confers_level)
        if self.programme_id and self.programme.confers_dimension:
            return self.programme.confers()
        return CONFERS.get(self.program_category)

    @property
    def institution_label(self) -> str:
        return self.institution_name or (self.institution.code if self.institution_id else "")


class Lecturer(models.Model):
    """Someone who teaches: staff of an institution (a registry person) or a visitor."""

    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lecturer_profiles",
        verbose_name=_("person"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    institution = models.ForeignKey(
        "organisation.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lecturers",
        verbose_name=_("training institution"),
    )
    is_visiting = models.BooleanField(_("visiting lecturer"), default=False)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    academic_title = models.CharField(_("academic title and degree"), max_length=100, blank=True)
    pedagogical_certificate = models.CharField(
        _("pedagogical certificate"), max_length=255, blank=True
    )
    subjects = models.TextField(_("subjects"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lecturer")
        verbose_name_plural = _("lecturers")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class Session(models.Model):
    """One entry of a class's timetable."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("class")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=255)
    periods = models.PositiveSmallIntegerField(_("periods"), default=4)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    lecturer = models.ForeignKey(
        Lecturer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("lecturer"),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["course_id", "date", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=F("start_time")),
                name="session_times_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"


class Quota(models.Model):
    """How many places a sending unit has in a class."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="quotas")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    places = models.PositiveIntegerField(_("places"))

    class Meta:
        verbose_name = _("quota")
        constraints = [
            models.UniqueConstraint(fields=["course", "unit"], name="quota_one_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.places}"


class CostItem(models.TextChoices):
    TEACHING = "teaching", _("Teaching fees")
    VENUE = "venue", _("Venue and equipment")
    MATERIALS = "materials", _("Materials")
    ACCOMMODATION = "accommodation", _("Accommodation and meals")
    TRAVEL = "travel", _("Travel")
    FIELD_TRIP = "field_trip", _("Field trip")
    MANAGEMENT = "management", _("Management and organisation")
    OTHER = "other", _("Other")


class BudgetLine(models.Model):
    """Planned and actual cost of one item of a class (VND)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="budget_lines")
    item = models.CharField(_("cost item"), max_length=16, choices=CostItem.choices)
    planned_vnd = models.BigIntegerField(_("planned (VND)"), default=0)
    actual_vnd = models.BigIntegerField(_("actual (VND)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("budget line")
        ordering = ["course_id", "item"]
        constraints = [
            models.UniqueConstraint(fields=["course", "item"], name="budgetline_one_per_item"),
            models.CheckConstraint(
                condition=Q(item__in=CostItem.values), name="budgetline_item_valid"
            ),
            models.CheckConstraint(
                condition=Q(planned_vnd__gte=0)
                & (Q(actual_vnd__isnull=True) | Q(actual_vnd__gte=0)),
                name="budgetline_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.planned_vnd}/{self.actual_vnd}"


class Enrolment(models.Model):
    """A person sent to a class, from nomination to result."""

    # No single-column indexes on the keys: enrolment_one_per_person and enrolment_person_idx
    # lead with them, and every index slows a 100,000-row import.
    course = models.ForeignKey(
        Course,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("class"),
        db_index=False,
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("person"),
        db_index=False,
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.REGISTERED,
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=64, blank=True)
    sending_unit = models.ForeignKey(
        "organisation.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sent_enrolments",
        verbose_name=_("sending unit"),
        db_index=False,
    )
    decision_no = models.CharField(_("nomination decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("nomination decision date"), null=True, blank=True)
    # Higher first on the waiting list; the reason says why (planning pool, unmet standard…).
    priority = models.SmallIntegerField(_("priority"), default=0)
    priority_reason = models.CharField(_("priority reason"), max_length=255, blank=True)
    waitlisted = models.BooleanField(_("on the waiting list"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    # Where the learner stood on the day they completed: their standing's unit, the unit's
    # level then and their leadership post (ADR 0011). Derived, never edited: training.stamps
    # writes them after every change of a completion or of the learner's standings; empty
    # unless completed. 10-BTCTW counts a province's completions of a year from these alone.
    learner_unit = models.ForeignKey(
        "organisation.Unit",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=_("learner's unit on completion"),
    )
    # db_default: the rows written by SQL (imports, bulk inserts) start empty too
    learner_unit_level = models.CharField(
        _("its level then"), max_length=16, blank=True, db_default=""
    )
    learner_leadership = models.CharField(
        _("learner's leadership post then"), max_length=16, blank=True, db_default=""
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["course_id", "-priority", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="enrolment_one_per_person"),
            models.CheckConstraint(
                condition=Q(status__in=EnrolmentStatus.values), name="enrolment_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=EnrolmentStatus.COMPLETED) | Q(completed_on__isnull=False),
                name="enrolment_completed_has_date",
            ),
            models.UniqueConstraint(
                fields=["certificate_no"],
                condition=~Q(certificate_no=""),
                name="enrolment_certificate_no_unique",
            ),
        ]
        indexes = [
            # A person's enrolments by status, and their completions in a year (10-BTCTW).
            models.Index(fields=["person", "status", "completed_on"], name="enrolment_person_idx"),
            # Training volume counts a class's enrolments by status from this index alone
            # (no row reads): reports.volume and the overview's years.
            models.Index(fields=["course", "status", "person"], name="enrolment_course_cover_idx"),
            models.Index(fields=["status", "completed_on"], name="enrolment_completed_idx"),
            # 10-BTCTW: a subtree's completions of a year, counted from the index alone.
            models.Index(
                fields=[
                    "learner_unit",
                    "completed_on",
                    "course",
                    "learner_unit_level",
                    "learner_leadership",
                ],
                # the status too, so that the status the query tests needs no row read
                condition=Q(learner_unit__isnull=False, status=EnrolmentStatus.COMPLETED),
                name="enrolment_learner_unit_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.course_id} ({self.status})"


class ClassTally(models.Model):
    """How many enrolments of a class count (all but the withdrawn), how many completed, and
    who the learners are.

    Derived, never written by the application: database triggers on the enrolments keep it
    (training.tallies, ADR 0012), whichever way the enrolments are written (services, the
    import's COPY, a bulk update). The overview's years then read a row a class instead of
    every enrolment. A class without enrolments may have no row.
    """

    course = models.OneToOneField(
        Course, primary_key=True, on_delete=models.CASCADE, related_name="tally"
    )
    enrolled = models.IntegerField(_("enrolments counted"), default=0)
    completed = models.IntegerField(_("completed"), default=0)
    # The person ids of the enrolments counted, 16 hex digits each, in no order
    # (tallies.learner_ids): distinct learners over many classes without their enrolments.
    learners = models.TextField(_("learners"), blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("class tally")
        verbose_name_plural = _("class tallies")

    def __str__(self) -> str:
        return f"{self.course_id}: {self.enrolled} ({self.completed} completed)"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Absent with leave")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_one"),
            models.CheckConstraint(
                condition=Q(status__in=AttendanceStatus.values), name="attendance_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.enrolment_id}: {self.status}"


class Certificate(models.Model):
    """A certificate in an institution's register: serial `serial` of `year` in `register`.

    `register` is the institution's unit code, or the organiser's when the class names no
    institution of ours; the printed number is "<serial>/<year>/<register>".
    """

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField(_("certificate number"), max_length=64, unique=True)
    register = models.CharField(_("register"), max_length=32)
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    issued_on = models.DateField(_("issued on"))
    # What the public verification page is addressed by (in the QR code): not guessable.
    token = models.CharField(max_length=32, unique=True, editable=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["register", "year", "serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year", "serial"], name="certificate_serial_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Feedback(models.Model):
    """A learner's rating of a class (lecturer null) or of one of its lecturers (1–5)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="feedback")
    lecturer = models.ForeignKey(
        Lecturer, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_range"
            ),
            models.UniqueConstraint(
                fields=["enrolment", "lecturer"], name="feedback_one_per_lecturer"
            ),
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(lecturer__isnull=True),
                name="feedback_one_per_class",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.lecturer_id}: {self.rating}"


__all__ = [
    "Attendance",
    "AttendanceStatus",
    "BudgetLine",
    "Certificate",
    "CostItem",
    "Course",
    "CourseStatus",
    "Enrolment",
    "Feedback",
    "Lecturer",
    "Programme",
    "Quota",
    "Session",
]
