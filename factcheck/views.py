from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sources.models import Source


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the dashboard: for now, the sources on the desk."""
    sources = Source.objects.select_related("outlet").order_by("-created_at")[:50]
    return render(request, "home.html", {"sources": sources})
