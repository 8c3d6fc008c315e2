from django.urls import path

from claims import source_views as views

urlpatterns = [
    path("", views.source_list, name="source-list"),
    path("add/", views.source_add, name="source-add"),
    path("<int:pk>/", views.source_detail, name="source-detail"),
    path("<int:pk>/extract/", views.source_extract, name="source-extract"),
    path("<int:pk>/extraction/<str:task_id>/", views.source_progress, name="source-progress"),
    path(
        "<int:pk>/passages/<int:passage_pk>/speaker/",
        views.passage_speaker,
        name="passage-speaker",
    ),
    path("tasks/<str:task_id>/", views.task_state, name="task-state"),
]
