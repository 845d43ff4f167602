from __future__ import annotations

# A real SMTP server (aiosmtpd) and tasks run at once, shared with contact's tests.
from safer.contact.tests.conftest import immediate_tasks, run_on_commit, smtp_sink  # noqa: F401

# The incident fixtures and audit spy shared with crime's own tests of incident pages.
from safer.crime.tests.test_repeats_and_audit import recorded, worcester  # noqa: F401
from safer.crime.tests.test_views import places  # noqa: F401
