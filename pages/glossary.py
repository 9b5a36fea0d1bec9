"""อภิธานศัพท์ — the words and abbreviations of the program (data/guide/glossary.toml), searchable."""

from dashboard.guide_ui import glossary_page

glossary_page()
