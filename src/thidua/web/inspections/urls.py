"""Routes of the inspection pages (included from thidua.web.urls)."""

from django.urls import path

from thidua.web.inspections import views

P = "inspections/<slug:code>/"

urlpatterns = [
    path("inspections/", views.plan_list, name="inspections"),
    path("inspections/import/", views.plan_import, name="inspection_import"),
    path(P, views.plan_page, name="inspection_plan"),
    path(P + "schedule/", views.schedule, name="inspection_schedule"),
    path(P + "edits/", views.add_edit, name="inspection_add_edit"),
    path(P + "edits/<int:edit_id>/remove/", views.remove_edit, name="inspection_remove_edit"),
    path(P + "doc/<slug:kind>/", views.plan_document, name="inspection_document"),
    path(P + "recommendations/", views.recommendations, name="inspection_recommendations"),
    path(P + "v/<int:visit_id>/", views.visit_page, name="inspection_visit"),
    path(P + "v/<int:visit_id>/report/", views.report_form, name="inspection_report"),
    path(P + "v/<int:visit_id>/findings/", views.add_finding, name="inspection_add_finding"),
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
