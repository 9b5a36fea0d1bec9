"""A Streamlit browser tab without a browser: the app's own websocket protocol, spoken with the
protobuf messages installed with streamlit (`streamlit.proto`).

What the browser client does, and this client too:

* opens `ws(s)://host/_stcore/stream` with the subprotocol "streamlit" (the same header also
  carries the XSRF token and, on a reconnect, the session id to resume — not needed here);
* asks for a script run with a `BackMsg.rerun_script` (a `ClientState`: the query string, the
  page's script hash or its url path, the widget values it holds, the hashes of the big
  messages it has cached so the server sends a reference instead);
* receives `ForwardMsg`s — `new_session` (the run begins), `delta`s (elements, with the widget
  ids that carry the user keys), `navigation` (the pages), and `script_finished`. A run cut
  short for a rerun (`st.rerun`, `st.switch_page`) finishes "early" and another follows; the
  request is over at the first other status.

Widgets are found by their user key (the suffix of the element id). A value set here is kept
and sent with every later run while the widget is on the page, as the browser does; a button
is a trigger, sent once.
"""

from __future__ import annotations

import json
import queue
import re
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.load.elements import Widget, element, encode

#: the page's request to its own route: fetch("<path>", {method: 'POST', ..., headers: {...}})
POST_PATTERN = re.compile(r"fetch\((\"[^\"]*\"), \{method: 'POST'.*?headers: (\{[^}]*\})\}")
DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
#: script runs a cached message survives without being used (the browser's default)
CACHE_AGE = 2


class ProtocolError(RuntimeError):
    """The server closed the connection, sent nothing in time, or a run failed."""


@dataclass
class Run:
    """One request: from sending it to its script's end (reruns it caused included)."""

    seconds: float
    status: int
    bytes_received: int
    messages: int
    page_hash: str
    texts: list[str] = field(default_factory=list)  # headings, markdown, captions, alerts
    scripts: list[str] = field(default_factory=list)  # JavaScript the page runs in the browser
    errors: list[str] = field(default_factory=list)  # exceptions and error alerts shown
    kinds: dict[str, int] = field(default_factory=dict)  # element kinds drawn, counted

    @property
    def ok(self) -> bool:
        return self.status in DONE and not self.errors

    def shows(self, text: str) -> bool:
        return any(text in t for t in self.texts)


class StreamlitClient:
    """One browser tab: ``open`` (the first run), then ``run`` per navigation or widget change."""

    def __init__(self, base_url: str, timeout: float = 120.0, origin: str | None = None, verify: bool = True) -> None:
        parts = urllib.parse.urlsplit(base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.base_url = base_url.rstrip("/")
        self.stream_url = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.origin = origin or f"{parts.scheme}://{parts.netloc}"
        self.timeout = timeout
        # an office's own certificate, not one a public authority signed (tests: a self-signed one)
        self._tls = None if verify else ssl._create_unverified_context()
        self.cookie: str | None = None
        self.secure_cookies: set[str] = set()  # the cookies the server marked Secure
        self.widgets: dict[str, Widget] = {}  # by id, the widgets of the last run
        self.values: dict[str, WidgetState] = {}  # by id, values set here (kept while drawn)
        self.pages: dict[str, str] = {}  # url path → page script hash
        self.page_hash = ""
        self.query = ""
        self.session_id = ""
        self._cache: dict[str, tuple[ForwardMsg, int]] = {}  # hash → (message, run it was last used)
        self._runs = 0
        self._inbox: queue.Queue = queue.Queue()
        self._socket: websocket.WebSocket | None = None
        self._reader: threading.Thread | None = None

    # ---- connection ------------------------------------------------------------------------------
    def open(self, page: str = "", query: str = "") -> Run:
        """Load the page (its cookies: a proxy's sticky-session cookie), connect and run the app as
        a browser opening ``/page?query`` does."""
        self.load_page(page, query)
        headers = [f"Cookie: {self.cookie}"] if self.cookie else None
        self._socket = websocket.create_connection(
            self.stream_url,
            subprotocols=["streamlit"],
            origin=self.origin,
            header=headers,
            timeout=self.timeout,
            enable_multithread=True,
            sslopt={"cert_reqs": ssl.CERT_NONE} if self._tls else None,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.query = query
        return self.run(page=page)

    def load_page(self, page: str = "", query: str = "") -> None:
        """GET the page's HTML as the browser does first, keeping the cookies it sets (the static
        files it then loads are cached by a browser and left out)."""
        page_url = f"{self.base_url}/{page}" + (f"?{query}" if query else "")
        for url in (page_url, f"{self.base_url}/_stcore/health"):  # the app's health check sets the XSRF cookie
            request = urllib.request.Request(url, headers={"Cookie": self.cookie} if self.cookie else {})
            with urllib.request.urlopen(request, timeout=self.timeout, context=self._tls) as response:
                response.read()
                self._keep_cookies(response.headers.get_all("Set-Cookie") or [])

    def close(self) -> None:
        if self._socket is not None:
            try:
                self._socket.close()
            except Exception:  # already closed by the server
                pass
            self._socket = None

    def _read(self) -> None:
        """Read every frame as it comes (so the server's pings are answered while the user thinks)."""
        sock = self._socket
        while sock is not None and sock.connected:
            try:
                opcode, data = sock.recv_data(control_frame=False)
            except Exception as error:  # closed, reset, timeout while idle
                if isinstance(error, websocket.WebSocketTimeoutException):
                    continue
                self._inbox.put(error)
                return
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                self._inbox.put(ProtocolError("the server closed the connection"))
                return
            if opcode == websocket.ABNF.OPCODE_BINARY:
                self._inbox.put(data)

    # ---- runs ------------------------------------------------------------------------------------
    def run(
        self,
        page: str | None = None,
        set: dict[str, Any] | None = None,
        click: str | None = None,
    ) -> Run:
        """Rerun the app: on ``page`` (a url path) or the current one, after setting widget values
        (by user key) and clicking a button (by user key, or "form:<form id>" for a form's
        submit button)."""
        triggers = []
        changed = []
        for key, value in (set or {}).items():
            widget = self.widget(key)
            self.values[widget.id] = encode(widget, value)
            changed.append(widget)
        if click is not None:
            button = self.widget(click)
            state = WidgetState(id=button.id, trigger_value=True)
            triggers.append(state)
            changed.append(button)
        message = BackMsg()
        client_state = message.rerun_script
        client_state.query_string = self.query
        if page is not None:
            client_state.page_script_hash = self.pages.get(page, "")
            client_state.page_name = "" if page in self.pages else page
        else:
            client_state.page_script_hash = self.page_hash
            fragments = {w.fragment for w in changed}
            if len(fragments) == 1 and "" not in fragments:  # a widget of a fragment: the browser reruns only it
                client_state.fragment_id = fragments.pop()
        for state in [*self.values.values(), *triggers]:
            client_state.widget_states.widgets.append(state)
        client_state.cached_message_hashes.extend(self._cache)
        client_state.context_info.timezone = "Asia/Bangkok"
        client_state.context_info.locale = "th-TH"
        return self._send(message)

    def _send(self, message: BackMsg) -> Run:
        if self._socket is None:
            raise ProtocolError("not connected")
        started = time.perf_counter()
        try:
            self._socket.send_binary(message.SerializeToString())
        except (websocket.WebSocketException, OSError) as error:
            raise ProtocolError(f"connection lost: {error}") from error
        received = count = 0
        texts: list[str] = []
        scripts: list[str] = []
        errors: list[str] = []
        kinds: dict[str, int] = {}
        seen: dict[str, Widget] = {}
        fragments: set[str] = set()
        deadline = time.monotonic() + self.timeout
        status = -1
        while True:
            try:
                item = self._inbox.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise ProtocolError(f"no end of the script run within {self.timeout:.0f} s") from None
            if isinstance(item, Exception):
                raise ProtocolError(f"connection lost: {item}") from item
            received += len(item)
            count += 1
            msg = ForwardMsg()
            msg.ParseFromString(item)
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":
                cached = self._cache.get(msg.ref_hash)
                if cached is None:
                    raise ProtocolError(f"a reference to a message never received ({msg.ref_hash})")
                kind, msg = "delta", cached[0]
            if msg.metadata.cacheable and msg.hash:
                self._cache[msg.hash] = (msg, self._runs)
            elif msg.hash in self._cache:
                self._cache[msg.hash] = (self._cache[msg.hash][0], self._runs)
            if kind == "new_session":
                seen, fragments = {}, set()  # a rerun (st.rerun, switch_page) starts over
                texts, errors, kinds, scripts = [], [], {}, []
                self.session_id = msg.new_session.initialize.session_id or self.session_id
                self.page_hash = msg.new_session.page_script_hash
                self._pages(msg.new_session.app_pages)
            elif kind == "navigation":
                self._pages(msg.navigation.app_pages)
                self.page_hash = msg.navigation.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            if kind == "delta" and msg.delta.fragment_id:
                fragments.add(msg.delta.fragment_id)
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element(msg.delta.new_element, seen, texts, errors, kinds, msg.delta.fragment_id, scripts)
            elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
                errors.append(msg.session_event.script_compilation_exception.message)
            elif kind == "script_finished":
                status = msg.script_finished
                if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    break
        self._runs += 1
        self._cache = {h: (m, used) for h, (m, used) in self._cache.items() if self._runs - used <= CACHE_AGE}
        if status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:  # only the fragment's widgets were drawn again
            seen = {i: w for i, w in self.widgets.items() if not w.fragment or w.fragment not in fragments} | seen
        self.widgets = seen
        self.values = {i: v for i, v in self.values.items() if i in seen}  # the browser drops gone widgets
        run = Run(time.perf_counter() - started, status, received, count, self.page_hash, texts, scripts, errors, kinds)
        self._page_requests(scripts)
        return run

    def _page_requests(self, scripts: list[str]) -> None:
        """Do what the page's own scripts ask of the browser: the POSTs to the app's session routes
        (trade a sign-in's one-time code for the HttpOnly session cookie; delete a dead one)."""
        for script in scripts:
            found = POST_PATTERN.search(script)
            if not found:
                continue
            path, headers = json.loads(found.group(1)), json.loads(found.group(2))
            request = urllib.request.Request(
                self.base_url + path,
                data=b"",
                method="POST",
                headers={
                    **headers,
                    "Cookie": self.cookie or "",
                    "Origin": self.origin,
                    "Sec-Fetch-Site": "same-origin",
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout, context=self._tls) as response:
                    self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            except urllib.error.HTTPError:
                pass  # refused (a code already traded): as the page's own fetch, nothing to do

    def _keep_cookies(self, set_cookies: list[str]) -> None:
        jar = {}
        for header in set_cookies:
            name, _, value = header.split(";", 1)[0].partition("=")
            attributes = [a.strip().lower() for a in header.split(";")[1:]]
            expired = "max-age=0" in attributes
            jar[name.strip()] = None if expired or not value else value
            if "secure" in attributes:
                self.secure_cookies.add(name.strip())
        known = dict(c.split("=", 1) for c in (self.cookie or "").split("; ") if "=" in c)
        kept = {k: v for k, v in (known | jar).items() if v is not None}
        self.cookie = "; ".join(f"{k}={v}" for k, v in kept.items()) or None

    def upload(self, key: str, name: str, data: bytes, mime: str = "text/csv") -> None:
        """Put a file into the file uploader with user key ``key`` as the browser does: ask the
        server for the file's URLs (a BackMsg), PUT the file there (with the XSRF token of the
        page's cookie), then hold the uploader's value for the next run."""
        widget = self.widget(key)
        request = BackMsg()
        request.file_urls_request.request_id = uuid.uuid4().hex
        request.file_urls_request.session_id = self.session_id
        request.file_urls_request.file_names.append(name)
        if self._socket is None:
            raise ProtocolError("not connected")
        self._socket.send_binary(request.SerializeToString())
        deadline = time.monotonic() + self.timeout
        while True:
            item = self._inbox.get(timeout=max(0.01, deadline - time.monotonic()))
            if isinstance(item, Exception):
                raise ProtocolError(f"connection lost: {item}") from item
            msg = ForwardMsg()
            msg.ParseFromString(item)
            if msg.WhichOneof("type") == "file_urls_response":
                if msg.file_urls_response.response_id == request.file_urls_request.request_id:
                    break
        response = msg.file_urls_response
        if response.error_msg:
            raise ProtocolError(f"upload refused: {response.error_msg}")
        urls = response.file_urls[0]
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: {mime}\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        cookies = dict(c.split("=", 1) for c in (self.cookie or "").split("; ") if "=" in c)
        put = urllib.request.Request(
            self.base_url + urls.upload_url,
            data=body,
            method="PUT",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Cookie": self.cookie or "",
                "X-Xsrftoken": cookies.get("_streamlit_xsrf", ""),
                "Origin": self.origin,
            },
        )
        with urllib.request.urlopen(put, timeout=self.timeout, context=self._tls) as answer:
            answer.read()
        state = WidgetState(id=widget.id)
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.file_id, info.name, info.size = urls.file_id, name, len(data)
        info.file_urls.CopyFrom(urls)
        self.values[widget.id] = state

    def _pages(self, app_pages) -> None:
        for page in app_pages:
            if page.url_pathname:
                self.pages[page.url_pathname] = page.page_script_hash

    # ---- widgets ---------------------------------------------------------------------------------
    def widget(self, key: str) -> Widget:
        """The widget drawn in the last run with user key ``key`` ("form:<id>": that form's submit
        button; "form:<id>#2": its second one)."""
        if key.startswith("form:"):
            form, _, nth = key[5:].partition("#")
            buttons = [
                w
                for w in self.widgets.values()
                if w.kind == "button" and w.proto.form_id == form and w.proto.is_form_submitter
            ]
            if len(buttons) < int(nth or 1):
                raise ProtocolError(f"no submit button {key} on the page")
            return buttons[int(nth or 1) - 1]
        for widget in self.widgets.values():
            if widget.key == key:
                return widget
        raise ProtocolError(f"no widget {key!r} on the page")

    def keys(self, prefix: str = "") -> list[str]:
        return [w.key for w in self.widgets.values() if w.key and w.key.startswith(prefix)]

    def has(self, key: str) -> bool:
        return any(w.key == key for w in self.widgets.values())
