"""Insert many new rows of a model in one statement whose cost does not grow with its columns.

`bulk_create` sends one placeholder per column per row: 200 claims are some 8,600 parameters,
and compiling and binding them costs more than the database spends storing the rows. Here
the rows travel as one JSON array read by `jsonb_to_recordset`, so the statement is the same
size whatever the batch. Each value is what the field's `pre_save()` gives, as in `save()`;
dates and decimals travel as their ISO and decimal strings, which PostgreSQL reads back.
"""

import json
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from operator import attrgetter
from typing import Any
from uuid import UUID

from django.db import connection, models


def insert_rows(objs: list[models.Model]) -> None:
    """Insert unsaved instances of one model in a single statement and set their primary keys."""
    if not objs:
        return
    meta = objs[0]._meta
    fields = [f for f in meta.local_concrete_fields if not f.primary_key and not f.generated]
    readers = [(f.column, _reader(f)) for f in fields]
    rows = [{column: read(obj) for column, read in readers} for obj in objs]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    types = ", ".join(f"{quote(f.column)} {f.db_type(connection)}" for f in fields)
    # WITH ORDINALITY and the ORDER BY keep RETURNING in the order of the objects given.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT {columns} "
        f"FROM ROWS FROM (jsonb_to_recordset(%s::jsonb) AS ({types})) "
        f"WITH ORDINALITY AS r({columns}, i) ORDER BY i RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(rows, default=_json_default)])
        pks = [pk for (pk,) in cursor.fetchall()]
    for obj, pk in zip(objs, pks, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias


def _reader(field: models.Field) -> Callable[[models.Model], Any]:
    """Return how to read a field's value from an instance: pre_save(), as save() does."""
    if isinstance(field, models.JSONField) or type(field).pre_save is models.Field.pre_save:
        return attrgetter(field.attname)  # the value as it stands (JSON fields: already JSON)
    # pre_save() fills auto_now_add and friends; dates and decimals become JSON strings below.
    return lambda obj: field.pre_save(obj, True)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"cannot send {type(value).__name__} as JSON")
