"""Widgets of the Map page: layer choice, the map itself (click selects an area), pins, uploads."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import streamlit as st
from analysis.auth.roles import PermissionDenied
from analysis.catalogs import domain_ids, domain_name, load_catalog
from analysis.codes import LEVELS, level_of, prefix_at
from analysis.db.errors import ConflictError
from analysis.db.errors import RecordInvalid as RecordInvalid
from analysis.geo.boundaries import BoundaryError, import_boundaries
from analysis.geo.classify import SCHEMES
from analysis.geo.crosswalk import report_lines
from analysis.geo.layers import KINDS
from analysis.plans.pins import categories, in_thailand, read_pins_csv
from analysis.plans.records import PinRecord
from analysis.queries import level_below
from analysis.scratch import scratch_folder
from streamlit_folium import st_folium

from dashboard import data_access
from dashboard.auth_ui import upload_limit_caption
from dashboard.i18n import t
from dashboard.source_pick import data_source
from dashboard.state import actor, lang, select_area

MAP_KEY = "area_map"
CLICK_KEY = "map_last_click"
BOUNDARY_RESULT = "boundary_upload_result"


def click_action(value: dict | None, current_area: str | None) -> tuple[str | None, tuple[float, float] | None]:
    """(area to select, point clicked) from the map component's value; None where nothing changes."""
    value = value or {}
    clicked = value.get("last_clicked")
    point = (round(clicked["lat"], 6), round(clicked["lng"], 6)) if clicked else None
    feature = value.get("last_active_drawing") or {}
    code = (feature.get("properties") or {}).get("area_code")
    return (code if code and code != current_area else None), point


def on_map_change() -> None:
    """A click on the map: select the clicked area for every page, remember the point for a pin.
    Runs as a callback, before any widget of the next run exists."""
    area, point = click_action(st.session_state.get(MAP_KEY), st.session_state.get("area_code"))
    if point:
        st.session_state[CLICK_KEY] = point
    if area:
        select_area(area)


def layer_controls(area: str) -> dict | None:
    """The map's level, layer, year and classes; None when nothing can be drawn."""
    stored = set(data_access.boundary_levels())
    if data_access.has_village_points():
        stored.add("village")  # drawn as points where there are no village boundaries
    levels = [lv for lv in LEVELS if lv in stored and lv != "province"]
    if not levels:
        st.info(t("mapui.no_boundaries"))
        return None
    cols = st.columns(4)
    below = level_below(level_of(area))
    default_level = below if below in levels else levels[-1]  # an amphoe shows its tambons, a tambon its villages
    if st.session_state.get("map_level") not in levels:
        st.session_state["map_level"] = default_level
    level = cols[0].selectbox(
        t("mapui.level"), levels, key="map_level", format_func={v: t(f"level.{v}") for v in levels}.get
    )
    kind = cols[1].selectbox(
        t("mapui.kind"), KINDS, key="map_kind", format_func={k: t(f"mapui.kind_{k}") for k in KINDS}.get
    )
    years = data_access.nrd2c_years(prefix_at(area, "amphoe")) if kind == "nrd2c" else data_access.years(area)
    if not years:
        st.info(t("rank.no_nrd2c") if kind == "nrd2c" else t("overview.no_area_data"))
        return None
    if st.session_state.get("map_year") not in years:
        st.session_state["map_year"] = years[-1]
    year = cols[2].selectbox(t("overview.year"), years, key="map_year")
    key = layer_key(kind, area, year, cols[3])
    cols = st.columns(4)
    scheme = cols[0].selectbox(
        t("mapui.scheme"), SCHEMES, key="map_scheme", format_func={s: t(f"mapui.scheme_{s}") for s in SCHEMES}.get
    )
    k = cols[1].slider(t("mapui.classes"), 2, 7, 5, key="map_k", disabled=scheme == "fixed")
    breaks_text = cols[2].text_input(t("mapui.breaks"), "10, 20, 30", key="map_breaks", disabled=scheme != "fixed")
    national = cols[3].toggle(t("mapui.national"), key="map_national")
    try:
        breaks = tuple(float(b) for b in breaks_text.replace(" ", "").split(",") if b) if scheme == "fixed" else ()
    except ValueError:
        st.error(t("mapui.bad_breaks"))
        return None
    cols = st.columns(3)
    points = cols[0].checkbox(t("mapui.points"), key="map_points", value=True)
    pins = cols[1].checkbox(t("mapui.pins"), key="map_pins", value=True)
    basemap = cols[2].toggle(t("mapui.basemap"), key="map_basemap", value=False)  # off: works without internet
    if kind == "certification":  # statuses live in the plans database: the key refreshes the cached map
        key = data_access.certification_token()
    layer = kind if kind == "mpi" else f"{kind}:{key}"
    return {
        "level": level,
        "layer": layer,
        "year": int(year),
        "scheme": scheme,
        "k": int(k),
        "breaks": breaks,
        "national": national,
        "points": points,
        "pins": pins,
        "basemap": basemap,
    }


def layer_key(kind: str, area: str, year: int, where) -> str | None:
    """The indicator or domain of the layer (the area's worst indicator first); None for the MPI."""
    language = lang()
    if kind == "indicator":
        usable = data_access.indicators_with_data(area, year, language, data_source())
        titles = dict(zip(usable["indicator_id"], usable["title"], strict=True))
        if st.session_state.get("map_indicator") not in titles:
            st.session_state["map_indicator"] = next(iter(titles))  # the worst problem first
        return where.selectbox(
            t("col.indicator"), list(titles), key="map_indicator", format_func=lambda i: f"{i}. {titles[i]}"
        )
    if kind == "domain":
        return where.selectbox(
            t("col.domain"), domain_ids(), key="map_domain", format_func=lambda d: domain_name(d, language)
        )
    if kind == "nrd2c":
        catalog = load_catalog("nrd2c_2566_2570")
        titles = dict(zip(catalog.indicators["indicator_id"], catalog.indicators[f"title_{language}"], strict=True))
        return where.selectbox(
            t("col.indicator"), list(titles), key="map_nrd2c", format_func=lambda i: f"{i}. {titles[i]}"
        )
    return None


def draw(figure, height: int = 560) -> None:
    st_folium(
        figure,
        key=MAP_KEY,
        height=height,
        use_container_width=True,
        returned_objects=["last_active_drawing", "last_clicked"],
        on_change=on_map_change,
    )


def coverage_note(view) -> None:
    with_shape = set(view.shapes["area_code"])
    with_data = set(view.values["area_code"])
    missing_shape = sorted(with_data - with_shape)
    missing_data = sorted(with_shape - with_data)
    if missing_shape or missing_data:
        with st.expander(t("mapui.coverage", shape=len(missing_shape), data=len(missing_data))):
            if missing_shape:
                st.markdown(
                    f"**{t('mapui.without_geometry')}**: "
                    + ", ".join(view.names.get(c, c) for c in missing_shape[:200])
                )
            if missing_data:
                st.markdown(
                    f"**{t('mapui.without_data')}**: " + ", ".join(view.names.get(c, c) for c in missing_data[:200])
                )


def pins_panel(area: str, bounds: tuple[float, float, float, float] | None = None) -> None:
    """Pick a pin (or a new one at the clicked point), edit and save it, delete it, import pins."""
    store = data_access.plan_store()
    names = dict(zip(categories()["category_id"], categories()[f"name_{lang()}"], strict=True))
    pins = store.pins(prefix_at(area, "amphoe"), bounds)
    chosen, pin = _pick_pin(pins, names)
    suffix = f"{chosen}_{pin.version or 0}_{st.session_state.get(CLICK_KEY)}"
    submitted = _pin_form(store, pin, area, names, suffix)
    if submitted is not None:
        _save_pin(store, *submitted)
    if saved_id := st.session_state.pop("pin_saved", None):
        st.success(t("mapui.pin_saved", id=saved_id))
    if chosen and st.button(t("mapui.pin_delete"), key="pin_delete"):
        try:
            store.delete_pin(pin.id, pin.version, actor())
        except (PermissionDenied, ConflictError) as error:
            st.error(error.message(lang()) if isinstance(error, PermissionDenied) else error.message_th)
        else:
            st.rerun()
    pins_import(store)


def _pick_pin(pins: list[PinRecord], names: dict[str, str]) -> tuple[int, PinRecord]:
    """The pin chosen to edit, or a new one at the point last clicked on the map (id 0)."""
    click = st.session_state.get(CLICK_KEY)
    choices = [0, *[p.id for p in pins]]
    labels = {p.id: f"#{p.id} {p.name} ({names.get(p.category, p.category)})" for p in pins}
    if st.session_state.get("pin_pick") not in choices:
        st.session_state["pin_pick"] = 0
    chosen = st.selectbox(
        t("mapui.pin_pick"), choices, key="pin_pick", format_func=lambda i: t("mapui.pin_new") if i == 0 else labels[i]
    )
    pin = next((p for p in pins if p.id == chosen), None)
    if pin is None:
        lat, lon = click if click else (None, None)
        pin = PinRecord(category="savings_group", name="", lat=lat or 0.0, lon=lon or 0.0)
        st.caption(t("mapui.pin_from_click", lat=lat, lon=lon) if click else t("mapui.pin_click_hint"))
    return chosen, pin


def _pin_form(store, pin: PinRecord, area: str, names: dict[str, str], suffix: str) -> tuple | None:
    """The pin's fields; (the edited record, the photo uploaded) when saved, else None."""
    language = lang()
    amphoe = prefix_at(area, "amphoe")
    with st.form(f"pin_form_{suffix}"):
        cols = st.columns(2)
        category = cols[0].selectbox(
            t("mapui.pin_category"),
            list(names),
            index=list(names).index(pin.category) if pin.category in names else 0,
            format_func=names.get,
            key=f"pin_cat_{suffix}",
        )
        name = cols[1].text_input(t("mapui.pin_name"), pin.name, key=f"pin_name_{suffix}")
        details = st.text_area(t("mapui.pin_details"), pin.details, key=f"pin_details_{suffix}")
        cols = st.columns(3)
        lat = cols[0].number_input(t("mapui.lat"), value=float(pin.lat), format="%.6f", key=f"pin_lat_{suffix}")
        lon = cols[1].number_input(t("mapui.lon"), value=float(pin.lon), format="%.6f", key=f"pin_lon_{suffix}")
        villages = ["", *data_access.child_areas(amphoe, "village")]
        register = data_access.register()
        village = cols[2].selectbox(
            t("mapui.pin_village"),
            villages,
            index=villages.index(pin.village_code) if pin.village_code in villages else 0,
            key=f"pin_village_{suffix}",
            format_func={"": "—", **register.display_names(villages[1:], language)}.get,
        )
        projects = {p.id: p.title for p in store.projects(amphoe)}
        project_ids = [0, *projects]
        project = st.selectbox(
            t("mapui.pin_project"),
            project_ids,
            index=project_ids.index(pin.project_id) if pin.project_id in project_ids else 0,
            key=f"pin_project_{suffix}",
            format_func=lambda i: "—" if i == 0 else f"#{i} {projects[i]}",
        )
        photo = st.file_uploader(t("mapui.pin_photo"), type=["jpg", "jpeg", "png"], key=f"pin_photo_{suffix}")
        if not st.form_submit_button(t("mapui.pin_save"), type="primary"):
            return None
    values = {"category": category, "name": name, "details": details, "lat": lat, "lon": lon}
    return PinRecord(
        **{**pin.__dict__, **values, "village_code": village or None, "project_id": project or None}
    ), photo


def _save_pin(store, record: PinRecord, photo) -> None:
    if photo is not None:
        record.photo, record.photo_mime = shrink_photo(photo.getvalue())
    if not in_thailand(record.lat, record.lon):
        st.error(t("mapui.pin_outside"))
        return
    try:
        result = store.update_pin(record, actor()) if record.id else store.create_pin(record, actor())
    except PermissionDenied as error:
        st.error(error.message(lang()))
    except (ConflictError, RecordInvalid) as error:
        st.error(getattr(error, "message_th", None) or str(error))
    else:
        st.session_state["pin_saved"] = result.id
        st.rerun()


def pins_import(store) -> None:
    """Pins from a CSV or XLSX of coordinates: checked, then imported in one go."""
    upload = st.file_uploader(t("mapui.pin_import"), type=["csv", "xlsx"], key="pin_upload")
    st.caption(upload_limit_caption())
    if upload is None:
        return
    records, report = read_pins_csv(upload.getvalue(), upload.name)
    if report.problems:
        st.dataframe(report.to_thai_frame(), hide_index=True, key="pin_report", placeholder="")
    if not report.has_errors and st.button(t("mapui.pin_import_button", n=len(records)), key="pin_import_button"):
        try:
            count = store.import_pins(records, actor())
        except PermissionDenied as error:
            st.error(error.message(lang()))
        else:
            st.success(t("mapui.pin_imported", n=count))


def shrink_photo(data: bytes, size: int = 800) -> tuple[bytes, str]:
    """A photo resized to at most ``size`` pixels a side, as JPEG (keeps the database small)."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    image.thumbnail((size, size))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue(), "image/jpeg"


def boundary_upload() -> None:
    upload = st.file_uploader(
        t("mapui.upload"), type=["geojson", "json", "topojson", "zip", "gpkg"], key="boundary_file"
    )
    st.caption(upload_limit_caption())
    cols = st.columns(3)
    level = cols[0].selectbox(
        t("mapui.level"),
        ["", "village", "tambon", "amphoe", "province"],
        key="boundary_level",
        format_func=lambda v: t("mapui.auto") if not v else t(f"level.{v}"),
    )
    column = cols[1].text_input(t("mapui.code_column"), key="boundary_column", placeholder=t("mapui.auto"))
    crs = cols[2].text_input(t("mapui.crs"), key="boundary_crs", placeholder=t("mapui.auto"))
    crosswalk = st.file_uploader(t("boundary.crosswalk_upload"), type=["csv", "xlsx"], key="boundary_crosswalk")
    if upload is not None and st.button(t("mapui.upload_button"), key="boundary_button"):
        with st.spinner(t("mapui.uploading")), scratch_folder(data_access.workspace().root, "crosswalk") as folder:
            try:
                path = Path(folder) / Path(crosswalk.name).name if crosswalk is not None else None
                if path is not None:
                    path.write_bytes(crosswalk.getvalue())
                workspace, choices = data_access.workspace(), (level or None, column or None, crs or None)
                result = import_boundaries(
                    workspace, upload.getvalue(), upload.name, *choices, actor=actor(), crosswalk=path
                )
            except (BoundaryError, PermissionDenied) as error:
                st.error(error.message(lang()))
                return
        # run the page again, so what was drawn before the upload ("no boundaries yet") is redrawn
        st.session_state[BOUNDARY_RESULT] = result
        st.rerun()


def uploaded_boundaries() -> None:
    """The report of a boundary upload just made (shown once, at the top of the page)."""
    result = st.session_state.pop(BOUNDARY_RESULT, None)
    if result is not None:
        boundary_report(result)


def boundary_report(result) -> None:
    """What a boundary upload stored: the level, areas, code column and coordinate system, and
    the areas with data but no shape (and shapes without data)."""
    st.success(
        t(
            "mapui.uploaded",
            level=t(f"level.{result.level}"),
            areas=f"{result.areas:,}",
            column=result.code_column,
            crs=result.crs,
        )
    )
    report = pd.DataFrame(
        {
            t("mapui.report_item"): [
                t("mapui.features"),
                t("mapui.bad_codes"),
                t("mapui.repaired"),
                t("mapui.without_data"),
                t("mapui.without_geometry"),
            ],
            t("mapui.report_count"): [
                result.features,
                len(result.bad_codes),
                result.repaired,
                len(result.without_data),
                len(result.without_geometry),
            ],
        }
    )
    st.dataframe(report, hide_index=True, key="boundary_report")
    for kind, line in report_lines(data_access.workspace(), result, lang()):  # codes with names on both sides
        (st.warning if kind == "warning" else st.caption)(line)
    if result.empty_codes:
        codes = ", ".join(result.empty_codes[:50])
        st.warning(t("boundary.empty_shapes", n=len(result.empty_codes), codes=codes))
