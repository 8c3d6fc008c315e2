"""Pages of long lists that stay fast deep into the list."""

from django.core.paginator import Page
from django.core.paginator import Paginator as DjangoPaginator

from factcheck.pagination import PageNumberPagination


class KeysFirstPaginator(DjangoPaginator):
    """Find a page's primary keys in a subquery, then read only those rows.

    OFFSET has to step over every earlier row; stepping over index entries alone (an
    index-only scan of the primary key) costs far less than over whole table rows.
    Still one query a page.
    """

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


class KeysFirstPagination(PageNumberPagination):
    django_paginator_class = KeysFirstPaginator
