"""What this room's audit events mean to a reader (found by dtbd.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "certificate.issued": _("Certificate issued"),
    "certificate.revoked": _("Certificate revoked"),
    "course.attendance_recorded": _("Attendance recorded"),
    "course.budget_set": _("Class budget set"),
    "course.created": _("Class created"),
    "course.imported": _("Class changed by a file import"),
    "course.quota_set": _("Quota set"),
    "course.session_added": _("Session added"),
    "course.status_changed": _("Class status changed"),
    "course.updated": _("Class changed"),
    "tallies.rebuilt": _("Class tallies recounted"),
    "enrolment.approved": _("Nomination approved"),
    "enrolment.imported": _("Enrolment changed by a file import"),
    "enrolment.nominated": _("Nominated for a class"),
    "enrolment.result_recorded": _("Result recorded"),
    "enrolment.withdrawn": _("Withdrawn from a class"),
    "feedback.given": _("Feedback given"),
    "lecturer.created": _("Lecturer added"),
    "programme.created": _("Programme added"),
    "programme.updated": _("Programme changed"),
    "import.courses": _("Classes file imported"),
    "export.courses": _("Classes exported"),
    "import.enrolments": _("Enrolments file imported"),
    "export.enrolments": _("Enrolments exported"),
    "import.programmes": _("Programmes file imported"),
    "export.programmes": _("Programmes exported"),
}
