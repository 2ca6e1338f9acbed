"""What this room's audit events mean to a reader (found by dtbd.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "assessment.created": _("Annual rating recorded"),
    "assessment.updated": _("Annual rating changed"),
    "assessment.imported": _("Rating changed by a file import"),
    "assessment.unit_set": _("Unit rating recorded"),
    "commendation.created": _("Commendation recorded"),
    "discipline.created": _("Discipline recorded"),
    "pool.candidate_added": _("Planning candidate added"),
    "pool.candidate_removed": _("Removed from the planning pool"),
    "pool.post_added": _("Post planned for"),
    "pool.post_approved": _("Planning approved"),
    "pool.term_created": _("Planning term opened"),
    "rotation.created": _("Rotation decided"),
    "rotation.ended": _("Rotation ended"),
    "rotation.review_added": _("Rotation review scheduled"),
    "rotation.reviewed": _("Rotation reviewed"),
    "import.assessments": _("Assessments file imported"),
    "export.assessments": _("Assessments exported"),
}
