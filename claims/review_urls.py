"""Pages of the verdict workflow: the review queue, my work, and the transition form target."""

from django.urls import path

from claims import review_views

urlpatterns = [
    path("review/", review_views.review_queue, name="review-queue"),
    path("my-work/", review_views.my_work, name="my-work"),
    path(
        "claims/<int:pk>/transition/",
        review_views.claim_transition,
        name="claim-transition",
    ),
]
