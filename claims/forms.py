"""Forms of the claim pages. They check input shape; the workflow checks the rules."""

from django import forms
from django.contrib.auth import get_user_model

from claims.models import Claim, Evidence
from sources.models import Source

KIND_CHOICES = Claim.Kind.choices
SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "updated": ("-updated_at", "-id"),
    "status": ("status", "-created_at", "-id"),
    "speaker": ("speaker", "-created_at", "-id"),
    "source": ("source__title", "start", "id"),
}


def parse_tags(value: str) -> list[str]:
    """Split a comma-separated tag list, dropping blanks and repeats, keeping the order."""
    seen: list[str] = []
    for tag in (part.strip() for part in (value or "").split(",")):
        if tag and tag not in seen:
            seen.append(tag)
    return seen


class TagsField(forms.CharField):
    """Tags typed as "CAR, Niger, Wagner"."""

    def to_python(self, value) -> list[str]:
        if isinstance(value, list):
            return value
        return parse_tags(super().to_python(value))

    def prepare_value(self, value) -> str:
        return ", ".join(value) if isinstance(value, list) else (value or "")

    def validate(self, value: list[str]) -> None:
        for tag in value:
            if len(tag) > 50:
                raise forms.ValidationError(f"“{tag[:20]}…” is longer than 50 characters.")


class ClaimContentForm(forms.Form):
    """The fields an analyst writes about a claim."""

    kinds = forms.MultipleChoiceField(
        choices=KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Mark the claim quantitative, attributive or both."},
    )
    statement = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A neutral one-sentence restatement.",
    )
    speaker = forms.CharField(required=False, max_length=200)
    tags = TagsField(required=False, help_text="Comma-separated: country, actor, topic.")
    quantity_text = forms.CharField(
        required=False, max_length=200, label="Quantity as written", help_text="almost a thousand"
    )
    value_low = forms.DecimalField(required=False, max_digits=20, decimal_places=4)
    value_high = forms.DecimalField(required=False, max_digits=20, decimal_places=4)
    qualifier = forms.CharField(required=False, max_length=50, help_text="almost, over, several…")
    unit = forms.CharField(required=False, max_length=100)
    period = forms.CharField(required=False, max_length=100)
    place = forms.CharField(required=False, max_length=200)
    attributed_to = forms.CharField(required=False, max_length=200, label="Attributed to")
    attribution_verb = forms.CharField(required=False, max_length=50, label="Attribution verb")
    attributed_content = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Attributed content"
    )


class RecordClaimForm(ClaimContentForm):
    source = forms.ModelChoiceField(queryset=Source.objects.all(), widget=forms.HiddenInput)
    start = forms.IntegerField(min_value=0, label="Starts at character")
    end = forms.IntegerField(min_value=1, label="Ends before character")

    field_order = ["source", "start", "end", "kinds", "statement", "speaker", "tags"]


class ClaimEditForm(ClaimContentForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    attribution_status = forms.ChoiceField(
        choices=Claim.AttributionStatus.choices, label="Attribution checked"
    )
    rating = forms.ChoiceField(
        required=False, choices=[("", "Not rated yet"), *Claim.Rating.choices]
    )
    rationale = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))

    field_order = ["rating", "rationale", "statement", "kinds", "speaker", "tags"]

    @classmethod
    def for_claim(cls, claim: Claim) -> "ClaimEditForm":
        """Return the form filled with the claim's current values."""
        initial = {name: getattr(claim, name) for name in cls.base_fields if name != "version"}
        return cls(initial={**initial, "version": claim.version})


class EvidenceForm(forms.Form):
    """Link evidence: an existing source, or a new one described inline."""

    source = forms.ModelChoiceField(
        required=False,
        queryset=Source.objects.none(),
        empty_label="— choose a source on the desk —",
        label="Existing source",
    )
    new_title = forms.CharField(required=False, max_length=500, label="Or a new source: title")
    new_url = forms.URLField(required=False, max_length=2000, label="URL", assume_scheme="https")
    new_outlet = forms.CharField(required=False, max_length=200, label="Outlet")
    stance = forms.ChoiceField(choices=Evidence.Stance.choices, widget=forms.RadioSelect)
    excerpt = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Excerpt relied on"
    )
    locator = forms.CharField(required=False, max_length=200, help_text="Page, paragraph, #anchor.")
    source_figure = forms.CharField(required=False, max_length=200, label="The source's own figure")
    credibility = forms.TypedChoiceField(
        choices=Evidence.Credibility.choices,
        coerce=int,
        initial=Evidence.Credibility.CANNOT_JUDGE,
        label="Information credibility",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, claim: Claim, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            Source.objects.exclude(pk=claim.source_id).select_related("outlet").order_by("title")
        )

    def clean(self) -> dict:
        data = super().clean()
        chosen, title = data.get("source"), (data.get("new_title") or "").strip()
        if chosen and title:
            self.add_error(
                "new_title", "Choose an existing source or describe a new one, not both."
            )
        elif not chosen and not title and "source" not in self.errors:
            self.add_error("source", "Choose a source, or give the title of a new one.")
        return data


class ClaimFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Text")
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Claim.Status.choices])
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *KIND_CHOICES])
    rating = forms.ChoiceField(required=False, choices=[("", "Any rating"), *Claim.Rating.choices])
    speaker = forms.CharField(required=False, max_length=200)
    source = forms.ModelChoiceField(
        required=False, queryset=Source.objects.none(), empty_label="Any source"
    )
    assignee = forms.ModelChoiceField(
        required=False, queryset=get_user_model().objects.none(), empty_label="Anyone"
    )
    tag = forms.CharField(required=False, max_length=50)
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, key.title()) for key in SORTS],
        label="Sort by",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only what has claims, so the selects stay short and each costs one query.
        self.fields["source"].queryset = (
            Source.objects.filter(pk__in=Claim.objects.values("source_id"))
            .only("id", "title")
            .order_by("title")
        )
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(pk__in=Claim.objects.values("assignee_id"))
            .order_by("username")
        )
