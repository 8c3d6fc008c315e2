import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from claims.exports.writers import FORMATS, ExportProblem, export_queryset, write_export
from factcheck.commands import Command as BaseCommand

FILTER_OPTIONS = ("status", "kind", "rating", "speaker", "source", "assignee", "tag", "q")


class Command(BaseCommand):
    help = (
        "Export claims as CSV, JSON Lines or ClaimReview JSON-LD (approved claims only), "
        "streamed to FILE ('-' for standard output)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--out", required=True, help="file to write, or - for stdout")
        parser.add_argument(
            "--status", action="append", help="claim status, e.g. approved (repeatable)"
        )
        parser.add_argument("--rating", action="append", help="rating (repeatable)")
        parser.add_argument("--kind", help="quantitative or attributive")
        parser.add_argument("--speaker", help="part of the speaker's name (case ignored)")
        parser.add_argument("--source", help="source id")
        parser.add_argument("--assignee", help="assignee's user id")
        parser.add_argument("--tag", help="tag")
        parser.add_argument("--q", help="text in the quote, statement or rationale")

    def handle(self, *args, **options) -> None:
        filters = {k: options[k] for k in FILTER_OPTIONS if options.get(k) is not None}
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
