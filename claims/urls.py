from django.urls import path

from claims import views
from factcheck.views import home

urlpatterns = [
    path("", home, name="home"),
    path("claims/", views.claim_list, name="claim-list"),
    path("claims/new/", views.claim_record, name="claim-record"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim-edit"),
    path("claims/<int:pk>/evidence/", views.evidence_add, name="evidence-add"),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/remove/",
        views.evidence_remove,
        name="evidence-remove",
    ),
]
