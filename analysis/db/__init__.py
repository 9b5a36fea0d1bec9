"""The database every record store uses: SQLite in the workspace by default (no set-up), any
PostgreSQL server via CIA_DATABASE_URL; schema changes through Alembic migrations (migrations/).

engine.py   engines, sessions and migrations
models.py   the declarative base, the columns of a versioned record, and the audit log table
audit.py    writing and reading the audit log
records.py  rows → plain records, and the JSON snapshots and diffs the audit log keeps
errors.py   the refusals every store shares (a conflict, a record gone, a record that cannot be saved)
store.py    VersionedStore: authorised, versioned and audited create / update / delete

Plans (analysis/plans), accounts (analysis/auth), certification (analysis/checks) and the contest
kit (analysis/contest) are peers that use it; none of them imports another's database code.
"""
