from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "thidua.web.audit"
    label = "audit"
    verbose_name = "Nhật ký"
