"""The tambon profile form: texts, people (leaders and the working group), the appointment order,
photos; a versioned save refused with a Thai message when someone saved first."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st
from analysis.codes import TAMBON_LENGTH
from analysis.contest.models import MEMBER_GROUPS, PHOTO_SECTIONS
from analysis.contest.records import (
    PROFILE_TEXT_FIELDS,
    MemberRecord,
    PhotoRecord,
    ProfileRecord,
    villages_without_member,
)
from analysis.formatting import fmt_int

from dashboard import data_access
from dashboard.i18n import t
from dashboard.map_ui import shrink_photo
from dashboard.plan_common import guarded_write
from dashboard.state import actor, lang
from dashboard.thai_date import thai_date_input

OPENED_KEY = "profile_opened"


def _members_editor(record: ProfileRecord, villages: dict[str, str], key: str) -> list[MemberRecord]:
    frame = pd.DataFrame(
        [
            {"group": m.member_group, "name": m.name, "role": m.role, "village": villages.get(m.village_code or "", "")}
            for m in record.members
        ],
        columns=["group", "name", "role", "village"],
    )
    groups = {t(f"profile.group_{g}"): g for g in MEMBER_GROUPS}
    frame["group"] = frame["group"].map({v: k for k, v in groups.items()})
    edited = st.data_editor(
        frame,
        key=key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        placeholder="—",  # an empty cell reads "—", not "None"
        column_config={
            "group": st.column_config.SelectboxColumn(
                t("profile.col_group"), options=list(groups), required=True, default=list(groups)[1]
            ),
            "name": st.column_config.TextColumn(t("contest.member_name"), required=True),
            "role": st.column_config.TextColumn(t("contest.member_role")),
            "village": st.column_config.SelectboxColumn(t("contest.member_village"), options=["", *villages.values()]),
        },
    )
    codes = {name: code for code, name in villages.items()}
    return [
        MemberRecord(
            str(row["name"]).strip(),
            str(row["role"] or ""),
            codes.get(row["village"] or ""),
            groups.get(row["group"], "working_group"),
        )
        for _, row in edited.iterrows()
        if isinstance(row["name"], str) and row["name"].strip()
    ]


def _photos_editor(record: ProfileRecord, key: str) -> list[PhotoRecord]:
    kept = []
    for index, photo in enumerate(record.photos):
        cols = st.columns([1, 3, 1])
        cols[0].image(photo.photo, width=140)
        cols[1].caption(f"{t(f'profile.section_{photo.section}')}: {photo.caption}")
        if not cols[2].checkbox(t("profile.remove_photo"), key=f"{key}_remove_{index}"):
            kept.append(photo)
    cols = st.columns([2, 1, 2])
    uploads = cols[0].file_uploader(
        t("profile.add_photos"), type=["jpg", "jpeg", "png"], accept_multiple_files=True, key=f"{key}_upload"
    )
    section = cols[1].selectbox(
        t("profile.photo_section"),
        PHOTO_SECTIONS,
        key=f"{key}_section",
        format_func=lambda s: t(f"profile.section_{s}"),
    )
    caption = cols[2].text_input(t("profile.photo_caption"), key=f"{key}_caption")
    for upload in uploads or []:
        data, mime = shrink_photo(upload.getvalue())
        kept.append(PhotoRecord(data, caption or upload.name, section, mime))
    return kept


def profile_form(
    record: ProfileRecord, villages: dict[str, str], households: int | None, people: int | None
) -> ProfileRecord | None:
    """The form; returns the edited record when saved (None otherwise)."""
    suffix = f"{record.id or 'new'}_{record.version or 0}"
    st.info(t("profile.public_note"))
    texts = {
        f: st.text_area(t(f"contest.profile_{f}"), record.__dict__[f], key=f"pf_{f}_{suffix}", height=90)
        for f in PROFILE_TEXT_FIELDS[:2]
    }
    cols = st.columns(3)
    area_km2 = cols[0].number_input(t("profile.area_km2"), min_value=0.0, value=record.area_km2, key=f"pf_km2_{suffix}")
    hh = cols[1].number_input(
        t("profile.households"),
        min_value=0,
        value=record.households,
        placeholder=str(households or ""),
        key=f"pf_hh_{suffix}",
    )
    pp = cols[2].number_input(
        t("profile.people"), min_value=0, value=record.people, placeholder=str(people or ""), key=f"pf_pp_{suffix}"
    )
    st.caption(t("profile.population_from_data", households=fmt_int(households), people=fmt_int(people)))
    texts |= {
        f: st.text_area(t(f"contest.profile_{f}"), record.__dict__[f], key=f"pf_{f}_{suffix}", height=90)
        for f in [*PROFILE_TEXT_FIELDS[2:], "other"]
    }
    st.subheader(t("contest.s_people"))
    members = _members_editor(record, villages, f"pf_members_{suffix}")
    cols = st.columns(2)
    order_no = cols[0].text_input(t("profile.order_no"), record.appointment_order_no, key=f"pf_order_{suffix}")
    # typed or picked in the Buddhist era, like every other date (st.date_input shows "2025/01/15")
    order_date = thai_date_input(
        t("profile.order_date"), f"pf_order_date_{suffix}", record.appointment_order_date, container=cols[1]
    )
    st.subheader(t("profile.photos"))
    photos = _photos_editor(record, f"pf_photos_{suffix}")
    if not st.button(t("profile.save"), type="primary", key=f"pf_save_{suffix}"):
        return None
    return replace(
        record,
        **texts,
        area_km2=area_km2,
        households=hh,
        people=pp,
        members=members,
        appointment_order_no=order_no,
        appointment_order_date=order_date,
        photos=photos,
    )


def save(store, record: ProfileRecord) -> None:
    done, saved = guarded_write(lambda: store.save_profile(record, actor()))
    if done:
        st.session_state["profile_saved"] = saved.version
        st.rerun()


def coverage(record: ProfileRecord, villages: dict[str, str]) -> None:
    """Warn which villages have no working-group member (criterion 1.2)."""
    missing = villages_without_member(record, list(villages))
    if villages and missing:
        st.warning(t("contest.coverage_missing", names=", ".join(villages[c] for c in missing)))
    elif villages:
        st.success(t("contest.coverage_ok", n=len(villages)))


def village_names(area: str) -> dict[str, str]:
    register = data_access.register()
    codes = data_access.child_areas(area, "village") if len(area) == TAMBON_LENGTH else []
    return register.display_names(list(codes), lang())  # a village names its tambon when they span several


def opened_record(store, area: str) -> ProfileRecord:
    """The profile as it was when this user opened it: when someone saved since, say so and keep the
    opened version, so this user's save is refused instead of overwriting theirs."""
    record = store.profile(area) or ProfileRecord(area)
    opened = st.session_state.get(OPENED_KEY)
    if not opened or opened[0] != area or st.session_state.pop("profile_saved", None) is not None:
        opened = st.session_state[OPENED_KEY] = (area, record.version)
        return record
    if record.version != opened[1]:
        st.warning(t("profile.newer_version", version=record.version, opened=opened[1]))
        if st.button(t("project.reload"), key="profile_reload"):
            st.session_state[OPENED_KEY] = (area, record.version)
            st.rerun()
        record.version = opened[1]
    return record
