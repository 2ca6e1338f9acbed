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
    from . import bm02

    register(
        Report(
            name="bm02",
            title=_("Form BM02/BNV: number and quality of civil servants"),
            description=_(
                "Per unit: headcount; Party members, women, ethnic minorities; rank; "
                "professional level; political theory; state management; IT; foreign "
                "language; age bands (Circular 11/2012/TT-BNV)."
            ),
            params=bm02.PARAMS,
            compute=bm02.bm02,
            columns=bm02.columns,
            extra={"xlsx": bm02.bm02_xlsx, "pdf": bm02.bm02_pdf},
        )
    )
    from . import btctw10

    register(
        Report(
            name="btctw10",
            title=_("Form 10-BTCTW: results of training in the year"),
            description=_(
                "Completed person-times by programme and the learner's level (province, "
                "district, commune; leaders and managers among them), and the classes opened "
                "by provincial and district committees."
            ),
            params=btctw10.PARAMS,
            compute=btctw10.btctw10,
            columns=btctw10.columns,
            extra={"xlsx": btctw10.btctw10_xlsx, "pdf": btctw10.btctw10_pdf},
        )
    )
