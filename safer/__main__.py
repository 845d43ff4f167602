"""The `safer` command line.

safer serve [--port 8000]   the web server with a task worker, an alerts delivery worker and the
                             periodic jobs beside it (the demo's one process tree)
safer worker                 a task worker: runs queued tasks (alerts fan-out, confirmation codes
                             and links, contact and engagement emails)
safer send-deliveries        the alerts delivery worker: sends queued deliveries (email, text,
                             calls); `serve` starts one, run more for throughput
safer demo                   build the seeded demo data set (idempotent)
safer setup-link USERNAME    a one-time link for an account to set up its authenticator app
safer import-boundaries DIR  data.police.uk neighbourhood boundary KML files
safer import-postcodes CSV   an ONS postcode directory (ONSPD/NSPL) CSV
safer fetch-policeuk         download the monthly data.police.uk archive and import the force's files
safer <anything else>        any Django management command, hyphens or underscores alike
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys

TASK_QUEUES = "default,alerts"


def _django(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safer.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["safer", *argv])


def serve(args: list[str]) -> int:
    """Run gunicorn for the web with a task worker, a delivery worker and the periodic jobs beside
    it; stop them all together."""
    parser = argparse.ArgumentParser(
        prog="safer serve",
        description="Serve the web with a task worker, a delivery worker and the periodic jobs beside it.",
    )
    parser.add_argument("--port", default="8000", help="the port to listen on (default 8000)")
    parser.add_argument("--host", default="127.0.0.1", help="the address to bind (default 127.0.0.1)")
    # --help prints the usage and exits 0 here, before anything starts.
    options = parser.parse_args(args)
    port, host = options.port, options.host
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "safer.settings"}
    helpers = [
        # Django Tasks' worker: fan-out, imports, escalation checks and other queued tasks.
        subprocess.Popen([sys.executable, "-m", "safer", "worker"], env=env),
        # The alerts delivery worker: claims queued deliveries and sends them (safer/alerts/worker.py).
        subprocess.Popen([sys.executable, "-m", "safer", "send-deliveries"], env=env),
        # Periodic jobs: escalations, reminders, purges (safer/schedule/jobs.py).
        subprocess.Popen([sys.executable, "-m", "safer", "run-schedule"], env=env),
    ]
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "safer.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            os.environ.get("WEB_CONCURRENCY", "2"),
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--access-logformat",
            "%(m)s %(U)s %(s)s %(M)sms",
            # Paths under /alerts/ and /contact/ carry signed tokens: the log shows them masked.
            "--logger-class",
            "safer.gunicorn_logging.RedactingLogger",
        ],
        env=env,
    )
    print(f"Safer Neighbourhoods is serving at http://{host}:{port}/ (Ctrl-C stops web and worker)")

    def stop(*_: object) -> None:
        for proc in (web, *helpers):
            if proc.poll() is None:
                proc.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        code = web.wait()
    finally:
        stop()
        for proc in helpers:
            proc.wait(timeout=30)
    return code


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return
    command, rest = args[0], args[1:]
    if command == "serve":
        sys.exit(serve(rest))
    if command == "worker":
        _django(["db_worker", "--queue-name", TASK_QUEUES, *rest])
        return
    _django([command.replace("-", "_"), *rest])


if __name__ == "__main__":
    main()
