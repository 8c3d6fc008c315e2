"""Forms of the claim pages. They check input shape; the workflow checks the rules."""

from decimal import Decimal
from urllib.parse import unquote, urlsplit

from django import forms
from django.urls import reverse

from claims.lookups import source_picker
from claims.models import Claim, Evidence
from sources.forms import max_length
from sources.models import Outlet, Source

KIND_CHOICES = Claim.Kind.choices


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


# The content fields an analyst writes, sized and typed by the model's own columns.
CONTENT_FIELDS = [
    "statement",
    "speaker",
    "quantity_text",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "period",
    "place",
    "attributed_to",
    "attribution_verb",
    "attributed_content",
]


class ClaimContentForm(forms.Form):
    """The fields an analyst writes about a claim."""

    kinds = forms.MultipleChoiceField(
        choices=KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Mark the claim quantitative, attributive or both."},
    )
    tags = TagsField(required=False, help_text="Comma-separated: country, actor, topic.")


ClaimContentForm.base_fields.update(
    forms.fields_for_model(
        Claim,
        fields=CONTENT_FIELDS,
        labels={
            "quantity_text": "Quantity as written",
            "attributed_to": "Attributed to",
            "attribution_verb": "Attribution verb",
            "attributed_content": "Attributed content",
        },
        help_texts={
            "quantity_text": "The figure's own words, e.g. “almost a thousand”.",
            "qualifier": "The hedge, e.g. almost, over, several.",
            "value_low": "Lowest number the words allow. Left blank: read from the quantity.",
            "value_high": "Highest number the words allow. Left blank: read from the quantity.",
        },
        widgets={
            "statement": forms.Textarea(attrs={"rows": 2}),
            "attributed_content": forms.Textarea(attrs={"rows": 2}),
        },
    )
)


class RecordClaimForm(ClaimContentForm):
    source = forms.ModelChoiceField(queryset=Source.objects.all(), widget=forms.HiddenInput)
    start = forms.IntegerField(min_value=0, label="Starts at character")
    end = forms.IntegerField(min_value=1, label="Ends before character")

    field_order = ["source", "start", "end", "kinds", "statement", "speaker", "tags"]


class MoveClaimForm(forms.Form):
    """The new span of a claim, chosen by selecting words in the reader."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ClaimEditForm(ClaimContentForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    attribution_status = forms.ChoiceField(
        choices=Claim.AttributionStatus.choices, label="Attribution checked"
    )
    rating = forms.ChoiceField(
        required=False, choices=[("", "Not rated yet"), *Claim.Rating.choices]
    )
    rationale = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    # Typed beside the workflow panel's Submit, which sends this form: the submission's comment.
    comment = forms.CharField(required=False, max_length=5000)

    field_order = ["rating", "rationale", "statement", "kinds", "speaker", "tags"]

    @classmethod
    def for_claim(cls, claim: Claim) -> "ClaimEditForm":
        """Return the form filled with the claim's current values."""
        initial = {
            name: getattr(claim, name)
            for name in cls.base_fields
            if name not in ("version", "comment")
        }
        for name in ("value_low", "value_high"):
            initial[name] = _as_written(initial[name])
        return cls(initial={**initial, "version": claim.version})


def _as_written(value: Decimal | None) -> Decimal | None:
    """Return a bound without the column's trailing zeros: 900, not 900.0000."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class EvidenceForm(forms.Form):
    """Link evidence: an existing source, or a new one described inline."""

    source = forms.ModelChoiceField(
        required=False,
        queryset=Source.objects.none(),
        label="Existing source",
        help_text="Type words of its title or outlet, or its number.",
    )
    new_title = forms.CharField(
        required=False, max_length=max_length(Source, "title"), label="Or a new source: title"
    )
    new_url = forms.URLField(
        required=False,
        max_length=max_length(Source, "url"),
        label="URL",
        assume_scheme="https",
        help_text="Without a title, the new source is named after its address.",
    )
    new_outlet = forms.CharField(
        required=False, max_length=max_length(Outlet, "name"), label="Outlet"
    )

    def __init__(self, *args, claim: Claim, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["credibility"].initial = Evidence.Credibility.CANNOT_JUDGE
        # Any source but the claim's own; the picker searches them, never lists them all.
        self.fields["source"].queryset = Source.objects.exclude(pk=claim.source_id)
        self.fields["source"].widget = source_picker()
        self.fields["source"].widget.url = f"{reverse('lookup-sources')}?exclude={claim.source_id}"

    def clean(self) -> dict:
        data = super().clean()
        chosen, title = data.get("source"), (data.get("new_title") or "").strip()
        url = data.get("new_url") or ""
        if chosen and title:
            self.add_error(
                "new_title", "Choose an existing source or describe a new one, not both."
            )
        elif not chosen and not title and url:
            # A new source given by its address alone: named after it, renamed later at will.
            data["new_title"] = title_from_url(url)[: max_length(Source, "title")]
        elif (
            not chosen
            and not title
            and "source" not in self.errors
            and "new_url" not in self.errors
        ):
            self.add_error("source", "Choose a source, or give the title or URL of a new one.")
        return data


def title_from_url(url: str) -> str:
    """Name a source after its address: host and last part of the path, if any."""
    parts = urlsplit(url)
    last = unquote(parts.path.rstrip("/").rpartition("/")[2])
    return f"{parts.hostname or url} — {last}" if last else parts.hostname or url


EvidenceForm.base_fields.update(
    forms.fields_for_model(
        Evidence,
        fields=[
            "stance",
            "excerpt",
            "locator",
            "source_figure",
            "figure_low",
            "figure_high",
            "credibility",
            "note",
        ],
        labels={
            "excerpt": "Excerpt relied on",
            "source_figure": "The source's own figure",
            "figure_low": "Figure from",
            "figure_high": "Figure to",
            "credibility": "Information credibility",
        },
        help_texts={
            "source_figure": "As written, e.g. “about 400”.",
            "figure_low": "Left blank: read from the figure.",
            "figure_high": "Left blank: read from the figure.",
        },
        widgets={
            "stance": forms.RadioSelect,
            "excerpt": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        },
    )
)
# A stance is always chosen: no blank radio button.
EvidenceForm.base_fields["stance"].choices = Evidence.Stance.choices


class SameClaimForm(forms.Form):
    """Link a claim to an earlier one as the same claim, unlink it, or copy its evidence."""

    earlier = forms.IntegerField(
        min_value=1,
        label="Same claim as claim #",
        help_text="The number of an earlier claim saying the same thing.",
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
