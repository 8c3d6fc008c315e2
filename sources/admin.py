from django.contrib import admin

from sources.models import Outlet, Passage, Source


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "reliability"]
    list_filter = ["reliability", "country"]
    search_fields = ["name", "country"]


class PassageInline(admin.TabularInline):
    model = Passage
    fields = ["position", "start", "end", "role", "speaker"]
    readonly_fields = ["position", "start", "end"]
    extra = 0
    can_delete = False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "kind", "language", "published_at", "created_at"]
    list_filter = ["kind", "language", "outlet"]
    search_fields = ["title", "url", "authors"]
    readonly_fields = ["sha256", "created_at", "created_by"]
    date_hierarchy = "created_at"
    inlines = [PassageInline]
    list_select_related = ["outlet"]


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    list_display = ["source", "position", "role", "speaker", "start", "end"]
    list_filter = ["role"]
    search_fields = ["speaker", "source__title"]
    readonly_fields = ["source", "position", "start", "end"]
    list_select_related = ["source"]
