"""Forms of the source pages: add a source by pasting text or uploading a file."""

from pathlib import PurePath

from django import forms
from django.db import models
from django.forms.utils import ErrorDict

from sources.html_text import html_title, html_to_text
from sources.importing import MAX_TEXT_BYTES, ImportProblem, decode_text
from sources.models import Outlet, Source

UPLOAD_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}


def max_length(model: type[models.Model], name: str) -> int:
    """Return the length of a model's text column, so a form never types it again."""
    return model._meta.get_field(name).max_length


class SourceSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search sources")
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Source.Kind.choices])


TOO_LARGE = (
    f"The pasted text is larger than the {MAX_TEXT_BYTES // 1024 // 1024} MB a source may hold, "
    "so nothing was read or stored. Paste a shorter text."
)


class AddSourceForm(forms.Form):
    """Everything import_text takes; the text comes from the text box or from an uploaded file."""

    text = forms.CharField(
        required=False,
        strip=False,
        # The page's script refuses a paste over the limit before it is sent, keeping the text
        # in the box: a post too large to read could only come back empty.
        widget=forms.Textarea(
            attrs={"rows": 12, "data-max-bytes": MAX_TEXT_BYTES, "data-too-large": TOO_LARGE}
        ),
        label="Paste the text",
        help_text="Stored exactly as given; the importer cuts it into passages.",
    )
    file = forms.FileField(
        required=False,
        label="Or upload a file",
        help_text="UTF-8 .txt, .md or .html (HTML is reduced to its text); up to 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(UPLOAD_SUFFIXES))}),
    )
    title = forms.CharField(
        required=False,
        max_length=max_length(Source, "title"),
        help_text="Left blank: the first line of the text.",
    )
    outlet = forms.CharField(
        required=False, max_length=max_length(Outlet, "name"), help_text="Publisher, e.g. TASS."
    )
    url = forms.URLField(
        required=False, max_length=max_length(Source, "url"), label="URL", assume_scheme="https"
    )
    published_at = forms.DateField(
        required=False, label="Published on", widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.CharField(max_length=max_length(Source, "language"), initial="en")
    kind = forms.ChoiceField(choices=Source.Kind.choices, initial=Source.Kind.ARTICLE)
    extract = forms.BooleanField(
        required=False, initial=True, label="Look for candidate claims after import"
    )

    @classmethod
    def too_large(cls) -> "AddSourceForm":
        """Return the form again for a post too large to read, saying so beside the text."""
        form = cls()
        # The post was never read, so there is nothing to validate: only the error is set.
        form.cleaned_data, form._errors = {}, ErrorDict()
        form.add_error("text", TOO_LARGE)
        return form

    def clean(self) -> dict:
        data = super().clean()
        pasted, upload = data.get("text") or "", data.get("file")
        if pasted.strip() and upload:
            self.add_error("file", "Paste a text or upload a file, not both.")
        elif upload:
            self._read_upload(upload, data)
        elif pasted.strip():
            # Browsers send a text box's line breaks as CRLF whatever the pasted text had.
            data["text"] = pasted.replace("\r\n", "\n").strip("\n")
            data["text_field"] = "text"
        elif "file" not in self.errors:
            self.add_error("text", "Paste the text or upload a file.")
        return data

    def _read_upload(self, upload, data: dict) -> None:
        name = PurePath(upload.name).name
        suffix = PurePath(name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            self.add_error("file", f"{name}: upload a .txt, .md or .html file.")
            return
        try:
            text = decode_text(upload.read(), name)
        except ImportProblem as problem:
            self.add_error("file", str(problem))
            return
        if suffix in {".html", ".htm"}:
            data["title"] = data.get("title") or html_title(text)[:500]
            text = html_to_text(text)
            if not text.strip():
                self.add_error("file", f"{name} has no readable text.")
                return
        data["text"] = text
        data["text_field"] = "file"


class SourceEditForm(forms.Form):
    """A source's details; its text never changes once stored."""

    title = forms.CharField(max_length=max_length(Source, "title"))
    outlet = forms.CharField(
        required=False,
        max_length=max_length(Outlet, "name"),
        help_text="Publisher, e.g. TASS; a new name adds the outlet.",
    )
    url = forms.URLField(
        required=False,
        max_length=max_length(Source, "url"),
        label="URL",
        assume_scheme="https",
        help_text="Where the text was published: ClaimReview links to it.",
    )
    published_at = forms.DateField(
        required=False, label="Published on", widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(choices=Source.Kind.choices)

    @classmethod
    def for_source(cls, source: Source, data=None) -> "SourceEditForm":
        """Return the form filled in with the source's current details."""
        initial = {
            "title": source.title,
            "outlet": source.outlet.name if source.outlet_id else "",
            "url": source.url,
            "published_at": source.published_at,
            "kind": source.kind,
        }
        return cls(data, initial=initial)


class OutletGradeForm(forms.Form):
    grade = forms.ChoiceField(choices=Outlet.Reliability.choices, label="Grade")
    reason = forms.CharField(
        max_length=500, label="Why", help_text="A short reason, kept in the grade's history."
    )
