"""Hostile ZIP uploads, built here: path tricks, symbolic links, encrypted members, too many
members, expansion bombs (total and ratio), sizes that lie. Nothing is left behind when refused."""

import io
import stat
import struct
import zipfile

import pytest

from analysis.safezip import ZipLimits, ZipRefused, extract_zip, inspect_zip, unsafe_name

LIMITS = ZipLimits(max_members=10, max_total_bytes=8 << 20, max_ratio=100)


def archive(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


def symlink_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        info = zipfile.ZipInfo("boundary.shp")
        info.create_system = 3  # unix
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def encrypted_archive() -> bytes:
    """A member marked encrypted (bit 0 of the general-purpose flags, set in both headers)."""
    data = bytearray(archive({"secret.shp": b"x" * 10}))
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 6] |= 0x1
    data[central + 8] |= 0x1
    return bytes(data)


def lying_archive() -> bytes:
    """A member whose central directory and local header say 100 bytes; it holds 5 MB."""
    data = bytearray(archive({"t.shp": b"\0" * (5 << 20)}))
    real = (5 << 20).to_bytes(4, "little")
    for offset in [i for i in range(len(data) - 3) if data[i : i + 4] == real]:
        data[offset : offset + 4] = struct.pack("<I", 100)
    return bytes(data)


def folder_contents(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(
    "name, unsafe",
    [
        ("../evil.shp", True),
        ("a/../../evil.shp", True),
        ("/etc/passwd", True),
        ("\\\\server\\share\\x.shp", True),
        ("C:\\Windows\\x.shp", True),
        ("c:relative.shp", True),
        ("ok/..x/y.shp", False),
        ("tambon/tambon.shp", False),
        ("ตำบล.shp", False),
    ],
)
def test_unsafe_names(name, unsafe):
    assert unsafe_name(name) is unsafe


@pytest.mark.parametrize(
    "data, reason, message_th",
    [
        (archive({"../../evil.shp": b"x"}), "unsafe_path", "ไฟล์ zip มีชื่อไฟล์ที่ไม่ปลอดภัย: ../../evil.shp"),
        (archive({"/tmp/evil.shp": b"x"}), "unsafe_path", "ไฟล์ zip มีชื่อไฟล์ที่ไม่ปลอดภัย: /tmp/evil.shp"),
        (archive({"C:\\evil.shp": b"x"}), "unsafe_path", "ไฟล์ zip มีชื่อไฟล์ที่ไม่ปลอดภัย: C:\\evil.shp"),
        (symlink_archive(), "symlink", "ไฟล์ zip มีลิงก์สัญลักษณ์ (symlink): boundary.shp"),
        (encrypted_archive(), "encrypted", "ไฟล์ zip มีรหัสผ่าน: secret.shp"),
        (
            archive({f"f{i}.txt": b"x" for i in range(11)}),
            "too_many",
            "ไฟล์ zip มีไฟล์ข้างในมากเกินไป (11 ไฟล์ เกิน 10)",
        ),
        (
            archive({f"part{i}.bin": bytes(range(256)) * 12288 for i in range(3)}, zipfile.ZIP_STORED),
            "too_big",
            "ไฟล์ zip ขยายแล้วใหญ่เกินไป (9 MB เกิน 8 MB)",
        ),
        (b"PK\x03\x04 not really a zip", "damaged", None),
    ],
)
def test_hostile_archives_are_refused_before_writing(tmp_path, data, reason, message_th):
    target = tmp_path / "out"
    with pytest.raises(ZipRefused) as error:
        extract_zip(data, target, LIMITS)
    assert error.value.reason == reason and error.value.message_en
    if message_th:
        assert error.value.message_th == message_th
    assert folder_contents(target) == [] and not (tmp_path / "evil.shp").exists()


def test_a_compression_bomb_is_refused_by_its_ratio(tmp_path):
    bomb = archive({"zeros.dbf": b"\0" * (6 << 20)})  # 6 MB of zeros pack into a few kB
    packed = zipfile.ZipFile(io.BytesIO(bomb)).infolist()[0].compress_size
    ratio = (6 << 20) // packed
    assert ratio > 1000
    with pytest.raises(ZipRefused) as error:
        inspect_zip(bomb, LIMITS)
    assert error.value.message_th == f"ไฟล์ zip บีบอัดผิดปกติ (zeros.dbf: ขยาย {ratio:,} เท่า เกิน 100 เท่า) — อาจเป็น zip bomb"
    # many small members that each stay under the per-member floor: caught by the whole-archive ratio
    spread = archive({f"z{i}.dbf": b"\0" * (1 << 20) for i in range(4)})
    with pytest.raises(ZipRefused) as error:
        inspect_zip(spread, LIMITS)
    assert error.value.reason == "ratio" and "(*:" in error.value.message_th


def test_a_member_that_lies_about_its_size_is_stopped_and_removed(tmp_path):
    target = tmp_path / "out"
    with pytest.raises(ZipRefused) as error:
        extract_zip(lying_archive(), target, LIMITS)
    assert error.value.reason in ("size_lied", "damaged")
    assert folder_contents(target) == []


def test_a_good_archive_is_extracted_with_its_folders(tmp_path):
    data = archive({"tambon/tambon.shp": b"shp", "tambon/tambon.dbf": b"dbf", "readme.txt": "ตำบล".encode()})
    files = extract_zip(data, tmp_path / "out", LIMITS)
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in files) == [
        "readme.txt",
        "tambon/tambon.dbf",
        "tambon/tambon.shp",
    ]
    assert (tmp_path / "out" / "tambon" / "tambon.shp").read_bytes() == b"shp"


def test_the_limits_come_from_the_settings():
    limits = ZipLimits.from_settings()
    assert (limits.max_members, limits.max_total_bytes, limits.max_ratio) == (2000, 1024 << 20, 200.0)
