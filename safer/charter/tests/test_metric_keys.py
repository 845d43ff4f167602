"""Every metric key a charter file names must be registered by the app that owns its data.

A promise whose metric is not registered shows as "not measured yet" on the scorecard, never as met;
but a typo would silently show "not measured yet" too (the 2021 charter once asked for
`alerts.recipients_per_1000` while alerts registers `alerts.registered_per_1000`). So every key in
every charter file must be in the registry, except the ones below.
"""

from __future__ import annotations

from safer.charter.loader import CHARTER_DIR, load_charters
from safer.lib.metrics import REGISTRY

# Deliberate: promises in a built app's namespace whose measure that app has not built yet. When an
# app registers one of these, take it off this list (the second test says so).
NOT_BUILT_YET = frozenset(
    {
        # Registered by the volunteers app (issue 11, item 3), built beside community: remove these
        # six when it is merged.
        "community.areas_with_advisory_group",
        "community.areas_with_custody_visits",
        "community.citizens_in_policing_hours",
        "community.groups_engaged",
        "community.ride_alongs",
        "community.youth_engagement",
        # The community app's watch-scheme measures (issue 11, items 1 and 2): the volunteers app
        # registers the other community.* keys, so the namespace counts as built.
        "community.new_watch_schemes",
        "community.parishes_with_watch_scheme",
        "contact.digital_share",
        "contact.methods_published",
        "contact.missed_deadlines_explained",
        "contact.recourse_offered",
        "crime.asb_action_plan_current",
        "crime.asb_lead_named",
        "crime.hotspot_analysis_current",
        "crime.ocg_disruptions",
        "crime.repeat_offenders_managed",
        "crime.town_centre_crime_change",
        "crime.town_centre_positive_outcomes",
        "engagement.beat_meetings_held",
        "engagement.drop_ins_held",
        "engagement.elected_correspondence_on_time",
        "engagement.hotspot_patrol_share",
        "engagement.key_places_visited",
        "engagement.parish_agreements_current",
        "engagement.parish_survey_contacted_for_priorities",
        "engagement.parish_survey_visibility_good",
        "engagement.priorities_from_public",
        "engagement.priorities_with_action",
        "engagement.public_events_attended",
        "engagement.schools_visited",
        "engagement.seldom_heard_events",
        "engagement.social_media_updates",
        "engagement.station_status_published",
        "engagement.survey_confidence",
        "engagement.survey_experienced_asb",
        "engagement.survey_responses_per_1000",
        "engagement.survey_seen_foot_patrol",
        "engagement.survey_seen_or_heard",
        "teams.abstraction_rate",
        "teams.npp_training_completed",
        "teams.prevention_training_completed",
        "teams.time_in_community",
        "teams.trauma_informed_trained",
        "teams.vulnerability_training_completed",
    }
)
# Measures that other issues build at the same time as this one (problems, partners, victims and
# community each measure their own promises; the ASB case review belongs to the problems issue).
# Empty these once those branches are merged; until then their keys may or may not be registered.
OWNED_BY_OTHER_ISSUES_PREFIXES = ("problems.", "partners.", "victims.", "community.")
OWNED_BY_OTHER_ISSUES_KEYS = frozenset({"crime.asb_case_reviews_on_time"})


def owned_elsewhere(key: str) -> bool:
    return key.startswith(OWNED_BY_OTHER_ISSUES_PREFIXES) or key in OWNED_BY_OTHER_ISSUES_KEYS


def charter_keys() -> dict[str, list[str]]:
    """Every metric key a shipped charter names -> where (charter/promise)."""
    keys: dict[str, list[str]] = {}
    for charter in load_charters([CHARTER_DIR]).values():
        for promise in charter.promises:
            keys.setdefault(promise.metric, []).append(f"{charter.id}/{promise.id}")
    return keys


def unregistered(keys: dict[str, list[str]]) -> list[str]:
    """Keys no app registers that are not on the list of other issues' measures."""
    return [
        f"{key} (in {', '.join(where)})"
        for key, where in sorted(keys.items())
        if key not in REGISTRY and not owned_elsewhere(key)
    ]


def test_every_metric_key_in_every_charter_file_is_registered() -> None:
    assert unregistered(charter_keys()) == [], "charter metric keys no app registers (a typo?)"


def test_it_catches_a_typo_whatever_the_app() -> None:
    keys = {
        "alerts.recipients_per_1000": ["west-mercia-2021/a19"],
        "no_such_app.anything": ["x/y"],
        "problems.anything": ["x/z"],
    }
    assert unregistered(keys) == [
        "alerts.recipients_per_1000 (in west-mercia-2021/a19)",
        "no_such_app.anything (in x/y)",
    ]


def test_the_exceptions_name_keys_the_charters_use() -> None:
    keys = charter_keys()
    assert all(k in keys for k in OWNED_BY_OTHER_ISSUES_KEYS), "no longer in any charter"
    for prefix in OWNED_BY_OTHER_ISSUES_PREFIXES:
        assert any(k.startswith(prefix) for k in keys), f"no charter key starts {prefix}"


def test_every_registered_metric_says_how_it_is_computed() -> None:
    missing = sorted(key for key, m in REGISTRY.items() if not m.method.strip())
    assert missing == [], "give these a docstring or method= so the scorecard can link to it"
