"""The benchmark behind ``make bench``: national-size data, production settings, gunicorn,
concurrent clients, and the numbers to beat. Writes ``benchmarks/RESULTS.md``; exits 1 when a
target is missed.

    bin/bench                         # the issue's run: 100,000 citizens, 20 clients, 30 s a page
    BENCH_CITIZENS=5000 BENCH_SECONDS=5 bin/bench      # a quick look

In one go:
1. Data. ``seed_demo --citizens N --bulk`` into a PostgreSQL database of its own, kept between
   runs (reseeded only when the generator changed, the size differs, or it is over a week
   old), and the same at 1,000 citizens. Each run works on a fresh copy of the large one
   (``CREATE DATABASE … TEMPLATE``), so that the writes of one run do not pile up in the next.
2. Production settings (``DJANGO_ENV=production``, throw-away secrets kept in ``var/bench/``
   so that the encrypted CPR numbers stay readable, DEBUG off, HTTPS redirect off because the
   load is plain HTTP on 127.0.0.1), ``collectstatic``, and gunicorn.
3. Load: for each page and write in turn, ``BENCH_CLIENTS`` clients (20) logged in as the
   right role, each on its own keep-alive connection, closed loop without think time, for
   ``BENCH_SECONDS`` after a short warm-up; p50/p95/p99 and errors per page. The floor page
   (the base layout and one query) gets the same load in slices alternating with the page's
   (``BENCH_ROUNDS`` rounds), and each page's p95 is also given as a multiple of that floor's
   p95: side by side, so that whatever else the machine does weighs on both alike.
4. Queries per page at 1,000 and at N citizens (Django's test client, inside a transaction
   that is rolled back), rules decisions per second (``bench_rules.py``), the agreement PDF
   median (``bench_pdf.py``), and the follow-up sweep over all open courses.

Environment: ``DATABASE_URL`` (default postgres://postgres@127.0.0.1:5432/mentor_bench; the
databases are named after it), ``BENCH_CITIZENS`` (100000), ``BENCH_SECONDS`` (30),
``BENCH_CLIENTS`` (20), ``BENCH_WARMUP`` (5), ``BENCH_WORKERS`` (CPUs + 1),
``BENCH_THREADS`` (1: sync workers), ``BENCH_ALONE`` (5 s of one client per page first),
``BENCH_FLOOR_SECONDS`` (half of BENCH_SECONDS: the floor's time beside each page),
``BENCH_ROUNDS`` (3: alternating slices of page and floor),
``BENCH_PAGES`` (a comma-separated subset, for a look),
``BENCH_RESULTS`` (benchmarks/RESULTS.md), ``REDIS_URL`` (redis://127.0.0.1:6379/7 if Redis
answers; cache and broker as in production).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import load  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
VAR = ROOT / "var" / "bench"
SMALL = 1_000
DEMO_PASSWORD = "Demo-2026!"  # noqa: S105 (the demo's published password, for synthetic users only)
# The demo users' published authenticator key (mentor/seed/organisation.py, DEMO_TOTP_KEY).
DEMO_TOTP_KEY = bytes.fromhex("4d656e746f7273746f7474652d64656d6f2d3230")
# What the seed depends on: a change here means the cached database is stale. The generators'
# package as a whole: the bulk run starts with the hand-made demo's parts.
SEED_SOURCES = ("mentor/seed", "mentor/management/commands/seed_demo.py")
RESEED_AFTER_DAYS = 7


# --- Targets (issue 16) --------------------------------------------------------------------------
# Absolute times differ twofold between machines of one kind, so the load targets are multiples
# of the floor page's p95 measured in the same run; one absolute bound is what a person feels.

ALONE_P50 = 0.050  # every page, one client alone
PAGE_FLOOR_MULTIPLE = 6.0  # list and detail pages, 20 clients
HEAVY_FLOOR_MULTIPLE = 10.0  # dashboard, referral form, the writes, 20 clients
SWEEP_SECONDS = 60.0
RULES_PER_SECOND = 20_000
PDF_MEDIAN = 0.5


@dataclass
class PageSpec:
    name: str
    label: str
    kind: str  # "floor", "page" (list/detail), "heavy" (dashboard, form, writes)


PAGES = (
    PageSpec("floor", "Floor: base layout, one query", "floor"),
    PageSpec("citizen_list", "Citizen list with search (caseworker)", "page"),
    PageSpec("citizen_detail", "Citizen page (caseworker)", "page"),
    PageSpec("approval_queue", "Team leader's queue", "page"),
    PageSpec("mentor_workspace", "Mentor workspace", "page"),
    PageSpec("dashboard", "Manager dashboard", "heavy"),
    PageSpec("journal_entry_add", "Write: journal entry (POST)", "heavy"),
    PageSpec("referral_form", "Referral form (GET before the submit)", "heavy"),
    PageSpec("referral_submit", "Write: referral submit (POST)", "heavy"),
)


@dataclass
class Config:
    citizens: int
    seconds: float
    clients: int
    warmup: float
    workers: int
    threads: int
    alone: float
    floor_seconds: float
    rounds: int
    pages: frozenset[str] | None
    results: Path
    database_url: str
    redis_url: str

    @classmethod
    def from_env(cls) -> Config:
        cpus = os.cpu_count() or 1
        return cls(
            citizens=int(os.environ.get("BENCH_CITIZENS", "100000")),
            seconds=float(os.environ.get("BENCH_SECONDS", "30")),
            clients=int(os.environ.get("BENCH_CLIENTS", "20")),
            warmup=float(os.environ.get("BENCH_WARMUP", "5")),
            workers=int(os.environ.get("BENCH_WORKERS", str(cpus + 1))),
            threads=int(os.environ.get("BENCH_THREADS", "1")),
            alone=float(os.environ.get("BENCH_ALONE", "5")),
            rounds=int(os.environ.get("BENCH_ROUNDS", "3")),
            floor_seconds=float(os.environ.get("BENCH_FLOOR_SECONDS",
                                               str(float(os.environ.get("BENCH_SECONDS",
                                                                        "30")) / 2))),
            pages=(frozenset(os.environ["BENCH_PAGES"].split(","))
                   if os.environ.get("BENCH_PAGES") else None),
            results=Path(os.environ.get("BENCH_RESULTS", ROOT / "benchmarks" / "RESULTS.md")),
            database_url=os.environ.get(
                "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentor_bench"),
            redis_url=os.environ.get("REDIS_URL", "") or _local_redis(),
        )

    def db_url(self, name: str) -> str:
        parts = urllib.parse.urlsplit(self.database_url)
        return urllib.parse.urlunsplit(parts._replace(path="/" + name))

    @property
    def base_name(self) -> str:
        return urllib.parse.urlsplit(self.database_url).path.lstrip("/") or "mentor_bench"

    def seed_name(self, citizens: int) -> str:
        return self.base_name if citizens == 100_000 else f"{self.base_name}_{citizens}"


def _local_redis() -> str:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return "redis://127.0.0.1:6379/7"
    except OSError:
        pass
    return ""


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- Environment ---------------------------------------------------------------------------------


def bench_secrets() -> dict[str, str]:
    """Throw-away production secrets, generated once: the seeded CPR numbers are encrypted and
    hashed with them, so they must stay the same from run to run."""
    VAR.mkdir(parents=True, exist_ok=True)
    path = VAR / "secrets.json"
    if not path.exists():
        path.write_text(json.dumps({
            "SECRET_KEY": secrets.token_urlsafe(50),
            "CPR_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "CPR_HASH_KEY": secrets.token_urlsafe(32),
        }))
        path.chmod(0o600)
    data: dict[str, str] = json.loads(path.read_text())
    return data


def bench_env(config: Config, database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("TESTING", "DEBUG", "CELERY_TASK_ALWAYS_EAGER")}
    env.update(bench_secrets())
    env.update({
        "DJANGO_ENV": "production", "DEBUG": "0", "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,testserver", "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": config.db_url(database), "VAR_DIR": str(VAR),
        "STATIC_ROOT": str(VAR / "staticfiles"), "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "REDIS_URL": config.redis_url, "PYTHONPATH": str(ROOT),
    })
    if not config.redis_url:
        env.pop("REDIS_URL")
    return env


def manage(config: Config, database: str, *args: str, capture: bool = False) -> str:
    completed = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=bench_env(config, database),  # noqa: S603 (our interpreter, no shell)
                               check=True, text=True,
                               stdout=subprocess.PIPE if capture else None)
    return completed.stdout or ""


def python_module(config: Config, database: str, module: str, *args: str) -> Any:
    completed = subprocess.run([PY, "-m", module, *args], cwd=ROOT,  # noqa: S603 (our interpreter, no shell)
                               env=bench_env(config, database), check=True, text=True,
                               stdout=subprocess.PIPE)
    return json.loads(completed.stdout)


# --- Databases -----------------------------------------------------------------------------------


def admin_connection(config: Config) -> Any:
    import psycopg

    return psycopg.connect(config.db_url("postgres"), autocommit=True)


def database_comment(config: Config, name: str) -> dict[str, Any] | None:
    with admin_connection(config) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name]).fetchone()
    if row is None or not row[0]:
        return None
    try:
        data: dict[str, Any] = json.loads(row[0])
    except ValueError:
        return None
    return data


def seed_fingerprint() -> str:
    digest = hashlib.sha256()
    for source in SEED_SOURCES:
        path = ROOT / source
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def ensure_seeded(config: Config, citizens: int) -> dict[str, Any]:
    """The seeded database for ``citizens``, reused when it is current."""
    name = config.seed_name(citizens)
    marker = database_comment(config, name)
    today = datetime.date.today()  # noqa: DTZ011 - the machine's date, as the seed's
    fresh = (marker is not None and marker.get("citizens") == citizens
             and marker.get("fingerprint") == seed_fingerprint()
             and (today - datetime.date.fromisoformat(marker["date"])).days <= RESEED_AFTER_DAYS)
    if marker is not None and fresh:
        say(f"{name}: reusing {citizens:,} citizens seeded {marker['date']} "
            f"in {marker['seconds']:,.0f} s")
        manage(config, name, "migrate", "--noinput", "-v0")
        analyse(config, name)
        return marker
    say(f"{name}: seeding {citizens:,} citizens (seed_demo --bulk)")
    with admin_connection(config) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    manage(config, name, "migrate", "--noinput", "-v0")
    started = time.perf_counter()
    manage(config, name, "seed_demo", "--citizens", str(citizens), "--bulk")
    seconds = time.perf_counter() - started
    marker = {"citizens": citizens, "fingerprint": seed_fingerprint(),
              "date": today.isoformat(), "seconds": round(seconds, 1)}
    with admin_connection(config) as conn:
        literal = json.dumps(marker).replace("'", "''")
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{literal}'")
    say(f"{name}: seeded in {seconds:,.0f} s")
    analyse(config, name)
    return marker


def analyse(config: Config, name: str) -> None:
    """Planner statistics for every table (the bulk seed analyses only the tables it loads;
    users, catalogues and the like would otherwise be planned on empty-table estimates, which
    put sequential scans of the users into list queries). The run's copy inherits them."""
    import psycopg

    with psycopg.connect(config.db_url(name), autocommit=True) as conn:
        conn.execute("ANALYZE")


def fresh_copy(config: Config, template: str) -> str:
    """A copy of the seeded database for this run (file copy: seconds, not a reload)."""
    name = f"{config.base_name}_run"
    with admin_connection(config) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = %s AND pid <> pg_backend_pid()", [template])
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    return name


def table_counts(config: Config, database: str) -> dict[str, int]:
    import psycopg

    tables = {"citizens": "mentor_citizen", "referrals": "visitation_referral",
              "courses": "visitation_course", "periods": "visitation_courseperiod",
              "reviews": "visitation_review", "journal entries": "visitation_journalentry",
              "contact intervals": "visitation_contactinterval",
              "cost lines": "reporting_costline", "users": "mentor_user"}
    with psycopg.connect(config.db_url(database)) as conn:
        counts = {label: _one(conn, f'SELECT count(*) FROM "{table}"')  # noqa: S608 (table names from code)
                  for label, table in tables.items()}
        counts["open courses"] = _one(
            conn, "SELECT count(*) FROM visitation_course WHERE status <> 'ended'")
        size = _one(conn, "SELECT pg_database_size(current_database())")
    counts["database size (MB)"] = size // 2**20
    return counts


def _one(conn: Any, sql: str) -> Any:
    row = conn.execute(sql).fetchone()
    if row is None:
        raise RuntimeError(f"No row from {sql}")
    return row[0]


def collectstatic(config: Config, database: str) -> None:
    """``collectstatic`` (hashed and compressed by WhiteNoise, as in production), skipped
    when nothing it reads has changed since the last run."""
    digest = hashlib.sha256((ROOT / "requirements.lock").read_bytes())
    for path in sorted((ROOT / "static").rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    stamp = VAR / "staticfiles" / ".bench-fingerprint"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    say("collectstatic")
    manage(config, database, "collectstatic", "--noinput", "-v0")
    stamp.write_text(digest.hexdigest())


class CpuMeter:
    """How much of the machine's busy CPU time the benchmark itself used while measuring:
    gunicorn and its workers, the PostgreSQL backends of the run's database, and this
    process (the clients). The rest is whatever else ran on the machine at the same time.
    Sampled every second, so that database connections that come and go are counted."""

    def __init__(self, config: Config, database: str, server_pid: int) -> None:
        import threading

        self.config, self.database, self.server_pid = config, database, server_pid
        self._seen: dict[int, tuple[float, float]] = {}  # pid -> (first, last) CPU seconds
        self._busy_start = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_loop, daemon=True)

    @staticmethod
    def _busy() -> float:
        with open("/proc/stat") as stat:
            fields = [float(x) for x in stat.readline().split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return sum(fields[:8]) - idle

    @staticmethod
    def _process(pid: int) -> float | None:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            return float(fields[11]) + float(fields[12])  # utime + stime, in ticks
        except (OSError, IndexError, ValueError):
            return None

    def _pids(self, conn: Any) -> set[int]:
        pids = {os.getpid(), self.server_pid}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                if ppid == self.server_pid:
                    pids.add(int(entry.name))
        pids |= {row[0] for row in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database])}
        return pids

    def _sample(self, conn: Any, first: bool) -> None:
        for pid in self._pids(conn):
            ticks = self._process(pid)
            if ticks is None:
                continue
            if pid in self._seen:
                self._seen[pid] = (self._seen[pid][0], ticks)
            else:  # a process that started since the first sample counts from zero
                self._seen[pid] = (ticks if first else 0.0, ticks)

    def _sample_loop(self) -> None:
        import psycopg

        with psycopg.connect(self.config.db_url("postgres"), autocommit=True) as conn:
            self._sample(conn, first=True)
            self._busy_start = self._busy()
            while not self._stop.wait(1.0):
                self._sample(conn, first=False)
            self._sample(conn, first=False)

    def start(self) -> None:
        self._thread.start()

    def share(self) -> float | None:
        self._stop.set()
        self._thread.join()
        busy = self._busy() - self._busy_start
        ours = sum(last - first for first, last in self._seen.values())
        return ours / busy if busy > 0 else None


# --- The server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    def __init__(self, config: Config, database: str) -> None:
        self.port = free_port()
        log = open(ROOT / "benchmarks" / "gunicorn.log", "w")  # noqa: SIM115 - closed in stop
        self._log = log
        self.process = subprocess.Popen(  # noqa: S603 (our interpreter, no shell)
            [GUNICORN, "mentor.wsgi", "--workers", str(config.workers), "--worker-class",
             "sync" if config.threads == 1 else "gthread", "--threads", str(config.threads),
             "--bind", f"127.0.0.1:{self.port}", "--backlog", "256",
             "--timeout", "60", "--graceful-timeout", "5"],
            cwd=ROOT, env=bench_env(config, database), stdout=log, stderr=log)

    def wait_ready(self) -> None:
        client = load.Client("127.0.0.1", self.port)
        for _ in range(120):
            try:
                if client.get("/health/").status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise load.LoadError("gunicorn stopped; see benchmarks/gunicorn.log")
            time.sleep(0.5)
        raise load.LoadError("gunicorn did not answer /health/ in 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


# --- The load ------------------------------------------------------------------------------------


def logged_in(port: int, usernames: list[str]) -> list[load.Client]:
    return load.signed_in(port, usernames, DEMO_PASSWORD, DEMO_TOTP_KEY)


def get_step(name: str, urls_of: Callable[[int], list[str]],
             expect: Callable[[load.Response], str | None] | None = None) -> load.Step:
    """A step that opens the next of the client's URLs; a page must answer 200."""
    counters: dict[int, int] = {}

    def step(client: load.Client, rng: Any) -> list[tuple[str, float, bool, str]]:
        key = id(client)
        urls = urls_of(key)
        index = counters.get(key, rng.randrange(len(urls)))
        counters[key] = index + 1
        url = urls[index % len(urls)]
        response = client.get(url)
        problem = None if response.status == 200 else f"HTTP {response.status} for {url}"
        if problem is None and expect is not None:
            problem = expect(response)
        return [(name, response.seconds, problem is None, problem or "")]

    return step


def journal_step(forms: dict[int, load.Form], urls: dict[int, list[str]],
                 today: str) -> load.Step:
    counters: dict[int, int] = {}

    def step(client: load.Client, rng: Any) -> list[tuple[str, float, bool, str]]:
        key = id(client)
        index = counters.get(key, 0)
        counters[key] = index + 1
        url = urls[key][index % len(urls[key])]
        form = forms[key].copy()
        form.set("contact_date", today)
        form.set("form", "meeting")
        form.set("duration_minutes", str(rng.choice((30, 45, 60))))
        form.set("phase", "course")
        form.set("note", f"Bench {index}: samtale om ugens aftaler og mødestabilitet.")
        response = client.post(url, form.fields())
        ok = response.status == 302
        problem = "" if ok else f"HTTP {response.status} for POST {url}" + _form_error(response)
        return [("journal_entry_add", response.seconds, ok, problem)]

    return step


def referral_forms(clients: list[load.Client],
                   urls: dict[int, list[str]]) -> dict[tuple[int, str], list[tuple[str, str]]]:
    """What each client will submit for each of its referral URLs, read from the form before
    the load. Parsing a page as large as the referral form with ``html.parser`` costs the
    client about as much CPU as the server spends answering it; done during the load, on the
    same two cores, it took a fifth of the machine from the server it is measuring. The form
    for a citizen does not change when a referral is submitted (the facts are the citizen's
    own), so parsing it once per URL beforehand submits exactly what a browser would."""
    from concurrent.futures import ThreadPoolExecutor

    from benchmarks.querycount import referral_fields

    def one(client: load.Client) -> dict[tuple[int, str], list[tuple[str, str]]]:
        forms = {}
        for url in urls[id(client)]:
            page = client.get(url)
            if page.status != 200:
                raise load.LoadError(f"HTTP {page.status} for {url}")
            forms[(id(client), url)] = [(name, value) for name, values
                                        in referral_fields(page.text).items()
                                        for value in values]
        return forms

    prepared: dict[tuple[int, str], list[tuple[str, str]]] = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for forms in pool.map(one, clients):
            prepared.update(forms)
    return prepared


def referral_step(urls: dict[int, list[str]],
                  forms: dict[tuple[int, str], list[tuple[str, str]]]) -> load.Step:
    """GET the referral form (timed, and checked to be the form), then POST it with *Indsend*:
    the fields as the form shows them (``referral_forms``)."""
    counters: dict[int, int] = {}

    def step(client: load.Client, rng: Any) -> list[tuple[str, float, bool, str]]:
        key = id(client)
        index = counters.get(key, 0)
        counters[key] = index + 1
        url = urls[key][index % len(urls[key])]
        page = client.get(url)
        if page.status != 200 or b'name="grounds_text"' not in page.body:
            return [("referral_form", page.seconds, False,
                     f"HTTP {page.status} for {url}, not the referral form")]
        response = client.post(url, forms[(key, url)])
        ok = response.status == 302 and "/edit/" not in response.location
        problem = "" if ok else (f"HTTP {response.status} to {response.location or url}"
                                 + _form_error(response))
        return [("referral_form", page.seconds, True, ""),
                ("referral_submit", response.seconds, ok, problem)]

    return step


def _form_error(response: load.Response) -> str:
    found = re.findall(r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>\s*([^<]{1,160})',
                       response.text)
    return (": " + " | ".join(s.strip() for s in found[:3])) if found else ""


def run_load(config: Config, port: int, scenario: dict[str, Any]) -> dict[str, dict[str, Any]]:
    say("logging in the clients")
    case = scenario["caseworkers"]
    caseworkers = logged_in(port, [c["username"] for c in case])
    leaders = logged_in(port, [c["username"] for c in scenario["team_leaders"]])
    mentors = logged_in(port, [c["username"] for c in scenario["mentors"]])
    managers = logged_in(port, [c["username"] for c in scenario["managers"]])
    by_client = {id(client): data for client, data in zip(caseworkers, case, strict=True)}
    by_client.update({id(c): d for c, d in zip(leaders, scenario["team_leaders"], strict=True)})
    by_client.update({id(c): d for c, d in zip(mentors, scenario["mentors"], strict=True)})
    by_client.update({id(c): d for c, d in zip(managers, scenario["managers"], strict=True)})

    def urls(key: str) -> Callable[[int], list[str]]:
        return lambda client_id: by_client[client_id][key]

    def not_login(response: load.Response) -> str | None:
        return "the login page" if 'name="password"' in response.text else None

    floor, workspace = scenario["floor"], scenario["mentor_workspace"]
    journal_forms = {}
    for client in mentors:
        first = by_client[id(client)]["journal"][0]
        journal_forms[id(client)] = load.find_form(client.get(first).text, "note")
    referral_urls = {id(c): by_client[id(c)]["referral"] for c in caseworkers}
    referral_prepared: dict[tuple[int, str], list[tuple[str, str]]] = {}
    if config.pages is None or "referral_submit" in config.pages:
        say("reading the referral forms the clients will submit")
        referral_prepared = referral_forms(caseworkers, referral_urls)
    phases: list[tuple[str, list[load.Client], load.Step]] = [
        ("floor", caseworkers, get_step("floor", lambda _c: [floor], not_login)),
        ("citizen_list", caseworkers, get_step("citizen_list", urls("search"), not_login)),
        ("citizen_detail", caseworkers, get_step("citizen_detail", urls("detail"), not_login)),
        ("approval_queue", leaders, get_step("approval_queue", urls("queue"), not_login)),
        ("mentor_workspace", mentors,
         get_step("mentor_workspace", lambda _c: [workspace], not_login)),
        ("dashboard", managers, get_step("dashboard", urls("dashboard"), not_login)),
        ("journal_entry_add", mentors, journal_step(
            journal_forms, {id(c): by_client[id(c)]["journal"] for c in mentors},
            scenario["today"])),
        ("referral_submit", caseworkers, referral_step(referral_urls, referral_prepared)),
    ]
    results: dict[str, dict[str, Any]] = {}
    floor_phase = phases[0]
    floor_samples: list[load.Sample] = []
    floor_alone: list[float] = []
    floor_runs = 0
    for name, clients, step in phases[1:]:
        if config.pages is not None and name not in config.pages:
            continue
        if name == "dashboard":
            # The figures are cached per filter (docs/caching.md): the day's first visitor of
            # a filter computes them. Each filter is opened once here, reported as the cold
            # cost, so that the phases below measure what everyone after that first visitor
            # waits for.
            first = clients[0]
            cold = [first.get(url).seconds for url in dict.fromkeys(urls("dashboard")(id(first)))]
            say(f"  dashboard: first visits of {len(cold)} filters (figures computed), "
                f"median {load.percentile(cold, 50) * 1000:.0f} ms, "
                f"max {max(cold) * 1000:.0f} ms")
        # One client alone: what the page (and the floor) cost without waiting for others.
        alone_floor = load.run_phase("floor", floor_phase[1][:1], floor_phase[2],
                                     seconds=min(2.0, config.alone), warmup=0.5)
        floor_alone += [s.seconds for s in alone_floor.samples]
        alone = load.run_phase(name, clients[:1], step, seconds=config.alone, warmup=1.0)
        # Then the page and the floor under the same load, in alternating slices, so that
        # whatever else the machine does at the time weighs on both alike.
        say(f"load: {name} and the floor, {len(clients)} clients, {config.rounds} rounds of "
            f"{config.seconds / config.rounds:.0f} s and {config.floor_seconds / config.rounds:.0f} s")
        page_samples: list[load.Sample] = []
        paired: list[load.Sample] = []
        errors: list[str] = []
        for round_number in range(config.rounds):
            warmup = config.warmup if round_number == 0 else 1.0
            floor_part = load.run_phase("floor", floor_phase[1], floor_phase[2],
                                        seconds=config.floor_seconds / config.rounds,
                                        warmup=warmup)
            page_part = load.run_phase(name, clients, step,
                                       seconds=config.seconds / config.rounds, warmup=1.0)
            paired += floor_part.samples
            page_samples += page_part.samples
            errors += page_part.errors + floor_part.errors
        floor_samples += paired
        floor_runs += 1
        floor_p95 = load.percentile([s.seconds for s in paired], 95)
        for label in sorted({s.label for s in page_samples}):
            samples = [s for s in page_samples if s.label == label]
            results[label] = load.summary(samples, config.seconds)
            results[label]["alone"] = load.percentile(
                [s.seconds for s in alone.samples if s.label == label], 50)
            results[label]["floor_p95"] = floor_p95
            results[label]["error_examples"] = errors[:5]
            r = results[label]
            say(f"  {label}: alone {r['alone'] * 1000:.0f} ms; {r['requests']} requests, "
                f"p50 {r['p50'] * 1000:.0f} ms, p95 {r['p95'] * 1000:.0f} ms, "
                f"p99 {r['p99'] * 1000:.0f} ms, {r['errors']} errors; "
                f"floor p95 {floor_p95 * 1000:.0f} ms")
    if floor_samples:
        results["floor"] = load.summary(floor_samples, config.floor_seconds * floor_runs)
        results["floor"]["alone"] = load.percentile(floor_alone, 50)
        results["floor"]["floor_p95"] = results["floor"]["p95"]
        results["floor"]["error_examples"] = []
    for client in caseworkers + leaders + mentors + managers:
        client.close()
    return results


# --- The other figures ----------------------------------------------------------------------------


def rules_rate() -> tuple[float | None, str]:
    out = subprocess.run([PY, "benchmarks/bench_rules.py"], cwd=ROOT, text=True,  # noqa: S603 (our interpreter, no shell)
                         capture_output=True).stdout
    found = re.search(r"^evaluate\s+([\d,]+) decisions/s", out, re.M)
    return (float(found.group(1).replace(",", "")) if found else None), out


def pdf_median(config: Config) -> tuple[float | None, str]:
    if not (ROOT / "benchmarks" / "bench_pdf.py").exists():
        return None, "benchmarks/bench_pdf.py is not there"
    env = bench_env(config, config.seed_name(SMALL))
    out = subprocess.run([PY, "benchmarks/bench_pdf.py"], cwd=ROOT, text=True, env=env,  # noqa: S603 (our interpreter, no shell)
                         capture_output=True).stdout
    found = re.search(r"^median render\s+([\d.]+) s", out, re.M)
    return (float(found.group(1)) if found else None), out


# --- Report ---------------------------------------------------------------------------------------


@dataclass
class Verdict:
    what: str
    value: str
    target: str
    met: bool


@dataclass
class Report:
    config: Config
    started: datetime.datetime
    machine: dict[str, str] = field(default_factory=dict)
    data: dict[str, int] = field(default_factory=dict)
    small_data: dict[str, int] = field(default_factory=dict)
    seed: dict[str, Any] = field(default_factory=dict)
    load: dict[str, dict[str, Any]] = field(default_factory=dict)
    queries_small: dict[str, int] = field(default_factory=dict)
    queries_large: dict[str, int] = field(default_factory=dict)
    rules: float | None = None
    pdf: float | None = None
    sweep: dict[str, Any] = field(default_factory=dict)
    verdicts: list[Verdict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def judge(self) -> None:
        v = self.verdicts
        for spec in PAGES:
            r = self.load.get(spec.name)
            if spec.kind == "floor":
                continue
            if r is None:
                v.append(Verdict(spec.label, "not measured", "measured", False))
                continue
            alone = r.get("alone")
            v.append(Verdict(f"{spec.label}: p50 alone", ms(alone) if alone else "—", "≤ 50 ms",
                             alone is not None and alone <= ALONE_P50))
            floor, p95 = r.get("floor_p95"), r["p95"]
            multiple = PAGE_FLOOR_MULTIPLE if spec.kind == "page" else HEAVY_FLOOR_MULTIPLE
            v.append(Verdict(f"{spec.label}: p95 / floor p95",
                             f"{p95 / floor:.1f}×" if floor else "—", f"≤ {multiple:.0f}×",
                             floor is not None and floor != 0 and p95 <= multiple * floor))
        errors = sum(r["errors"] for r in self.load.values())
        v.append(Verdict("Errors under load", str(errors), "0", errors == 0 and bool(self.load)))
        for name in sorted(set(self.queries_small) | set(self.queries_large)):
            small, large = self.queries_small.get(name), self.queries_large.get(name)
            v.append(Verdict(f"Queries: {name}", f"{small} / {large}", "same at both sizes",
                             small is not None and small == large))
        v.append(Verdict("Rules decisions per second", _num(self.rules), "≥ 20,000",
                         self.rules is not None and self.rules >= RULES_PER_SECOND))
        v.append(Verdict("Agreement PDF median", "—" if self.pdf is None else f"{self.pdf:.3f} s",
                         "≤ 0.5 s", self.pdf is not None and self.pdf <= PDF_MEDIAN))
        seconds = self.sweep.get("seconds")
        v.append(Verdict("Follow-up sweep over all open courses",
                         "—" if seconds is None else f"{seconds:.1f} s", "≤ 60 s",
                         seconds is not None and seconds <= SWEEP_SECONDS))

    @property
    def passed(self) -> bool:
        return all(v.met for v in self.verdicts)

    def markdown(self) -> str:
        c = self.config
        lines = ["# Benchmark results", "",
                 "Written by `make bench` (`benchmarks/run.py`); the targets are issue 16's. "
                 "Run it again to refresh this file.", "",
                 f"**Verdict: {'all targets met' if self.passed else 'targets missed'}** "
                 f"({sum(v.met for v in self.verdicts)} of {len(self.verdicts)} met).", "",
                 "## Machine", "", "| | |", "| --- | --- |"]
        lines += [f"| {k} | {v} |" for k, v in self.machine.items()]
        lines += ["", "## Set-up", "", "| | |", "| --- | --- |",
                  f"| citizens | {c.citizens:,} (query counts also at {SMALL:,}) |",
                  f"| clients | {c.clients} concurrent, closed loop, no think time, one "
                  f"keep-alive connection and session each |",
                  f"| time per page | {c.warmup:.0f} s warm-up + {c.seconds:.0f} s measured in "
                  f"{c.rounds} slices, one page at a time, the floor in between |",
                  f"| server | gunicorn, {c.workers} sync workers (CPUs + 1: the app is "
                  f"CPU-bound Python and PostgreSQL shares the CPUs, so more processes "
                  f"only take turns; the extra one covers the waits on PostgreSQL — see "
                  f"benchmarks/README.md), production settings, WhiteNoise, persistent "
                  f"database connections |",
                  f"| cache and broker | {c.redis_url or 'local memory / filesystem'} |",
                  f"| data | seeded {self.seed.get('date', '?')} by `seed_demo --citizens "
                  f"{c.citizens} --bulk` in {self.seed.get('seconds', 0):,.0f} s; "
                  f"a fresh copy per run |", ""]
        lines += ["| table | rows |", "| --- | ---: |"]
        lines += [f"| {k} | {v:,} |" for k, v in self.data.items()]
        lines += ["", "## Pages under load", "",
                  "| page | alone p50 | requests | req/s | p50 | p95 | p99 | max | errors | "
                  "p95 / floor | target |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        targets = {"floor": "—", "page": "alone p50 ≤ 50 ms, p95 ≤ 6× floor",
                   "heavy": "alone p50 ≤ 50 ms, p95 ≤ 10× floor"}
        for spec in PAGES:
            r = self.load.get(spec.name)
            if r is None:
                lines.append(f"| {spec.label} | not measured | | | | | | | | | "
                             f"{targets[spec.kind]} |")
                continue
            floor = r.get("floor_p95")
            ratio = (f"{r['p95'] / floor:.1f}× of {ms(floor)}" if floor and spec.kind != "floor"
                     else "—")
            lines.append(f"| {spec.label} | {ms(r['alone'])} | {r['requests']:,} | {r['rate']:.0f} | "
                         f"{ms(r['p50'])} | {ms(r['p95'])} | {ms(r['p99'])} | {ms(r['max'])} | "
                         f"{r['errors']} | {ratio} | {targets[spec.kind]} |")
        lines += ["", f"*alone p50*: one client by itself for {c.alone:.0f} s first, i.e. what the "
                  f"page costs without queueing; the rest is {c.clients} clients at once. "
                  f"*p95 / floor*: against the floor page under the same load, measured in "
                  f"{c.rounds} slices alternating with the page's ({c.floor_seconds:.0f} s in "
                  f"all beside each page); the floor row sums those runs.", "",
                  "## Queries per page", "",
                  f"| page | {SMALL:,} citizens | {c.citizens:,} citizens |",
                  "| --- | ---: | ---: |"]
        for name in sorted(set(self.queries_small) | set(self.queries_large)):
            lines.append(f"| {name} | {self.queries_small.get(name, '—')} | "
                         f"{self.queries_large.get(name, '—')} |")
        sweep = self.sweep
        lines += ["", "## Other figures", "", "| | |", "| --- | --- |",
                  f"| rules (`bench_rules.py`, evaluate) | {_num(self.rules)} decisions/s |",
                  f"| agreement PDF (`bench_pdf.py`) | median "
                  f"{'—' if self.pdf is None else f'{self.pdf:.3f} s'} |"]
        if sweep:
            lines.append(f"| follow-up sweep, inline, over {sweep.get('open_courses', 0):,} open "
                         f"courses | {sweep.get('seconds', 0):.1f} s "
                         f"({sweep.get('work', '')}); again at once: "
                         f"{sweep.get('again_seconds', 0):.1f} s |")
        lines += ["", "## Verdicts", "", "| what | measured | target | met |",
                  "| --- | --- | --- | --- |"]
        lines += [f"| {v.what} | {v.value} | {v.target} | {'yes' if v.met else '**no**'} |"
                  for v in self.verdicts]
        errors: dict[str, list[str]] = {name: r["error_examples"] for name, r in self.load.items()
                                        if r.get("error_examples")}
        if errors:
            lines += ["", "## Errors (first examples)", ""]
            for name, examples in errors.items():
                lines += [f"- {name}: {e}" for e in examples]
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def machine_info(config: Config, database: str) -> dict[str, str]:
    import psycopg

    cpu = "?"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as info:
        kib = int(next(line for line in info if line.startswith("MemTotal")).split()[1])
    with psycopg.connect(config.db_url(database)) as conn:
        postgres = _one(conn, "SHOW server_version")
        buffers = _one(conn, "SHOW shared_buffers")
    versions = subprocess.run(  # noqa: S603 (our interpreter, no shell)
        [PY, "-c", "import django, gunicorn, platform; print(platform.python_version(), "
                   "django.get_version(), gunicorn.__version__)"],
        text=True, capture_output=True, check=True).stdout.split()
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "CPUs (nproc)": str(os.cpu_count()), "CPU model": cpu,
        "memory": f"{kib / 2**20:.1f} GiB", "OS": platform.platform(),
        "Python": versions[0], "Django": versions[1], "gunicorn": versions[2],
        "PostgreSQL": f"{postgres} (shared_buffers {buffers}, same machine)",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# --- Main -----------------------------------------------------------------------------------------


def main() -> int:
    config = Config.from_env()
    report = Report(config, datetime.datetime.now().astimezone())
    say(f"{config.citizens:,} citizens, {config.clients} clients, {config.seconds:.0f} s per "
        f"page, {config.workers} gunicorn workers")
    report.seed = ensure_seeded(config, config.citizens)
    small_name = config.seed_name(SMALL)
    if config.citizens != SMALL:
        ensure_seeded(config, SMALL)
    run_db = fresh_copy(config, config.seed_name(config.citizens))
    report.machine = machine_info(config, run_db)
    report.data = table_counts(config, run_db)
    collectstatic(config, run_db)
    if config.redis_url:
        _flush_redis(config.redis_url)

    server = Server(config, run_db)
    try:
        server.wait_ready()
        say("choosing clients and pages")
        scenario = python_module(config, run_db, "benchmarks.scenario", "--clients",
                                 str(config.clients))
        meter = CpuMeter(config, run_db, server.process.pid)
        meter.start()
        report.load = run_load(config, server.port, scenario)
        share = meter.share()
    finally:
        server.stop()
    if share is not None:
        report.machine["the benchmark's share of the busy CPU during the load"] = (
            f"{share:.0%} (gunicorn, its PostgreSQL backends and the clients; the rest ran "
            f"beside it)")
    report.machine["load average at the end of the load"] = " ".join(
        f"{x:.2f}" for x in os.getloadavg())

    say("queries per page")
    report.queries_small = python_module(config, small_name, "benchmarks.querycount")
    report.queries_large = python_module(config, run_db, "benchmarks.querycount")
    say("follow-up sweep")
    report.sweep = python_module(config, run_db, "benchmarks.sweep")
    say("rules")
    report.rules, _ = rules_rate()
    say("agreement PDF")
    report.pdf, _ = pdf_median(config)
    if config.redis_url:
        _flush_redis(config.redis_url)

    report.judge()
    config.results.write_text(report.markdown())
    say(f"wrote {config.results.relative_to(ROOT) if config.results.is_relative_to(ROOT) else config.results}")
    for verdict in report.verdicts:
        if not verdict.met:
            say(f"MISSED: {verdict.what}: {verdict.value} (target {verdict.target})")
    return 0 if report.passed else 1


def _flush_redis(url: str) -> None:
    """The benchmark's own Redis database: queued tasks (no worker runs) and cache."""
    import redis

    redis.Redis.from_url(url).flushdb()


if __name__ == "__main__":
    if shutil.which("pg_isready") is None and not os.environ.get("DATABASE_URL"):
        print("PostgreSQL is needed (set DATABASE_URL).", file=sys.stderr)
    sys.exit(main())
