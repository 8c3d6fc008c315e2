from django.contrib import admin

from sources.models import Outlet, OutletGrade, Passage, Source, SourceEvent

# Passage is registered by the claims app: a speaker change there moves the claims with it.
# An outlet's grade changes on /outlets/ (or the API), which keeps its history with a reason;
# a source's details through the claims app's admin (an event each), and a source is removed
# or archived on its own page, by the rules there.


class ReadOnlyAdmin(admin.ModelAdmin):
    """A history: shown, never written here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class OutletGradeInline(admin.TabularInline):
    model = OutletGrade
    fields = ["set_at", "previous", "grade", "reason", "set_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "reliability"]
    list_filter = ["reliability", "country"]
    search_fields = ["name", "country"]
    readonly_fields = ["reliability", "reliability_note"]  # graded on /outlets/<id>/
    inlines = [OutletGradeInline]


@admin.register(SourceEvent)
class SourceEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "source_title", "action", "actor"]
    list_filter = ["action"]
    search_fields = ["source_title"]


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
    readonly_fields = ["text", "sha256", "created_at", "created_by", "archived_at"]
    date_hierarchy = "created_at"
    inlines = [PassageInline]
    list_select_related = ["outlet"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # removed or archived on /sources/<id>/edit/
