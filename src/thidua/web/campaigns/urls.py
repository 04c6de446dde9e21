"""Routes of the campaign administration pages (included from thidua.web.urls)."""

from django.urls import path

from thidua.web.campaigns import admin_views

urlpatterns = [
    path("manage/campaigns/", admin_views.campaign_list, name="manage_campaigns"),
    path("manage/campaigns/new/", admin_views.campaign_create, name="manage_campaign_create"),
    path(
        "manage/campaigns/<slug:campaign_code>/edit/",
        admin_views.campaign_edit,
        name="manage_campaign_edit",
    ),
]
