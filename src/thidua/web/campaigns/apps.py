from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "thidua.web.campaigns"
    label = "campaigns"
    verbose_name = "Đợt thi đua"
