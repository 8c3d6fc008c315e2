"""Import a text as a Source with its passages: the one path used by the command and the pages."""

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction

from sources.models import Outlet, Passage, Source
from sources.passages import split_passages

MAX_TEXT_BYTES = 5 * 1024 * 1024


class ImportProblem(ValueError):
    """The input cannot be imported; the message says why in one line."""


@dataclass(frozen=True)
class ImportResult:
    source: Source
    created: bool


def decode_text(data: bytes, name: str = "the input") -> str:
    """Return the UTF-8 text of data, or raise ImportProblem saying what is wrong with it."""
    _check_size(len(data), name)
    if b"\x00" in data:
        raise ImportProblem(f"{name} is a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportProblem(
            f"{name} is not valid UTF-8 (byte {exc.start}); save it as UTF-8 and try again"
        ) from None
    if not text.strip():
        raise ImportProblem(f"{name} is empty")
    return text


def _check_size(size: int, name: str) -> None:
    if size > MAX_TEXT_BYTES:
        raise ImportProblem(
            f"{name} is {size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_TEXT_BYTES // 1024 // 1024} MB"
        )


def read_text_file(path: str | Path) -> str:
    """Read a UTF-8 text file for import, or raise ImportProblem."""
    path = Path(path)
    if not path.exists():
        raise ImportProblem(f"{path}: no such file")
    if not path.is_file():
        raise ImportProblem(f"{path}: not a regular file")
    try:
        _check_size(path.stat().st_size, str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(f"{path}: {exc.strerror}") from None
    return decode_text(data, str(path))


def text_sha256(text: str) -> str:
    """Return the hex sha256 of the text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def import_text(
    text: str,
    *,
    title: str = "",
    outlet: Outlet | str | None = None,
    url: str = "",
    published_at: date | None = None,
    language: str = "en",
    kind: str = Source.Kind.ARTICLE,
    created_by=None,
) -> ImportResult:
    """Store text as a Source with its passages, or return the source already holding it."""
    decode_text(text.encode("utf-8"))  # the same limits as a file
    _check_metadata(title=title, url=url, language=language, outlet=outlet)
    digest = text_sha256(text)
    existing = Source.objects.filter(sha256=digest).first()
    if existing:
        return ImportResult(existing, created=False)
    if kind not in Source.Kind.values:
        raise ImportProblem(f"unknown kind {kind!r}; choose one of {', '.join(Source.Kind.values)}")

    try:
        with transaction.atomic():
            outlet_obj = _outlet(outlet)
            source = Source.objects.create(
                title=(title or _default_title(text))[:500],
                outlet=outlet_obj,
                url=url,
                published_at=published_at,
                language=language,
                kind=kind,
                text=text,
                sha256=digest,
                created_by=created_by,
            )
            spans = split_passages(text, outlet=outlet_obj.name if outlet_obj else "")
            Passage.objects.bulk_create(
                Passage(
                    source=source,
                    position=position,
                    start=span.start,
                    end=span.end,
                    role=span.role,
                    speaker=span.speaker,
                )
                for position, span in enumerate(spans)
            )
    except IntegrityError:
        # Another import of the same text won the race: hand back its source.
        return ImportResult(Source.objects.get(sha256=digest), created=False)
    return ImportResult(source, created=True)


def _check_metadata(*, title: str, url: str, language: str, outlet: Outlet | str | None) -> None:
    """Refuse metadata the Source row cannot hold, naming the option at fault."""
    outlet_name = outlet if isinstance(outlet, str) else ""
    for name, value, field in [
        ("title", title, Source._meta.get_field("title")),
        ("url", url, Source._meta.get_field("url")),
        ("language", language, Source._meta.get_field("language")),
        ("outlet", outlet_name, Outlet._meta.get_field("name")),
    ]:
        if len(value or "") > field.max_length:
            raise ImportProblem(f"{name} is longer than {field.max_length} characters")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ImportProblem(f"url {url!r} is not an http(s) address") from None


def _outlet(outlet: Outlet | str | None) -> Outlet | None:
    if outlet is None or isinstance(outlet, Outlet):
        return outlet
    name = outlet.strip()
    if not name:
        return None
    return Outlet.objects.named(name)


def _default_title(text: str) -> str:
    """Use the first prose line (not a caption or credit) as a title."""
    for line in text.splitlines():
        line = line.strip().rstrip("|").strip()
        if len(line) > 20 and not line.startswith("!["):
            return line[:120] + ("…" if len(line) > 120 else "")
    return text.strip()[:120]
