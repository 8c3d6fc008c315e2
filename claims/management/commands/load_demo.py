from django.conf import settings

from claims.demo import DEMO_USERS, load_demo
from factcheck.commands import Command as BaseCommand


class Command(BaseCommand):
    help = "Load the fictional demo interview and the demo users analyst and reviewer."

    def handle(self, *args, **options) -> None:
        result = load_demo(create_users=settings.DEBUG)
        state = "loaded" if result.source_created else "already loaded"
        self.stdout.write(f"demo source {result.source.pk} {state}: {result.source.title}")
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo users created (use create_member).")
            return
        for username, password in result.passwords.items():
            self.stdout.write(f"demo user {username!r} with password {password!r}")
        kept = [name for name in DEMO_USERS if name not in result.passwords]
        if kept:
            self.stdout.write(
                f"demo users {', '.join(kept)} already exist; set a new password with "
                "`python manage.py create_member NAME --role ROLE`"
            )
