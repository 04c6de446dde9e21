"""Routes of the individual award pages (included from ``awards_web.urls``)."""

from django.urls import path

from thidua.web.awards_web import individuals_views as views

A = "c/<slug:campaign_code>/awards/"
N = A + "<slug:level>/individuals/<str:proposer>/"

urlpatterns = [
    path(A + "<slug:level>/individuals/", views.index, name="individuals"),
    path(N, views.proposer_page, name="nominations"),
    path(N + "add/", views.add, name="nomination_add"),
    path(N + "<int:nomination_id>/save/", views.save, name="nomination_save"),
    path(N + "<int:nomination_id>/delete/", views.delete, name="nomination_delete"),
    path(N + "<int:nomination_id>/<slug:direction>/", views.shift, name="nomination_shift"),
    path(
        A + "i/<int:proposal_id>/bao-cao-thanh-tich.docx",
        views.report_file,
        name="awards_individual_report",
    ),
    path(A + "i/<int:proposal_id>/<slug:action>/", views.move, name="awards_individual_move"),
]
