"""The contest kit (สารสนเทศตำบลต้นแบบ): the story of an area gathered once (story.py), rendered as a
PowerPoint deck, an A4 summary document, an infographic and a readiness checklist, plus the tambon
profile and the contest evidence kept in the plans database."""
