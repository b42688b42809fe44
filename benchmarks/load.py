"""The load generator: logged-in clients on keep-alive connections, closed loop, no think time.

Standard library only (``http.client`` and threads), so that it measures the server and not a
client library. Each client is one user with their own session cookie, as in a browser; a
client sends its next request as soon as the previous answer has been read completely, so
20 clients keep 20 requests in flight for the whole phase.
"""

from __future__ import annotations

import hashlib
import hmac
import html.parser
import http.client
import random
import struct
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


class LoadError(RuntimeError):
    pass


# --- One client ---------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """One browser: a keep-alive connection to 127.0.0.1 and its cookies."""

    def __init__(self, host: str, port: int, username: str = "") -> None:
        self.host, self.port, self.username = host, port, username
        self.cookies: dict[str, str] = {}
        self._connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, fields: Sequence[tuple[str, str]] | None = None,
                ) -> Response:
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "da",
                   "User-Agent": "mentor-bench/1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(list(fields)).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            started = time.perf_counter()
            try:
                self._connection.request(method, path, body=body, headers=headers)
                raw = self._connection.getresponse()
                data = raw.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: open a new one once.
                self.close()
                if attempt == 2:
                    raise
                continue
            except Exception:
                self.close()
                raise
            seconds = time.perf_counter() - started
            if raw.will_close:
                self._connection.close()
                self._connection = None
            self._keep_cookies(raw.headers)
            return Response(raw.status, raw.headers, data, seconds)
        raise AssertionError("unreachable")

    def _keep_cookies(self, headers: http.client.HTTPMessage) -> None:
        for header in headers.get_all("Set-Cookie") or ():
            pair, _, attributes = header.partition(";")
            name, _, value = pair.strip().partition("=")
            expired = "max-age=0" in attributes.lower().replace(" ", "")
            if expired or value in ("", '""'):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: Sequence[tuple[str, str]]) -> Response:
        return self.request("POST", path, fields)

    def login(self, username: str, password: str, totp_key: bytes) -> None:
        """Signs in as a user does: the password, then the code from the authenticator app
        (computed from the demo users' published key, ``totp_key``)."""
        page = self.get("/login/")
        form = find_form(page.text, "password")
        form.set("username", username)
        form.set("password", password)
        answer = self.post("/login/", form.fields())
        if answer.status != 302 or "/login/" in answer.location:
            raise LoadError(f"Login as {username} failed (HTTP {answer.status}).")
        self._second_factor(username, self.get(answer.location), totp_key)
        self.username = username

    def _second_factor(self, username: str, answer: Response, totp_key: bytes) -> None:
        verify = "/account/two-factor/verify/"
        if answer.status != 302 or not answer.location.startswith(verify):
            if "/account/two-factor/" in answer.location:
                raise LoadError(f"{username} has no authenticator device: run seed_demo again.")
            return
        # A code is accepted once, and one step ahead: a second sign-in of the same user within
        # the same 30 seconds takes the next step's code, a third waits for the next step.
        for attempt in range(4):
            page = self.get(answer.location)
            form = find_form(page.text, "token")
            step = int(time.time()) // TOTP_STEP + attempt % 2
            form.set("token", totp_code(totp_key, step))
            result = self.post(verify, form.fields())
            if result.status == 302 and verify not in result.location:
                return
            time.sleep(2.0 if attempt % 2 == 0 else TOTP_STEP - time.time() % TOTP_STEP + 1)
        raise LoadError(f"The second factor for {username} was refused.")

    def same_session(self) -> Client:
        """Another client (its own connection) in this client's session: the same user in a
        second browser tab. A code from the authenticator app is accepted once, so twenty
        clients of one user sign in once and share the session."""
        other = Client(self.host, self.port)
        other.cookies = dict(self.cookies)
        other.username = self.username
        return other

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


TOTP_STEP = 30


def totp_code(key: bytes, step: int) -> str:
    """RFC 6238's time-based code (HMAC-SHA1, six digits) for time step ``step``."""
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


# --- Forms as a browser would submit them ----------------------------------------------------------


class Form:
    """The successful controls of one HTML form, in document order."""

    def __init__(self, action: str) -> None:
        self.action = action
        self._fields: list[tuple[str, str]] = []

    def add(self, name: str, value: str) -> None:
        self._fields.append((name, value))

    def names(self) -> set[str]:
        return {name for name, _ in self._fields}

    def get(self, name: str) -> str | None:
        return next((value for n, value in self._fields if n == name), None)

    def set(self, name: str, *values: str) -> None:
        """Replace every value of ``name`` (no value: leave it out, like an unticked box)."""
        kept = [(n, v) for n, v in self._fields if n != name]
        self._fields = kept + [(name, value) for value in values]

    def fields(self) -> list[tuple[str, str]]:
        return list(self._fields)

    def copy(self) -> Form:
        other = Form(self.action)
        other._fields = list(self._fields)
        return other


class _FormParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.options: dict[str, list[str]] = {}  # first option of each single select
        self._form: Form | None = None
        self._select: str | None = None
        self._select_multiple = False
        self._select_chosen = False
        self._first_option: str | None = None
        self._option: dict[str, str | None] | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._form = Form(a.get("action") or "")
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.add(name, a.get("value") or "on")
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self._form.add(name, a.get("value") or "")
        elif tag == "select" and name:
            self._select, self._select_multiple = name, "multiple" in a
            self._select_chosen, self._first_option = False, None
        elif tag == "option" and self._select is not None:
            self._option, self._option_text = a, ""
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data
        if self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None and self._select and self._form:
            value = self._option.get("value")
            value = self._option_text.strip() if value is None else value
            if self._first_option is None:
                self._first_option = value
            if "selected" in self._option:
                self._form.add(self._select, value)
                self._select_chosen = True
            self.options.setdefault(self._select, []).append(value)
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            if not self._select_chosen and not self._select_multiple and \
                    self._first_option is not None:
                self._form.add(self._select, self._first_option)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.add(self._textarea, self._text.lstrip("\n"))
            self._textarea = None
        elif tag == "form":
            self._form = None


def find_form(page: str, field_name: str) -> Form:
    """The form on ``page`` that has a control named ``field_name``."""
    parser = _FormParser()
    parser.feed(page)
    for form in parser.forms:
        if field_name in form.names():
            return form
    raise LoadError(f"No form with a field {field_name!r} on the page.")


def checkbox_values(page: str, name: str) -> list[str]:
    """The values of the checkboxes (or options) called ``name``, ticked or not."""
    values: list[str] = []

    class Boxes(html.parser.HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "input" and a.get("name") == name and a.get("value"):
                values.append(a["value"] or "")

    Boxes().feed(page)
    return values


# --- A phase: N clients for a fixed time ------------------------------------------------------------


@dataclass
class Sample:
    started: float
    seconds: float
    ok: bool
    label: str


@dataclass
class PhaseResult:
    name: str
    seconds: float
    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def labels(self) -> list[str]:
        return sorted({s.label for s in self.samples})


# One step of a client: does its requests and returns (label, response seconds, ok, error).
Step = Callable[[Client, random.Random], list[tuple[str, float, bool, str]]]


def run_phase(name: str, clients: Sequence[Client], step: Step, *, seconds: float,
              warmup: float) -> PhaseResult:
    """Every client runs ``step`` in a loop for ``warmup + seconds``; samples that start in
    the warm-up are not kept."""
    result = PhaseResult(name, seconds)
    lock = threading.Lock()
    began = time.perf_counter()
    measure_from = began + warmup
    stop_at = measure_from + seconds

    def loop(index: int, client: Client) -> None:
        rng = random.Random(f"{name}:{index}")  # noqa: S311 (seeded synthetic data)
        while (now := time.perf_counter()) < stop_at:
            try:
                outcomes = step(client, rng)
            except Exception as exc:  # every failure is an error of the phase
                outcomes = [(name, time.perf_counter() - now, False,
                             f"{type(exc).__name__}: {exc}")]
            if now < measure_from:
                continue
            with lock:
                for label, took, ok, error in outcomes:
                    result.samples.append(Sample(now, took, ok, label))
                    if not ok and len(result.errors) < 20:
                        result.errors.append(f"{client.username}: {error}")

    threads = [threading.Thread(target=loop, args=(i, c), daemon=True)
               for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0–100) of ``values``."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(samples: Sequence[Sample], seconds: float) -> dict[str, Any]:
    times = [s.seconds for s in samples]
    return {
        "requests": len(samples),
        "errors": sum(1 for s in samples if not s.ok),
        "rate": len(samples) / seconds if seconds else 0.0,
        "p50": percentile(times, 50), "p95": percentile(times, 95),
        "p99": percentile(times, 99), "max": max(times) if times else float("nan"),
    }


def signed_in(port: int, usernames: list[str], password: str, totp_key: bytes
              ) -> list[Client]:
    """A signed-in client per username (in order), a few sign-ins at a time (Argon2 is slow
    on purpose); each distinct user signs in once and its other clients share the session."""
    from concurrent.futures import ThreadPoolExecutor

    def one(username: str) -> Client:
        client = Client("127.0.0.1", port)
        client.login(username, password, totp_key)
        return client

    distinct = list(dict.fromkeys(usernames))
    with ThreadPoolExecutor(max_workers=4) as pool:
        first = dict(zip(distinct, pool.map(one, distinct), strict=True))
    clients: list[Client] = []
    for username in usernames:
        client = first.pop(username, None)
        clients.append(client if client is not None else
                       next(c for c in clients if c.username == username).same_session())
    return clients
