from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "thidua.web.reporting"
    label = "reporting"
    verbose_name = "Chế độ báo cáo"
