"""A validation rule's case: a small file of one import kind and what its report must say."""

from dataclasses import dataclass, field

HH = "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n"
AGG = "รหัสพื้นที่,ตัวชี้วัด,จำนวนที่สำรวจ,ผ่าน,ไม่ผ่าน\n"
NRD = "รหัสหมู่บ้าน,ตัวชี้วัดที่ 1\n"
#: a published village table: 10-digit ids, the file's own households and members, wide counts
PORTAL = "village_ID,household.CNT,HOUSEMEMBER_CNT,indicator1.ALL,indicator1.CNT,indicator4.ALL,indicator4.CNT\n"


@dataclass
class Case:
    rule: str
    kind: str
    text: str
    expect: dict
    options: dict = field(default_factory=dict)
    encoding: str = "utf-8"
