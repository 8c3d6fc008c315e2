from django.contrib import admin

from claims.models import Claim, ClaimEvent, Evidence


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ["source", "stance", "excerpt", "locator", "credibility"]
    autocomplete_fields = ["source"]
    extra = 0


class ClaimEventInline(admin.TabularInline):
    model = ClaimEvent
    fields = ["created_at", "actor", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["id", "short_quote", "speaker", "status", "rating", "assignee", "updated_at"]
    list_filter = ["status", "rating", "attribution_status", "origin"]
    search_fields = ["quote", "statement", "speaker", "attributed_to"]
    list_select_related = ["assignee", "source"]
    raw_id_fields = ["source", "passage", "assignee"]
    # Status and the verdict trail change only through the workflow, never by hand here.
    readonly_fields = [
        "status",
        "version",
        "created_by",
        "submitted_by",
        "reviewed_by",
        "submitted_at",
        "reviewed_at",
        "approved_at",
        "created_at",
        "updated_at",
    ]
    inlines = [EvidenceInline, ClaimEventInline]

    @admin.display(description="quote")
    def short_quote(self, obj: Claim) -> str:
        return obj.quote[:80]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["claim", "source", "stance", "credibility"]
    list_filter = ["stance", "credibility"]
    search_fields = ["excerpt", "note", "source__title"]
    raw_id_fields = ["claim", "source"]
    list_select_related = ["claim", "source"]


@admin.register(ClaimEvent)
class ClaimEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "claim", "actor", "action", "from_status", "to_status"]
    list_filter = ["action", "to_status"]
    search_fields = ["comment", "claim__quote"]
    list_select_related = ["claim", "actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
