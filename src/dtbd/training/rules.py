"""Where classes and enrolments lie for the access policy (accounts.policy.RecordRule).

- A class lies at its organiser unit: managers there (and above) manage it, viewers read it.
- The `institution` role reads (and, through training.selectors, manages) the classes of its
  training institution; so does it for a class it organises itself.
- An enrolment lies at the class's organiser unit and at the sending unit: the organiser
  approves and records results, the sending unit's managers nominate and withdraw their own
  people. The person reads their own enrolments (`self`).
"""

import datetime as dt
from typing import Any

from dtbd.accounts.policy import Placement


def course_placements(course: Any, action: str, on: dt.date | None) -> list[Placement]:
    return [(course.organizer_unit_id, on)]


def course_institutions(course: Any) -> list[int]:
    units = [course.organizer_unit_id]
    if course.institution_id:
        units.append(course.institution_id)
    return units


def enrolment_placements(enrolment: Any, action: str, on: dt.date | None) -> list[Placement]:
    placements: list[Placement] = [(enrolment.course.organizer_unit_id, on)]
    if enrolment.sending_unit_id:
        placements.append((enrolment.sending_unit_id, on))
    return placements
