"""'Read a sheet': the one panel (family page, session review, ticks page) that turns a photo of
a returned fridge sheet or star chart into ticks, after the therapist confirms every box."""

import pandas as pd
import streamlit as st

from lib import sheet_scan
from lib.charts.sheet_reading import LEGEND, box_day, reading_figure
from lib.sheet_scan import images, save
from lib.text import md_escape
from lib.ui.database import cursor
from lib.ui.messages import CALM_ERRORS, calm_message, feedback, run_write
from lib.words import date_text

KINDS = ("jpg", "jpeg", "png", "heic", "heif", "pdf")
CHOICES = {"ticked": "Ticked", "empty": "Empty", "unclear": "Not sure"}
SAVE_AS = {"Ticked": "ticked", "Empty": "empty"}
PER_ROW = 5  # asked boxes shown side by side


def _upload(key):
    nonce = st.session_state.get(f"{key}_nonce", 0)  # a new key empties the uploader after a save
    if st.toggle("Use the camera", key=f"{key}_use_camera"):
        return st.camera_input(
            "Photograph the sheet, flat, all four corner squares in view", key=f"{key}_camera{nonce}"
        )
    return st.file_uploader(
        "Photo or scan of the sheet (JPEG, PNG, HEIC or PDF)", type=list(KINDS), key=f"{key}_file{nonce}"
    )


def _reading(actor, family_id, key, data):
    """Return the Reading of this upload (read once per upload, kept for the reruns that follow)."""
    held = st.session_state.get(f"{key}_reading")
    if held and held[0] == (family_id, len(data), hash(data)):
        return held[1]
    with cursor() as cur:
        reading = sheet_scan.read_sheet(cur, actor, data, family_id)
    st.session_state[f"{key}_reading"] = ((family_id, len(data), hash(data)), reading)
    return reading


def _rows(reading):
    return pd.DataFrame(
        {
            "Task": [b.title for b in reading.boxes],
            "Day": [box_day(b) for b in reading.boxes],
            "Read as": [CHOICES[b.state] for b in reading.boxes],
            "Sure": [b.confidence for b in reading.boxes],
            "Note": [b.note for b in reading.boxes],
            "Save as": [CHOICES[b.state] if b.state != "unclear" else None for b in reading.boxes],
        },
        index=[b.index for b in reading.boxes],
    )


def _asked_pictures(reading):
    """Show each box asked of the therapist as the photo shows it, with its task and day."""
    asked = reading.asked
    if not asked:
        return
    st.markdown("**The boxes to decide, as the photo shows them**")
    for start in range(0, len(asked), PER_ROW):
        for column, box in zip(st.columns(PER_ROW), asked[start : start + PER_ROW], strict=False):
            with column:
                st.image(box.seen, width=150, alt=f"The photo around the box for {box.title}, {box_day(box)}")
                cause = [sheet_scan.CAUSE_WORDS[box.cause].capitalize()] if box.cause else []
                st.text("\n".join([box.title, box_day(box), *cause]))


def decisions_from(reading, edits):
    """Return {box index: state} from the table's edits (positional rows) for the boxes changed."""
    decided = {}
    for row, change in (edits or {}).get("edited_rows", {}).items():
        choice = change.get("Save as")
        if choice in SAVE_AS:
            decided[reading.boxes[int(row)].index] = SAVE_AS[choice]
    return decided


def _save(actor, key, reading, data):
    decisions = decisions_from(reading, st.session_state.get(f"{key}_boxes"))

    def done(saved):
        also = f" ({saved.already} already in the app)" if saved.already else ""
        return f"Saved {saved.added} tick{'s' if saved.added != 1 else ''} from the sheet{also}; the photo is kept."

    def then(_):
        st.session_state[f"{key}_nonce"] = st.session_state.get(f"{key}_nonce", 0) + 1
        st.session_state.pop(f"{key}_reading", None)

    run_write(
        f"{key}_save",
        lambda cur: save.save_reading(cur, actor, reading, decisions, data),
        done=done,
        then=then,
    )


def sheet_reader(actor, family_id, key, expanded=False):
    """Show 'Read a sheet' for one family: upload or photograph, check each box, save once.

    actor: the page's signed-in user (its run asked once: lib.ui.signin.require_actor)."""
    with st.expander("Read a sheet", icon=":material/document_scanner:", expanded=expanded):
        st.caption(
            "A photo of the family's printed fridge sheet or star chart: every box is read, "
            "you check it, and the ticks are saved in one go with the photo."
        )
        feedback(f"{key}_save")
        upload = _upload(key)
        if upload is None:
            return
        if upload.size > images.MAX_BYTES:  # refused unread, before it is hashed or decoded
            st.error(images.TOO_BIG_FILE, icon=":material/error:")
            return
        data = upload.getvalue()
        try:
            reading = _reading(actor, family_id, key, data)
        except CALM_ERRORS as exc:
            st.error(calm_message(exc), icon=":material/error:")
            return
        kind = sheet_scan.KIND_WORDS[reading.kind]
        st.markdown(f"**{kind.capitalize()}**, {len(reading.boxes)} boxes read.")
        for message in reading.messages:
            st.warning(md_escape(message), icon=":material/info:")
        st.plotly_chart(reading_figure(reading), key=f"{key}_figure", config={"displayModeBar": False})
        st.caption(LEGEND)
        _asked_pictures(reading)
        with st.form(f"{key}_form", border=False):
            st.data_editor(
                _rows(reading),
                key=f"{key}_boxes",
                disabled=["Task", "Day", "Read as", "Sure", "Note"],
                column_config={
                    "Sure": st.column_config.ProgressColumn(
                        "Sure", min_value=0.0, max_value=1.0, format="percent"
                    ),
                    "Save as": st.column_config.SelectboxColumn(
                        "Save as", options=list(SAVE_AS), required=True
                    ),
                },
                hide_index=True,
            )
            st.form_submit_button(
                "Save the ticks",
                type="primary",
                icon=":material/done_all:",
                on_click=_save,
                args=(actor, key, reading, data),
            )


def sheet_photos(actor, family_id, key):
    """List the family's read sheets with their kept photos (view, delete)."""
    with cursor() as cur:
        photos = save.list_sheet_photos(cur, actor, family_id)
    if not photos:
        return
    st.markdown("**Sheets read from photos**")
    feedback(f"{key}_photo")
    for photo in photos[:10]:
        kind = sheet_scan.KIND_WORDS.get(photo.kind, "sheet")
        line = (
            f"{kind.capitalize()} from {date_text(photo.first_day, year=False)}, read {date_text(photo.saved_at)} by "
            f"{photo.saved_by}: {photo.ticks_saved} ticks" + ("" if photo.kept else " (photo deleted)")
        )
        cols = st.columns([4, 1, 1])
        cols[0].text(line)
        if photo.kept and cols[1].toggle("Show", key=f"{key}_show_{photo.id}"):
            with cursor() as cur:
                st.image(save.sheet_photo_bytes(cur, actor, photo.id), width=480)
        if photo.kept:
            cols[2].button(
                "Delete photo",
                key=f"{key}_delete_{photo.id}",
                on_click=run_write,
                args=(f"{key}_photo", lambda cur, pid=photo.id: save.delete_sheet_photo(cur, actor, pid)),
                kwargs={"done": "Photo deleted; its ticks stay."},
            )
