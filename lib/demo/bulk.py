"""Bulk writing for the demo: ids handed out in Python, one INSERT per table from a data frame."""


def insert_frame(cur, table, frame):
    """Append a DataFrame's rows to a table in one statement (bulk, not row by row)."""
    if frame.empty:
        return
    cur.register("demo_frame", frame)
    columns = ", ".join(frame.columns)
    # table and column names come from this module's constants, never from input
    cur.execute("INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM demo_frame")  # noqa: S608
    cur.unregister("demo_frame")


TICK_COLUMNS = (
    "assignment_id practice_date family_id minutes caregiver_id how_it_went distress evidence entered_by entered_at"
).split()


class Ids:
    """Hand out ids in Python and move the database's sequences past them once, at the end."""

    def __init__(self, cur):
        self.cur = cur
        self.next = {}

    def take(self, sequence, n):
        if sequence not in self.next:  # the sequence's next value, read once
            self.next[sequence] = self.cur.execute("SELECT nextval(?)", [sequence]).fetchall()[0][0]
        first = self.next[sequence]
        self.next[sequence] = first + n
        return list(range(first, first + n))

    def settle(self):
        """Advance every sequence to just after the last id handed out (one query each)."""
        for sequence, following in self.next.items():
            current = self.cur.execute("SELECT currval(?)", [sequence]).fetchall()[0][0]
            if following - 1 > current:
                self.cur.execute(
                    "SELECT max(nextval(?)) FROM range(?)", [sequence, following - 1 - current]
                ).fetchall()
