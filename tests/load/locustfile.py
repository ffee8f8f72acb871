"""Locust users that drive the real app as a browser does: POST /login, then Streamlit's WebSocket.

    locust -f tests/load/locustfile.py --headless -u 10 -r 2 -t 60s --host http://127.0.0.1:8600

Run by tests/load/run.py (`make load`), which starts the server and reads the results. Settings come
from the environment: LOAD_PROFILE (realistic: 5-20 s between actions, stress: 1-3 s), LOAD_PLAN (a JSON
file: {"therapists": {username: [family ids]}, "leads": [usernames], "password": ...}) and LOAD_TICKS
(where the ticks the app acknowledged are written, one JSON [assignment_id, day] a line, at the end).

Every action is one or more script runs: a `BackMsg.rerun_script` (page name, query string, widget
states) answered by `ForwardMsg`s until `script_finished`. A run that draws an exception or an error
message, or asks for a page that does not exist, fails the action.
"""

import json
import os
import random
import re
import time
from datetime import date, timedelta

import gevent
import locust  # noqa: F401  (imported before requests: gevent patches ssl first)
import requests
import websocket
from gevent.queue import Empty, Queue
from locust import User, between, events, task
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

COOKIE = "hp_session"
RUN_TIMEOUT = 120  # seconds one script run may take before the action counts as failed
POLLS = 6  # family screen refreshes per polling action (every 1.5 s, as the fragment asks)
THINK = {"realistic": (5, 20), "stress": (1, 3)}
PROFILE = os.environ.get("LOAD_PROFILE", "stress")
PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read()) if os.environ.get("LOAD_PLAN") else {}
ACKNOWLEDGED = set()  # (assignment_id, "YYYY-MM-DD") of every tick a run came back from without an error
SESSION_LINK = re.compile(rb"screen=family(?:&|%26)session=(\d+)")


class RunFailed(Exception):
    """A script run showed an exception or an error, or never finished."""


class Tab:
    """One browser tab: a WebSocket to /_stcore/stream and the widgets its last run drew."""

    def __init__(self, host, token):
        url = host.replace("http", "ws", 1) + "/_stcore/stream"
        self.ws = websocket.create_connection(
            url,
            header=[f"Cookie: {COOKIE}={token}"],
            origin=host,
            subprotocols=["streamlit"],
            timeout=RUN_TIMEOUT,
        )
        self.widgets = []  # (element type, element proto) of widgets drawn, in order
        self.part_of = {}  # widget id -> the fragment (a part of the page rerun alone) that drew it
        self.fragment = None  # the auto-rerun fragment id the last run asked for (family screen)
        self.raw = b""
        self.page = self.query = self.session_id = ""
        self.host, self.token = host, token
        self.inbox = Queue()
        self.reader = gevent.spawn(self._read)

    def _read(self):
        """Take every message as it comes, as a browser does: the server's pings are answered at once
        (a tab left unread for 40 s is closed by the server's ping timeout: a reading user's tab)."""
        try:
            while True:
                self.inbox.put(self.ws.recv())
        except Exception as exc:  # noqa: BLE001  (the connection's end, reported by the next action)
            self.inbox.put(exc)

    def _next(self, deadline):
        """Return the next message from the server, waiting until deadline (time.monotonic())."""
        try:
            got = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
        except Empty:
            raise RunFailed(f"no answer in {RUN_TIMEOUT} s") from None
        if isinstance(got, Exception):
            self.inbox.put(got)  # every later action fails the same way
            raise RunFailed(f"connection lost: {got!r}")
        return got

    def click(self, *states, not_found_ok=False):
        """Rerun the page shown with these widget states (a click), as the browser does: only the part
        of the page (fragment) that drew the widgets when they all sit in one."""
        parts = {self.part_of.get(state.id, "") for state in states}
        part = parts.pop() if len(parts) == 1 else ""
        return self.run(self.page, self.query, states, fragment=part, not_found_ok=not_found_ok)

    def poll(self):
        """Rerun the fragment that asked to be run again (the family screen's refresh)."""
        return self.run(self.page, self.query, fragment=self.fragment, auto=True)

    def run(self, page="", query="", states=(), fragment="", auto=False, not_found_ok=False):
        """Send one rerun and read until the script finished; return the number of bytes received."""
        self.page, self.query = page, query
        msg = BackMsg()
        client = msg.rerun_script
        client.page_name, client.query_string = page, query
        client.fragment_id, client.is_auto_rerun = fragment, auto
        client.widget_states.widgets.extend(states)
        self.ws.send_binary(msg.SerializeToString())
        if not fragment:
            self.widgets, self.raw, self.part_of = [], b"", {}
        else:  # the part's widgets are drawn again
            self.widgets = [(k, w) for k, w in self.widgets if self.part_of.get(w.id) != fragment]
        size, deadline = 0, time.monotonic() + RUN_TIMEOUT
        while time.monotonic() < deadline:
            data = self._next(deadline)
            size += len(data)
            fwd = ForwardMsg.FromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._element(fwd.delta.new_element, data, fwd.delta.fragment_id)
            elif kind == "page_not_found" and not not_found_ok:
                raise RunFailed(f"page not found: {page}")
            elif kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id
            elif kind == "auto_rerun":
                self.fragment = fwd.auto_rerun.fragment_id
            elif kind == "script_finished":
                status = fwd.script_finished
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RunFailed("compile error")
                if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:  # else the script asked for another run
                    return size
        raise RunFailed(f"no script_finished in {RUN_TIMEOUT} s")

    def _element(self, element, data, part=""):
        kind = element.WhichOneof("type")
        if kind == "exception":
            raise RunFailed(f"exception: {element.exception.type}: {element.exception.message[:200]}")
        if kind == "alert" and element.alert.format == Alert.ERROR:
            raise RunFailed(f"error shown: {element.alert.body[:200]}")
        self.raw += data
        widget = getattr(element, kind, None) if kind else None
        if widget is not None and getattr(widget, "id", ""):
            self.widgets.append((kind, widget))
            if part:
                self.part_of[widget.id] = part

    def download(self, button):
        """Fetch a download made on the click (data=callable), as the browser does; return its size."""
        msg = BackMsg()
        request = msg.backend_operation_request
        request.request_id, request.session_id = f"load-{random.getrandbits(48)}", self.session_id
        request.deferred_file.file_id = button.deferred_file_id
        self.ws.send_binary(msg.SerializeToString())
        deadline = time.monotonic() + RUN_TIMEOUT
        while time.monotonic() < deadline:
            fwd = ForwardMsg.FromString(self._next(deadline))
            answer = fwd.backend_operation_response
            if (
                fwd.WhichOneof("type") == "backend_operation_response"
                and answer.request_id == request.request_id
            ):
                if answer.error_msg:
                    raise RunFailed(f"download refused: {answer.error_msg[:200]}")
                got = requests.get(
                    self.host + answer.deferred_file.url, cookies={COOKIE: self.token}, timeout=RUN_TIMEOUT
                )
                if got.status_code != 200 or not got.content:
                    raise RunFailed(f"download answered {got.status_code}")
                return len(got.content)
        raise RunFailed(f"no download in {RUN_TIMEOUT} s")

    def widget(self, key):
        """Return the drawn widget whose key is `key` (Streamlit's id ends with it), or None."""
        return next((w for _, w in self.widgets if w.id.endswith("-" + key)), None)

    def close(self):
        self.reader.kill(block=False)
        self.ws.close()


def trigger(widget):
    """A button's click, as the browser sends it."""
    return WidgetState(id=widget.id, trigger_value=True)


def checked(widget, value=True):
    return WidgetState(id=widget.id, bool_value=value)


class ClinicUser(User):
    """A signed-in person with one tab; each action is timed and reported to Locust."""

    abstract = True
    wait_time = between(*THINK.get(PROFILE, THINK["stress"]))
    username = ""

    def on_start(self):
        self.tab = None
        self.action("sign in", self.sign_in)

    def on_stop(self):
        if self.tab is not None:
            self.tab.close()

    def sign_in(self):
        response = requests.post(
            self.host + "/login",
            data={"username": self.username, "password": PLAN.get("password", "demo"), "next": "/"},
            headers={"Origin": self.host},
            allow_redirects=False,
            timeout=RUN_TIMEOUT,
        )
        token = response.cookies.get(COOKIE)
        if response.status_code != 303 or not token:
            raise RunFailed(f"sign-in answered {response.status_code}")
        self.token = token
        self.tab = Tab(self.host, token)
        return self.tab.run()

    def action(self, name, fn, *args):
        """Time fn (which returns bytes received) and report it to Locust as one request named `name`."""
        start, size, error = time.perf_counter(), 0, None
        try:
            size = fn(*args) or 0
        except Exception as exc:  # noqa: BLE001  (every failure is the action's, reported to Locust)
            error = exc
        self.environment.events.request.fire(
            request_type="WS",
            name=name,
            response_time=(time.perf_counter() - start) * 1000,
            response_length=size,
            exception=error,
            context={},
        )
        return error is None


class Therapist(ClinicUser):
    """Opens the caseload and a family, and copies last week's sheet into the tick grid."""

    weight = 6

    def on_start(self):
        names = sorted(PLAN.get("therapists", {}))
        self.username = random.choice(names) if names else "maya.ot"
        self.families = PLAN.get("therapists", {}).get(self.username) or [1]
        super().on_start()

    @task(2)
    def caseload(self):
        self.action("therapist: caseload", self.tab.run)

    @task(2)
    def family(self):
        self.action(
            "therapist: family page", self.tab.run, "family", f"family={random.choice(self.families)}"
        )

    @task(3)
    def ticks(self):
        family = random.choice(self.families)
        if not self.action("therapist: ticks page", self.tab.run, "ticks", f"family={family}"):
            return
        back = self.tab.widget("ticks_prev")
        if back is None or not self.action("therapist: last week", self.tab.click, trigger(back)):
            return
        boxes = [
            w for kind, w in self.tab.widgets if kind == "checkbox" and re.search(r"-tick_\d+_[\d-]+$", w.id)
        ]
        open_boxes = [w for w in boxes if not w.disabled and not (w.value if w.set_value else w.default)]
        for box in random.sample(open_boxes, min(len(open_boxes), random.randint(1, 10))):
            assignment_id, day = box.id.rsplit("-tick_", 1)[1].split("_")
            if self.action("therapist: tick", self.tab.click, checked(box)):
                ACKNOWLEDGED.add((int(assignment_id), day))

    @task(1)
    def fridge_sheet(self):
        family = random.choice(self.families)
        if self.action("therapist: sheets page", self.tab.run, "printables", f"family={family}"):
            button = self.tab.widget("download_fridge")
            if button is not None and self.action("therapist: fridge sheet PDF", self.tab.download, button):
                self.action("therapist: fridge sheet click", self.tab.click, trigger(button))


class Lead(ClinicUser):
    """Opens the whole clinic's caseload, goes to one of the recent weeks and takes the table as CSV."""

    weight = 2

    def on_start(self):
        self.username = random.choice(PLAN.get("leads") or ["lead"])
        super().on_start()

    @task(2)
    def caseload(self):
        self.action("lead: caseload", self.tab.run)

    @task(2)
    def change_week(self):
        picker = self.tab.widget("caseload_week")
        if picker is None:
            return self.caseload()
        # one of the 8 weeks before this one, as a lead comparing recent weeks at the review does (the
        # server works them out when it starts; make bench times a week nobody opened alone)
        today = date.fromisoformat(os.environ.get("HOME_PRACTICE_TODAY", "2026-11-25"))
        week = (today - timedelta(days=today.weekday(), weeks=random.randint(1, 8))).isoformat()
        self.action(
            "lead: change week",
            self.tab.click,
            WidgetState(id=picker.id, string_array_value={"data": [week]}),
        )

    @task(1)
    def csv(self):
        button = self.tab.widget("caseload_csv")
        if button is not None:  # the file is made on the click, then the click's audit runs the page
            if self.action("lead: CSV download", self.tab.download, button):
                self.action("lead: CSV click", self.tab.click, trigger(button))


class InSession(ClinicUser):
    """Starts session mode with a family, opens its family screen and lets it poll every 1.5 s."""

    weight = 2

    def on_start(self):
        names = sorted(PLAN.get("therapists", {}))
        self.username = random.choice(names) if names else "maya.ot"
        self.families = PLAN.get("therapists", {}).get(self.username) or [1]
        self.screen = None
        super().on_start()
        if self.tab is not None:
            self.action("session: start", self.start_session)

    def on_stop(self):
        if self.screen is not None:
            self.screen.close()
        super().on_stop()

    def start_session(self):
        size = self.tab.run("session", f"family={random.choice(self.families)}")
        button = self.tab.widget("start_other")
        if button is None:
            raise RunFailed("no Start session button")
        # Known: this click's run answers page_not_found ("session" is no page once in session mode,
        # app.py's only() leaves it out), then draws the session: reported, not counted here.
        size += self.tab.click(trigger(button), not_found_ok=True)
        self.tab.page = ""
        found = SESSION_LINK.search(self.tab.raw)
        if found is None:
            raise RunFailed("no family screen link in session mode")
        self.screen = Tab(self.host, self.token)
        size += self.screen.run("", f"screen=family&session={found.group(1).decode()}")
        if not self.screen.fragment:  # a neutral screen: no session on it, nothing would ever poll
            raise RunFailed("the family screen shows no session")
        return size

    @task(2)
    def session_page(self):
        self.action("session: session page", self.tab.run)

    @task(1)
    def step(self):
        button = self.tab.widget("sess_next")
        if button is not None:
            self.action("session: next step", self.tab.click, trigger(button))

    @task(3)
    def poll(self):
        if self.screen is None or not self.screen.fragment:
            return
        for _ in range(POLLS):
            self.action("session: family screen poll", self.screen.poll)
            time.sleep(1.5)


@events.test_stop.add_listener
def _write_acknowledged(environment, **_):
    path = os.environ.get("LOAD_TICKS")
    if path:
        with open(path, "w") as f:
            f.writelines(json.dumps(list(t)) + "\n" for t in sorted(ACKNOWLEDGED))
