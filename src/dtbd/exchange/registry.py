"""Which importer and exporter serve each kind of exchange file."""

from dtbd.core.errors import ValidationFailed


def importer_class(kind: str):
    from dtbd.organisation.importer import UnitsImporter
    from dtbd.people.importer import PeopleImporter

    classes = {"units": UnitsImporter, "people": PeopleImporter}
    if kind not in classes:
        raise ValidationFailed(
            f"unknown kind '{kind}' (expected one of {', '.join(classes)})", field="kind"
        )
    return classes[kind]


def exporter(kind: str):
    from dtbd.organisation.exporter import units_export
    from dtbd.people.exporter import people_export

    exporters = {"units": units_export, "people": people_export}
    if kind not in exporters:
        raise ValidationFailed(
            f"unknown kind '{kind}' (expected one of {', '.join(exporters)})", field="kind"
        )
    return exporters[kind]


IMPORT_KINDS = ("units", "people")
