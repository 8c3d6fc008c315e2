"""JSON documents written by PostgreSQL, declared in Python.

An export streams each row's JSON straight out of `COPY`, so the database does all the
per-row work. A document is declared as nested `Obj`s whose members are constants or
column values; it compiles to one SQL expression that joins literal pieces and values
with `||`. `to_json` escapes text exactly as Python's json module does (`ensure_ascii`
off); `Number` and `Quoted` skip it for values that cannot hold a character needing an
escape. A value that is NULL becomes `null`, or leaves an optional member out.
"""

import json
from collections.abc import Iterable
from typing import Any

from django.db.models import Expression, Func, TextField, Value
from django.db.models.functions import Coalesce

OPTIONAL = "optional"


class Escaped(Func):
    """A value as JSON (a string, number or list), escaped by the database; NULL stays NULL."""

    template = "to_json(%(expressions)s)::text"
    output_field = TextField()


class Number(Func):
    """A number as JSON; NULL stays NULL."""

    template = "(%(expressions)s)::text"
    output_field = TextField()


class Quoted(Func):
    """Text that holds no quote, backslash or control character, as a JSON string.

    Only for text whose characters the database guarantees: an enumeration it checks, a
    decimal or a date it formats. NULL stays NULL.
    """

    template = "('\"' || (%(expressions)s)::text || '\"')"
    output_field = TextField()


def literal(value: Any) -> str:
    """Return a constant as compact JSON text."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


Piece = str | Expression  # literal JSON text, or an expression giving JSON text


class Obj:
    """A JSON object: members in order, each (key, value) or (key, value, OPTIONAL).

    A value is an `Obj`, an expression giving JSON text (or NULL), or a constant. An
    optional member is left out when its value is NULL; a required one is written `null`.
    """

    def __init__(self, *members: tuple[str, Any] | tuple[str, Any, str]) -> None:
        if len(members[0]) > 2:
            raise ValueError("the first member of an object cannot be optional")
        self.members = members

    def pieces(self) -> list[Piece]:
        """Return the object as literal text and expressions to be joined in order."""
        pieces: list[Piece] = ["{"]
        for index, (key, value, *optional) in enumerate(self.members):
            lead = ("," if index else "") + literal(key) + ":"
            if isinstance(value, Obj):
                pieces += [lead, *value.pieces()]
            elif not hasattr(value, "resolve_expression"):
                pieces += [lead, literal(value)]
            elif optional:
                pieces.append(Coalesce(JSONText(lead, value), Value(""), output_field=TextField()))
            else:
                pieces += [lead, Coalesce(value, Value("null"), output_field=TextField())]
        pieces.append("}")
        return pieces

    def expression(self) -> "JSONText":
        """Return the object as one SQL expression giving its JSON text."""
        return JSONText(*self.pieces())


def _merged(pieces: Iterable[Piece]) -> list[Piece]:
    """Join neighbouring literal pieces, so that the database concatenates fewer values."""
    merged: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


class JSONText(Func):
    """Literal text and expressions joined with ||; NULL when any expression is NULL."""

    output_field = TextField()

    def __init__(self, *pieces: Piece) -> None:
        super().__init__(*(Value(p) if isinstance(p, str) else p for p in _merged(pieces)))

    def as_sql(self, compiler, connection, **extra_context) -> tuple[str, list]:
        parts, params = [], []
        for piece in self.get_source_expressions():
            sql, piece_params = compiler.compile(piece)
            # A literal's type is unknown to the database until it is cast.
            parts.append(f"{sql}::text" if isinstance(piece, Value) else sql)
            params.extend(piece_params)
        return "(" + " || ".join(parts) + ")", params
