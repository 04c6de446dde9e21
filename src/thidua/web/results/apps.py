from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "thidua.web.results"
    label = "results"
    verbose_name = "Kết quả"
