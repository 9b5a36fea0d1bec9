"""The offices' own registers (issue 24 part 4): the province's contest target register, the
role-model amphoe score sheet and the monthly reports offices owe — stored with versions, areas and
an audit trail on analysis/db like the plans.

settings.py   the declared rules, criteria and due dates (data/offices/*.toml)
models.py     the tables (migration 0009)
records.py    plain records
register.py   the contest register's rules, each refusal a Thai reason
scores.py     totals and ranking of the score sheet
monthly.py    due dates and who owes which monthly report
service.py    OfficeStore: authorised, versioned, audited writes
workbook.py   the import/export workbook of each register
form.py       the role-model report form (PDF through WeasyPrint, DOCX through python-docx)
"""
