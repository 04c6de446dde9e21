"""Account pages (own password; administrators' accounts and campaigns) and the admin start page."""

from django.urls import path

from thidua.web.accounts import campaign_views
from thidua.web.accounts import views as accounts

urlpatterns = [
    path("accounts/password/", accounts.password_change, name="password_change"),
    path("manage/", accounts.manage_home, name="manage"),
    path("manage/accounts/", accounts.account_list, name="manage_accounts"),
    path("manage/accounts/new/", accounts.account_create, name="account_create"),
    path("manage/accounts/<int:user_id>/", accounts.account_detail, name="account_detail"),
    path(
        "manage/accounts/<int:user_id>/password/",
        accounts.account_password,
        name="account_password",
    ),
    path(
        "manage/accounts/<int:user_id>/roles/<int:membership_id>/revoke/",
        accounts.account_revoke,
        name="account_revoke",
    ),
    path("manage/campaigns/", campaign_views.campaign_list, name="manage_campaigns"),
    path("manage/campaigns/new/", campaign_views.campaign_create, name="manage_campaign_create"),
    path(
        "manage/campaigns/<slug:campaign_code>/edit/",
        campaign_views.campaign_edit,
        name="manage_campaign_edit",
    ),
]
