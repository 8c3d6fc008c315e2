"""What a locked-out sign-in sees: the form again, saying why and for how long (HTTP 429)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def lockout_message() -> str:
    """Return the message shown to a sign-in refused by the lock-out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"Too many failed sign-ins for this account or from this address: signing in is "
        f"locked for {minutes} minutes after the last failure. An admin can unlock it sooner."
    )


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """Render the sign-in form of the page asked for with the lock-out message, as 429."""
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/"):  # the API answers every error in JSON
        refused = JsonResponse({"detail": lockout_message()}, status=429)
        refused["Retry-After"] = retry_after
        return refused
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    # An unbound form with its error set by hand: validating it would try to sign in again.
    form.cleaned_data, form._errors = {}, ErrorDict()
    form.add_error(None, lockout_message())
    if request.path.startswith("/admin/"):
        template = "admin/login.html"
        context = {
            **admin.site.each_context(request),
            "title": "Log in",
            "app_path": request.get_full_path(),
            "username": username,
        }
    else:
        template, context = "registration/login.html", {}
    context.update(form=form, next=request.POST.get("next") or request.GET.get("next", ""))
    refused = render(request, template, context, status=429)
    refused["Retry-After"] = retry_after
    return refused
