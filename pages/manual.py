"""คู่มือการใช้งาน — the user manual, one chapter per journey (data/guide/manual/), with the
screenshots and the A4 PDF that `make guide` builds."""

from dashboard.guide_ui import manual_page

manual_page()
