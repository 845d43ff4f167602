"""Engagement records, one module per concept: events, stations, councils, surveys, concerns,
priorities and correspondence. Everything is re-exported here, so `safer.engagement.models` is the
one place to import from."""

from __future__ import annotations

from safer.engagement.models.concerns import Concern, ConcernCategory, ConcernSource
from safer.engagement.models.correspondence import Correspondence, CorrespondenceChannel, WriterKind
from safer.engagement.models.councils import (
    CouncilAgreement,
    CouncilMeeting,
    MeetingMode,
    ParishCouncil,
    ParishUpdate,
    UpdateFrequency,
)
from safer.engagement.models.events import (
    MAX_OCCURRENCES,
    POLICEUK_TYPE,
    Event,
    EventKind,
    EventStatus,
    EventTag,
    Occurrence,
    advertise_days,
)
from safer.engagement.models.patrols import KeyPlace, KeyPlaceKind, PatrolLog, SocialPlatform, SocialPost
from safer.engagement.models.population import AgeBand, PopulationGroup, Sex
from safer.engagement.models.priorities import FROM_PUBLIC, Priority, PrioritySource
from safer.engagement.models.stations import OpeningHours, Station, StationStatus, StationStatusChange
from safer.engagement.models.surveys import (
    Answer,
    Question,
    QuestionKind,
    StandardQuestion,
    Survey,
    SurveyResponse,
)

__all__ = [
    "FROM_PUBLIC",
    "AgeBand",
    "EventTag",
    "KeyPlace",
    "KeyPlaceKind",
    "PatrolLog",
    "PopulationGroup",
    "PrioritySource",
    "Sex",
    "SocialPlatform",
    "SocialPost",
    "StandardQuestion",
    "MAX_OCCURRENCES",
    "POLICEUK_TYPE",
    "Answer",
    "Concern",
    "ConcernCategory",
    "ConcernSource",
    "Correspondence",
    "CorrespondenceChannel",
    "CouncilAgreement",
    "CouncilMeeting",
    "Event",
    "EventKind",
    "EventStatus",
    "MeetingMode",
    "OpeningHours",
    "Occurrence",
    "ParishCouncil",
    "ParishUpdate",
    "Priority",
    "Question",
    "QuestionKind",
    "Station",
    "StationStatus",
    "StationStatusChange",
    "Survey",
    "SurveyResponse",
    "UpdateFrequency",
    "WriterKind",
    "advertise_days",
]
