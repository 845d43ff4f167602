"""Email delivery throughput: two `safer send-deliveries` worker processes into a local SMTP sink.

    python bench/bench_delivery.py --db sqlite
    python bench/bench_delivery.py --db postgres --emails 40000

Measures, in one run on one machine:
  1. the sinks alone (a minimal asyncio SMTP sink written for this benchmark, and aiosmtpd), each
     fed by two client processes sending one pre-rendered message over one connection each, so
     we know the ceiling the sink puts on everything else;
  2. our delivery path: N queued deliveries (from a real fan-out), two worker processes claiming
     batches, rendering each email from the message's pre-rendered MIME, sending over one reused
     SMTP connection per process and writing each status as it goes;
  3. the naive baseline: one django-tasks task per recipient, run by two `db_worker` processes,
     each task building its email with Django's mail API and opening its own SMTP connection.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import platform
import resource
import smtplib
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# --- the sink ------------------------------------------------------------------------------------


class SinkProtocol(asyncio.Protocol):
    """Just enough SMTP to accept mail and throw it away: 220, EHLO, MAIL, RCPT, DATA, QUIT."""

    def __init__(self, counter: Any, stamps: Any) -> None:
        self.counter, self.stamps = counter, stamps
        self.buffer = b""
        self.in_data = False

    def connection_made(self, transport: Any) -> None:
        self.transport = transport
        transport.write(b"220 sink ESMTP\r\n")

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            if self.in_data:
                end = self.buffer.find(b"\r\n.\r\n")
                if end < 0:
                    return
                self.buffer = self.buffer[end + 5 :]
                self.in_data = False
                now = time.time()
                with self.counter.get_lock():
                    self.counter.value += 1
                    if self.stamps[0] == 0:
                        self.stamps[0] = now
                    self.stamps[1] = now
                self.transport.write(b"250 OK\r\n")
                continue
            end = self.buffer.find(b"\r\n")
            if end < 0:
                return
            line, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.transport.write(b"250-sink\r\n250-8BITMIME\r\n250-PIPELINING\r\n250 SIZE 20000000\r\n")
            elif verb == b"DATA":
                self.in_data = True
                self.transport.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            elif verb == b"QUIT":
                self.transport.write(b"221 Bye\r\n")
                self.transport.close()
                return
            else:
                self.transport.write(b"250 OK\r\n")


def run_sink(port: int, counter: Any, stamps: Any) -> None:
    async def serve() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(lambda: SinkProtocol(counter, stamps), "127.0.0.1", port)
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


def run_aiosmtpd(port: int, counter: Any, stamps: Any) -> None:
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            now = time.time()
            with counter.get_lock():
                counter.value += 1
                if stamps[0] == 0:
                    stamps[0] = now
                stamps[1] = now
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    while True:
        time.sleep(3600)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Sink:
    def __init__(self, target: Any) -> None:
        self.port = free_port()
        self.counter = mp.Value("q", 0)
        self.stamps = mp.Array("d", 2)
        self.process = mp.Process(target=target, args=(self.port, self.counter, self.stamps), daemon=True)
        self.process.start()
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)

    def reset(self) -> None:
        with self.counter.get_lock():
            self.counter.value = 0
            self.stamps[0] = self.stamps[1] = 0.0

    @property
    def count(self) -> int:
        return int(self.counter.value)

    def span(self) -> float:
        return float(self.stamps[1] - self.stamps[0])

    def stop(self) -> None:
        self.process.terminate()
        self.process.join()


def blast(port: int, count: int, message: bytes) -> None:
    conn = smtplib.SMTP("127.0.0.1", port)
    for i in range(count):
        conn.sendmail("alerts@example.police.uk", [f"user{i}@example.test"], message)
    conn.quit()


def sink_ceiling(sink: Sink, per_client: int, message: bytes) -> float:
    sink.reset()
    clients = [mp.Process(target=blast, args=(sink.port, per_client, message)) for _ in range(2)]
    start = time.perf_counter()
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    return sink.count / (time.perf_counter() - start)


# --- the database --------------------------------------------------------------------------------


def setup_django(db: str, name: str = "bench_alerts") -> str:
    """A fresh, migrated database: /tmp/<name>_delivery.sqlite3, or PostgreSQL database <name>
    (dropped and created again)."""
    if db == "sqlite":
        path = Path(f"/tmp/{name}_delivery.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc"]
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
        subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safer.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def build(n: int) -> Any:
    import datetime as dt

    import shapely
    from django.contrib.auth.models import User
    from django.db import connection

    from safer.alerts.models import Message, MessageStatus
    from safer.places.models import Force, Neighbourhood, PolicingArea

    force, _ = Force.objects.get_or_create(slug="west-mercia", defaults={"name": "West Mercia Police"})
    area = PolicingArea.objects.create(
        force=force, slug="a", name="Area", effective_from=dt.date(2026, 1, 19)
    )
    nb = Neighbourhood(force=force, code="N1", slug="n-1", name="Neighbourhood 1")
    nb.set_boundary(shapely.box(-2.3, 52.1, -2.2, 52.2))
    nb.save()
    nb.areas.add(area)
    pg = connection.vendor == "postgresql"
    series = (
        "generate_series(1, %s) AS g(g)"
        if pg
        else "(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < %s)"
        " SELECT g FROM s) AS t"
    )
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO alerts_subscriber (id, key, email, mobile, landline, email_confirmed_at, channels,"
            " switched_off, email_kinds, sms_kinds, voice_kinds, digest_kinds, digest_frequency,"
            " email_failures,"
            " sms_failures, voice_failures, created_at)"
            f" SELECT g, 'k' || g, 'user' || g || '@example.test', '', '', CURRENT_TIMESTAMP,"
            " 1, 0, 127, 0, 0, 0,"
            f" 'daily', 0, 0, 0, CURRENT_TIMESTAMP FROM {series}",
            [n],
        )
        c.execute(
            "INSERT INTO alerts_alertplace (id, subscriber_id, label, how, postcode) "
            f"SELECT g, g, 'home', 'postcode', '' FROM {series}",
            [n],
        )
        c.execute(
            "INSERT INTO alerts_subscription (subscriber_id, neighbourhood_id, place_id)"
            f" SELECT g, {nb.pk}, g FROM {series}",
            [n],
        )
        c.execute("ANALYZE")
    author, _ = User.objects.get_or_create(username="bench")

    def message() -> Message:
        m = Message.objects.create(
            force=force,
            title="Burglaries in the area",
            body="Please lock doors and windows. " * 20,
            kind="crime",
            target="neighbourhoods",
            author=author,
            status=MessageStatus.SCHEDULED,
        )
        m.neighbourhoods.set([nb])
        return m

    return message


# --- the naive baseline's task -------------------------------------------------------------------

_NAIVE: dict[str, Any] = {}


def naive_task() -> Any:
    """One task per recipient, as a per-row design would: Django's mail API, a connection each."""
    if "task" not in _NAIVE:
        from django_tasks import task

        def deliver_one(delivery_id: int) -> None:
            from django.core.mail import EmailMultiAlternatives, get_connection
            from django.utils import timezone

            from safer.alerts.models import Delivery

            d = Delivery.objects.select_related("message").get(pk=delivery_id)
            host, port = os.environ["EMAIL_URL"].removeprefix("smtp://").split(":")
            connection = get_connection(
                "django.core.mail.backends.smtp.EmailBackend", host=host, port=int(port), use_tls=False
            )
            mail = EmailMultiAlternatives(
                d.message.title,
                d.message.body,
                "alerts@example.police.uk",
                [d.to_address],
                connection=connection,
            )
            mail.attach_alternative(f"<p>{d.message.body}</p>", "text/html")
            mail.send()
            Delivery.objects.filter(pk=d.pk).update(status="delivered", delivered_at=timezone.now())

        deliver_one.__module__ = "bench.bench_delivery"
        deliver_one.__qualname__ = "deliver_one"
        _NAIVE["task"] = task(deliver_one)
    return _NAIVE["task"]


def __getattr__(name: str) -> Any:
    if name == "deliver_one":
        return naive_task()
    raise AttributeError(name)


# --- the run -------------------------------------------------------------------------------------


def run_processes(commands: list[list[str]], env: dict[str, str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    procs = [
        subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for cmd in commands
    ]
    for p in procs:
        _, err = p.communicate()
        if p.returncode != 0:
            raise SystemExit(err.decode(errors="replace")[-2000:])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--emails", type=int, default=40_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--naive", type=int, default=1000)
    parser.add_argument("--name", default="bench_alerts", help="PostgreSQL database (dropped first)")
    parser.add_argument(
        "--worker-root",
        type=Path,
        default=ROOT,
        help="run the workers from this copy of the project (e.g. an earlier commit's, to compare)",
    )
    args = parser.parse_args()

    url = setup_django(args.db, args.name)
    from django.db import connection

    from safer.alerts import fanout
    from safer.alerts.models import Delivery
    from safer.alerts.render import render_content

    new_message = build(args.emails)
    print(
        f"database: {connection.vendor}; machine: {platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}"
    )
    print(f"load average before: {os.getloadavg()[0]:.1f}")

    sample = render_content(new_message())
    raw = sample.mime_template("Neighbourhood Matters <alerts@example.police.uk>", "example.police.uk")
    print(f"email size: {len(raw):,} bytes (text + HTML, List-Unsubscribe headers)")
    fast = Sink(run_sink)
    aio = Sink(run_aiosmtpd)
    print(
        f"sink alone, 2 client processes x 1 connection: {sink_ceiling(fast, 10_000, raw):,.0f} msg/s"
        " (asyncio sink)"
    )
    print(
        f"sink alone, 2 client processes x 1 connection: {sink_ceiling(aio, 3_000, raw):,.0f} msg/s"
        " (aiosmtpd)"
    )

    message = new_message()
    start = time.perf_counter()
    fanout.resolve_targets(message)
    queued = fanout.queue(message)
    print(f"queued {queued:,} deliveries in {time.perf_counter() - start:.2f} s")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EMAIL_URL": f"smtp://127.0.0.1:{fast.port}",
        "DJANGO_SETTINGS_MODULE": "safer.settings",
        "PYTHONPATH": str(args.worker_root),
    }
    worker = [
        sys.executable,
        "-m",
        "safer",
        "send-deliveries",
        "--until-idle",
        "--channel",
        "email",
        "--batch-size",
        "500",
    ]
    fast.reset()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = run_processes([worker] * args.workers, env, cwd=args.worker_root)
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    delivered = Delivery.objects.filter(message=message, status="delivered").count()
    print(
        f"ours ({args.worker_root}), {args.workers} worker processes: {fast.count:,} emails at the sink,"
        f" {delivered:,} rows delivered;"
        f" {fast.count / fast.span():,.0f} msg/s first to last email, {fast.count / elapsed:,.0f} msg/s"
        f" including process start-up ({elapsed:.1f} s); workers' CPU {cpu:.1f} s"
        f" = {cpu / max(fast.count, 1) * 1e6:.0f} µs a message"
    )
    if not args.naive:
        fast.stop()
        aio.stop()
        return

    naive_message = new_message()
    fanout.resolve_targets(naive_message)
    fanout.queue(naive_message)
    deliver_one = naive_task()
    ids = list(
        Delivery.objects.filter(message=naive_message)
        .order_by("pk")
        .values_list("pk", flat=True)[: args.naive]
    )
    for pk in ids:
        deliver_one.enqueue(pk)
    fast.reset()
    db_worker = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--interval",
        "0.01",
    ]
    elapsed = run_processes([db_worker] * args.workers, env)
    print(
        f"naive one task per recipient, {args.workers} db_worker processes:"
        f" {fast.count:,} emails in {elapsed:.1f} s"
        f" = {fast.count / elapsed:,.0f} msg/s ({fast.count / fast.span():,.0f} msg/s first to last email)"
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    fast.stop()
    aio.stop()


if __name__ == "__main__":
    main()
