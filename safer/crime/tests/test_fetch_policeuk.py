"""`safer fetch-policeuk` against a local HTTP server serving an archive built here from the real
data.police.uk files kept in safer/crime/data: it imports the force's files; a download cut short,
or an archive cut short at the source, changes nothing and says why; a partial download resumes."""

from __future__ import annotations

import csv
import io
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from safer.__main__ import main
from safer.crime.csvcolumns import OUTCOMES_HEADER
from safer.crime.fetch import part_path
from safer.crime.models import ArchiveFetch, Crime, ImportBatch, Outcome, StopAndSearch

DATA = Path(__file__).resolve().parents[1] / "data"
STREET_ROWS = 600  # a real month's first rows: enough to be real, few enough to be quick


def first_lines(path: Path, rows: int) -> str:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return "".join(line for _, line in zip(range(rows + 1), f, strict=False))


def outcomes_of(street: str) -> str:
    """An outcomes file for the street rows that name a crime and its last outcome."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OUTCOMES_HEADER)
    for row in csv.DictReader(io.StringIO(street)):
        if row["Crime ID"] and row["Last outcome category"]:
            same = [row[name] for name in OUTCOMES_HEADER[:-1]]
            writer.writerow([*same, row["Last outcome category"]])
    return out.getvalue()


def build_archive() -> tuple[bytes, dict[str, int]]:
    """A data.police.uk-shaped zip (YYYY-MM/YYYY-MM-<force>-<kind>.csv) and its rows per kind for
    West Mercia; Warwickshire's file is there too and must be left alone."""
    street = first_lines(DATA / "2019-01-west-mercia-street.csv", STREET_ROWS)
    stops = (DATA / "synthetic-2019-01-west-mercia-stop-and-search.csv").read_text(encoding="utf-8-sig")
    outcomes = outcomes_of(street)
    files = {
        "2019-01/2019-01-west-mercia-street.csv": street,
        "2019-01/2019-01-west-mercia-outcomes.csv": outcomes,
        "2019-01/2019-01-west-mercia-stop-and-search.csv": stops,
        "2019-01/2019-01-warwickshire-street.csv": first_lines(DATA / "2019-01-warwickshire-street.csv", 200),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    counts = {
        "street": STREET_ROWS,
        "outcomes": len(outcomes.splitlines()) - 1,
        "stop-and-search": len(list(csv.DictReader(io.StringIO(stops)))),
    }
    return buffer.getvalue(), counts


class ArchiveServer:
    """Serves `payload` at /latest.zip with an ETag; honours Range and If-None-Match. With `cut_at`,
    the next full response promises every byte but sends only that many and drops the connection."""

    def __init__(self, payload: bytes) -> None:
        self.payload = payload
        self.etag = '"v1"'
        self.cut_at: int | None = None
        self.requests: list[dict[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                outer.requests.append(dict(self.headers.items()))
                body, status = outer.payload, 200
                if self.headers.get("If-None-Match") == outer.etag:
                    self.send_response(304)
                    self.send_header("ETag", outer.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                ranged = self.headers.get("Range", "")
                start = 0
                if ranged.startswith("bytes=") and self.headers.get("If-Range") == outer.etag:
                    start = int(ranged[6:].rstrip("-"))
                    status = 206
                self.send_response(status)
                self.send_header("ETag", outer.etag)
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("Content-Type", "application/zip")
                if status == 206:
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                self.send_header("Content-Length", str(len(body) - start))
                self.send_header("Connection", "close")
                self.end_headers()
                if outer.cut_at is not None and status == 200:
                    self.wfile.write(body[: outer.cut_at])
                    outer.cut_at = None
                    self.wfile.flush()
                    self.connection.shutdown(2)
                    return
                self.wfile.write(body[start:])

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/latest.zip"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def archive() -> tuple[bytes, dict[str, int]]:
    return build_archive()


@pytest.fixture
def server(archive: tuple[bytes, dict[str, int]], settings: Any, tmp_path: Path) -> Iterator[ArchiveServer]:
    settings.POLICEUK_DOWNLOAD_DIR = tmp_path / "downloads"
    settings.FORCE_ID = "west-mercia"
    running = ArchiveServer(archive[0])
    settings.POLICEUK_ARCHIVE_URL = running.url
    yield running
    running.close()


def safer(*args: str) -> int:
    """Run the `safer` command line in this process; its exit status (0 when it returns)."""
    try:
        main(list(args))
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def stored() -> tuple[int, int, int, int]:
    return (
        Crime.objects.count(),
        Outcome.objects.count(),
        StopAndSearch.objects.count(),
        ImportBatch.objects.count(),
    )


@pytest.mark.django_db(transaction=True)
def test_it_imports_the_forces_files_and_then_finds_the_archive_unchanged(
    server: ArchiveServer, archive: tuple[bytes, dict[str, int]], capsys: Any
) -> None:
    counts = archive[1]
    assert safer("fetch-policeuk") == 0
    assert "Imported (2019-01)" in capsys.readouterr().out
    assert stored()[:3] == (counts["street"], counts["outcomes"], counts["stop-and-search"])
    assert set(ImportBatch.objects.values_list("force", flat=True)) == {"west-mercia"}  # not Warwickshire's
    run = ArchiveFetch.objects.get()
    assert run.status == ArchiveFetch.Status.IMPORTED and run.months == ["2019-01"]
    assert run.rows == counts and run.bytes_downloaded == len(archive[0]) and run.etag == '"v1"'
    assert not any(server_files(run))  # the downloaded archive is not kept once imported

    # The next day's run asks with the archive's ETag and the server has nothing new.
    assert safer("fetch-policeuk") == 0
    assert server.requests[-1]["If-None-Match"] == '"v1"'
    latest = ArchiveFetch.objects.first()
    assert latest is not None and latest.status == ArchiveFetch.Status.UNCHANGED
    assert stored()[:3] == (counts["street"], counts["outcomes"], counts["stop-and-search"])


def server_files(run: ArchiveFetch) -> list[Path]:
    folder = part_path(run.url).parent
    return list(folder.iterdir()) if folder.exists() else []


@pytest.mark.django_db(transaction=True)
def test_a_download_cut_short_changes_nothing_keeps_the_part_and_the_next_run_resumes(
    server: ArchiveServer, archive: tuple[bytes, dict[str, int]], capsys: Any
) -> None:
    payload = archive[0]
    server.cut_at = len(payload) // 3
    assert safer("fetch-policeuk") == 1
    error = capsys.readouterr().err
    assert f"the download stopped after {len(payload) // 3:,} of {len(payload):,} bytes" in error
    assert "Nothing was changed" in error
    assert stored() == (0, 0, 0, 0)
    failed = ArchiveFetch.objects.get()
    assert failed.status == ArchiveFetch.Status.FAILED and "stopped after" in failed.message
    assert part_path(server.url).stat().st_size == len(payload) // 3  # kept aside for the next run

    assert safer("fetch-policeuk") == 0
    assert server.requests[-1]["Range"] == f"bytes={len(payload) // 3}-"
    assert server.requests[-1]["If-Range"] == '"v1"'
    resumed = ArchiveFetch.objects.first()
    assert resumed is not None and resumed.status == ArchiveFetch.Status.IMPORTED
    assert resumed.resumed_from == len(payload) // 3
    assert resumed.bytes_downloaded == len(payload) - len(payload) // 3
    assert stored()[0] == archive[1]["street"]


@pytest.mark.django_db(transaction=True)
def test_a_truncated_archive_changes_nothing_and_says_why(
    server: ArchiveServer, archive: tuple[bytes, dict[str, int]], capsys: Any
) -> None:
    assert safer("fetch-policeuk") == 0  # what is stored before
    before = stored()
    batches = list(ImportBatch.objects.values_list("pk", "imported_at"))
    # The next archive is cut short at the source: every byte it promises arrives, but it is not a zip.
    server.payload = archive[0][: len(archive[0]) * 2 // 3]
    server.etag = '"v2"'
    capsys.readouterr()
    assert safer("fetch-policeuk") == 1
    error = capsys.readouterr().err
    assert "the archive is not a complete zip file" in error and "Nothing was imported" in error
    assert stored() == before
    assert list(ImportBatch.objects.values_list("pk", "imported_at")) == batches
    failed = ArchiveFetch.objects.first()
    assert failed is not None and failed.status == ArchiveFetch.Status.FAILED
    assert not part_path(server.url).exists()  # a damaged whole file is not resumed


@pytest.mark.django_db
def test_the_schedule_fetches_only_where_it_is_switched_on(settings: Any, capsys: Any) -> None:
    settings.POLICEUK_FETCH_SCHEDULED = False
    settings.POLICEUK_ARCHIVE_URL = "http://127.0.0.1:9/never-asked.zip"
    call_command("fetch_policeuk", "--if-scheduled")  # the schedule's way (run_due_jobs)
    assert "nothing fetched" in capsys.readouterr().out
    assert not ArchiveFetch.objects.exists()
