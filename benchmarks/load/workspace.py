"""The workspace and the accounts of `make bench-load`.

Data: the national-shaped household file of `make bench-scale` (benchmarks.scale.generate) — by
default its first 1,000,000 households (Bangkok and the provinces after it in code order, ~6,400
villages: a large province's worth), with NATIONAL=1 the whole 12.9 M household year — imported
as survey years 2566 and 2567 (so the trend page has two years), a กชช.2ค file giving every
village a level and a point (the map draws villages as points), and, when `../shared/realdata`
is there, the real amphoe and tambon boundaries. Built once and reused (data only: the plans
live in the benchmark's own PostgreSQL database).

Accounts: one per simulated user, each with its own tambon (a tambon working group), the roles
mixed as in a training room; created with the project's own account code (AccountStore).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from benchmarks.scale import generate

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bench-data"
PROVINCE_ROWS = 1_000_000
NATIONAL_ROWS = 12_900_000
YEARS = (2566, 2567)
REALDATA = ROOT.parent / "shared" / "realdata" / "boundaries"
BOUNDARIES = ("tha_amphoe_hdx_level1.geojson", "tha_tambon_hdx_level1.geojson")
#: a training room: most are tambon planners; viewers, data officers, a few administrators
ROLE_MIX = (
    "planner",
    "viewer",
    "planner",
    "data_officer",
    "viewer",
    "planner",
    "data_officer",
    "planner",
    "viewer",
    "admin",
)
PASSWORD = "load-bench-Password-1"


@dataclass(frozen=True)
class LoadAccount:
    username: str
    role: str
    area: str  # the tambon granted ("*" for an administrator)


def workspace(national: bool = False) -> Path:
    """The load workspace (built when missing)."""
    rows = NATIONAL_ROWS if national else PROVINCE_ROWS
    folder = DATA / "workspaces" / f"load_{rows}"
    marker = folder / "load.json"
    if marker.exists():
        return folder
    households = generate.households(DATA, rows)
    if folder.exists():  # a build that did not finish: start again
        import shutil

        shutil.rmtree(folder)
    for year in YEARS:
        _cia("import", "bmn", str(households), "--year", str(year), "-w", str(folder))
    boundaries = [REALDATA / name for name in BOUNDARIES if (REALDATA / name).exists()]
    for path in boundaries:
        _cia("map", "boundaries", str(path), "-w", str(folder))
    points = _points_file(folder, households)
    _cia("import", "nrd2c", str(points), "--year", "2566", "-w", str(folder))
    points.unlink()
    marker.write_text(
        json.dumps({"households": rows, "years": YEARS, "boundaries": [p.name for p in boundaries]}), encoding="utf-8"
    )
    return folder


def describe(folder: Path) -> dict:
    return json.loads((folder / "load.json").read_text(encoding="utf-8"))


def _cia(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from analysis.cli import main; sys.exit(main(sys.argv[1:]))", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0,):
        raise RuntimeError(
            f"cia {' '.join(args)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )


def _points_file(folder: Path, households: Path) -> Path:
    """A กชช.2ค file: every village of the households file with two indicators' levels and a
    point — near its tambon's centre when tambon boundaries are stored, else on a grid in the
    central plain. Written by DuckDB (no loop per village)."""
    path = folder.parent / f"{folder.name}_nrd2c.csv"
    tambons = folder / "geo" / "boundaries" / "tambon.parquet"
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar_print = false")
        source = str(households).replace("'", "''")
        con.execute(
            f"""CREATE TABLE villages AS SELECT DISTINCT "รหัสหมู่บ้าน"::VARCHAR AS code
            FROM read_csv('{source}', all_varchar=true)"""
        )
        centres = "SELECT NULL::VARCHAR AS area_code, NULL::DOUBLE AS lat, NULL::DOUBLE AS lon WHERE false"
        if tambons.exists():
            centres = _tambon_centres(con, tambons)
        con.execute(
            f"""COPY (
            WITH v AS (SELECT code, row_number() OVER (ORDER BY code) AS n FROM villages),
            c AS ({centres})
            SELECT v.code AS "รหัสหมู่บ้าน",
                   round(coalesce(c.lat + ((n * 37) % 11 - 5) * 0.004, 13.4 + (n % 60) * 0.02), 5) AS "ละติจูด",
                   round(coalesce(c.lon + ((n * 53) % 11 - 5) * 0.004, 99.8 + (n // 60) * 0.02), 5) AS "ลองจิจูด",
                   1 + n % 3 AS "ตัวชี้วัดที่ 1", 1 + (n // 3) % 3 AS "ตัวชี้วัดที่ 2"
            FROM v LEFT JOIN c ON c.area_code = substr(v.code, 1, 6) ORDER BY v.code
            ) TO '{str(path).replace("'", "''")}' (HEADER)"""
        )
    return path


def _tambon_centres(con: duckdb.DuckDBPyConnection, tambons: Path) -> str:
    """The stored tambon boundaries' centres (read with geopandas: the project's own reader)."""
    import geopandas

    frame = geopandas.read_parquet(tambons)
    points = frame.geometry.representative_point()
    con.register(
        "centres", frame.assign(lat=points.y, lon=points.x)[["area_code", "lat", "lon"]].reset_index(drop=True)
    )
    return "SELECT area_code, lat, lon FROM centres"


def accounts(count: int, tambons: list[str]) -> list[LoadAccount]:
    """``count`` accounts, roles mixed, each granted its own tambon (administrators: every area)."""
    made = []
    for n in range(count):
        role = ROLE_MIX[n % len(ROLE_MIX)]
        area = "*" if role == "admin" else tambons[(n * 7919) % len(tambons)]
        made.append(LoadAccount(f"load{n:03d}", role, area))
    return made


def create_accounts(url: str, wanted: list[LoadAccount]) -> None:
    """Create the accounts in the plans database at ``url`` (a first administrator as well)."""
    from analysis.auth.accounts import AccountStore
    from analysis.auth.login import Authenticator

    store = AccountStore(url)
    if store.count() == 0:
        store.add(None, "loadadmin", PASSWORD, "admin", ["*"], display_name="ผู้ดูแลระบบ (load)")
    token, admin = Authenticator(url).sign_in("loadadmin", PASSWORD)
    existing = {a.username for a in store.accounts()}
    for account in wanted:
        if account.username not in existing:
            areas = ["*"] if account.area == "*" else [account.area]
            store.add(admin, account.username, PASSWORD, account.role, areas, display_name=account.username)
    Authenticator(url).end_session(token)


def areas_by_level(folder: Path) -> dict[str, list[str]]:
    """Codes with data at each level (what the users draw their areas from)."""
    state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    path = folder / "derived" / state["generation"] / "area_summary.parquet"
    with duckdb.connect() as con:
        rows = con.execute(
            f"SELECT level, list(DISTINCT area_code ORDER BY area_code) FROM read_parquet('{path}') "
            "WHERE households > 0 GROUP BY level"
        ).fetchall()
    return {level: list(codes) for level, codes in rows}


def write_plan(path: Path, accounts_: list[LoadAccount], areas: dict[str, list[str]], settings: dict) -> None:
    """What the swarm process needs: accounts, areas, the journey's settings."""
    path.write_text(
        json.dumps({"accounts": [asdict(a) for a in accounts_], "areas": areas, **settings}, ensure_ascii=False),
        encoding="utf-8",
    )


if __name__ == "__main__":  # build it ahead: python -m benchmarks.load.workspace [--national]
    print(workspace("--national" in sys.argv), os.getpid())
