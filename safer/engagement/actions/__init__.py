"""Every change to engagement data goes through these functions (one transaction each; tasks are
enqueued on commit and given ids). Each checks role and scope again through accounts.scopes, so a
new caller cannot skip the rule; station status and correspondence changes are audited.

They live by concept in `events`, `stations`, `councils` (parish councils), `surveys` (surveys and
concerns), `priorities` and `correspondence`, sharing `common`; every name is importable from here."""

from __future__ import annotations

from safer.engagement.actions.common import User, check_team
from safer.engagement.actions.correspondence import (
    CORRESPONDENCE_FIELDS,
    record_reply,
    save_correspondence,
)
from safer.engagement.actions.councils import record_meeting, save_agreement, send_parish_update
from safer.engagement.actions.events import (
    ALLOWED_FREQUENCIES,
    cancel_event,
    publish_event,
    record_outcome,
    save_event,
    validate_rrule,
)
from safer.engagement.actions.priorities import publish_priority, review_priority, save_priority
from safer.engagement.actions.stations import STATION_FIELDS, set_station_status
from safer.engagement.actions.surveys import (
    CONCERN_QUESTION,
    SURVEY_QUESTION_KINDS,
    NewQuestion,
    create_survey,
    record_concern,
    submit_survey,
)

__all__ = [
    "ALLOWED_FREQUENCIES",
    "CONCERN_QUESTION",
    "CORRESPONDENCE_FIELDS",
    "NewQuestion",
    "STATION_FIELDS",
    "SURVEY_QUESTION_KINDS",
    "User",
    "cancel_event",
    "check_team",
    "create_survey",
    "publish_event",
    "publish_priority",
    "record_concern",
    "record_meeting",
    "record_outcome",
    "record_reply",
    "review_priority",
    "save_agreement",
    "save_correspondence",
    "save_event",
    "save_priority",
    "send_parish_update",
    "set_station_status",
    "submit_survey",
    "validate_rrule",
]
