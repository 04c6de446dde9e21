"""Routes of the award pages (included from thidua.web.urls)."""

from django.urls import include, path

from thidua.web.awards_web import views

urlpatterns = [
    # Before the level routes below, which would read "facts" as a level's file.
    path("", include("thidua.web.awards_web.facts_urls")),
    path("", include("thidua.web.awards_web.individuals_urls")),
    path("c/<slug:campaign_code>/awards/", views.overview, name="awards"),
    path("c/<slug:campaign_code>/awards/setup/", views.setup, name="awards_setup"),
    path(
        "c/<slug:campaign_code>/awards/p/<int:proposal_id>/bao-cao-thanh-tich.docx",
        views.report_file,
        name="awards_report",
    ),
    path(
        "c/<slug:campaign_code>/awards/p/<int:proposal_id>/<slug:action>/",
        views.move,
        name="awards_move",
    ),
    path("c/<slug:campaign_code>/awards/<slug:level>/", views.level_page, name="awards_level"),
    path("c/<slug:campaign_code>/awards/<slug:level>/draw/", views.draw, name="awards_draw"),
    path(
        "c/<slug:campaign_code>/awards/<slug:level>/<str:kind>",
        views.level_file,
        name="awards_file",
    ),
    path("c/<slug:campaign_code>/u/<str:unit_code>/awards/", views.unit_awards, name="unit_awards"),
]
