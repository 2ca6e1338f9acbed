"""What this room's audit events mean to a reader (found by dtbd.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "framework.created": _("Competency framework created"),
    "framework.evidence_added": _("Competency evidence added"),
    "framework.position_level_set": _("Required competency level set"),
    "framework.version_added": _("Framework edition added"),
    "standard.created": _("Standard created"),
    "standard.equivalence_added": _("Equivalence added"),
    "standard.hours_rule_set": _("Annual hours rule set"),
    "standard.version_added": _("Standard changed (new version)"),
    "survey.closed": _("Needs survey closed"),
    "survey.interest_registered": _("Personal wish registered"),
    "survey.need_registered": _("Unit need registered"),
    "survey.opened": _("Needs survey opened"),
}
