"""Back-office analysis pages under /crime/: counts, repeat locations, hot spots, near repeats and
the import log. (Repeat victims moved to safer.victims, prevention responses to safer.problems.)

Every page reads only the neighbourhoods in the user's scope (accounts.scopes) and shows each chart
beside a table of the same numbers.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import numpy as np
import shapely
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from safer.accounts.scopes import (
    CRIME_READERS,
    IMPORT_READERS,
    in_scope,
    neighbourhoods_in_scope,
    require_role,
)
from safer.crime import audit as crime_audit
from safer.crime import charts
from safer.crime.analysis import concentration, hotspots
from safer.crime.analysis.counts import (
    available_months,
    category_by_month,
    last_months,
    monthly_counts,
    neighbourhood_by_month,
    period_label,
)
from safer.crime.bulk import from_bng
from safer.crime.forms import CountsForm, HotspotForm, KnoxForm
from safer.crime.models import ArchiveFetch, Crime, ImportBatch, Incident
from safer.crime.queries import location_counts
from safer.crime.records import AnalysisKind, record_analysis_runs
from safer.lib.maps import geojson, layer_bounds, tile_settings
from safer.places.models import Neighbourhood

READERS = CRIME_READERS
MAX_KNOX_EVENTS = 100_000


def _area(request: HttpRequest, form: Any) -> tuple[list[int], str, QuerySet[Neighbourhood]]:
    """Neighbourhood ids the page covers (one chosen, or all in scope), a label, and the queryset."""
    scope = neighbourhoods_in_scope(request.user)
    chosen = form.cleaned_data.get("neighbourhood") if form.is_valid() else None
    if chosen is not None:
        return [chosen.pk], chosen.name, scope.filter(pk=chosen.pk)
    return list(scope.values_list("pk", flat=True)), "everywhere you can see", scope


@require_role(*READERS)
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    scope = neighbourhoods_in_scope(request.user)
    form = CountsForm(request.GET or None, neighbourhoods=scope, months=[])
    count = form.cleaned_data["months"] if form.is_valid() else 12
    ids, label, chosen = _area(request, form)
    months = last_months(count)
    counts = monthly_counts(ids, months)
    table = category_by_month(counts, months)
    top = sorted(table, key=lambda r: -r.total)[:6]
    by_nb = neighbourhood_by_month(counts, months)
    names = dict(chosen.values_list("pk", "name"))
    nb_rows = [
        {"name": names.get(pk, "?"), "months": v, "total": sum(v)}
        for pk, v in sorted(by_nb.items(), key=lambda kv: -sum(kv[1]))
    ]
    totals = [sum(r.months[k] for r in table) for k in range(len(months))]
    chart = (
        charts.line_chart(
            months,
            {"All crime": totals, **{r.name: r.months for r in top}},
            f"Crimes per month, {label}, {period_label(months)}",
        )
        if months
        else None
    )
    return render(
        request,
        "crime/overview.html",
        {
            "form": form,
            "months": months,
            "period": period_label(months),
            "asked": count,
            "table": table,
            "totals": totals,
            "nb_rows": nb_rows,
            "chart": chart,
            "label": label,
            "section": "overview",
        },
    )


@require_role(*READERS)
@require_safe
def repeat_locations(request: HttpRequest) -> HttpResponse:
    scope = neighbourhoods_in_scope(request.user)
    form = CountsForm(request.GET or None, neighbourhoods=scope, months=[])
    count = form.cleaned_data["months"] if form.is_valid() else 12
    ids, label, _ = _area(request, form)
    months = last_months(count)
    counts, places = location_counts(ids, months) if months else (np.zeros(0), [])
    summary = concentration.summary(counts)
    lorenz = None
    if summary["crimes"]:
        x, y = concentration.lorenz(counts)
        lorenz = charts.lorenz_chart(
            x.tolist(), y.tolist(), f"Lorenz curve of crime over places, {label}, {period_label(months)}"
        )
    return render(
        request,
        "crime/repeat_locations.html",
        {
            "form": form,
            "summary": summary,
            "places": places[:25],
            "lorenz": lorenz,
            "months": months,
            "period": period_label(months),
            "asked": count,
            "label": label,
            "section": "locations",
        },
    )


def _points(ids: list[int], start: str, end: str) -> tuple[np.ndarray, np.ndarray]:
    rows = np.array(
        Crime.objects.filter(
            neighbourhood_id__in=ids, month__gte=start, month__lte=end, location__isnull=False
        ).values_list("location__easting", "location__northing"),
        dtype=float,
    ).reshape(-1, 2)
    return rows[:, 0], rows[:, 1]


def _study_mask(grid: hotspots.Grid, area: QuerySet[Neighbourhood]) -> np.ndarray | None:
    shapes = [nb.boundary for nb in area.only("boundary_wkb") if nb.boundary_wkb]
    if not shapes:
        return None
    union = shapely.union_all(shapes)
    xs, ys = grid.centres()
    lat, lng = from_bng(xs.ravel(), ys.ravel())
    return shapely.contains_xy(union, lng, lat).reshape(grid.shape)


@require_role(*READERS)
@require_safe
def hot_spots(request: HttpRequest) -> HttpResponse:
    scope = neighbourhoods_in_scope(request.user)
    months = available_months()
    form = HotspotForm(request.GET or None, neighbourhoods=scope, months=months)
    context: dict[str, Any] = {"form": form, "section": "hotspots"}
    if months and (form.is_valid() or not request.GET):
        data = form.cleaned_data if form.is_bound else {name: f.initial for name, f in form.fields.items()}
        ids, label, area = (
            _area(request, form)
            if form.is_bound
            else (list(scope.values_list("pk", flat=True)), "everywhere you can see", scope)
        )
        x, y = _points(ids, data["start"], data["end"])
        tx, ty = _points(ids, data["test_start"], data["test_end"])
        if len(x):
            grid = hotspots.Grid.covering(
                np.concatenate([x, tx]), np.concatenate([y, ty]), float(data["cell"])
            )
            if grid.rows * grid.cols > 250_000:
                context["too_big"] = True
            else:
                context.update(_hotspot_result(grid, x, y, tx, ty, data, area, label))
                record_analysis_runs(request.user, AnalysisKind.HOT_SPOTS, area)
        else:
            context["empty"] = True
    return render(request, "crime/hot_spots.html", context)


def _grid_layers(
    grid: hotspots.Grid,
    values: np.ndarray,
    method: str,
    mask: np.ndarray | None,
    flagged: np.ndarray,
    area: QuerySet[Neighbourhood],
    title: str,
) -> dict[str, Any]:
    """The grid as an image over street tiles (static/maps/maps.js), with the area's boundaries.
    The grid is square on the British National Grid, so on a Web Mercator map its corners are
    placed at their WGS84 positions and the few metres of rotation between the two are ignored."""
    png, _, _ = charts.grid_png(values, diverging=method == "gistar", outline=mask, flagged=flagged)
    lat, lng = from_bng(
        [grid.x0, grid.x0 + grid.cols * grid.cell], [grid.y0, grid.y0 + grid.rows * grid.cell]
    )
    bounds = (float(lng[0]), float(lat[0]), float(lng[1]), float(lat[1]))
    layers: list[dict[str, Any]] = [
        {
            "kind": "image",
            "url": "data:image/png;base64," + base64.b64encode(png).decode("ascii"),
            "bounds": layer_bounds(bounds),
        }
    ]
    for nb in area.only("name", "boundary_wkb"):
        if nb.boundary_wkb:
            layers.append({"kind": "other", "name": nb.name, "geometry": geojson(nb.boundary)})
    return {"title": title, "tiles": tile_settings(), "bounds": layer_bounds(bounds), "layers": layers}


def _hotspot_result(
    grid: hotspots.Grid,
    x: np.ndarray,
    y: np.ndarray,
    tx: np.ndarray,
    ty: np.ndarray,
    data: dict[str, Any],
    area: QuerySet[Neighbourhood],
    label: str,
) -> dict[str, Any]:
    mask = _study_mask(grid, area)
    counts = hotspots.grid_counts(x, y, grid)
    later = hotspots.grid_counts(tx, ty, grid)
    method = data["method"]
    if method == "gistar":
        values = hotspots.gi_star(counts, mask)
        score = values
    elif method == "kde":
        values = hotspots.kernel_density(counts, grid.cell, float(data["bandwidth"]))
        score = values
    else:
        values = counts.astype(float)
        score = values
    coverage = int(data["coverage"]) / 100
    judged = hotspots.pai_pei(score, later, coverage, mask)
    flat_scores = np.where(mask if mask is not None else True, np.nan_to_num(score, nan=-np.inf), -np.inf)
    order = np.argsort(-flat_scores, axis=None, kind="stable")[: judged.flagged_cells]
    flagged = np.zeros(grid.shape, dtype=bool)
    flagged.flat[order] = True
    xs, ys = grid.centres()
    lat, lng = from_bng(xs.ravel()[order[:15]], ys.ravel()[order[:15]])
    cx, cy = xs.ravel()[order[:15]], ys.ravel()[order[:15]]
    top = [
        {
            "lat": la,
            "lng": lo,
            "x": round(float(cx[j])),  # the cell centre in metres, for "start a plan" (problems)
            "y": round(float(cy[j])),
            "count": int(counts.flat[k]),
            "later": int(later.flat[k]),
            "value": float(values.flat[k]),
            "bin": int(hotspots.gi_bins(values).flat[k]) if method == "gistar" else None,
        }
        for j, (k, la, lo) in enumerate(zip(order[:15], lat.tolist(), lng.tolist(), strict=True))
    ]
    names = dict(HotspotForm.METHODS)
    title = f"{names[method]}, {data['start']} to {data['end']}, {label}"
    desc = (
        f"{grid.rows} by {grid.cols} grid of {grid.cell:g} m cells; darker cells have higher values; "
        f"outlined cells are the top {data['coverage']}% judged against "
        f"{data['test_start']} to {data['test_end']}. The {len(top)} top cells are listed in the table "
        "beside the map, with their counts and values."
    )
    return {
        "map": charts.grid_map(
            values, title, desc, diverging=method == "gistar", outline=mask, flagged=flagged
        ),
        "map_layers": _grid_layers(grid, values, method, mask, flagged, area, title),
        "top": top,
        "judged": judged,
        "method_name": names[method],
        "grid": grid,
        "events": len(x),
        "test_events": len(tx),
        "data": data,
        "label": label,
    }


def _incident_categories(qs: QuerySet[Incident]) -> list[str]:
    return sorted(set(qs.values_list("category", flat=True)))


@require_role(*READERS)
@require_safe
def near_repeat(request: HttpRequest) -> HttpResponse:
    incidents = in_scope(request.user, Incident.objects.all())
    today = timezone.localdate()
    initial = {"start": today - dt.timedelta(days=365), "end": today}
    form = KnoxForm(request.GET or None, categories=_incident_categories(incidents), initial=initial)
    context: dict[str, Any] = {"form": form, "section": "knox"}
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        qs = incidents.filter(occurred_at__date__gte=d["start"], occurred_at__date__lte=d["end"])
        qs = (
            qs.filter(category__startswith="burglary")
            if d["category"] == "burglary*"
            else qs.filter(category=d["category"])
        )
        rows = np.array(
            list(qs.values_list("easting", "northing", "occurred_at__date")), dtype=object
        ).reshape(-1, 3)
        context["events"] = len(rows)
        crime_audit.read_incidents(
            request.user,
            "crime.near_repeat.read",
            [],
            count=len(rows),
            category=d["category"],
            start=d["start"].isoformat(),
            end=d["end"].isoformat(),
        )
        if len(rows) > MAX_KNOX_EVENTS:
            context["too_many"] = MAX_KNOX_EVENTS
        elif len(rows) >= 2:
            record_analysis_runs(
                request.user, AnalysisKind.NEAR_REPEAT, neighbourhoods_in_scope(request.user)
            )
            # Imported here: the Knox test brings numba and scipy (about a second), which no other
            # page needs, and the URLconf imports this module at every process's first request.
            from safer.crime.analysis.knox import METRIC_NAMES, knox

            origin = min(rows[:, 2])
            days = np.array([(day - origin).days for day in rows[:, 2]], dtype=np.int64)
            result = knox(
                rows[:, 0].astype(float),
                rows[:, 1].astype(float),
                days,
                d["spatial"],
                d["temporal"],
                metric=d["metric"],
                permutations=d["permutations"],
                seed=d["seed"],
            )
            context["result"] = result
            context["tables"] = _knox_tables(result)
            context["heat"] = charts.heat_table(
                result.knox_ratio,
                result.row_labels,
                result.column_labels,
                f"Knox ratios, {len(rows):,} incidents, {METRIC_NAMES[d['metric']]} distance",
                highlight=result.significant(),
            )
    return render(request, "crime/near_repeat.html", context)


def _knox_tables(result: Any) -> list[dict[str, Any]]:
    """The NRC's four tables: observed, expected, Knox ratio and significance, rows = distance bands."""

    def grid(values: Any, fmt: str) -> list[list[str]]:
        if values is None:
            return []
        return [
            [(fmt.format(v) if np.isfinite(v) else "–") for v in row]
            for row in np.asarray(values, dtype=float)
        ]

    significant = result.significant()
    tables = [
        {"title": "Observed pairs", "rows": grid(result.observed, "{:,.0f}")},
        {"title": "Expected pairs (exact, N_s·N_t/N)", "rows": grid(result.expected, "{:,.1f}")},
        {
            "title": "Knox ratio (observed ÷ expected)",
            "rows": grid(result.knox_ratio, "{:.2f}"),
            "marks": significant,
        },
    ]
    if result.p_values is not None:
        tables.append(
            {
                "title": f"p-value ({result.permutations} permutations, seed {result.seed})",
                "rows": grid(result.p_values, "{:.3f}"),
                "marks": significant,
            }
        )
        tables.append({"title": "Mean of the permutations", "rows": grid(result.sim_mean, "{:,.1f}")})
    for t in tables:
        marks = t.get("marks")
        t["cells"] = [
            [
                {"text": v, "mark": bool(marks[i][j]) if marks is not None else False}
                for j, v in enumerate(row)
            ]
            for i, row in enumerate(t["rows"])
        ]
    return tables


@require_role(*IMPORT_READERS)
@require_safe
def imports(request: HttpRequest) -> HttpResponse:
    batches = ImportBatch.objects.all()[:200]
    fetches = ArchiveFetch.objects.all()[:24]
    return render(
        request, "crime/imports.html", {"batches": batches, "fetches": fetches, "section": "imports"}
    )
