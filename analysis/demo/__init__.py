"""The embedded demo: a synthetic amphoe generated deterministically by the project's own code.

Everything it produces is labelled "ข้อมูลสาธิต (สมมติ)" wherever it is shown.
"""

from analysis.demo.build import DEMO_LABEL_EN, DEMO_LABEL_TH, create_demo

__all__ = ["DEMO_LABEL_EN", "DEMO_LABEL_TH", "create_demo"]
