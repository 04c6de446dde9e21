"""Routes of the models registry (included from thidua.web.urls)."""

from django.urls import path

from thidua.web.models_registry import views

urlpatterns = [
    path("c/<slug:campaign_code>/models/", views.registry, name="models_registry"),
    path(
        "c/<slug:campaign_code>/models/<int:model_id>/evidence/",
        views.evidence,
        name="model_evidence",
    ),
    path(
        "c/<slug:campaign_code>/models/<int:model_id>/recognise/",
        views.recognise,
        name="model_recognise",
    ),
    path("c/<slug:campaign_code>/u/<str:unit_code>/models/", views.unit_models, name="unit_models"),
    path(
        "c/<slug:campaign_code>/u/<str:unit_code>/models/register/",
        views.register,
        name="model_register",
    ),
    path("models/evidence/<int:evidence_id>/", views.download, name="model_evidence_file"),
]
