"""Plans: priority matrices, Logic Model projects and the One Plan, in a SQL database.

SQLite in the workspace by default (no set-up); any PostgreSQL server via CIA_DATABASE_URL.
Schema changes go through Alembic migrations (analysis/plans/migrations).
"""
