"""Unit pages: history (readers) and administration (admins)."""

from django.urls import path

from thidua.web.units import admin_views, history_views

urlpatterns = [
    path("units/<str:unit_code>/history/", history_views.unit_history, name="unit_history"),
    path("manage/units/", admin_views.unit_list, name="manage_units"),
    path("manage/units/new/", admin_views.unit_create, name="manage_unit_create"),
    path("manage/units/import/", admin_views.unit_import, name="manage_units_import"),
    path("manage/units/merge/", admin_views.unit_merge, name="manage_units_merge"),
    path("manage/units/groups/new/", admin_views.group_create, name="manage_group_create"),
    path("manage/units/<str:unit_code>/edit/", admin_views.unit_edit, name="manage_unit_edit"),
]
