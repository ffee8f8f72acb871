"""The one bridge to Streamlit; its small modules are re-exported here, so pages say `ui.cursor()`.

database: connection, cursor, settings, data version; signin: the current user;
session_state: session mode in this tab; navigation: the menu, the selected family, the family picker;
messages: calm errors and `run_write`; sidebar_panel: the sidebar.
"""

from lib.ui.database import connection, cursor, settings
from lib.ui.messages import (
    CALM_ERRORS,
    NOT_SAVED,
    calm_message,
    domain_errors,
    feedback,
    field_error,
    run_write,
    show_error,
)
from lib.ui.navigation import (
    EVERY_PAGE,
    family_picker,
    menu,
    open_family,
    remember_family,
    selected_family_id,
)
from lib.ui.session_state import enter_session_mode, leave_session_mode
from lib.ui.sidebar_panel import sidebar
from lib.ui.signin import current_actor, logout_button, require_actor, signed_in, signed_out_notice

__all__ = [
    "CALM_ERRORS",
    "EVERY_PAGE",
    "NOT_SAVED",
    "calm_message",
    "connection",
    "current_actor",
    "cursor",
    "domain_errors",
    "enter_session_mode",
    "family_picker",
    "feedback",
    "field_error",
    "leave_session_mode",
    "logout_button",
    "menu",
    "open_family",
    "remember_family",
    "require_actor",
    "run_write",
    "selected_family_id",
    "settings",
    "show_error",
    "sidebar",
    "signed_in",
    "signed_out_notice",
]
