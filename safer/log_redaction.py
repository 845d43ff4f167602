"""A logging filter that masks signed tokens in paths (the same rule as the gunicorn access log),
so an error logged for a request to /alerts/manage/<token>/ never writes the token."""

from __future__ import annotations

import logging

from safer.gunicorn_logging import redact


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
