"""Signed links are bearer tokens: whoever holds /alerts/manage/<token>/ can manage that person's
registration, and /contact/withdraw/<token>/ can withdraw their message. Paths reach access logs
(and the demo outbox shows whole emails), so both show these paths with the token masked.

`RedactingLogger` is gunicorn's logger with every access-log atom redacted (the path, the request
line, the referrer, headers and environ values alike); `safer serve` passes it as
`--logger-class safer.gunicorn_logging.RedactingLogger`. A production gunicorn should be started
with the same option. This module imports nothing from Django: gunicorn's master process loads it
before any Django settings exist.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

LOG_MASK = "[redacted]"

# The path prefixes whose later segments may be signed tokens, wherever such a path appears: alone
# (a log's path), in a request line, or inside a full URL in a referrer or an email.
_TOKEN_PATH = re.compile(r"/(?:alerts|contact)/[^\s<>\"'?#]*")
_SLUG = re.compile(r"^[a-z0-9-]+$")
TOKEN_MIN_LENGTH = 41


def is_token(segment: str) -> bool:
    """A segment that may be a signed token: Django's signed values always hold ':' (also seen
    percent-encoded); anything else longer than 40 characters, except a plain slug, is treated as
    one too, so a future token format without ':' is still caught."""
    if ":" in segment or "%3a" in segment.lower():
        return True
    return len(segment) >= TOKEN_MIN_LENGTH and not _SLUG.match(segment)


def _redact_match(match: re.Match[str], mask: str) -> str:
    prefix, _, rest = match.group(0)[1:].partition("/")
    segments = [mask if is_token(s) else s for s in rest.split("/")]
    return f"/{prefix}/" + "/".join(segments)


def redact(text: str, mask: str = LOG_MASK) -> str:
    """`text` with every token segment of an /alerts/ or /contact/ path replaced by `mask`."""
    if "/alerts/" not in text and "/contact/" not in text:
        return text
    return _TOKEN_PATH.sub(lambda m: _redact_match(m, mask), text)


class RedactingLogger(Logger):
    """gunicorn's logger, with signed tokens masked in every value an access-log format can use."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
