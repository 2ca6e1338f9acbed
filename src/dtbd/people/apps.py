from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "dtbd.people"
    label = "people"
    verbose_name = _("Personnel registry")

    def ready(self) -> None:
        from dtbd.organisation import hooks

        from . import standings

        hooks.on_unit_levels_changed(standings.refresh_units)
