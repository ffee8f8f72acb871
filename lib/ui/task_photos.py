"""A task's photos from the session, for the therapist: take or upload one, show it, delete it.

Shown in session mode (step 3) and with each task on the tasks page; never on the family
screen, which shows only the photos chosen here (lib.sessions.presenter).
"""

import streamlit as st

from lib import ui
from lib.sessions import task_photos
from lib.words import date_text

HOW = (
    "Take a photo while you practise the task together (or upload one, JPEG or PNG). "
    "It is kept with the task in the clinic's records, without the camera's location or other "
    "details, and printed on the caregiver handout and, small, on the fridge sheet."
)


def _form(task_id):
    return f"photo_{task_id}"


def _round_key(task_id):
    return f"photo_round_{task_id}"


def _add(actor, task_id, widget_key):
    picture = st.session_state.get(widget_key)
    if picture is None:
        return
    kept = ui.run_write(
        _form(task_id),
        lambda cur: task_photos.add_photo(cur, actor, task_id, picture.getvalue()),
        done="Photo kept: it prints on the caregiver handout and the fridge sheet.",
    )
    if kept:  # a fresh, empty camera and uploader for the next photo
        st.session_state[_round_key(task_id)] = st.session_state.get(_round_key(task_id), 0) + 1


def _delete(actor, task_id, photo_id):
    ui.run_write(
        _form(task_id), lambda cur: task_photos.delete_photo(cur, actor, photo_id), done="Photo deleted."
    )


def _show(actor, task_id, photo_id, shown):
    ui.run_write(
        _form(task_id),
        lambda cur: task_photos.show_on_family_screen(cur, actor, photo_id, shown),
        done="It is on the family screen now." if shown else "It is off the family screen.",
    )


def render_task_photos(actor, task_id, heading=True):
    """Show a task's photos with their actions, and the camera and uploader to add one."""
    with ui.cursor() as cur:
        photos = task_photos.list_photos(cur, actor, task_id)
    if heading:
        st.markdown("**Photos from the session**")
    ui.feedback(_form(task_id))
    for start in range(0, len(photos), 3):
        for column, photo in zip(st.columns(3), photos[start : start + 3], strict=False):
            with column:
                st.image(photo.image, width=240)
                st.caption(
                    f"{date_text(photo.taken_on)} · "
                    + ("on the family screen" if photo.on_family_screen else "not on the family screen")
                )
                st.button(
                    "Hide from the family screen" if photo.on_family_screen else "Show on the family screen",
                    key=f"photo_show_{photo.id}",
                    on_click=_show,
                    args=(actor, task_id, photo.id, not photo.on_family_screen),
                    icon=":material/visibility_off:" if photo.on_family_screen else ":material/cast:",
                )
                with st.popover("Delete", icon=":material/delete:"):
                    st.write("Delete this photo for good? It leaves the handout and the fridge sheet too.")
                    st.button(
                        "Delete the photo",
                        key=f"photo_delete_{photo.id}",
                        on_click=_delete,
                        args=(actor, task_id, photo.id),
                        type="primary",
                    )
    if len(photos) >= task_photos.MAX_PHOTOS:
        st.caption(f"A task keeps up to {task_photos.MAX_PHOTOS} photos: delete one to add another.")
        return
    round_ = st.session_state.get(_round_key(task_id), 0)
    if st.toggle(
        "Use this device's camera",
        key=f"photo_camera_on_{task_id}",
        help="Browsers start a camera only for an https address or on the clinic machine itself; "
        "otherwise take the photo with the device and upload it.",
    ):
        key = f"photo_camera_{task_id}_{round_}"
        st.camera_input("Take a photo", key=key, on_change=_add, args=(actor, task_id, key))
    key = f"photo_upload_{task_id}_{round_}"
    st.file_uploader(
        "Or upload a photo", type=["jpg", "jpeg", "png"], key=key, on_change=_add, args=(actor, task_id, key)
    )
    st.caption(HOW)
