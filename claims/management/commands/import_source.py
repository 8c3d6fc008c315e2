import datetime

from django.core.management.base import CommandError, CommandParser

from factcheck.commands import Command as BaseCommand
from sources.importing import ImportProblem, import_text, read_text_file
from sources.models import Source


class Command(BaseCommand):
    help = (
        "Import a UTF-8 text file as a source, cut into passages. The last line printed is "
        "the source's id (the existing one when the same text is already stored)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path to a UTF-8 text file (at most 5 MB)")
        parser.add_argument("--title", default="")
        parser.add_argument("--outlet", default="", help="publisher name, e.g. TASS")
        parser.add_argument("--url", default="")
        parser.add_argument("--published", default="", help="publication date, YYYY-MM-DD")
        parser.add_argument("--language", default="en")
        parser.add_argument("--kind", default=Source.Kind.INTERVIEW, choices=Source.Kind.values)
        parser.add_argument(
            "--extract", action="store_true", help="also queue candidate claim extraction"
        )

    def handle(self, *args, **options) -> None:
        published = None
        if options["published"]:
            try:
                published = datetime.date.fromisoformat(options["published"])
            except ValueError:
                raise CommandError(
                    f"--published must be a date as YYYY-MM-DD, got {options['published']!r}",
                    returncode=2,
                ) from None
        try:
            text = read_text_file(options["file"])
            result = import_text(
                text,
                title=options["title"],
                outlet=options["outlet"] or None,
                url=options["url"],
                published_at=published,
                language=options["language"],
                kind=options["kind"],
            )
        except ImportProblem as exc:
            raise CommandError(str(exc), returncode=2) from None
        source = result.source
        verb = "imported" if result.created else "already stored as"
        self.stderr.write(
            f"{verb} source {source.pk}: {source.title} ({source.passages.count()} passages)"
        )
        if options["extract"]:
            self._queue_extraction(source)
        self.stdout.write(str(source.pk))

    def _queue_extraction(self, source) -> None:
        from claims.candidates import start_extraction

        job = start_extraction(source)
        self.stderr.write(f"queued candidate extraction for source {source.pk} (job {job.pk})")
