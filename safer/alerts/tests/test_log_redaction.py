"""Signed links are bearer tokens, so the web server's access log shows them masked
(safer/gunicorn_logging.py), and `safer serve` starts gunicorn with that logger."""

from __future__ import annotations

import datetime as dt
import types
from pathlib import Path
from typing import Any

import pytest
from django.core import signing
from gunicorn.config import Config

import safer.__main__ as command_line
from safer.alerts import links
from safer.gunicorn_logging import LOG_MASK, RedactingLogger, redact

ALERTS_TOKEN = links.make_token(41, "k" * 16, links.MANAGE)
CONTACT_TOKEN = signing.dumps([9, "x" * 16], salt="contact.withdraw", compress=False)


SIGNED_LINK_PATHS = [
    (f"/alerts/manage/{ALERTS_TOKEN}/", f"/alerts/manage/{LOG_MASK}/"),
    (f"/alerts/manage/{ALERTS_TOKEN}/places/3/remove/", f"/alerts/manage/{LOG_MASK}/places/3/remove/"),
    (f"/alerts/unsubscribe/{ALERTS_TOKEN}/", f"/alerts/unsubscribe/{LOG_MASK}/"),
    (f"/alerts/confirm/{ALERTS_TOKEN}/", f"/alerts/confirm/{LOG_MASK}/"),
    (f"/alerts/confirm-phone/{ALERTS_TOKEN}/", f"/alerts/confirm-phone/{LOG_MASK}/"),
    (f"/contact/confirm/{CONTACT_TOKEN}/", f"/contact/confirm/{LOG_MASK}/"),
    (f"/contact/withdraw/{CONTACT_TOKEN}/", f"/contact/withdraw/{LOG_MASK}/"),
    (f"/contact/code/{CONTACT_TOKEN}/", f"/contact/code/{LOG_MASK}/"),
    (f"/contact/sent/{CONTACT_TOKEN}/", f"/contact/sent/{LOG_MASK}/"),
    # Percent-encoded, and a long opaque value without ':' (a future token format).
    ("/alerts/manage/abc%3A1x%3Adef/", f"/alerts/manage/{LOG_MASK}/"),
    ("/contact/sent/" + "Ab_9" * 11 + "/", f"/contact/sent/{LOG_MASK}/"),
]


# Ids from the masked path: the tokens carry a timestamp, and parallel test processes must collect
# the same test names.
@pytest.mark.parametrize(
    ("path", "expected"),
    SIGNED_LINK_PATHS,
    ids=[f"{n}-{expected}" for n, (_, expected) in enumerate(SIGNED_LINK_PATHS)],
)
def test_it_masks_the_token_in_every_signed_link_path(path: str, expected: str) -> None:
    assert redact(path) == expected


@pytest.mark.parametrize(
    "path",
    [
        "/alerts/",
        "/alerts/sign-up/check-your-email/",
        "/alerts/messages/123/",
        "/alerts/neighbourhoods/worcester-city-centre-north-east-and-st-johns/",
        "/contact/worcester-city-centre/",
        "/staff/teams/x:y/",  # not a signed-link prefix
    ],
)
def test_it_leaves_paths_without_tokens_as_they_are(path: str) -> None:
    assert redact(path) == path


def test_it_masks_tokens_inside_full_urls_and_request_lines() -> None:
    line = f"GET /alerts/manage/{ALERTS_TOKEN}/?a=1 HTTP/1.1 https://example.org/contact/withdraw/{CONTACT_TOKEN}/"
    redacted = redact(line)
    assert ALERTS_TOKEN not in redacted and CONTACT_TOKEN not in redacted
    assert (
        redacted
        == f"GET /alerts/manage/{LOG_MASK}/?a=1 HTTP/1.1 https://example.org/contact/withdraw/{LOG_MASK}/"
    )


def test_the_access_log_written_by_gunicorn_holds_no_token(tmp_path: Path) -> None:
    log_file = tmp_path / "access.log"
    cfg = Config()
    cfg.set("accesslog", str(log_file))
    cfg.set("access_log_format", '%(m)s %(U)s %(r)s "%(f)s" %(s)s')
    logger = RedactingLogger(cfg)
    path = f"/alerts/manage/{ALERTS_TOKEN}/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": "",
        "HTTP_REFERER": f"https://example.org/contact/sent/{CONTACT_TOKEN}/",
    }
    response = types.SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = types.SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(response, request, environ, dt.timedelta(milliseconds=5))
    for handler in logger.access_log.handlers:
        handler.flush()
    written = log_file.read_text()
    assert f"GET /alerts/manage/{LOG_MASK}/ GET /alerts/manage/{LOG_MASK}/ HTTP/1.1" in written
    assert f"/contact/sent/{LOG_MASK}/" in written
    assert ALERTS_TOKEN not in written and CONTACT_TOKEN not in written


class FakeProcess:
    def __init__(self, args: list[str], **kwargs: Any) -> None:
        self.args = args

    def wait(self, timeout: float | None = None) -> int:
        return 0

    def poll(self) -> int:
        return 0

    def terminate(self) -> None:
        return None


def test_safer_serve_starts_gunicorn_with_the_redacting_logger(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []

    def popen(args: list[str], **kwargs: Any) -> FakeProcess:
        started.append(args)
        return FakeProcess(args, **kwargs)

    monkeypatch.setattr(command_line.subprocess, "Popen", popen)
    monkeypatch.setattr(command_line.signal, "signal", lambda *a: None)
    assert command_line.serve(["--port", "8123"]) == 0
    gunicorn = next(args for args in started if "gunicorn" in args)
    options = gunicorn[gunicorn.index("gunicorn") + 1 :]
    cfg = Config()
    for name, value in vars(cfg.parser().parse_args(options)).items():
        if value is not None and name in cfg.settings:
            cfg.set(name, value)
    assert cfg.logger_class is RedactingLogger
    # And the delivery worker `safer --help` describes is the one serve starts.
    assert next(a for a in started if "send-deliveries" in a)[1:] == ["-m", "safer", "send-deliveries"]
    assert command_line.__doc__ is not None and "safer send-deliveries" in command_line.__doc__
