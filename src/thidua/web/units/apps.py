from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "thidua.web.units"
    label = "units"
    verbose_name = "Đơn vị"
