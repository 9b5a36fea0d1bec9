"""The Thai user guide (issue 26): in-page help, the glossary and the user manual, from the content
declared in data/guide/ (content.py), its small markdown (markdown.py) and the A4 PDF (pdf.py)."""
