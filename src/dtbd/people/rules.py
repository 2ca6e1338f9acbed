"""Checks on a person's fields, shared by the services, the import and the API.

Each raises ValidationFailed naming the field, with a message a province officer can act on.
"""

import datetime as dt
import re
from dataclasses import dataclass

from dtbd.core.codes import SCALES, Category, Gender, Leadership
from dtbd.core.errors import ValidationFailed
from dtbd.core.text import fold, name_sort_key, nfc, split_name

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,31}$")
NATIONAL_ID_PATTERN = re.compile(r"^\d{9}$|^\d{12}$")
EARLIEST_BIRTH = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class PostFacts:
    """A post's value; two posts with equal facts are the same post continuing."""

    unit_id: int
    category: str
    leadership: str = Leadership.NONE
    rank_code: str = ""
    position_code: str = ""


def choice(field: str, value: str, choices: list[str]) -> str:
    if value not in choices:
        raise ValidationFailed(
            f"unknown {field} '{value}' (expected one of {', '.join(choices)})", field=field
        )
    return value


def person_code(value: str) -> str:
    if not CODE_PATTERN.match(value):
        raise ValidationFailed(
            f"'{value}' is not a valid person code (letters, digits, '.', '_', '-'; at most 32)",
            field="person_code",
        )
    return value


def full_name(value: str) -> str:
    name = nfc(value)
    if not name:
        raise ValidationFailed("full_name is empty", field="full_name")
    if len(name) > 150 or any(c.isdigit() for c in name):
        raise ValidationFailed(f"'{name}' is not a person's name", field="full_name")
    return name


def name_fields(name: str) -> dict:
    given, _ = split_name(name)
    return {
        "full_name": name,
        "given_name": given,
        "sort_key": name_sort_key(name),
        "search_name": fold(name),
    }


def birth_date(value: dt.date, *, on: dt.date) -> dt.date:
    if not EARLIEST_BIRTH <= value <= on:
        raise ValidationFailed(f"birth date {value:%d/%m/%Y} is not plausible", field="birth_date")
    return value


def gender(value: str) -> str:
    return choice("gender", value, Gender.values)


def category(value: str) -> str:
    return choice("category", value, Category.values)


def leadership(value: str) -> str:
    return choice("leadership", value, Leadership.values)


def qualification_level(dimension: str, value: str) -> str:
    return choice(dimension, value, SCALES[dimension].values)


def national_id(value: str) -> str:
    if not NATIONAL_ID_PATTERN.match(value):
        raise ValidationFailed(
            f"'{value}' is not a national ID (9 or 12 digits)", field="national_id"
        )
    return value


TRUE_WORDS = {"1", "true", "yes", "x", "có", "co"}
FALSE_WORDS = {"0", "false", "no", "không", "khong"}


def yes_no(field: str, value: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationFailed(f"'{value}' is not yes or no (use true/false or 1/0)", field=field)
