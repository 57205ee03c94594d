"""`make load-protocol`: many sessions at the WebSocket protocol, without browsers.

A fresh installation on PostgreSQL (database ``kc_load`` on the test server; LOAD_DB=sqlite
for a file) with the demo data; per run in LOAD_RUNS ("50x1,100x2": sessions x processes)
the processes, two or more behind nginx with the sticky ``ip_hash`` of docs/operations.md
(each client from its own loopback address 127.0.N.1, so the hash spreads them). One real
Chromium session per Kümmerer account is recorded (bench.protocol), then the asyncio clients
replay them: each logs in (logins spread over RAMP seconds), then saves a quick contact,
opens the Indikatoren and a case in turn, with a think time between steps (THINK, default
5-25 s: reading, typing, talking), until SECONDS_LOAD have passed. Loopback only, bounded in
count and time; not part of `make test`.

Printed: each step's time and each rerun's time as the client sees it (send to the server's
``script_finished``) p50/p95 with the errors, the server's own rerun times (its DEBUG log),
and the app processes' CPU and memory per session."""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from bench import load, protocol
from db.engine import create_db_engine
from tests.e2e.conftest import Server, _free_port

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
LOAD_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/kc_load"
# seconds between two steps of a user: someone reading the page, typing, talking (THINK=a,b)
THINK = tuple(float(s) for s in (os.environ.get("THINK") or "5,25").split(","))
NGINX = """daemon off; worker_processes 1; pid {dir}/nginx.pid; error_log {dir}/error.log;
{user}events {{ worker_connections 1024; }}
http {{
  access_log off; client_body_temp_path {dir}; proxy_temp_path {dir};
  fastcgi_temp_path {dir}; uwsgi_temp_path {dir}; scgi_temp_path {dir};
  upstream kuemmerer {{ ip_hash; {servers} }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://kuemmerer; proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 86400;
    }}
  }}
}}
"""


def fresh_database() -> str:
    if os.environ.get("LOAD_DB") == "sqlite":
        return f"sqlite:///{tempfile.mkdtemp(prefix='kc-load-db-')}/load.db"
    admin = create_db_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.execute(text("DROP DATABASE IF EXISTS kc_load WITH (FORCE)"))
        db.execute(text("CREATE DATABASE kc_load"))
    admin.dispose()
    return LOAD_PG


def start_servers(count: int, url: str) -> list[Server]:
    servers = []
    for number in range(count):
        server = Server(Path(tempfile.mkdtemp(prefix="kc-load-")))
        server.env |= {"DATABASE_URL": url, "KC_LOG_LEVEL": "DEBUG",
                       "KC_LIVE_REFRESH_SECONDS": "30"}  # fmt: skip
        server.start()
        if number == 0:
            server.manage("seed-demo")
        servers.append(server)
    return servers


def start_nginx(servers: list[Server]) -> tuple[subprocess.Popen, str]:
    folder = Path(tempfile.mkdtemp(prefix="kc-nginx-"))
    port = _free_port()
    upstream = " ".join(f"server 127.0.0.1:{s.port};" for s in servers)
    user = "user root; " if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(NGINX.format(dir=folder, servers=upstream, port=port, user=user))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    proc = subprocess.Popen([nginx, "-p", str(folder), "-c", str(conf)])
    url = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            protocol.fetch_xsrf(url, "127.0.0.1")
            return proc, url
        except OSError:
            time.sleep(0.2)
    raise RuntimeError((folder / "error.log").read_text())


@dataclass
class Measured:
    """What the clients saw: seconds per step and per rerun by step, errors by step, and the
    reruns once every session is logged in (``calm_from``, monotonic)."""

    calm_from: float
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    reruns: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    calm: list[float] = field(default_factory=list)


async def simulate(client: protocol.Client, steps, until: float, seen: Measured) -> None:  # noqa: ANN001
    """One user: log in, then the other steps in turn with a think time between them."""

    async def run(step: protocol.Step) -> None:
        started = time.perf_counter()
        try:
            reruns = await client.step(step)
            seen.reruns[step.name] += reruns
            seen.times[step.name].append(time.perf_counter() - started)
            if time.monotonic() >= seen.calm_from:
                seen.calm += reruns
        except Exception as exc:  # noqa: BLE001 - counted and printed, the run goes on
            seen.errors[step.name].append(str(exc) or type(exc).__name__)

    try:
        await client.connect()
    except Exception as exc:  # noqa: BLE001
        seen.errors["Verbinden"].append(type(exc).__name__)
        return
    await run(steps[0])
    number = 0
    while time.monotonic() < until:
        await asyncio.sleep(random.uniform(*THINK))
        await run(steps[1 + number % (len(steps) - 1)])
        number += 1
    await client.close()


async def run(sessions: int, processes: int, seconds: int, ramp: float) -> dict:
    url = fresh_database()
    servers = start_servers(processes, url)
    nginx = None
    try:
        entry = servers[0].url
        if processes > 1:
            nginx, entry = start_nginx(servers)
        users = [f"kuemmerer.{city}" for city in load.CITIES]
        recorded = await protocol.record(servers[0].url, users)
        for server in servers:  # warm-up: imports and caches of each process
            warm = protocol.Client(server.url)
            await warm.connect()
            for step in recorded[users[0]]:
                await warm.step(step)
            await warm.close()
        pids = [s.proc.pid for s in servers]
        memory = [load.rss_mib(pid) for pid in pids]
        cpu = [load.cpu_seconds(pid) for pid in pids]
        offsets = [(s.data_dir / "server.log").stat().st_size for s in servers]
        started = time.monotonic()
        until = started + seconds
        seen = Measured(calm_from=started + ramp + 10)  # the last login through

        async def user(number: int) -> None:
            await asyncio.sleep(ramp * number / sessions)
            source = f"127.0.{number + 1}.1" if nginx else "127.0.0.1"
            client = protocol.Client(entry, source)
            steps = recorded[users[number % len(users)]]
            await simulate(client, steps, until, seen)

        await asyncio.gather(*(user(n) for n in range(sessions)))
        elapsed = time.monotonic() - started
        server_times: dict[str, list[float]] = defaultdict(list)
        for server, offset in zip(servers, offsets, strict=True):
            for page, values in load.rerun_times(server.data_dir / "server.log", offset).items():
                server_times[page] += values
        return {
            "seen": seen, "server": server_times, "elapsed": elapsed,
            "cpu": sum(load.cpu_seconds(p) for p in pids) - sum(cpu),
            "memory": (sum(load.rss_mib(p) for p in pids) - sum(memory)) / sessions,
            "per_process": [load.rss_mib(p) for p in pids],
        }  # fmt: skip
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait(timeout=10)
        for server in servers:
            server.stop()


def report(sessions: int, processes: int, result: dict) -> None:
    pct = load.percentile
    where = "hinter nginx" if processes > 1 else "direkt"
    database = "SQLite" if os.environ.get("LOAD_DB") == "sqlite" else "PostgreSQL"
    print(f"\n{sessions} Sitzungen, {processes} App-Prozess(e) {where}, {database}, "
          f"{result['elapsed']:.0f} s")  # fmt: skip
    print(f"{'Schritt':<24} {'Anzahl':>7} {'p50':>8} {'p95':>8} "
          f"{'Rerun p50':>10} {'Rerun p95':>10} {'Fehler':>7}")  # fmt: skip
    seen: Measured = result["seen"]
    for name, _, _ in protocol.STEPS:
        steps, reruns = seen.times[name], seen.reruns[name]
        print(
            f"{name:<24} {len(steps):>7} {pct(steps, 0.5) * 1000:>6.0f}ms "
            f"{pct(steps, 0.95) * 1000:>6.0f}ms {pct(reruns, 0.5) * 1000:>8.0f}ms "
            f"{pct(reruns, 0.95) * 1000:>8.0f}ms {len(seen.errors[name]):>7}"
        )
    print(f"Reruns, alle angemeldet: {len(seen.calm)}, p50 {pct(seen.calm, 0.5) * 1000:.0f}ms, "
          f"p95 {pct(seen.calm, 0.95) * 1000:.0f}ms")  # fmt: skip
    for name, messages in seen.errors.items():
        if messages:
            print(f"  Fehler bei {name}: {'; '.join(sorted(set(messages))[:3])}")
    print("Reruns im App-Prozess (Serverzeit):")
    for page in sorted(result["server"], key=lambda p: -len(result["server"][p])):
        values = result["server"][page]
        print(
            f"  {page:<40} {len(values):>6} {pct(values, 0.5):>6.0f}ms {pct(values, 0.95):>6.0f}ms"
        )
    every = [value for values in seen.reruns.values() for value in values]
    steps = sum(len(v) for v in seen.times.values())
    tag = f"protocol_{sessions}x{processes}"
    at_end = ", ".join(f"{m:.0f}" for m in result["per_process"])
    print(f"CPU der App-Prozesse: {result['cpu']:.0f} s in {result['elapsed']:.0f} s, "
          f"{result['cpu'] / max(steps, 1) * 1000:.0f} ms je Schritt; Speicher "
          f"{result['memory']:.1f} MiB je Sitzung "
          f"(Prozesse am Ende: {at_end} MiB)")  # fmt: skip
    print(f"{tag}_rerun_p95_ms={pct(every, 0.95) * 1000:.0f}")
    print(f"{tag}_calm_rerun_p95_ms={pct(seen.calm, 0.95) * 1000:.0f}")
    print(f"{tag}_errors={sum(len(v) for v in seen.errors.values())}")
    print(
        f"{tag}_cpu_ms_per_session_second={result['cpu'] / sessions / result['elapsed'] * 1000:.1f}"
    )
    print(f"{tag}_memory_per_session_mib={result['memory']:.1f}")


def main() -> None:
    if not Path(protocol.CHROMIUM).exists():
        sys.exit(f"Chromium fehlt unter {protocol.CHROMIUM} (apt-get install chromium)")
    seconds = int(os.environ.get("SECONDS_LOAD") or 150)
    ramp = float(os.environ.get("RAMP") or 60)  # a meeting: everyone logs in within a minute
    runs = os.environ.get("LOAD_RUNS") or "50x1,100x2"  # sessions x processes
    for spec in runs.split(","):
        sessions, processes = (int(part) for part in spec.split("x"))
        if processes > 1 and not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
            print(f"\n{spec}: nginx fehlt (apt-get install nginx-light) – übersprungen")
            continue
        report(sessions, processes, asyncio.run(run(sessions, processes, seconds, ramp)))


if __name__ == "__main__":
    main()
