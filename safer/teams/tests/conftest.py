from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded photos go to a throw-away folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
