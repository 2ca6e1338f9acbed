"""The reports this app computes, registered with the one registry every face reads."""

from django.utils.translation import gettext_lazy as _

from . import workforce
from .registry import Report, register


def register_all() -> None:
    register(
        Report(
            name="breakdown",
            title=_("Workforce structure"),
            description=_(
                "People in post on the date, by the value they hold on a dimension: "
                "count, the group's total and the percentage."
            ),
            params=workforce.BREAKDOWN_PARAMS,
            compute=workforce.breakdown,
            columns=workforce.breakdown_columns,
        )
    )
    register(
        Report(
            name="attainment",
            title=_("Attainment"),
            description=_(
                "How many people in post on the date meet a threshold (a level or higher, "
                "or an age under a number of years)."
            ),
            params=workforce.ATTAINMENT_PARAMS,
            compute=workforce.attainment,
            columns=workforce.attainment_columns,
        )
    )
    from . import volume

    register(
        Report(
            name="training-volume",
            title=_("Training volume"),
            description=_(
                "Courses starting in the period and organised in the unit's subtree: their "
                "enrolments (all but withdrawn), distinct people and completions."
            ),
            params=volume.PARAMS,
            compute=volume.training_volume,
            columns=volume.columns,
        )
    )
