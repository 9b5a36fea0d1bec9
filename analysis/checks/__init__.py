"""Journey 6: check the data before the village certification forum, follow the collection, report
up the chain (issue 10).

config        data/checks.toml: thresholds, declared pairs, certification statuses and transitions
register      the target register (ทะเบียนครัวเรือนเป้าหมาย): a workspace layer per survey year
frames        what the checks and progress read from the workspace (DuckDB over the sorted files)
progress      collection progress per village, volunteer, tambon and amphoe; the burn-up (pure)
quality       the data checks (pure): completeness, jumps, consistency, identical answers, outliers
findings      one row per finding, with its rule's severity and Thai/English message
models        the certification status per village and year (plans database, migration 0005)
certify       the status machine: not checked → checked → returned → certified, audit, versions
snapshot      a village's leaf counts and household digests, and what changed since
views         read + compute, wired (what pages, the CLI and documents ask for)
review, reports, documents   the village review sheet and the reports up the chain (PDF, XLSX)
"""
