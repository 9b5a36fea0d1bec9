"""Plans: priority matrices, Logic Model projects, pins and the One Plan, in the database of
analysis/db (SQLite in the workspace by default, any PostgreSQL server via CIA_DATABASE_URL)."""
