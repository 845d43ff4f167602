"""`safer fetch-policeuk`: download the monthly data.police.uk archive and import this force's files.

1. Ask for the archive with the validators of the last good run (If-None-Match / If-Modified-Since):
   a 304 records "unchanged" and does nothing else.
2. Download into `<POLICEUK_DOWNLOAD_DIR>/<name>.part`. A part left by an earlier run is resumed
   with an HTTP Range request (If-Range with its validator, so a changed archive starts again); a
   server that ignores the range sends the whole file, which replaces the part.
3. A download that stops early keeps the part aside for the next run and imports nothing. A complete
   file that is not a whole zip archive (cut short at the source) is deleted and imports nothing.
4. Only then are this force's street, outcomes and stop-and-search files imported, by the ordinary
   importers (`safer.crime.importers`): every file checked first, months checked against their
   names, a shrinking month refused, all written in one transaction.

Every run leaves an `ArchiveFetch` row: months and rows imported, or why nothing changed.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import urllib.error
import urllib.request
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from safer.crime.bulk import ImportRefused, MalformedFile
from safer.crime.importers import discover, import_sources
from safer.crime.models import ArchiveFetch

logger = logging.getLogger(__name__)
CHUNK = 1 << 16


class FetchFailed(Exception):
    """The run stopped; nothing was imported. The message says why, for the log row and the command."""


@dataclass
class Download:
    path: Path | None  # None: unchanged since the last good run (304)
    received: int = 0
    resumed_from: int = 0
    etag: str = ""
    last_modified: str = ""


def part_path(url: str) -> Path:
    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    return Path(settings.POLICEUK_DOWNLOAD_DIR) / f"archive-{digest}.zip.part"


def _validators_file(part: Path) -> Path:
    return part.with_suffix(".json")


def download(url: str, *, etag: str = "", last_modified: str = "") -> Download:
    """The archive at `url` as a complete file on disk (see the module's steps 1-3)."""
    part = part_path(url)
    part.parent.mkdir(parents=True, exist_ok=True)
    kept = part.stat().st_size if part.exists() else 0
    saved: dict[str, str] = {}
    if kept and _validators_file(part).exists():
        saved = json.loads(_validators_file(part).read_text())
    headers = {"User-Agent": "safer-neighbourhoods/1 (fetch-policeuk)"}
    if kept and (saved.get("etag") or saved.get("last_modified")):
        headers["Range"] = f"bytes={kept}-"
        headers["If-Range"] = saved.get("etag") or saved.get("last_modified", "")
    elif not kept:
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=settings.POLICEUK_TIMEOUT_SECONDS)
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Download(path=None, etag=etag, last_modified=last_modified)
        if error.code == 416 and kept:  # the part is already whole, or longer than the file now
            part.unlink()
            raise FetchFailed(f"the server refused to resume ({error.code}); the next run starts again")
        raise FetchFailed(f"the server answered {error.code} {error.reason} for {url}") from None
    except (urllib.error.URLError, OSError) as error:
        raise FetchFailed(f"could not reach {url}: {getattr(error, 'reason', error)}") from None
    with response:
        new_etag = response.headers.get("ETag", "")
        new_modified = response.headers.get("Last-Modified", "")
        if response.status == 206:
            start, total = _content_range(response.headers.get("Content-Range", ""))
            if start != kept:
                part.unlink()
                raise FetchFailed("the server resumed from the wrong place; the next run starts again")
            mode, resumed_from = "ab", kept
        else:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            mode, resumed_from = "wb", 0
        _validators_file(part).write_text(json.dumps({"etag": new_etag, "last_modified": new_modified}))
        received = 0
        with part.open(mode) as out:
            try:
                while chunk := response.read(CHUNK):
                    out.write(chunk)
                    received += len(chunk)
            except (OSError, http.client.HTTPException, ValueError) as error:
                logger.info("policeuk.fetch_interrupted received=%d error=%s", received, type(error).__name__)
    have = part.stat().st_size
    if total is not None and have < total:
        raise FetchFailed(
            f"the download stopped after {have:,} of {total:,} bytes; the part is kept and the next "
            "run resumes it. Nothing was imported."
        )
    try:
        with zipfile.ZipFile(part) as archive:
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        part.unlink()
        _validators_file(part).unlink(missing_ok=True)
        raise FetchFailed(
            f"the archive is not a complete zip file ({error}); it was cut short or damaged at the source. "
            "Nothing was imported."
        ) from None
    if bad is not None:
        part.unlink()
        _validators_file(part).unlink(missing_ok=True)
        raise FetchFailed(f"the archive's file {bad} is damaged. Nothing was imported.")
    done = part.with_suffix("")  # archive-….zip
    part.replace(done)
    _validators_file(part).unlink(missing_ok=True)
    return Download(
        path=done, received=received, resumed_from=resumed_from, etag=new_etag, last_modified=new_modified
    )


def _content_range(value: str) -> tuple[int, int | None]:
    """(start, total) from "bytes 100-199/200" (total None when "*")."""
    try:
        unit, rest = value.split(" ", 1)
        span, total = rest.split("/", 1)
        start = int(span.split("-", 1)[0])
        return start, (None if total.strip() == "*" else int(total))
    except ValueError:
        raise FetchFailed(f"the server's Content-Range {value!r} cannot be read") from None


def fetch_and_import(
    url: str | None = None, force: str | None = None, allow_shrink: bool = False
) -> ArchiveFetch:
    """One run: download, check and import, recorded as an ArchiveFetch row (returned)."""
    url = url or settings.POLICEUK_ARCHIVE_URL
    force = force or settings.FORCE_ID
    last_good = ArchiveFetch.objects.filter(url=url, force=force, status=ArchiveFetch.Status.IMPORTED).first()
    run = ArchiveFetch.objects.create(url=url, force=force)
    try:
        got = download(
            url,
            etag=last_good.etag if last_good else "",
            last_modified=last_good.last_modified if last_good else "",
        )
        run.bytes_downloaded, run.resumed_from = got.received, got.resumed_from
        run.etag, run.last_modified = got.etag, got.last_modified
        if got.path is None:
            run.status = ArchiveFetch.Status.UNCHANGED
            run.message = "The archive has not changed since the last import."
        else:
            _import(run, got.path, force, allow_shrink)
    except FetchFailed as error:
        run.status, run.message = ArchiveFetch.Status.FAILED, str(error)
    run.finished_at = timezone.now()
    run.save()
    logger.info("policeuk.fetch status=%s months=%d", run.status, len(run.months))
    return run


def _import(run: ArchiveFetch, path: Path, force: str, allow_shrink: bool) -> None:
    try:
        sources = [s for s in discover(path) if s.force == force]
        if not sources:
            raise FetchFailed(f"the archive holds no files for the force {force!r}. Nothing was imported.")
        report = import_sources(sources, progress=False, allow_shrink=allow_shrink)
    except (MalformedFile, ImportRefused) as error:
        raise FetchFailed(f"{error} Nothing was imported.") from None
    finally:
        path.unlink(missing_ok=True)
    rows: Counter[str] = Counter()
    for kind, _force, _month, count in report.batches:
        rows[kind] += count
    run.months = sorted({month for _kind, _force, month, _rows in report.batches})
    run.rows = dict(rows)
    run.status = ArchiveFetch.Status.IMPORTED
    run.message = f"Imported {report.rows:,} rows from {report.files} file(s)."
