"""Which families changed since a page last worked out their figures.

Every write is audited in its own transaction (lib.audit), so the audit log says what changed
and, for almost every write, about which family. A `Tracker` reads only the audit rows added
since it last looked (each row names its family and first day: lib.audit writes them), and
keeps per family when it last changed. A value kept under a family's version (lib.ui.fresh) is
then worked out again only when that family (or the whole clinic) changed: another family's
tick leaves it alone.

A write the rule cannot place on one family (a setting, a user, an import, a deleted task)
changes every family. Audit ids come from a sequence, so a transaction can commit after a
newer one: when rows appear below the newest id seen, every family counts as changed too.
"""

import threading

# Audited actions and entities that change no figure, table or chart (sign-ins, what the family
# screen shows, files taken out or emailed, the wording libraries).
UNSHOWN_ACTIONS = ("login", "logout", "agenda_step", "present", "screen_open", "download", "email", "export")
UNSHOWN_ENTITIES = ("template", "guide_wording", "explainer_wording")

# Writes about days of practice only: they change figures, never who the families are, their
# names, status or therapists (the family choosers keep their lists through them: roster_version).
DAY_ACTIONS = ("tick", "untick", "skip", "unskip")
# Writes that leave the roster as it was too: a printed sheet, session mode started with a family.
ROSTER_KEPT = (*DAY_ACTIONS, "print_sheet", "start")

DATED_KEPT = 64  # dated writes kept per family; older ones count as undated (never missed)

# One statement, so one snapshot: the newest id, how many rows there are (in all, and up to the
# id seen last time) and the rows added since, each with the family and first day written with
# it (lib.audit.FAMILY_OF_ROW_SQL and DAY_OF_ROW_SQL).
_SYNC_SQL = """
    SELECT (SELECT coalesce(max(id), 0) FROM audit_log), (SELECT count(*) FROM audit_log),
           (SELECT count(*) FROM audit_log WHERE id <= $seen),
           (SELECT list((family_id, first_day, action) ORDER BY id) FROM audit_log
             WHERE id > $seen AND NOT list_contains($actions, action) AND NOT list_contains($entities, entity))
"""

_QUICK_SQL = "SELECT coalesce(max(id), 0), count(*) FROM audit_log"
NEVER = 2**62  # an audit id no row reaches


class Tracker:
    """When each family last changed, read incrementally from the audit log (thread-safe).

    A version is a count of the syncs that found a change (this tracker's own clock, not an
    audit id: a late commit has an id below ones already seen). `version(f)` grows whenever a
    write about family f, or about the whole clinic, is found. For ticks and skip days it also
    keeps the day written, so `changed_since(v, as_of)` leaves out a family whose only writes
    since v are about days after as_of: today's ticks leave last week's caseload alone.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._seen = None  # (newest audit id read, rows in the log then)
        self._clock = 0  # grows by one at each sync that found a change
        self._everything = 0  # when every family last changed
        self._roster = 0  # when a write other than ticks and skip days was last found
        self._family = {}  # family id -> when it last changed
        self._undated = {}  # family id -> when a write not about given days last changed it
        self._dated = {}  # family id -> [(when, first day written), ...], the newest DATED_KEPT

    def sync(self, cur):
        """Read the audit rows added since the last call; return the current version."""
        with self._lock:
            seen, counted = self._seen or (None, None)
            if seen is not None and cur.execute(_QUICK_SQL).fetchone() == (seen, counted):
                return self._clock  # nothing new: one small query, not the one that reads rows
            newest, rows, below, found = cur.execute(
                _SYNC_SQL,
                # the first call reads no rows: what came before it is every cache's starting point
                {
                    "seen": seen if seen is not None else NEVER,
                    "actions": list(UNSHOWN_ACTIONS),
                    "entities": list(UNSHOWN_ENTITIES),
                },
            ).fetchone()
            if seen is not None and (newest, rows) != (seen, counted):
                found = [tuple(row.values() if isinstance(row, dict) else row) for row in found or []]
                late = below != counted  # a row committed below an id already read: whose, unknown
                if late or found:
                    self._clock += 1
                    if late or any(family is None for family, _, _ in found):
                        self._everything = self._clock
                    if late or any(action not in ROSTER_KEPT for _, _, action in found):
                        self._roster = self._clock
                    for family, day, _ in found:
                        if family is not None:
                            self._changed(family, day)
            self._seen = (newest, rows)
            return self._clock

    def _changed(self, family, day):
        self._family[family] = self._clock
        if day is None:
            self._undated[family] = self._clock
            return
        dated = self._dated.setdefault(family, [])
        dated.append((self._clock, day))
        if len(dated) > DATED_KEPT:  # the oldest is kept as undated: it can only widen a change
            self._undated[family] = max(self._undated.get(family, 0), dated.pop(0)[0])

    def roster_version(self):
        """Return the version of who the families are (names, status, links): ticks, skip days, printed
        sheets and session starts leave it alone (ROSTER_KEPT)."""
        with self._lock:
            return self._roster

    def version(self, family_id):
        """Return the version of one family's figures (call `sync` first in the same run)."""
        with self._lock:
            return max(self._everything, self._family.get(family_id, 0))

    def changed_since(self, version, as_of=None):
        """Return the ids of families changed after version, or None when every family may have.

        as_of: the day figures are judged on; writes only about later days are left out."""
        with self._lock:
            if self._everything > version:
                return None
            if as_of is None:
                return {family for family, newest in self._family.items() if newest > version}
            return {
                family
                for family, newest in self._family.items()
                if newest > version
                and (
                    self._undated.get(family, 0) > version
                    or any(when > version and day <= as_of for when, day in self._dated.get(family, ()))
                )
            }
