import os

from django.core.management.base import CommandError, CommandParser
from django.db import connection, transaction

from factcheck.commands import Command as BaseCommand
from factcheck.dbroles import RoleProblem, set_up_runtime_role


class Command(BaseCommand):
    help = (
        "Create (or bring back in line) the database role the desk runs as: it reads and writes "
        "rows, owns nothing, and cannot TRUNCATE, disable triggers or change the audit trail. "
        "Run it as the owner of the tables (the role that runs migrations)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the role's name, e.g. claimdesk_app")
        parser.add_argument(
            "--password-env",
            metavar="VAR",
            help="set the role's password from this environment variable",
        )

    def handle(self, *args, **options) -> None:
        password = None
        if variable := options["password_env"]:
            password = os.environ.get(variable)
            if not password:
                raise CommandError(f"environment variable {variable} is not set", returncode=2)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                owner = set_up_runtime_role(cursor, options["name"], password)
        except RoleProblem as problem:
            raise CommandError(str(problem), returncode=2) from None
        except Exception as exc:  # e.g. this login may not create roles
            message = str(exc).strip().splitlines()[0]
            raise CommandError(f"could not set up the role: {message}", returncode=2) from None
        self.stdout.write(
            f"{options['name']} may read and write the rows of {owner}'s tables and owns nothing; "
            f"run migrations as {owner}"
        )
