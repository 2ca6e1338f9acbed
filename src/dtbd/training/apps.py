from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "dtbd.training"
    label = "training"
    verbose_name = _("Courses and classes")

    def ready(self) -> None:
        from dtbd.accounts.policy import RecordRule, register
        from dtbd.exchange.registry import register_kind
        from dtbd.people import hooks
        from dtbd.people.panels import Panel, register_panel

        from . import rules, stamps
        from .models import Course, Enrolment

        register(
            Course,
            RecordRule(units=rules.course_placements, institution=rules.course_institutions),
        )
        register(
            Enrolment,
            RecordRule(
                units=rules.enrolment_placements,
                owner=lambda enrolment: enrolment.person_id,
                institution=lambda enrolment: rules.course_institutions(enrolment.course),
            ),
        )
        hooks.on_standings_refreshed(
            hooks.Listener(refreshed=stamps.stamp, differences=stamps.differences)
        )
        register_kind(
            "courses",
            importer="dtbd.training.importer.CoursesImporter",
            exporter="dtbd.training.exporter.courses_export",
        )
        register_kind(
            "enrolments",
            importer="dtbd.training.importer.EnrolmentsImporter",
            exporter="dtbd.training.exporter.enrolments_export",
        )
        register_panel(
            Panel(
                key="training",
                template="training/_person_panel.html",
                context=_person_panel,
                order=10,
            )
        )
        register_kind(
            "programmes",
            importer="dtbd.training.importer.ProgrammesImporter",
            exporter="dtbd.training.exporter.programmes_export",
        )


PANEL_SHOWN = 20


def _person_panel(request, person) -> dict:
    """The person page's "training history": the classes the reader may see, newest first."""
    from .selectors import person_history

    enrolments = list(person_history(actor=request.user, person_id=person.pk)[: PANEL_SHOWN + 1])
    return {
        "enrolments": enrolments[:PANEL_SHOWN],
        "more": len(enrolments) > PANEL_SHOWN,
        "shown": PANEL_SHOWN,
    }
