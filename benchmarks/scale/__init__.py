"""`make bench-scale`: national-shaped synthetic files, the project's import beside a naive pandas
script and a plain DuckDB script, and page/query timings on the resulting workspace."""
