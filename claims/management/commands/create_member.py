import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.core.validators import validate_email

from claims.members import ROLES, create_member
from factcheck.commands import Command as BaseCommand


class Command(BaseCommand):
    help = "Create a desk member (or update the role and password of an existing one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-env",
            metavar="VAR",
            help="read the password from this environment variable instead of a prompt",
        )

    def handle(self, *args, **options) -> None:
        username = options["username"].strip()
        if not username:
            raise CommandError("the username must not be blank", returncode=2)
        try:
            get_user_model().username_validator(username)
            if len(username) > 150:
                raise ValidationError("use at most 150 characters")
            if options["email"]:
                validate_email(options["email"])
        except ValidationError as exc:
            raise CommandError(
                f"invalid username or e-mail: {' '.join(exc.messages)}", returncode=2
            ) from None
        password = self._password(options["password_env"])
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(
                f"password refused: {' '.join(exc.messages)}", returncode=2
            ) from None
        user = create_member(username, options["role"], password, email=options["email"])
        self.stdout.write(f"{user.username} is now a member with the role {options['role']}")

    def _password(self, variable: str | None) -> str:
        if variable:
            value = os.environ.get(variable)
            if not value:
                raise CommandError(f"environment variable {variable} is not set", returncode=2)
            return value
        try:
            first = getpass.getpass("Password: ")
            second = getpass.getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt):
            raise CommandError("no password given", returncode=2) from None
        if first != second:
            raise CommandError("the two passwords differ", returncode=2)
        return first
