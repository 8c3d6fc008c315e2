"""Background jobs (exports, candidate extraction) that survive a lost worker.

A job row says what to run and how far it got; a run holds a lease (a PostgreSQL advisory
lock on a connection of its own) that the database drops when the process dies, so the
sweep can tell a dead run from a slow one. Retrying and re-queuing go through `control`.
"""
