"""Collection administration of the จปฐ. survey (seed 004; issue 24 part 4): who collects (volunteer
counts per village and role, never names), the committee's appointment orders (members counted by
position), the checking team's visits, due dates of returned corrections, the อปท. each village
belongs to, and the evidence book for the จปฐ. awards.

models.py    the tables (migration 0010)
records.py   plain records and the declared settings (data/collection.toml)
store.py     CollectionStore: a VersionedStore (authorised, versioned, audited)
rules.py     set-based rules: enough volunteers, overdue corrections, orders and visits per village,
             the area tables per อปท.
views.py     what the pages and the evidence book show for an area and a year
workbook.py  one import/export workbook (XLSX) per register
book.py      the evidence book (PDF)
"""
