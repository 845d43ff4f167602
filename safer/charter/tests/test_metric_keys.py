"""Every metric key a charter names must be registered, if its app registers any metrics at all.

A promise whose metric is not built shows as "not measured yet" on the scorecard, never as met; that
is right for an app not built yet (problems, victims, ...), but for a built app it hides a typo: the
2021 charter once asked for `alerts.recipients_per_1000` while alerts registers
`alerts.registered_per_1000`, and the promise silently showed "not measured yet".
"""

from __future__ import annotations

from safer.charter.loader import CHARTER_DIR, load_charters
from safer.lib.metrics import REGISTRY

# Deliberate: promises in a built app's namespace whose measure that app has not built yet. When an
# app registers one of these, take it off this list (the second test says so).
NOT_BUILT_YET = frozenset(
    {
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


def charter_keys() -> dict[str, list[str]]:
    """Every metric key a shipped charter names -> where (charter/promise)."""
    keys: dict[str, list[str]] = {}
    for charter in load_charters([CHARTER_DIR]).values():
        for promise in charter.promises:
            keys.setdefault(promise.metric, []).append(f"{charter.id}/{promise.id}")
    return keys


def built_apps() -> set[str]:
    return {key.partition(".")[0] for key in REGISTRY}


def unregistered(keys: dict[str, list[str]]) -> list[str]:
    """Keys of built apps that no app registers and that are not deliberate exceptions."""
    built = built_apps()
    return [
        f"{key} (in {', '.join(where)})"
        for key, where in sorted(keys.items())
        if key.partition(".")[0] in built and key not in REGISTRY and key not in NOT_BUILT_YET
    ]


def test_every_key_of_a_built_app_is_registered() -> None:
    assert {"alerts", "contact", "teams"} <= built_apps()
    assert unregistered(charter_keys()) == [], "charter metric keys their app does not register (a typo?)"


def test_it_catches_a_typo_in_a_built_apps_key_and_ignores_apps_not_built() -> None:
    keys = {"alerts.recipients_per_1000": ["west-mercia-2021/a19"], "no_such_app.anything": ["x/y"]}
    assert unregistered(keys) == ["alerts.recipients_per_1000 (in west-mercia-2021/a19)"]


def test_the_list_of_exceptions_holds_only_unbuilt_keys_the_charters_use() -> None:
    keys = charter_keys()
    stale = sorted(key for key in NOT_BUILT_YET if key in REGISTRY or key not in keys)
    assert stale == [], "registered now, or no longer in any charter: take these off NOT_BUILT_YET"
