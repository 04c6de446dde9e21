"""Routes of the department task pages (included from thidua.web.urls)."""

from django.urls import path

from thidua.web.tasks import views

urlpatterns = [
    path("c/<slug:campaign_code>/tasks/", views.lists, name="task_lists"),
    path("c/<slug:campaign_code>/tasks/load/", views.load, name="task_load"),
    path("c/<slug:campaign_code>/tasks/<int:list_id>/", views.task_list, name="task_list"),
    path("c/<slug:campaign_code>/tasks/<int:list_id>/names/", views.names, name="task_names"),
    path("c/<slug:campaign_code>/tasks/t/<int:task_id>/", views.task_page, name="task"),
    path(
        "c/<slug:campaign_code>/tasks/t/<int:task_id>/<slug:action>/",
        views.task_action,
        name="task_action",
    ),
    path("tasks/evidence/<int:evidence_id>/", views.evidence, name="task_evidence"),
]
