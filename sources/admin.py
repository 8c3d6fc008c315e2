from django.contrib import admin

from sources.models import Outlet, Passage, Source

# Passage is registered by the claims app: a speaker change there moves the claims with it.


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "reliability"]
    list_filter = ["reliability", "country"]
    search_fields = ["name", "country"]


class PassageInline(admin.TabularInline):
    """A source's passages, shown as cut; a speaker is corrected on the passage's own page."""

    model = Passage
    fields = ["position", "start", "end", "role", "speaker"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "kind", "language", "published_at", "created_at"]
    list_filter = ["kind", "language", "outlet"]
    search_fields = ["title", "url", "authors"]
    # Claims are anchored in the text by offsets: it is stored once, by the importer, and
    # never rewritten here (the database refuses it too once claims point into it).
    readonly_fields = ["text", "sha256", "created_at", "created_by"]
    date_hierarchy = "created_at"
    inlines = [PassageInline]
    list_select_related = ["outlet"]
