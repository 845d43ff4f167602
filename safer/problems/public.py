"""What the neighbourhood page shows of problem solving: the public summaries an inspector approved
("What we did about …"). No names, places finer than the neighbourhood, or crime detail."""

from __future__ import annotations

from typing import Any

from safer.places.models import Neighbourhood
from safer.problems.models import Stage, WriteUp

MAX_SHOWN = 5


def public_summaries(nb: Neighbourhood) -> dict[str, Any]:
    rows = (
        WriteUp.objects.filter(
            plan__neighbourhood=nb, plan__stage=Stage.CLOSED, public_approved_at__isnull=False
        )
        .select_related("plan", "plan__assessment")
        .order_by("-public_approved_at")[:MAX_SHOWN]
    )
    return {
        "what_we_did": [
            {
                "title": w.public_title,
                "summary": w.public_summary,
                "closed": w.plan.closed_at,
                "impact": w.plan.assessment.get_impact_display() if hasattr(w.plan, "assessment") else "",
            }
            for w in rows
        ]
    }
