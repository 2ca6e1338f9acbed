"""The contract's code lists (../shared/contract.md, "Codes"), highest first.

The codes are lower-case ASCII and never change; the labels are what people read.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class UnitKind(models.TextChoices):
    PARTY = "party", _("Party body")
    STATE = "state", _("State agency")
    FRONT = "front", _("Fatherland Front and mass organisations")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    TRAINING_INSTITUTION = "training_institution", _("Training institution")
    AREA = "area", _("Administrative area")


class Category(models.TextChoices):
    CADRE = "cadre", _("Cadre")
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    PUBLIC_EMPLOYEE = "public_employee", _("Public employee")
    OTHER = "other", _("Other")


class Leadership(models.TextChoices):
    HEAD = "head", _("Head")
    DEPUTY = "deputy", _("Deputy")
    NONE = "none", _("No leadership post")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Professional(models.TextChoices):
    DOCTORATE = "doctorate", _("Doctorate")
    MASTER = "master", _("Master")
    UNIVERSITY = "university", _("University")
    COLLEGE = "college", _("College")
    INTERMEDIATE = "intermediate", _("Intermediate vocational")
    ELEMENTARY = "elementary", _("Elementary")
    NONE = "none", _("None")


class PoliticalTheory(models.TextChoices):
    ADVANCED = "advanced", _("Advanced (or bachelor)")
    INTERMEDIATE = "intermediate", _("Intermediate")
    BASIC = "basic", _("Basic")
    NONE = "none", _("None")


class StateManagement(models.TextChoices):
    SENIOR_SPECIALIST = "senior_specialist", _("Senior specialist")
    PRINCIPAL_SPECIALIST = "principal_specialist", _("Principal specialist")
    SPECIALIST = "specialist", _("Specialist")
    NONE = "none", _("None")


class DefenseSecurity(models.TextChoices):
    GROUP_1 = "group_1", _("Group 1")
    GROUP_2 = "group_2", _("Group 2")
    GROUP_3 = "group_3", _("Group 3")
    GROUP_4 = "group_4", _("Group 4")
    NONE = "none", _("None")


class ForeignLanguage(models.TextChoices):
    C2 = "c2", "C2"
    C1 = "c1", "C1"
    B2 = "b2", "B2"
    B1 = "b1", "B1"
    A2 = "a2", "A2"
    A1 = "a1", "A1"
    NONE = "none", _("None")


class InformationTechnology(models.TextChoices):
    # Vietnamese names IT levels differently from political theory's "Basic" (cơ bản, sơ cấp).
    ADVANCED = "advanced", pgettext_lazy("IT skill", "Advanced")
    BASIC = "basic", pgettext_lazy("IT skill", "Basic")
    NONE = "none", _("None")


class Dimension(models.TextChoices):
    """The qualification dimensions; each is an ordered scale (see SCALES)."""

    PROFESSIONAL = "professional", _("Professional education")
    POLITICAL_THEORY = "political_theory", _("Political theory")
    STATE_MANAGEMENT = "state_management", _("State management")
    DEFENSE_SECURITY = "defense_security", _("Defence and security")
    FOREIGN_LANGUAGE = "foreign_language", _("Foreign language")
    IT = "it", _("Information technology")


SCALES: dict[str, type[models.TextChoices]] = {
    Dimension.PROFESSIONAL: Professional,
    Dimension.POLITICAL_THEORY: PoliticalTheory,
    Dimension.STATE_MANAGEMENT: StateManagement,
    Dimension.DEFENSE_SECURITY: DefenseSecurity,
    Dimension.FOREIGN_LANGUAGE: ForeignLanguage,
    Dimension.IT: InformationTechnology,
}

NONE = "none"


def rank_of(dimension: str, level: str) -> int:
    """Position on the dimension's scale: 0 for `none`, higher is better."""
    values = SCALES[dimension].values
    return len(values) - 1 - values.index(level)


def label_of(dimension: str, level: str) -> str:
    return str(dict(SCALES[dimension].choices).get(level, level))


# Derived report dimensions (contract, "Codes").
PROFESSIONAL_BANDS: dict[str, tuple[str, ...]] = {
    "postgraduate": ("doctorate", "master"),
    "university": ("university",),
    "college_vocational": ("college", "intermediate"),
    "elementary_or_below": ("elementary", "none"),
}
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    # (code, lowest age, highest age or None), age in whole years on the report date
    ("30_or_under", 0, 30),
    ("31_40", 31, 40),
    ("41_50", 41, 50),
    ("51_60", 51, 60),
    ("over_60", 61, None),
)


class ProgramCategory(models.TextChoices):
    POLITICAL_THEORY_BASIC = "political_theory_basic", _("Political theory, basic")
    POLITICAL_THEORY_INTERMEDIATE = (
        "political_theory_intermediate",
        _("Political theory, intermediate"),
    )
    POLITICAL_THEORY_ADVANCED = "political_theory_advanced", _("Political theory, advanced")
    STATE_MANAGEMENT_SPECIALIST = "state_management_specialist", _("State management, specialist")
    STATE_MANAGEMENT_PRINCIPAL = (
        "state_management_principal",
        _("State management, principal specialist"),
    )
    STATE_MANAGEMENT_SENIOR = "state_management_senior", _("State management, senior specialist")
    DEFENSE_SECURITY_1 = "defense_security_1", _("Defence and security, group 1")
    DEFENSE_SECURITY_2 = "defense_security_2", _("Defence and security, group 2")
    DEFENSE_SECURITY_3 = "defense_security_3", _("Defence and security, group 3")
    DEFENSE_SECURITY_4 = "defense_security_4", _("Defence and security, group 4")
    LEADERSHIP_MANAGEMENT = "leadership_management", _("Leadership and management")
    KNOWLEDGE_UPDATE = "knowledge_update", _("Knowledge update")
    PROFESSIONAL = "professional", _("Professional skills")
    FOREIGN_LANGUAGE = "foreign_language", _("Foreign language")
    IT = "it", _("Information technology")
    ETHNIC_LANGUAGE = "ethnic_language", _("Ethnic minority language")
    ON_THE_JOB = "on_the_job", _("On-the-job (hand-holding) training")
    OTHER = "other", _("Other")


# The contract's conferral table: what completing a programme of a category confers,
# as (dimension, level). Categories absent confer nothing by themselves (a course may name
# a level it confers). A conferred level only raises, never lowers.
CONFERS: dict[str, tuple[str, str]] = {
    "political_theory_basic": ("political_theory", "basic"),
    "political_theory_intermediate": ("political_theory", "intermediate"),
    "political_theory_advanced": ("political_theory", "advanced"),
    "state_management_specialist": ("state_management", "specialist"),
    "state_management_principal": ("state_management", "principal_specialist"),
    "state_management_senior": ("state_management", "senior_specialist"),
    "defense_security_1": ("defense_security", "group_1"),
    "defense_security_2": ("defense_security", "group_2"),
    "defense_security_3": ("defense_security", "group_3"),
    "defense_security_4": ("defense_security", "group_4"),
}


class Mode(models.TextChoices):
    CONCENTRATED = "concentrated", _("Concentrated")
    PART_TIME = "part_time", _("Part-time")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")
    ON_THE_JOB = "on_the_job", _("On the job")
    OVERSEAS = "overseas", _("Overseas")


class EnrolmentStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    APPROVED = "approved", _("Approved")
    ATTENDING = "attending", _("Attending")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Rating(models.TextChoices):
    """Annual quality assessment, highest first."""

    EXCELLENT = "excellent", _("Excellently completed tasks")
    GOOD = "good", _("Well completed tasks")
    COMPLETED = "completed", _("Completed tasks")
    NOT_COMPLETED = "not_completed", _("Did not complete tasks")


class Measure(models.TextChoices):
    PERSON_TIMES = "person_times", _("Person-times")
    PEOPLE = "people", _("People")
