"""Routes of the reporting pages (included from thidua.web.urls)."""

from django.urls import path

from thidua.web.reporting import views

urlpatterns = [
    path("c/<slug:campaign_code>/reports/", views.overview, name="reports"),
    path("c/<slug:campaign_code>/reports/new/", views.create_obligation, name="reports_create"),
    path("c/<slug:campaign_code>/reports/cutoff/", views.set_cutoff, name="reports_cutoff"),
    path("c/<slug:campaign_code>/reports/refresh/", views.refresh, name="reports_refresh"),
    path(
        "c/<slug:campaign_code>/reports/<int:obligation_id>/",
        views.obligation_page,
        name="report_obligation",
    ),
    path(
        "c/<slug:campaign_code>/reports/<int:obligation_id>/instances/",
        views.add_instance,
        name="report_add_instance",
    ),
    path(
        "c/<slug:campaign_code>/reports/events/<int:event_id>/waive/",
        views.waive,
        name="report_waive",
    ),
    path(
        "c/<slug:campaign_code>/u/<str:unit_code>/reports/", views.unit_reports, name="unit_reports"
    ),
    path(
        "c/<slug:campaign_code>/u/<str:unit_code>/reports/<int:instance_id>/submit/",
        views.submit,
        name="report_submit",
    ),
    path("reports/files/<int:file_id>/", views.download, name="report_file"),
]
