"""Who may see and change which claims: the one place pages, API and admin ask."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from claims.models import Claim

User = AbstractBaseUser | AnonymousUser


def is_member(user: User) -> bool:
    """Return whether the user belongs to the desk (analyst, reviewer or admin)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("claims.view_claim"))


def require_member(user: User) -> None:
    """Raise PermissionDenied unless the user belongs to the desk."""
    if not is_member(user):
        raise PermissionDenied("Only desk members may see this page.")


def is_analyst(user: User) -> bool:
    """Return whether the user may record and research claims."""
    return bool(user.is_authenticated and user.has_perm("claims.change_claim"))


def is_reviewer(user: User) -> bool:
    """Return whether the user may approve, send back and reopen claims."""
    return bool(user.is_authenticated and user.has_perm("claims.approve_claim"))


def claims_visible_to(user: User) -> QuerySet[Claim]:
    """Return the claims this user may see: all of them for members, none otherwise."""
    if not is_member(user):
        return Claim.objects.none()
    return Claim.objects.all()


def get_claim_for(user: User, pk: int, *, write: bool = False) -> Claim:
    """Return the claim, 404 when the user may not see it, PermissionDenied when not change it."""
    try:
        claim = claims_visible_to(user).select_related("source", "assignee").get(pk=pk)
    except (Claim.DoesNotExist, ValueError, TypeError):
        raise Http404("No such claim.") from None
    if write and not is_analyst(user):
        raise PermissionDenied("You may not change this claim.")
    return claim


def member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a page: anonymous visitors go to the login page, non-members get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        require_member(request.user)
        return view(request, *args, **kwargs)

    return login_required(wrapper)
