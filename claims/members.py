"""Desk members and their roles: Django groups with model permissions; admins are superusers."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

ROLES = ("analyst", "reviewer", "admin")

# What each group may do, as (app, model, verbs). Reviewers hold claims.approve_claim.
ROLE_PERMISSIONS = {
    "analyst": [
        ("sources", "outlet", ["view", "add", "change"]),
        ("sources", "source", ["view", "add", "change", "delete"]),
        ("sources", "passage", ["view", "change"]),
        ("claims", "claim", ["view", "add", "change"]),
        ("claims", "evidence", ["view", "add", "change", "delete"]),
        ("claims", "claimevent", ["view"]),
    ],
    "reviewer": [
        ("sources", "outlet", ["view", "grade"]),
        ("sources", "source", ["view"]),
        ("sources", "passage", ["view"]),
        ("claims", "claim", ["view", "approve"]),
        ("claims", "evidence", ["view"]),
        ("claims", "claimevent", ["view"]),
    ],
}


def sync_roles(**kwargs) -> None:
    """Create the analyst and reviewer groups and give them exactly their permissions."""
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for app_label, model, verbs in grants:
            wanted += Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{verb}_{model}" for verb in verbs],
            )
        group.permissions.set(wanted)


@transaction.atomic
def create_member(username: str, role: str, password: str, *, email: str = ""):
    """Create or update a user with exactly the given role and password."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.email = email or user.email
    user.set_password(password)
    user.is_staff = user.is_superuser = role == "admin"
    user.save()
    if role == "admin":
        user.groups.clear()
    else:
        group = Group.objects.filter(name=role).first()
        if group is None:
            sync_roles()
            group = Group.objects.get(name=role)
        user.groups.set([group])
    return user
