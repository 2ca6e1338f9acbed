from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _person_rule(record, action, on):
    """A careers record about a person lies where the person's posts lie."""
    from dtbd.accounts.policy import rule_for

    person = record.person
    return rule_for(person).units(person, action, on)


def _rotation_placements(rotation, action, on):
    """Both the sending and the receiving unit keep a rotation."""
    return [
        (rotation.from_unit_id, on or rotation.start),
        (rotation.to_unit_id, on or rotation.start),
    ]


class CareersConfig(AppConfig):
    name = "dtbd.careers"
    label = "careers"
    verbose_name = _("Careers")

    def ready(self) -> None:
        from dtbd.accounts.policy import RecordRule, register
        from dtbd.exchange.registry import register_kind
        from dtbd.reports.registry import register as register_report

        from . import models, reports

        owner = RecordRule(units=_person_rule, owner=lambda record: record.person_id)
        for model in (models.Assessment, models.Commendation, models.Discipline):
            register(model, owner)
        register(
            models.Rotation,
            RecordRule(units=_rotation_placements, owner=lambda record: record.person_id),
        )
        register(models.PoolTerm, RecordRule(units=lambda term, action, on: [(term.unit_id, on)]))
        register_kind(
            "assessments",
            importer="dtbd.careers.importer.AssessmentsImporter",
            exporter="dtbd.careers.exporter.assessments_export",
        )
        for report in reports.REPORTS:
            register_report(report)
        from dtbd.people.panels import register_links

        register_links("careers", _person_links)
        try:
            from dtbd.standards.planned import register_provider
        except ImportError:  # standards without the hook: nobody is planned for anything
            return
        from .selectors import planned_posts

        register_provider(planned_posts)


def _person_links(request, person) -> list[tuple[str, str]]:
    """A button on the person's page (whose reader may read the person) to this room's view."""
    from django.urls import reverse
    from django.utils.translation import gettext

    return [(gettext("Career timeline"), reverse("careers:timeline", args=[person.code]))]
