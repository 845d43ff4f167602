"""Site statistics for Community Speed Watch: what the parish and the public see (no registrations)."""

from __future__ import annotations

from dataclasses import dataclass, field

from safer.community.models import Reading, SessionStatus, Site


@dataclass(frozen=True)
class HourRow:
    hour: int
    readings: int
    over: int
    top_speed: int


@dataclass
class SiteStats:
    site: Site
    sessions: int = 0
    vehicles: int = 0
    readings: int = 0
    over: int = 0
    top_speed: int | None = None
    hours: list[HourRow] = field(default_factory=list)

    @property
    def share_over(self) -> float | None:
        """Share of vehicles that passed at or above the threshold (of all counted, where the
        session counted every vehicle; otherwise of those recorded)."""
        return 100.0 * self.over / self.vehicles if self.vehicles else None


def site_stats(site: Site) -> SiteStats:
    stats = SiteStats(site=site)
    threshold = site.threshold
    sessions = site.sessions.exclude(status=SessionStatus.CANCELLED)
    by_hour: dict[int, list[int]] = {}
    recorded: dict[int, int] = {}
    for session_id, speed, seen_at in Reading.objects.filter(session__in=sessions).values_list(
        "session_id", "speed_mph", "seen_at"
    ):
        stats.readings += 1
        recorded[session_id] = recorded.get(session_id, 0) + 1
        stats.over += speed >= threshold
        by_hour.setdefault(seen_at.hour, []).append(speed)
    for session in sessions:
        if session.status == SessionStatus.DONE or session.pk in recorded:
            stats.sessions += 1
            counted = session.vehicles_counted
            stats.vehicles += max(counted or 0, recorded.get(session.pk, 0))
    stats.hours = [
        HourRow(hour=h, readings=len(s), over=sum(v >= threshold for v in s), top_speed=max(s))
        for h, s in sorted(by_hour.items())
    ]
    stats.top_speed = max((row.top_speed for row in stats.hours), default=None)
    return stats
