"""Account pages (own password; administrators' accounts) and the admin start page."""

from django.urls import path

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
]
