"""The runtime database role: reads and writes rows, owns nothing, cannot go around the guards.

The tables belong to the role that runs the migrations (the owner). The application runs as
a role that may only SELECT, INSERT, UPDATE and DELETE rows (and append to the audit trail,
never change or remove it). Not owning a table, it cannot TRUNCATE it, ALTER it, drop or
disable its triggers; not a superuser, it cannot set `session_replication_role` (which
would silence every trigger).
"""

import re

from psycopg import sql

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
ANCHOR_TABLE = "claims_claim"  # its owner owns the schema's tables: the migrations' role
APPEND_ONLY = ["claims_claimevent"]  # rows are added, never changed or removed


class RoleProblem(ValueError):
    """The runtime role cannot be set up as asked."""


def set_up_runtime_role(cursor, name: str, password: str | None) -> str:
    """Create or update the runtime role `name` with row rights only; return the tables' owner.

    Runs as the owner or a superuser (it creates a role and grants on the owner's tables).
    Tables the owner creates later (new migrations) grant the same rights by default.
    """
    if not ROLE_NAME.match(name):
        raise RoleProblem(
            f"{name!r} is not a plain role name (lower-case letters, digits, underscores)"
        )
    cursor.execute(
        "SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = %s",
        [ANCHOR_TABLE],
    )
    row = cursor.fetchone()
    if row is None:
        raise RoleProblem("the desk's tables are not there yet: run `manage.py migrate` first")
    owner = row[0]
    if name in {owner, _current_user(cursor)}:
        raise RoleProblem(f"{name} owns the tables or runs this command: choose another name")
    cursor.execute("SELECT rolsuper, oid FROM pg_roles WHERE rolname = %s", [name])
    existing = cursor.fetchone()
    if existing is not None:
        _check_existing(cursor, name, superuser=existing[0], oid=existing[1])

    role, owner_id = sql.Identifier(name), sql.Identifier(owner)
    attributes = sql.SQL(
        "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT"
    )
    verb = sql.SQL("ALTER" if existing else "CREATE")
    statement = sql.SQL("{} ROLE {} {}").format(verb, role, attributes)
    if password:
        statement = sql.SQL("{} PASSWORD {}").format(statement, sql.Literal(password))
    cursor.execute(statement)

    cursor.execute("SELECT current_database()")
    database = sql.Identifier(cursor.fetchone()[0])
    rights = sql.SQL("SELECT, INSERT, UPDATE, DELETE")
    for statement in [
        sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(database, role),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(role),
        sql.SQL("GRANT {} ON ALL TABLES IN SCHEMA public TO {}").format(rights, role),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(role),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT {} ON TABLES TO {}"
        ).format(owner_id, rights, role),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public "
            "GRANT USAGE, SELECT ON SEQUENCES TO {}"
        ).format(owner_id, role),
        *(
            sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), role)
            for table in APPEND_ONLY
        ),
    ]:
        cursor.execute(statement)
    return owner


def _current_user(cursor) -> str:
    cursor.execute("SELECT current_user")
    return cursor.fetchone()[0]


def _check_existing(cursor, name: str, *, superuser: bool, oid: int) -> None:
    """Refuse a role that is a superuser, owns something here, or belongs to another role."""
    if superuser:
        raise RoleProblem(f"{name} is a superuser: choose a new name for the runtime role")
    cursor.execute(
        "SELECT (SELECT count(*) FROM pg_class WHERE relowner = %(oid)s)"
        " + (SELECT count(*) FROM pg_namespace WHERE nspowner = %(oid)s)"
        " + (SELECT count(*) FROM pg_proc WHERE proowner = %(oid)s)",
        {"oid": oid},
    )
    owned = cursor.fetchone()[0]
    if owned:
        raise RoleProblem(f"{name} owns {owned} object(s) in this database: it must own nothing")
    cursor.execute(
        "SELECT string_agg(g.rolname, ', ') FROM pg_auth_members m "
        "JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = %s",
        [oid],
    )
    groups = cursor.fetchone()[0]
    if groups:
        raise RoleProblem(f"{name} is a member of {groups}: the runtime role must stand alone")
