"""safer knox: the Knox near-repeat test on the incident data (or on a CSV of x, y, day)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safer.crime.analysis.knox import METRIC_NAMES, knox
from safer.crime.models import Incident

# Names on the command line: what each distance is, and the older names, which still work.
METRICS = {
    "city-block": "manhattan",
    "straight-line": "euclidean",
    "manhattan": "manhattan",
    "euclidean": "euclidean",
}


def _edges(text: str) -> list[float]:
    try:
        return [float(v) for v in text.split(",")]
    except ValueError:
        raise CommandError(f"Band edges must be numbers separated by commas, not {text!r}.")


class Command(BaseCommand):
    help = "Run the Knox near-repeat test and print the NRC-style tables (or --json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", help="a CSV with columns x, y (metres) and day (whole days) instead")
        parser.add_argument(
            "--category", default="burglary", help="incident category prefix (default burglary)"
        )
        parser.add_argument("--since", type=dt.date.fromisoformat, help="first date (YYYY-MM-DD)")
        parser.add_argument("--until", type=dt.date.fromisoformat, help="last date (YYYY-MM-DD)")
        parser.add_argument("--spatial", default="0,1,100,200,300,400", help="distance band edges, metres")
        parser.add_argument("--temporal", default="0,7,14,21,28,35", help="time band edges, days")
        parser.add_argument(
            "--metric",
            choices=list(METRICS),
            default="city-block",
            help="city-block: east-west plus north-south metres on the grid, not the distance along "
            "streets (also accepted as manhattan); straight-line (also euclidean). Default city-block.",
        )
        parser.add_argument("--permutations", type=int, default=999)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["csv"]:
            with Path(o["csv"]).open(newline="") as f:
                rows = [(float(r["x"]), float(r["y"]), int(r["day"])) for r in csv.DictReader(f)]
            x = np.array([r[0] for r in rows])
            y = np.array([r[1] for r in rows])
            days = np.array([r[2] for r in rows])
        else:
            qs = Incident.objects.filter(category__startswith=o["category"])
            if o["since"]:
                qs = qs.filter(occurred_at__date__gte=o["since"])
            if o["until"]:
                qs = qs.filter(occurred_at__date__lte=o["until"])
            found = list(qs.values_list("easting", "northing", "occurred_at__date"))
            x = np.array([r[0] for r in found], dtype=float)
            y = np.array([r[1] for r in found], dtype=float)
            first = min((r[2] for r in found), default=dt.date(2000, 1, 1))
            days = np.array([(r[2] - first).days for r in found], dtype=np.int64)
        try:
            temporal = [int(v) for v in _edges(o["temporal"])]
            result = knox(
                x,
                y,
                days,
                _edges(o["spatial"]),
                temporal,
                metric=METRICS[o["metric"]],  # type: ignore[arg-type]
                permutations=o["permutations"],
                seed=o["seed"],
            )
        except ValueError as error:
            raise CommandError(str(error))
        if o["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{result.n:,} events, {result.pairs:,} pairs, {METRIC_NAMES[result.metric]} distance, "
            f"seed {o['seed']}"
        )
        tables = [
            ("Observed", result.observed, "{:.0f}"),
            ("Expected", result.expected, "{:.1f}"),
            ("Knox ratio", result.knox_ratio, "{:.2f}"),
        ]
        if result.p_values is not None:
            tables.append((f"p-value ({result.permutations} permutations)", result.p_values, "{:.3f}"))
        width = max(len(c) for c in result.column_labels + result.row_labels) + 2
        for title, values, fmt in tables:
            self.stdout.write(f"\n{title}")
            self.stdout.write(" " * width + "".join(c.rjust(width) for c in result.column_labels))
            for label, row in zip(result.row_labels, values, strict=True):
                self.stdout.write(label.ljust(width) + "".join(fmt.format(v).rjust(width) for v in row))
