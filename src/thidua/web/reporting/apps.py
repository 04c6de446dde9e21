from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "thidua.web.reporting"
    label = "reporting"
    verbose_name = "Chế độ báo cáo"

    def ready(self) -> None:
        # Reports unsent at the cut-off become "missing" before any score is read.
        from thidua.web.campaigns import freshness
        from thidua.web.reporting.sweep import ensure_swept

        freshness.register(ensure_swept)
