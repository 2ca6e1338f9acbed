"""Which importer and exporter serve each kind of exchange file.

Each domain app registers its kinds in its AppConfig.ready() with dotted paths, so this
module never imports them (and knows nothing of later apps):

    register_kind("courses", importer="dtbd.training.importer.CoursesImporter",
                  exporter="dtbd.training.exporter.courses_export")
"""

from django.utils.module_loading import import_string

from dtbd.core.errors import ValidationFailed

# The contract's kinds, in the order pages and help texts list them.
CONTRACT_KINDS = ("units", "people", "courses", "enrolments", "assessments", "plans")

_KINDS: dict[str, tuple[str, str]] = {
    "units": (
        "dtbd.organisation.importer.UnitsImporter",
        "dtbd.organisation.exporter.units_export",
    ),
    "people": ("dtbd.people.importer.PeopleImporter", "dtbd.people.exporter.people_export"),
}


def register_kind(kind: str, *, importer: str, exporter: str) -> None:
    _KINDS[kind] = (importer, exporter)


def kinds() -> tuple[str, ...]:
    """The kinds this installation reads and writes, contract kinds first."""
    ordered = [kind for kind in CONTRACT_KINDS if kind in _KINDS]
    return tuple(ordered + sorted(set(_KINDS) - set(ordered)))


def _paths(kind: str) -> tuple[str, str]:
    if kind not in _KINDS:
        raise ValidationFailed(
            f"unknown kind '{kind}' (expected one of {', '.join(kinds())})", field="kind"
        )
    return _KINDS[kind]


def importer_class(kind: str):
    return import_string(_paths(kind)[0])


def exporter(kind: str):
    return import_string(_paths(kind)[1])
