"""Faults and soak: the benchmark's mixed load against a product whose PostgreSQL and Redis
are stopped and started under it (``make faults``), or kept up for a long run (``make soak``).

Everything runs on private instances in a temporary folder: a PostgreSQL cluster made with
``initdb`` (as the ``postgres`` user when run as root) and a ``redis-server``, each on a free
port of 127.0.0.1, so the machine's shared PostgreSQL and Redis are never touched. The product
runs as in production: gunicorn (sync workers), a Celery worker with beat, production
settings.

Faults (the default), on a timeline of about two minutes of load::

    up ── PostgreSQL stopped ── started ── up ── Redis stopped ── started ── up

reports, per window, the requests, errors and response times; how long the product took to
answer again after PostgreSQL came back (without restarting anything); whether pages kept
answering while Redis was down; and when ``/readyz`` was 200 again. Exits 1 when a request
failed while everything was up, when pages failed while only Redis was down, or when the
product did not recover.

Soak (``--soak SECONDS``): the mixed load with no faults; reports errors and each gunicorn
worker's resident memory at the start and the end. Exits 1 on any error or when a worker's
memory grew by more than ``--max-growth`` MiB.

    .venv/bin/python -m benchmarks.faults [--citizens 1000] [--clients 6] [--down 15]
    .venv/bin/python -m benchmarks.faults --soak 600
"""

# The script starts local tools (initdb, pg_ctl, redis-server, gunicorn) with fixed arguments.
# ruff: noqa: S603, S607

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import redis

from benchmarks import load
from benchmarks.run import (
    DEMO_PASSWORD,
    DEMO_TOTP_KEY,
    GUNICORN,
    PY,
    ROOT,
    free_port,
    get_step,
    journal_step,
)
from mentor.logging import redact

CELERY = str(ROOT / ".venv" / "bin" / "celery")


def say(message: str) -> None:
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", flush=True)


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise SystemExit("PostgreSQL's server binaries are not installed (apt-get install "
                         "postgresql).")
    return found[-1].parent


def _as_postgres(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivatePostgres:
    def __init__(self, base: Path) -> None:
        self.bin = _pg_bin()
        self.data, self.sockets, self.log = base / "pg", base / "pg-sockets", base / "pg.log"
        self.port = free_port()
        for folder in (self.data, self.sockets):
            folder.mkdir()
            if os.geteuid() == 0:
                shutil.chown(folder, "postgres", "postgres")
        if os.geteuid() == 0:
            self.log.touch()
            shutil.chown(self.log, "postgres", "postgres")
        subprocess.run(_as_postgres([str(self.bin / "initdb"), "-D", str(self.data),
                                     "-U", "postgres", "--auth=trust", "-E", "UTF8",
                                     "--no-locale", "--no-sync"]),
                       check=True, stdout=subprocess.DEVNULL, timeout=120)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/mentor"

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off -c max_connections=50")
        subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
                                     str(self.log), "-o", options, "-w", "-t", "60", "start"]),
                       check=True, stdout=subprocess.DEVNULL, timeout=90)

    def stop(self) -> None:
        subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m",
                                     "fast", "-w", "-t", "60", "stop"]),
                       check=False, stdout=subprocess.DEVNULL, timeout=90)


class PrivateRedis:
    def __init__(self, base: Path) -> None:
        self.base, self.port = base, free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.base)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                if redis.Redis.from_url(self.url, socket_timeout=0.5).ping():
                    return
            except redis.RedisError:
                pass
            time.sleep(0.1)
        raise SystemExit("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


@dataclass
class Product:
    """gunicorn and a Celery worker with beat, on production settings."""

    base: Path
    env: dict[str, str]
    workers: int
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    port: int = 0

    def manage(self, *args: str, timeout: float = 900) -> str:
        return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
                              text=True, stdout=subprocess.PIPE, timeout=timeout).stdout

    def start(self) -> None:
        self.port = free_port()
        log = (self.base / "product.log").open("ab")
        self.processes = [
            subprocess.Popen([GUNICORN, "mentor.wsgi", "--workers", str(self.workers),
                              "--bind", f"127.0.0.1:{self.port}", "--timeout", "60",
                              "--graceful-timeout", "5"],
                             cwd=ROOT, env=self.env, stdout=log, stderr=log),
            subprocess.Popen([CELERY, "-A", "mentor", "worker", "--beat", "--concurrency", "1",
                              "--without-mingle", "--without-gossip", "--loglevel", "WARNING",
                              "--schedule", str(self.base / "beat-schedule")],
                             cwd=ROOT, env=self.env, stdout=log, stderr=log),
        ]
        client = load.Client("127.0.0.1", self.port)
        for _ in range(120):
            try:
                if client.get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit(f"gunicorn did not answer /healthz; see {self.base / 'product.log'}")

    def worker_pids(self) -> list[int]:
        master = self.processes[0].pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return sorted(int(pid) for pid in children)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def product_env(base: Path, database_url: str, redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("TESTING", "DEBUG", "CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL")}
    env.update({
        "DJANGO_ENV": "production", "DEBUG": "0", "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,testserver", "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": database_url, "REDIS_URL": redis_url, "VAR_DIR": str(base / "var"),
        "STATIC_ROOT": str(base / "static"), "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PYTHONPATH": str(ROOT), "SECRET_KEY": secrets.token_urlsafe(50),
        "CPR_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "CPR_HASH_KEY": secrets.token_urlsafe(32),
    })
    return env


# --- The mixed load ------------------------------------------------------------------------------


def mixed_clients(port: int, scenario: dict[str, Any]) -> tuple[list[load.Client], load.Step]:
    """Caseworkers search and open citizens, team leaders their queue, mentors their workspace
    and journal, managers the dashboard: each client takes one of its role's steps at a time."""
    roles = {key: scenario[key] for key in ("caseworkers", "team_leaders", "mentors",
                                            "managers")}
    logged = {key: load.signed_in(port, [d["username"] for d in data], DEMO_PASSWORD,
                                  DEMO_TOTP_KEY) for key, data in roles.items()}
    data_of = {id(c): d for key in roles for c, d in zip(logged[key], roles[key], strict=True)}

    def urls(key: str) -> Callable[[int], list[str]]:
        return lambda client_id: data_of[client_id][key]

    journal_forms = {id(c): load.find_form(c.get(data_of[id(c)]["journal"][0]).text, "note")
                     for c in logged["mentors"]}
    steps_of: dict[int, list[load.Step]] = {}
    for client in logged["caseworkers"]:
        steps_of[id(client)] = [get_step("citizen_list", urls("search")),
                                get_step("citizen_detail", urls("detail"))]
    for client in logged["team_leaders"]:
        steps_of[id(client)] = [get_step("approval_queue", urls("queue"))]
    journal = journal_step(journal_forms, {id(c): data_of[id(c)]["journal"]
                                           for c in logged["mentors"]}, scenario["today"])
    for client in logged["mentors"]:
        steps_of[id(client)] = [get_step("mentor_workspace",
                                         lambda _c: [scenario["mentor_workspace"]]), journal]
    for client in logged["managers"]:
        steps_of[id(client)] = [get_step("dashboard", urls("dashboard"))]

    def step(client: load.Client, rng: random.Random) -> list[tuple[str, float, bool, str]]:
        try:
            return rng.choice(steps_of[id(client)])(client, rng)
        except (OSError, load.LoadError) as exc:
            return [("connection", 0.0, False, f"{type(exc).__name__}: {exc}")]

    return [c for key in roles for c in logged[key]], step


@dataclass
class Window:
    name: str
    start: float
    end: float


def window_report(samples: list[load.Sample], window: Window,
                  faults: list[Window]) -> dict[str, Any]:
    """The samples that started in the window; a request still in flight when a fault began
    belongs to that fault's window, not to the one before it."""
    def window_of(sample: load.Sample) -> str:
        for fault in faults:
            if sample.started < fault.end and sample.started + sample.seconds > fault.start:
                return fault.name
        return window.name if window.start <= sample.started < window.end else ""

    inside = [s for s in samples if window_of(s) == window.name]
    summary = load.summary(inside, window.end - window.start)
    return {"window": window.name, "seconds": round(window.end - window.start, 1),
            "requests": summary["requests"], "errors": summary["errors"],
            "p95_ms": round(summary["p95"] * 1000) if inside else None,
            "max_ms": round(summary["max"] * 1000) if inside else None}


class ReadyProbe:
    """Polls /readyz every half second and keeps (time, status)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.seen: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        client = load.Client("127.0.0.1", self.port)
        while not self._stop.is_set():
            try:
                status = client.get("/readyz").status
            except OSError:
                status = 0
            self.seen.append((time.perf_counter(), status))
            self._stop.wait(0.5)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def ready_again_after(self, moment: float) -> float | None:
        for at, status in self.seen:
            if at >= moment and status == 200:
                return at - moment
        return None


def first_success_after(samples: list[load.Sample], moment: float) -> float | None:
    after = sorted((s for s in samples if s.started >= moment), key=lambda s: s.started)
    for sample in after:
        if sample.ok:
            return sample.started + sample.seconds - moment
    return None


# --- The runs ------------------------------------------------------------------------------------


def run_faults(product: Product, postgres: PrivatePostgres, redis_server: PrivateRedis,
               clients: list[load.Client], step: load.Step, down: float, up: float,
               ) -> tuple[dict[str, Any], bool]:
    probe = ReadyProbe(product.port)
    probe.start()
    total = 3 * up + 2 * down + 10  # the load outlasts the timeline a little
    result: dict[str, load.PhaseResult] = {}
    runner = threading.Thread(target=lambda: result.setdefault("load", load.run_phase(
        "faults", clients, step, seconds=total, warmup=0.0)), daemon=True)
    began = time.perf_counter()
    runner.start()
    marks: dict[str, float] = {}
    time.sleep(up)
    say("stopping PostgreSQL")
    marks["pg_stop"] = time.perf_counter()
    postgres.stop()
    time.sleep(down)
    postgres.start()
    marks["pg_start"] = time.perf_counter()
    say("PostgreSQL started again")
    time.sleep(up)
    say("stopping Redis")
    marks["redis_stop"] = time.perf_counter()
    redis_server.stop()
    time.sleep(down)
    redis_server.start()
    marks["redis_start"] = time.perf_counter()
    say("Redis started again")
    runner.join(timeout=total + 120)
    probe.stop()
    restarted_at = time.time() - (time.perf_counter() - marks["redis_start"])
    tasks_resumed = worker_heartbeat_after(postgres, restarted_at, wait=90)
    samples = result["load"].samples if "load" in result else []
    end = began + total
    windows = [Window("all up", began, marks["pg_stop"]),
               Window("PostgreSQL down", marks["pg_stop"], marks["pg_start"]),
               Window("after PostgreSQL", marks["pg_start"], marks["redis_stop"]),
               Window("Redis down", marks["redis_stop"], marks["redis_start"]),
               Window("after Redis", marks["redis_start"], end)]
    reports = [window_report(samples, w, [windows[1], windows[3]]) for w in windows]
    pg_recovery = first_success_after(samples, marks["pg_start"])
    # Errors after a restart, from requests that began once the dependency was back.
    after_pg = [s for s in samples if marks["pg_start"] + (pg_recovery or 0) <= s.started
                < marks["redis_stop"] and not s.ok]
    summary = {
        "windows": reports,
        "postgres_recovery_seconds": None if pg_recovery is None else round(pg_recovery, 2),
        "postgres_errors_after_recovery": len(after_pg),
        "ready_again_after_postgres_seconds": _round(probe.ready_again_after(marks["pg_start"])),
        "ready_again_after_redis_seconds": _round(probe.ready_again_after(marks["redis_start"])),
        "worker_heartbeat_after_redis_seconds": _round(tasks_resumed),
        "notifications_not_yet_emailed": owed_notifications(postgres),
        "slowest_failure_while_postgres_down_ms": max(
            (round(s.seconds * 1000) for s in samples
             if marks["pg_stop"] <= s.started < marks["pg_start"] and not s.ok), default=None),
        "error_examples": sorted({redact(e.split(": ", 1)[-1][:120])
                                  for e in result["load"].errors})[:8] if "load" in result else [],
    }
    by_name = {r["window"]: r for r in reports}
    passed = (by_name["all up"]["errors"] == 0 and by_name["Redis down"]["errors"] == 0
              and by_name["after Redis"]["errors"] == 0 and pg_recovery is not None
              and not after_pg and tasks_resumed is not None)
    return summary, passed


def worker_heartbeat_after(postgres: PrivatePostgres, moment: float, wait: float) -> float | None:
    """Seconds from ``moment`` (Unix time) to the first worker heartbeat after it: beat, the
    broker and the worker all work again. None if none came within ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        with psycopg.connect(postgres.url) as conn:
            row = conn.execute("SELECT extract(epoch FROM at) FROM mentor_heartbeat "
                               "WHERE name = 'worker'").fetchone()
        if row and float(row[0]) > moment:
            return float(row[0]) - moment
        time.sleep(2)
    return None


def owed_notifications(postgres: PrivatePostgres) -> int:
    """Notifications whose email task was lost or not yet run: the follow-up sweep queues
    them again (visitation/services/followup.py)."""
    with psycopg.connect(postgres.url) as conn:
        row = conn.execute("SELECT count(*) FROM mentor_notification "
                           "WHERE emailed_at IS NULL").fetchone()
    return int(row[0]) if row else 0


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def run_soak(product: Product, clients: list[load.Client], step: load.Step, seconds: float,
             max_growth: float) -> tuple[dict[str, Any], bool]:
    pids = product.worker_pids()
    first = {pid: rss_mib(pid) for pid in pids}
    peak = dict(first)
    result: dict[str, load.PhaseResult] = {}
    runner = threading.Thread(target=lambda: result.setdefault("load", load.run_phase(
        "soak", clients, step, seconds=seconds, warmup=0.0)), daemon=True)
    runner.start()
    while runner.is_alive():
        runner.join(timeout=10)
        for pid in pids:
            if Path(f"/proc/{pid}").exists():
                peak[pid] = max(peak[pid], rss_mib(pid))
    last = {pid: rss_mib(pid) if Path(f"/proc/{pid}").exists() else None for pid in pids}
    phase = result["load"]
    summary = load.summary(phase.samples, seconds)
    workers = [{"pid": pid, "start_mib": round(first[pid], 1), "peak_mib": round(peak[pid], 1),
                "end_mib": None if last[pid] is None else round(last[pid] or 0, 1)}
               for pid in pids]
    grown = [pid for pid in pids
             if last[pid] is None or (last[pid] or 0) - first[pid] > max_growth]
    report = {"seconds": seconds, "requests": summary["requests"], "errors": summary["errors"],
              "p95_ms": round(summary["p95"] * 1000), "workers": workers,
              "error_examples": phase.errors[:5]}
    return report, summary["errors"] == 0 and not grown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citizens", type=int, default=int(os.environ.get("FAULTS_CITIZENS",
                                                                           "1000")))
    parser.add_argument("--clients", type=int, default=6, help="clients per role")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--down", type=float, default=15.0, help="seconds each fault lasts")
    parser.add_argument("--up", type=float, default=20.0, help="seconds between faults")
    parser.add_argument("--soak", type=float, default=0.0, metavar="SECONDS",
                        help="a soak run of this length instead of the faults")
    parser.add_argument("--max-growth", type=float, default=30.0,
                        help="soak: allowed memory growth per worker, MiB")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    base = Path(tempfile.mkdtemp(prefix="mentor-faults-"))
    base.chmod(0o755)
    postgres, redis_server = PrivatePostgres(base), PrivateRedis(base)
    product = Product(base, product_env(base, postgres.url, redis_server.url), args.workers)
    started = time.monotonic()
    try:
        say(f"private PostgreSQL on port {postgres.port}, Redis on {redis_server.port}, "
            f"in {base}")
        postgres.start()
        redis_server.start()
        with psycopg.connect(postgres.url.rsplit("/", 1)[0] + "/postgres",
                             autocommit=True) as admin:
            admin.execute("CREATE DATABASE mentor")
        say(f"migrating and seeding {args.citizens} citizens")
        product.manage("migrate", "--noinput")
        product.manage("seed_demo", "--citizens", str(args.citizens), "--bulk")
        product.manage("collectstatic", "--noinput")
        scenario = json.loads(subprocess.run(
            [PY, "-m", "benchmarks.scenario", "--clients", str(args.clients)], cwd=ROOT,
            env=product.env, check=True, text=True, stdout=subprocess.PIPE,
            timeout=300).stdout)
        product.start()
        say("waiting for /readyz (the worker's heartbeat and beat's first sweep)")
        ready_client = load.Client("127.0.0.1", product.port)
        for _ in range(100):
            if ready_client.get("/readyz").status == 200:
                break
            time.sleep(1)
        else:
            say("not ready after 100 s: " + ready_client.get("/readyz").text)
        clients, step = mixed_clients(product.port, scenario)
        say(f"{len(clients)} clients logged in; "
            + (f"soak for {args.soak:.0f} s" if args.soak else
               f"faults: {args.up:.0f} s up, {args.down:.0f} s down each"))
        if args.soak:
            report, passed = run_soak(product, clients, step, args.soak, args.max_growth)
        else:
            report, passed = run_faults(product, postgres, redis_server, clients, step,
                                        args.down, args.up)
        for client in clients:
            client.close()
        print(json.dumps(report, indent=2))
        say(f"{'PASSED' if passed else 'FAILED'} in {time.monotonic() - started:.0f} s")
        return 0 if passed else 1
    finally:
        product.stop()
        redis_server.stop()
        postgres.stop()
        if args.keep:
            say(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
