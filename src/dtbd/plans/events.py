"""What this room's audit events mean to a reader (found by dtbd.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "plan.approved": _("Plan approved"),
    "plan.created": _("Plan drafted"),
    "plan.edited": _("Draft changed"),
    "plan.returned": _("Returned to draft"),
    "plan.revision_opened": _("Revision opened"),
    "plan.submitted": _("Submitted for approval"),
    "import.plans": _("Plans file imported"),
    "export.plans": _("Plans exported"),
}
