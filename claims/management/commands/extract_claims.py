import json

from django.core.management.base import CommandError, CommandParser

from extraction import find_candidates
from factcheck.commands import Command as BaseCommand
from sources.importing import ImportProblem, read_text_file
from sources.models import Source
from sources.passages import split_passages

TABLE_QUOTE_WIDTH = 70


class Command(BaseCommand):
    help = (
        "Print the candidate claims of a stored source or of a UTF-8 text file, one JSON object "
        "a line (or a table). Offsets index the text exactly as stored or read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source_id", nargs="?", help="id of a stored source")
        parser.add_argument("--file", help="path to a UTF-8 text file (no stored source needed)")
        parser.add_argument("--format", choices=["jsonl", "table"], default="jsonl")

    def handle(self, *args, **options) -> None:
        source_id, path = options["source_id"], options["file"]
        if (source_id is None) == (path is None):
            raise CommandError("give either a SOURCE_ID or --file FILE", returncode=2)
        if path is not None:
            try:
                text = read_text_file(path)
            except ImportProblem as exc:
                raise CommandError(str(exc), returncode=2) from None
            passages = split_passages(text)
        else:
            text, passages = self._stored(source_id)
        candidates = find_candidates(text, passages)
        if options["format"] == "table":
            self._table(candidates)
        else:
            for candidate in candidates:
                self.stdout.write(json.dumps(candidate, ensure_ascii=False))
        self.stderr.write(f"{len(candidates)} candidate claims")

    def _stored(self, source_id: str) -> tuple[str, list]:
        if not source_id.isdigit():
            raise CommandError(f"SOURCE_ID must be a number, got {source_id!r}", returncode=2)
        source = Source.objects.filter(pk=int(source_id)).first()
        if source is None:
            raise CommandError(f"no source with id {source_id}", returncode=2)
        if not source.text.strip():
            raise CommandError(f"source {source_id} holds no text to read", returncode=2)
        return source.text, list(source.passages.all())

    def _table(self, candidates: list[dict]) -> None:
        self.stdout.write(f"{'span':>13}  {'kinds':5}  {'figure':36}  {'attributed to':24}  quote")
        for c in candidates:
            kinds = "".join(k[0].upper() for k in c["kinds"])
            figure = c["quantity_text"]
            if c["value_low"] is not None or c["value_high"] is not None:
                figure += f" [{_bound(c['value_low'])}..{_bound(c['value_high'])}]"
            quote = " ".join(c["quote"].split())
            if len(quote) > TABLE_QUOTE_WIDTH:
                quote = quote[: TABLE_QUOTE_WIDTH - 1] + "…"
            self.stdout.write(
                f"{c['start']:>6}-{c['end']:<6}  {kinds:5}  {figure[:36]:36}  "
                f"{c['attributed_to'][:24]:24}  {quote}"
            )


def _bound(value) -> str:
    return "" if value is None else f"{value:g}"
