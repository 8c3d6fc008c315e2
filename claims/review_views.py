"""Views of the verdict workflow: the reviewer's queue, my work, and applying an action."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Show the claims waiting for review, oldest submission first."""
    return render(request, "claims/review_queue.html", {})


@login_required
@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    """Show the claims assigned to the user, those sent back first."""
    return render(request, "claims/my_work.html", {})


@login_required
@require_POST
def claim_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply one workflow action to a claim and go back where the form was."""
    return redirect("review-queue")
