from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dtbd.core"
    label = "core"
    verbose_name = "ĐTBD"

    def ready(self) -> None:
        from . import security  # noqa: F401  registers the secret key check
        from .lookups import register as register_lookups

        register_lookups()
