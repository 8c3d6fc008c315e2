from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        from claims.members import sync_roles

        # After migrate (and after a test flush), so the permissions already exist.
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="claims.sync_roles")
