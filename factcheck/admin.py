"""The sign-in lock-outs in the admin: see who is locked out, and unlock them."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest


class LockoutAdmin(AccessAttemptAdmin):
    actions = ["unlock_selected", *AccessAttemptAdmin.actions]

    @admin.action(description="Unlock: forget the selected failed sign-ins")
    def unlock_selected(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        count, _ = queryset.delete()
        self.message_user(request, f"Unlocked: {count} failed sign-in record(s) removed.")


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LockoutAdmin)
