"""ฝึกใช้งาน — a checklist per journey, ticked off on the demo ("ขั้นที่ 3 จาก 7"), resumed per
account; a trainer starts the room again."""

from dashboard.practice_ui import practice_page

practice_page()
