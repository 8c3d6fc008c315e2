"""A run's hold on its job: an advisory lock on a connection of its own, and its reports.

PostgreSQL drops a session's advisory locks when the session ends, and a killed process
ends its sessions: a job marked running whose lock is free has no live run. The same
connection carries the run's progress reports, so they never wait for the connection the
run reads its rows from (an export's COPY holds it until the last row).
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

# Each job table has its own range of lock keys: the table's number in the top bits.
LOCK_SPACES = {"claims.exportjob": 1, "claims.extractionjob": 2}


def lock_key(model: type[Model], pk: int) -> int:
    """Return the advisory lock key of one job."""
    return (LOCK_SPACES[model._meta.label_lower] << 48) | pk


def job_connection(model: type[Model]) -> BaseDatabaseWrapper:
    """Open a connection of its own to the database holding a job table (autocommit)."""
    return connections.create_connection(router.db_for_write(model))


class Lease:
    """A held lock on one job, with the connection holding it."""

    def __init__(self, model: type[Model], pk: int, connection: BaseDatabaseWrapper) -> None:
        self.model, self.pk, self.connection = model, pk, connection
        meta, quote = model._meta, connection.ops.quote_name
        self._table, self._key = quote(meta.db_table), quote(meta.pk.column)

    def report(self, **fields: int) -> None:
        """Record progress and a heartbeat; a report finding the job row locked is skipped.

        Skipping keeps a report from waiting on a transaction that holds the row (a retry, a
        sweep, a test's own open transaction); the next report catches up.
        """
        quote = self.connection.ops.quote_name
        columns = [self.model._meta.get_field(name).column for name in fields]
        assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
        sql = (
            f"UPDATE {self._table} SET {assignments}, {quote('heartbeat_at')} = now() "
            f"WHERE {self._key} = (SELECT {self._key} FROM {self._table} "
            f"WHERE {self._key} = %s FOR UPDATE SKIP LOCKED)"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*fields.values(), self.pk])


def try_lock(connection: BaseDatabaseWrapper, key: int) -> bool:
    """Take the advisory lock `key` on this connection if it is free; say whether it was."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        return bool(cursor.fetchone()[0])


def unlock(connection: BaseDatabaseWrapper, key: int) -> None:
    """Release the advisory lock `key` held by this connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextmanager
def hold(model: type[Model], pk: int, *, wait: float) -> Iterator[Lease | None]:
    """Hold the job's lock while the block runs; yield None if another run keeps it past `wait`.

    A run delivered again after its process was killed finds the lock free at once (the
    killed session is gone); one delivered while the first still runs gives up after `wait`.
    """
    connection = job_connection(model)
    key = lock_key(model, pk)
    try:
        deadline = time.monotonic() + wait
        while not try_lock(connection, key):
            if time.monotonic() >= deadline:
                yield None
                return
            time.sleep(0.1)
        yield Lease(model, pk, connection)
    finally:
        connection.close()  # ends the session, and with it the lock
