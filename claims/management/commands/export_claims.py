import os
import sys
import tempfile
from pathlib import Path

import django_filters
from django.core.management.base import CommandError, CommandParser

from claims.exports.writers import FORMATS, ExportProblem, export_queryset, write_export
from claims.filters import ClaimFilter, claim_filter_names
from factcheck.commands import Command as BaseCommand


class Command(BaseCommand):
    help = (
        "Export claims as CSV, JSON Lines or ClaimReview JSON-LD (approved claims only), "
        "streamed to FILE ('-' for standard output)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--out", required=True, help="file to write, or - for stdout")
        # One option per filter of the claim list, as the page and the API offer them.
        for name in claim_filter_names():
            claim_filter = ClaimFilter.base_filters[name]
            repeatable = isinstance(claim_filter, django_filters.MultipleChoiceFilter)
            parser.add_argument(
                f"--{name}",
                action="append" if repeatable else "store",
                help=claim_filter.extra.get("help_text") or str(claim_filter.label or name),
            )

    def handle(self, *args, **options) -> None:
        names = claim_filter_names()
        filters = {k: options[k] for k in names if options.get(k) is not None}
        try:
            queryset = export_queryset(options["format"], filters)
        except ExportProblem as exc:
            raise CommandError(str(exc), returncode=2) from None
        if options["out"] == "-":
            count = write_export(options["format"], queryset, sys.stdout)
            sys.stdout.flush()
            return
        count = self._write_file(Path(options["out"]), options["format"], queryset)
        self.stderr.write(f"wrote {count} claims to {options['out']}")

    def _write_file(self, path: Path, fmt: str, queryset) -> int:
        """Write to a temporary file beside the target and move it in place when complete."""
        directory = path.parent if str(path.parent) else Path(".")
        try:
            handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.")
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}", returncode=2) from None
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                count = write_export(fmt, queryset, out)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except OSError as exc:
            Path(temporary).unlink(missing_ok=True)
            raise CommandError(f"cannot write {path}: {exc.strerror}", returncode=2) from None
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return count
