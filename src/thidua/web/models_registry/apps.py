from django.apps import AppConfig


class ModelsRegistryConfig(AppConfig):
    name = "thidua.web.models_registry"
    label = "models_registry"
    verbose_name = "Mô hình"
