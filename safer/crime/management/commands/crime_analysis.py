"""safer crime-analysis {counts,concentration,hotspots,repeats}: the analyses from the command line."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from safer.crime.analysis import concentration, hotspots
from safer.crime.analysis.counts import category_by_month, last_months, monthly_counts, period_label
from safer.crime.models import Crime, Incident
from safer.crime.queries import location_counts, repeat_incidents
from safer.places.models import Neighbourhood


class Command(BaseCommand):
    help = "Crime counts, concentration (top 5%/10%, Gini), hot spots or repeat victims, as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("analysis", choices=["counts", "concentration", "hotspots", "repeats"])
        parser.add_argument("--neighbourhood", help="a neighbourhood code (default: every neighbourhood)")
        parser.add_argument(
            "--months", type=int, default=12, help="the imported months among this many up to the latest"
        )
        parser.add_argument("--cell", type=float, default=250, help="hot spots: cell size in metres")
        parser.add_argument("--method", choices=["gistar", "kde", "counts"], default="gistar")
        parser.add_argument("--top", type=int, default=10)

    def handle(self, *args: Any, **o: Any) -> None:
        nbs = Neighbourhood.objects.all()
        if o["neighbourhood"]:
            nbs = nbs.filter(code=o["neighbourhood"])
            if not nbs.exists():
                raise CommandError(f"No neighbourhood has the code {o['neighbourhood']!r}.")
        ids = list(nbs.values_list("pk", flat=True))
        months = last_months(o["months"])
        result: dict[str, Any] = {"months": months, "period": period_label(months)}
        if o["analysis"] == "counts":
            result["categories"] = [
                row.__dict__ for row in category_by_month(monthly_counts(ids, months), months)
            ]
        elif o["analysis"] == "concentration":
            counts, places = location_counts(ids, months)
            result.update(concentration.summary(counts), top=places[: o["top"]])
        elif o["analysis"] == "hotspots":
            xy = np.array(
                Crime.objects.filter(
                    neighbourhood_id__in=ids, month__in=months, location__isnull=False
                ).values_list("location__easting", "location__northing"),
                dtype=float,
            ).reshape(-1, 2)
            grid = hotspots.Grid.covering(xy[:, 0], xy[:, 1], o["cell"])
            counts = hotspots.grid_counts(xy[:, 0], xy[:, 1], grid)
            values = {
                "gistar": lambda: hotspots.gi_star(counts),
                "kde": lambda: hotspots.kernel_density(counts, grid.cell, 2 * grid.cell),
                "counts": lambda: counts.astype(float),
            }[o["method"]]()
            order = np.argsort(-np.nan_to_num(values, nan=-np.inf), axis=None)[: o["top"]]
            xs, ys = grid.centres()
            result["grid"] = {"rows": grid.rows, "cols": grid.cols, "cell_m": grid.cell}
            result["top"] = [
                {
                    "easting": float(xs.flat[k]),
                    "northing": float(ys.flat[k]),
                    "crimes": int(counts.flat[k]),
                    "value": float(values.flat[k]),
                }
                for k in order
            ]
        else:
            now = timezone.now()
            repeats = repeat_incidents(
                Incident.objects.filter(neighbourhood__in=nbs), now - dt.timedelta(days=365), now
            )
            result["repeat_victim_incidents"] = len(repeats)
            # Contacts with victims live in the victims app: the share contacted within the agreed
            # time is its scorecard measure crime.repeat_victims_contacted.
        self.stdout.write(json.dumps(result, indent=2, default=str))
