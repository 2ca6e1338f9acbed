from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dtbd.core"
    label = "core"
    verbose_name = "ĐTBD"
