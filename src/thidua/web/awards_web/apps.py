from django.apps import AppConfig


class AwardsWebConfig(AppConfig):
    name = "thidua.web.awards_web"
    label = "awards_web"
    verbose_name = "Khen thưởng"
