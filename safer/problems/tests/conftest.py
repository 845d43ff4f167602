from __future__ import annotations

# The incident fixtures and audit spy shared with crime's own tests of incident pages.
from safer.crime.tests.test_admin import admin_client  # noqa: F401
from safer.crime.tests.test_repeats_and_audit import recorded, worcester  # noqa: F401
from safer.crime.tests.test_views import places  # noqa: F401
