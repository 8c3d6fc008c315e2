"""Paging shared by the list pages."""

from django.http import HttpRequest

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


def page_size(request: HttpRequest) -> int:
    """Return the page size asked for in ?page_size, within 1..MAX_PAGE_SIZE."""
    try:
        return max(1, min(MAX_PAGE_SIZE, int(request.GET.get("page_size", PAGE_SIZE))))
    except ValueError:
        return PAGE_SIZE
