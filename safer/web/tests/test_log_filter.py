from __future__ import annotations

import logging

from safer.log_redaction import RedactTokens


def test_it_masks_a_signed_token_in_a_logged_path() -> None:
    token = "eyJzIjoxMjN9:1vQxYz:abcdefghijklmnopqrstuvwxyz0123456789ABCD"
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        (f"/alerts/manage/{token}/",),
        None,
    )
    assert RedactTokens().filter(record) is True
    assert token not in record.getMessage()
    assert "/alerts/manage/" in record.getMessage()
