"""Addresses that only take a form's POST, and what opening one in the browser does instead."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse


def post_only(back_to: str) -> Callable:
    """Accept POST; send a GET to the page named `back_to`, where the form lives; 405 else.

    A refused form leaves the browser on its POST address: Enter in the address bar or a
    bookmark there should land on the form's page, not on an empty 405. The page is reversed
    with the view's `pk` when `back_to` takes one.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in ("GET", "HEAD"):
                pk = {"pk": kwargs["pk"]} if "pk" in kwargs else {}
                return redirect(reverse(back_to, kwargs=pk))
            if request.method != "POST":
                return HttpResponseNotAllowed(["GET", "POST"])
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
