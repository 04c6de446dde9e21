from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "thidua.web.tasks"
    label = "tasks"
    verbose_name = "Nhiệm vụ sở, ngành"
