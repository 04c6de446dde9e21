from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "thidua.web.api"
    label = "api"
    verbose_name = "API"
