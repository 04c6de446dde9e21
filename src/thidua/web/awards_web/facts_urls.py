"""Routes of the named facts pages (included first from awards_web.urls)."""

from django.urls import path

from thidua.web.awards_web import facts_views

urlpatterns = [
    path(
        "c/<slug:campaign_code>/awards/<slug:level>/facts/",
        facts_views.level_facts,
        name="awards_level_facts",
    ),
    path(
        "c/<slug:campaign_code>/u/<str:unit_code>/awards/facts/<slug:name>/",
        facts_views.save_fact,
        name="fact_save",
    ),
    path(
        "c/<slug:campaign_code>/u/<str:unit_code>/awards/facts/<slug:name>/withdraw/",
        facts_views.withdraw_fact,
        name="fact_withdraw",
    ),
    path(
        "c/<slug:campaign_code>/u/<str:unit_code>/awards/facts/<slug:name>/evidence/",
        facts_views.fact_evidence,
        name="fact_evidence",
    ),
    path("facts/evidence/<int:evidence_id>/", facts_views.download, name="fact_evidence_file"),
]
