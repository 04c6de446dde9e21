from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "thidua.web.inspections"
    label = "inspections"
    verbose_name = "Kiểm tra"
