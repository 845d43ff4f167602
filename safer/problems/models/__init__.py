"""The problems app's models, one module per concept: prevention (near-repeat responses), plans
(OSARA plans, links, sign-offs, reviews, time, analysis requests), responses (with the legal tools'
statutory clocks) and assessment (before/after counts, WDQ/WDD, the write-up and public summary)."""

from safer.problems.models.assessment import Assessment, Impact, WriteUp
from safer.problems.models.plans import (
    AnalysisRequest,
    Plan,
    PlanLink,
    ProblemType,
    Review,
    SignOff,
    Source,
    Stage,
    TimeEntry,
)
from safer.problems.models.prevention import PreventionAction, PreventionVisit
from safer.problems.models.responses import LegalTool, OwnerKind, Response
from safer.problems.models.sharing import PlanShare

__all__ = [
    "AnalysisRequest",
    "Assessment",
    "Impact",
    "LegalTool",
    "OwnerKind",
    "Plan",
    "PlanLink",
    "PlanShare",
    "PreventionAction",
    "PreventionVisit",
    "ProblemType",
    "Response",
    "Review",
    "SignOff",
    "Source",
    "Stage",
    "TimeEntry",
    "WriteUp",
]
