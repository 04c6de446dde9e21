"""Routes of the inspection pages (included from thidua.web.urls)."""

from django.urls import path

from thidua.web.inspections import edit_views, views

P = "inspections/<slug:code>/"

urlpatterns = [
    path("inspections/", views.plan_list, name="inspections"),
    path("inspections/import/", views.plan_import, name="inspection_import"),
    path("inspections/new/", edit_views.plan_new, name="inspection_new"),
    path(P, views.plan_page, name="inspection_plan"),
    path(P + "plan.yaml", views.plan_export, name="inspection_export"),
    path(P + "edit/", edit_views.plan_header, name="inspection_header"),
    path(P + "document/", edit_views.plan_document_form, name="inspection_document_form"),
    path(P + "units/", edit_views.plan_units, name="inspection_units"),
    path(P + "units/pick/", edit_views.units_pick, name="inspection_units_pick"),
    path(P + "units/<int:unit_id>/", edit_views.unit_update, name="inspection_unit"),
    path(P + "units/<int:unit_id>/remove/", edit_views.unit_remove, name="inspection_unit_remove"),
    path(P + "teams/new/", edit_views.team_form, name="inspection_team_new"),
    path(P + "teams/<int:team_id>/", edit_views.team_form, name="inspection_team"),
    path(P + "teams/<int:team_id>/remove/", edit_views.team_remove, name="inspection_team_remove"),
    path(P + "schedule/", views.schedule, name="inspection_schedule"),
    path(P + "job/", views.job_status, name="inspection_job"),
    path(P + "notices/", views.plan_notices, name="inspection_notices"),
    path(P + "edits/", views.add_edit, name="inspection_add_edit"),
    path(P + "edits/<int:edit_id>/remove/", views.remove_edit, name="inspection_remove_edit"),
    path(P + "doc/<slug:kind>/", views.plan_document, name="inspection_document"),
    path(P + "recommendations/", views.recommendations, name="inspection_recommendations"),
    path(P + "v/<int:visit_id>/", views.visit_page, name="inspection_visit"),
    path(P + "v/<int:visit_id>/report/", views.report_form, name="inspection_report"),
    path(P + "v/<int:visit_id>/findings/", views.add_finding, name="inspection_add_finding"),
    path(P + "v/<int:visit_id>/notice/", views.visit_notice, name="inspection_visit_notice"),
    path(
        P + "v/<int:visit_id>/doc/<slug:kind>/",
        views.visit_document,
        name="inspection_visit_document",
    ),
    path(
        "inspections/rec/<int:rec_id>/<slug:action>/",
        views.recommendation_action,
        name="inspection_recommendation",
    ),
]
