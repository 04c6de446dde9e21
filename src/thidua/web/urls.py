"""URL map of the platform (pages; the API lives under /api/ when enabled)."""

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from thidua.web.accounts import views as accounts
from thidua.web.campaigns import views as campaigns
from thidua.web.results import appraisal_views as appraisal
from thidua.web.results import offline_views as offline
from thidua.web.results import views as results
from thidua.web.units import views as units

CU = "c/<slug:campaign_code>/u/<str:unit_code>/"


def healthz(request: HttpRequest) -> HttpResponse:
    """A bare view (no session, no database): liveness, and the load benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", units.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", accounts.login_view, name="login"),  # rate limited
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("units/<str:unit_code>/", units.unit_home, name="unit"),
    path("c/<slug:campaign_code>/", campaigns.campaign_detail, name="campaign"),
    path("c/<slug:campaign_code>/state/", campaigns.campaign_state, name="campaign_state"),
    path("c/<slug:campaign_code>/ranking/<slug:level>/", campaigns.ranking_page, name="ranking"),
    path(
        "c/<slug:campaign_code>/ranking/<slug:level>/export.<str:fmt>",
        campaigns.ranking_export,
        name="ranking_export",
    ),
    path(CU, results.self_assessment, name="self_assessment"),
    path(CU + "submit/", results.submit, name="submit"),
    path(CU + "row/<str:criterion>/preview/", results.preview, name="preview"),
    path(CU + "row/<str:criterion>/save/", results.save_row, name="save_row"),
    path(CU + "row/<str:criterion>/evidence/", results.upload_evidence, name="upload_evidence"),
    path(CU + "row/<str:criterion>/document/", results.add_document, name="add_document"),
    path(CU + "row/<str:criterion>/", results.criterion_detail, name="criterion_detail"),
    path(CU + "appraise/", appraisal.appraisal, name="appraisal"),
    path(CU + "appraise/bulk/", appraisal.bulk_accept, name="bulk_accept"),
    path(CU + "appraise/<str:criterion>/", appraisal.appraise_row, name="appraise_row"),
    path(CU + "offline/", offline.offline_page, name="offline"),
    path(CU + "offline/form.xlsx", offline.offline_download, name="offline_download"),
    path(CU + "offline/upload/", offline.offline_upload, name="offline_upload"),
    path(CU + "offline/confirm/", offline.offline_confirm, name="offline_confirm"),
    path("evidence/<int:evidence_id>/", results.download_evidence, name="evidence"),
    path("evidence/<int:evidence_id>/remove/", results.remove_evidence, name="remove_evidence"),
    path("", include("thidua.web.units.urls")),
    path("", include("thidua.web.accounts.urls")),
    path("", include("thidua.web.campaigns.urls")),
    path("api/", include("thidua.web.api.urls")),
    path("", include("thidua.web.reporting.urls")),
    path("", include("thidua.web.tasks.urls")),
    path("", include("thidua.web.models_registry.urls")),
    path("", include("thidua.web.awards_web.urls")),
    path("", include("thidua.web.inspections.urls")),
]
