"""The periodic jobs every deployment needs, and the loop that runs them (`safer run-schedule`).

Jobs are management commands named by string, so this app imports none of the apps it runs. Each
job is idempotent (running it twice in a period does no harm), so running the loop on two hosts is
safe; with a shared cache (Redis) a job also runs only once per interval across all of them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.management import call_command

logger = logging.getLogger(__name__)

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


@dataclass(frozen=True)
class Job:
    command: str
    every_seconds: int
    args: tuple[str, ...] = ()


JOBS = [
    # Transactional messages (send_now) whose provider was down are retried when due.
    Job("send_outgoing", MINUTE),
    # A contact message past its reply deadline is escalated to the sergeant.
    Job("escalate_overdue_contact", 5 * MINUTE),
    # Correspondence reminders before the agreed reply date (one per item per day).
    Job("remind_correspondence", HOUR),
    # Information-sharing agreements about to lapse: one reminder per agreement per expiry date.
    Job("remind_agreements", DAY),
    # Unconfirmed contact messages and expired personal data are erased.
    Job("purge_contact_messages", DAY),
    # Alert registrations with no address confirmed after ALERTS_UNCONFIRMED_DAYS are deleted.
    Job("purge_unconfirmed_registrations", DAY),
    # Victim records at the end of retention are erased (counts kept); flags refreshed.
    Job("victims_retention", DAY),
    # The monthly data.police.uk archive: asked for daily (a 304 when it has not changed), imported
    # when a new one is published; a partial download is resumed by the next run. Only where
    # POLICEUK_FETCH_SCHEDULED is on (never in the offline demo).
    Job("fetch_policeuk", DAY, ("--if-scheduled",)),
    # Duty status from the force's rostering feed (DUTY_FEED_URL; nothing when it is not set).
    Job("import_duty", 5 * MINUTE),
    # Finished background-task results are pruned after a week.
    Job("prune_db_task_results", DAY, ("--min-age-days", "7")),
    # The scorecard as measured today, stored for this month (final on its last day); last month is
    # measured again so a figure changed by corrected records is noted beside it (issue 14).
    Job("scorecard_snapshot", DAY, ("--check-corrections",)),
]


def due(job: Job, now: float) -> bool:
    """Claim the job's slot for this interval; False if another run (here or elsewhere) has it."""
    return bool(cache.add(f"schedule:{job.command}", now, timeout=job.every_seconds))


def run_due_jobs(jobs: list[Job] = JOBS, run: Callable[..., object] = call_command) -> list[str]:
    """Run every job whose interval has passed; return the names of those that ran."""
    ran = []
    now = time.time()
    for job in jobs:
        if not due(job, now):
            continue
        started = time.monotonic()
        try:
            run(job.command, *job.args, verbosity=0)
        except Exception:
            # One failing job must not stop the others; it is retried at its next interval.
            logger.exception("schedule.job_failed command=%s", job.command)
            continue
        logger.info("schedule.job_ran command=%s seconds=%.2f", job.command, time.monotonic() - started)
        ran.append(job.command)
    return ran
