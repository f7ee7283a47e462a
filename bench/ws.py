"""A minimal Streamlit client over the app's websocket: open a session, change a widget, time the rerun."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import ClientConnection, connect

WIDGET_TYPES = ("multiselect", "selectbox", "button_group")


@dataclass
class Session:
    """One browser tab's worth of Streamlit session, driven over the websocket."""

    url: str
    timeout: float = 60.0
    ws: ClientConnection | None = None
    page_hash: str = ""
    widgets: dict[str, str] = field(default_factory=dict)  # user key -> widget id
    states: dict[str, WidgetState] = field(default_factory=dict)  # widget id -> the value we set
    errors: int = 0

    def open(self, query: str = "", page: str = "") -> float:
        """Connect and run the app once (like opening a link); returns seconds to script finished."""
        host = self.url.removeprefix("http://")
        self.ws = connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], max_size=None)
        return self.rerun(query=query, page=page)

    def set_multiselect(self, key: str, labels: list[str]) -> float:
        """Choose these options (by their labels) in the multiselect with this key; returns rerun seconds."""
        state = WidgetState(id=self.widgets[key])
        state.string_array_value.data.extend(labels)
        self.states[state.id] = state
        return self.rerun()

    def set_selectbox(self, key: str, label: str) -> float:
        """Choose this option (by its label) in the selectbox with this key; returns rerun seconds."""
        state = WidgetState(id=self.widgets[key], string_value=label)
        self.states[state.id] = state
        return self.rerun()

    def rerun(self, query: str = "", page: str = "") -> float:
        """Send the widget values and wait for the script to finish; returns seconds."""
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_script_hash = self.page_hash
        message.rerun_script.page_name = page
        message.rerun_script.widget_states.widgets.extend(self.states.values())
        started = time.perf_counter()
        self.ws.send(message.SerializeToString())
        self._until_finished()
        return time.perf_counter() - started

    def _until_finished(self) -> None:
        """Read messages, noting widgets and errors, until the script run finishes."""
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            msg = ForwardMsg()
            msg.ParseFromString(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            kind = msg.WhichOneof("type")
            if kind == "delta":
                self._note(msg)
            elif kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # superseded by a newer run: keep reading
                return
        raise TimeoutError(f"no script_finished within {self.timeout} s")

    def _note(self, msg: ForwardMsg) -> None:
        """Remember widget ids by key; count exceptions shown to the user."""
        if msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.errors += 1
        elif kind in WIDGET_TYPES:
            widget_id = getattr(element, kind).id
            self.widgets[widget_id.rsplit("-", 1)[-1]] = widget_id

    def close(self) -> None:
        """Close the websocket (the server ends the session)."""
        if self.ws is not None:
            self.ws.close()
