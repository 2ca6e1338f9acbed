"""What people read in place of the contract's field names and codes (files and pages)."""

from typing import Any

from django.utils.translation import gettext as _

from dtbd.core import codes

FIELDS = {
    "level": lambda: _("Level"),
    "kind": lambda: _("Kind of unit"),
    "category": lambda: _("Category"),
    "leadership": lambda: _("Leadership post"),
    "unit": lambda: _("Unit"),
    "value": lambda: _("Value"),
    "count": lambda: _("Number of people"),
    "total": lambda: _("Total"),
    "percent": lambda: _("Percentage (%)"),
    "met": lambda: _("Meeting it"),
    "organizer_level": lambda: _("Organiser's level"),
    "program_category": lambda: _("Programme category"),
    "mode": lambda: _("Mode"),
    "courses": lambda: _("Classes"),
    "enrolments": lambda: _("Person-times"),
    "people": lambda: _("People"),
    "completed": lambda: _("Completed"),
}

# Which code list the values of a field (or of `value` on a dimension) come from.
_CHOICES: dict[str, Any] = {
    "level": codes.Level,
    "organizer_level": codes.Level,
    "kind": codes.UnitKind,
    "category": codes.Category,
    "leadership": codes.Leadership,
    "gender": codes.Gender,
    "rating": codes.Rating,
    "program_category": codes.ProgramCategory,
    "mode": codes.Mode,
    **codes.SCALES,
}
_DERIVED = {
    "postgraduate": lambda: _("Postgraduate"),
    "university": lambda: _("University"),
    "college_vocational": lambda: _("College and intermediate vocational"),
    "elementary_or_below": lambda: _("Elementary or below"),
    "30_or_under": lambda: _("30 or under"),
    "31_40": lambda: _("31 to 40"),
    "41_50": lambda: _("41 to 50"),
    "51_60": lambda: _("51 to 60"),
    "over_60": lambda: _("Over 60"),
}


def field_label(name: str) -> str:
    return FIELDS[name]() if name in FIELDS else name


def value_label(field: str, value: Any, params: dict[str, Any] | None = None) -> str:
    """The label of a row's value: `value` takes the code list of the report's dimension."""
    if value is None:
        return "—"
    if field == "value" and params:
        field = params.get("dimension", "")
        if field in ("professional_band", "age_band"):
            return _DERIVED[value]() if value in _DERIVED else str(value)
    choices = _CHOICES.get(field)
    if choices is not None and isinstance(value, str):
        return str(dict(choices.choices).get(value, value))
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def param_summary(report: Any, params: dict[str, Any]) -> str:
    """One line naming the parameters as given, e.g. 'dimension: professional_band · by: level'."""
    return " · ".join(f"{name}: {value}" for name, value in params.items())


PARAMS = {
    "dimension": lambda: _("Dimension"),
    "by": lambda: _("Group by"),
    "year": lambda: _("Year"),
    "unit": lambda: _("Unit code"),
    "as_of": lambda: _("As of"),
    "at_least": lambda: _("At least"),
    "under": lambda: _("Under (years)"),
    "from": lambda: _("From"),
    "to": lambda: _("To"),
    "plan": lambda: _("Plan"),
}
DIMENSIONS = {
    "professional_band": lambda: _("Professional level (bands)"),
    "age_band": lambda: _("Age band"),
    "gender": lambda: _("Gender"),
    "rating": lambda: _("Annual rating"),
    "age": lambda: _("Age"),
}


def param_label(name: str) -> str:
    if name in PARAMS:
        return PARAMS[name]()
    return field_label(name)


def choice_label(param: str, code: str) -> str:
    """A choice of a parameter: dimensions and `by` fields get their own names."""
    if param == "dimension":
        if code in DIMENSIONS:
            return DIMENSIONS[code]()
        if code in codes.SCALES:
            return str(dict(codes.Dimension.choices)[code])
        return field_label(code)
    if param == "by":
        return field_label(code)
    return value_label(param, code)


def base_year() -> str:
    return _("Base year")


TARGET_FIELDS = {
    "label": lambda: _("Target"),
    "term_start": lambda: _("Term from (year)"),
    "term_end": lambda: _("Term to (year)"),
    "target_percent": lambda: _("Target (%)"),
}


def target_label(name: str) -> str:
    return TARGET_FIELDS[name]() if name in TARGET_FIELDS else param_label(name)
