"""What this room's audit events mean to a reader (found by dtbd.audit.labels)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "report.submitted": _("Report submitted (figures frozen)"),
    "report.target_created": _("Term target set"),
}
