"""The dashboard: what is on the desk, who and what is checked, what waits longest."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from claims import stats
from claims.access import member_required

STATUS_CSS = "st-{}"


@member_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the dashboard: counts by status and rating, who and what is checked, the waiting."""
    statuses = stats.status_counts()
    claims_url = reverse("claim-list")
    status_chart = stats.horizontal_bars(
        [
            (s.label, n, STATUS_CSS.format(s.value), f"{claims_url}?status={s.value}")
            for s, n in statuses
        ]
    )
    ratings = stats.rating_counts()
    rating_chart = stats.horizontal_bars(
        [
            (r.label, n, f"rt-{r.value}", f"{claims_url}?status=approved&rating={r.value}")
            for r, n in ratings
        ]
    )
    speaker_chart = stats.horizontal_bars(
        [(name, n, "bar-neutral", "") for name, n in stats.top_speakers()]
    )
    source_chart = stats.horizontal_bars(
        [
            (title, n, "bar-neutral", reverse("source-detail", args=[pk]))
            for pk, title, n in stats.top_sources()
        ]
    )
    return render(
        request,
        "home.html",
        {
            "statuses": statuses,
            "total": sum(n for _, n in statuses),
            "status_chart": status_chart,
            "rating_chart": rating_chart,
            "n_approved": sum(n for _, n in ratings),
            "speaker_chart": speaker_chart,
            "source_chart": source_chart,
            "waiting": stats.oldest_waiting(),
            "weekly": stats.weekly(),
        },
    )
