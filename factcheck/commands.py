"""A base for the project's management commands: usage errors as one line and exit code 2."""

import sys

from django.core.management.base import BaseCommand, CommandParser


class OneLineErrorParser(CommandParser):
    def error(self, message: str):
        if not self.called_from_command_line:
            super().error(message)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        sys.exit(2)


class Command(BaseCommand):
    """BaseCommand whose argument errors print one line on stderr and exit 2."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = OneLineErrorParser  # same state, only `error` differs
        return parser
