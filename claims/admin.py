from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from claims import workflow
from claims.models import Claim, ClaimEvent, ClaimLink, Evidence
from claims.speakers import clean_speaker, correct_speaker
from claims.workflow.sources import SOURCE_FIELDS, edit_source
from sources.admin import SourceAdmin
from sources.models import Passage, Source


class ActionCommentForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


def _apply_to_selected(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Claim],
    action: str,
    comment: str = "",
) -> None:
    """Apply one workflow action to each selected claim, reporting each refusal."""
    done = 0
    for claim in queryset.order_by("pk"):
        try:
            workflow.apply_action(
                claim.pk, action, actor=request.user, version=claim.version, comment=comment
            )
        except workflow.WorkflowError as exc:
            modeladmin.message_user(request, f"Claim #{claim.pk}: {exc.message}", messages.ERROR)
        else:
            done += 1
    if done:
        label = action.replace("_", " ")
        modeladmin.message_user(
            request, f"{label.capitalize()}: {done} claim(s).", messages.SUCCESS
        )


def _with_comment(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Claim],
    action: str,
    title: str,
) -> HttpResponse | None:
    """Ask for the comment an action needs, then apply it to the selected claims."""
    form = ActionCommentForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        _apply_to_selected(modeladmin, request, queryset, action, form.cleaned_data["comment"])
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "claims": queryset,
        "form": form,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/claims/claim/action_comment.html", context)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["source", "stance", "excerpt", "locator", "credibility"]
    readonly_fields = fields


class ClaimEventInline(ReadOnlyInline):
    model = ClaimEvent
    fields = ["created_at", "actor", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields


class WorkflowRecordAdmin(admin.ModelAdmin):
    """Rows only the workflow writes: never added or deleted here, each row's page read-only.

    The list stays open to its admin actions (each goes through the workflow) when the
    class offers any; without actions nothing here changes.
    """

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return bool(self.actions) and obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(WorkflowRecordAdmin):
    list_display = ["id", "short_quote", "speaker", "status", "rating", "assignee", "updated_at"]
    list_filter = ["status", "rating", "attribution_status", "origin"]
    search_fields = ["quote", "statement", "speaker", "attributed_to"]
    list_select_related = ["assignee", "source"]
    # A claim changes only through the workflow (lock, checks, audit event): the admin shows
    # it and offers the workflow's own actions, but never edits fields by hand.
    inlines = [EvidenceInline, ClaimEventInline]
    actions = ["approve_selected", "request_changes_selected", "reopen_selected"]

    @admin.display(description="quote")
    def short_quote(self, obj: Claim) -> str:
        return obj.quote[:80]

    def has_approve_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("claims.approve_claim")

    # The workflow decides each claim (four eyes included); these only collect the choice.
    @admin.action(description="Approve selected claims", permissions=["approve"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        _apply_to_selected(self, request, queryset, "approve")

    @admin.action(description="Request changes on selected claims", permissions=["approve"])
    def request_changes_selected(self, request: HttpRequest, queryset: QuerySet[Claim]):
        return _with_comment(self, request, queryset, "request_changes", "Request changes")

    @admin.action(description="Reopen selected approved claims", permissions=["approve"])
    def reopen_selected(self, request: HttpRequest, queryset: QuerySet[Claim]):
        return _with_comment(self, request, queryset, "reopen", "Reopen approved claims")


@admin.register(Evidence)
class EvidenceAdmin(WorkflowRecordAdmin):
    """Evidence is linked and unlinked through the workflow (it writes the claim's trail)."""

    list_display = ["claim", "source", "stance", "credibility"]
    list_filter = ["stance", "credibility"]
    search_fields = ["excerpt", "note", "source__title"]
    list_select_related = ["claim", "source"]


@admin.register(ClaimEvent)
class ClaimEventAdmin(WorkflowRecordAdmin):
    list_display = ["created_at", "claim", "actor", "action", "from_status", "to_status"]
    list_filter = ["action", "to_status"]
    search_fields = ["comment", "claim__quote"]
    list_select_related = ["claim", "actor"]


class PassageSpeakerForm(forms.ModelForm):
    class Meta:
        model = Passage
        fields = ["speaker"]

    def clean_speaker(self) -> str:
        try:
            return clean_speaker(self.cleaned_data.get("speaker"))
        except workflow.WorkflowError as error:
            raise forms.ValidationError(error.message) from None


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    """A passage as the importer cut it; its speaker changes through `correct_speaker` only."""

    form = PassageSpeakerForm
    list_display = ["source", "position", "role", "speaker", "start", "end"]
    list_filter = ["role"]
    search_fields = ["speaker", "source__title"]
    fields = ["source", "position", "role", "start", "end", "speaker"]
    readonly_fields = ["source", "position", "role", "start", "end"]
    list_select_related = ["source"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Passage | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Passage, form, change: bool) -> None:
        # The draft claims still carrying the old speaker follow, each with an edit event.
        try:
            moved = correct_speaker(obj, actor=request.user, speaker=form.cleaned_data["speaker"])
        except workflow.WorkflowError as error:
            self.message_user(request, f"Speaker not changed: {error.message}", messages.ERROR)
        else:
            self.message_user(request, f"{moved} claim(s) re-attributed.", messages.INFO)


admin.site.unregister(Source)


@admin.register(Source)
class DeskSourceAdmin(SourceAdmin):
    """A source's details change through `edit_source`, with an event, as on its page."""

    def save_model(self, request: HttpRequest, obj: Source, form, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        fields = {n: form.cleaned_data[n] for n in form.changed_data if n in SOURCE_FIELDS}
        if not fields:
            return
        try:
            edit_source(obj.pk, actor=request.user, **fields)
        except workflow.WorkflowError as error:
            self.message_user(request, f"Source not changed: {error.message}", messages.ERROR)


@admin.register(ClaimLink)
class ClaimLinkAdmin(WorkflowRecordAdmin):
    """ "Same claim" links: shown here, removed only through the workflow (an event on each)."""

    list_display = ["claim", "earlier", "created_by", "created_at"]
    list_select_related = ["claim", "earlier", "created_by"]
    search_fields = ["claim__quote", "earlier__quote"]
    fields = list_display
    readonly_fields = list_display
    raw_id_fields = ["claim", "earlier"]
    actions = ["unlink_selected"]

    @admin.action(description="Remove selected links (an event on both claims)")
    def unlink_selected(self, request: HttpRequest, queryset: QuerySet[ClaimLink]) -> None:
        removed = 0
        for link in queryset.select_related("claim").order_by("pk"):
            try:
                workflow.unlink_same_claim(
                    link.claim,
                    actor=request.user,
                    earlier=link.earlier_id,
                    version=link.claim.version,
                )
            except workflow.WorkflowError as exc:
                self.message_user(request, f"{link}: {exc.message}", messages.ERROR)
            else:
                removed += 1
        if removed:
            self.message_user(request, f"Removed {removed} link(s).", messages.SUCCESS)
