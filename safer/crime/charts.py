"""Charts and maps as small inline SVG, drawn on the server (no tiles, no scripts, strict CSP).

Every picture has a <title> and <desc> and is shown beside a table of the same numbers, so it is never
the only way to read them. Colours are SVG presentation attributes, which the CSP allows.
"""

from __future__ import annotations

import base64
import io
import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from safer.lib.maps import projection_for, svg_path

BLUE, DARK_BLUE, RED, GREY, LIGHT = "#1d70b8", "#003078", "#d4351c", "#505a5f", "#f3f2f1"
SERIES = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#b58840", "#28a197", "#f499be"]
_ids = itertools.count(1)
# A point map's height / width: never a sliver (at least 200 units tall at 640 wide), never a tower.
POINT_MAP_MIN_ASPECT, POINT_MAP_MAX_ASPECT = 200 / 640, 1.1


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    n = next(_ids)
    return mark_safe(
        f'<svg class="sn-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="chart-t{n} chart-d{n}" focusable="false" '
        f'preserveAspectRatio="xMinYMin meet">'
        f'<title id="chart-t{n}">{escape(title)}</title><desc id="chart-d{n}">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 13, fill: str = "#0b0c0c") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
        f'font-family="Arial, sans-serif">{escape(text)}</text>'
    )


def bar_chart(items: Sequence[tuple[str, float]], title: str, unit: str = "crimes") -> SafeString:
    """Horizontal bars, one per (label, value), largest scale at the longest bar."""
    label_w, bar_w, row_h = 230, 330, 24
    height = max(1, len(items)) * row_h + 10
    top = max([v for _, v in items] + [1])
    body = []
    for k, (label, value) in enumerate(items):
        y = 5 + k * row_h
        w = bar_w * value / top
        body.append(_text(label_w - 8, y + 16, label, "end"))
        body.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{BLUE}"/>')
        body.append(_text(label_w + w + 6, y + 16, f"{value:,.0f}"))
    desc = "; ".join(f"{label}: {value:,.0f} {unit}" for label, value in items)
    return _svg(label_w + bar_w + 70, height, title, desc, body)


def line_chart(x_labels: Sequence[str], series: dict[str, Sequence[float]], title: str) -> SafeString:
    """Lines over months (at most eight series, each with its own colour and a legend)."""
    w, h, left, bottom, top = 640, 260, 50, 40, 12
    names = list(series)[:8]
    peak = max([max(series[n], default=0) for n in names] + [1])
    step = (w - left - 20) / max(1, len(x_labels) - 1)
    body = [f'<line x1="{left}" y1="{h - bottom}" x2="{w - 10}" y2="{h - bottom}" stroke="{GREY}"/>']
    for frac in (0, 0.5, 1):
        y = h - bottom - frac * (h - bottom - top)
        body.append(_text(left - 6, y + 4, f"{peak * frac:,.0f}", "end", 11))
    every = max(1, math.ceil(len(x_labels) / 8))
    for k, label in enumerate(x_labels):
        if k % every == 0:
            body.append(_text(left + k * step, h - bottom + 16, label, "middle", 11))
    for colour, name in zip(SERIES, names, strict=False):
        pts = " ".join(
            f"{left + k * step:.1f},{h - bottom - v / peak * (h - bottom - top):.1f}"
            for k, v in enumerate(series[name])
        )
        body.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
    legend_y = h - 8
    x = left
    for colour, name in zip(SERIES, names, strict=False):
        body.append(f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>')
        body.append(_text(x + 14, legend_y, name[:22], size=11))
        x += 20 + 7 * min(len(name), 22)
    desc = "; ".join(
        f"{n}: " + ", ".join(f"{lab} {v:,.0f}" for lab, v in zip(x_labels, series[n], strict=True))
        for n in names
    )
    return _svg(w, h, title, desc, body)


def lorenz_chart(places: Sequence[float], crime: Sequence[float], title: str) -> SafeString:
    size, pad = 300, 40
    inner = size - 2 * pad

    def pt(a: float, b: float) -> str:
        return f"{pad + a * inner:.1f},{size - pad - b * inner:.1f}"

    step = max(1, len(places) // 400)  # a few hundred vertices are plenty for the picture
    pts = " ".join(
        pt(a, b) for a, b in list(zip(places, crime, strict=True))[::step] + [(places[-1], crime[-1])]
    )
    body = [
        f'<rect x="{pad}" y="{pad}" width="{inner}" height="{inner}" fill="{LIGHT}"/>',
        f'<line x1="{pad}" y1="{size - pad}" x2="{size - pad}" y2="{pad}" '
        f'stroke="{GREY}" stroke-dasharray="4 3"/>',
        f'<polyline points="{pts}" fill="none" stroke="{BLUE}" stroke-width="2"/>',
        _text(size / 2, size - 8, "share of places (busiest first)", "middle", 11),
        _text(12, size / 2, "share of crime", "middle", 11).replace(
            "<text", f'<text transform="rotate(-90 12 {size / 2})"'
        ),
    ]
    return _svg(size, size, title, "Lorenz curve: the diagonal is crime spread evenly over places.", body)


def _colour(value: float, low: float, high: float, diverging: bool = False) -> str:
    """A sequential (white→dark blue) or diverging (blue←white→red) colour for value in [low, high]."""
    if not math.isfinite(value):
        return LIGHT
    if diverging:
        t = max(-1.0, min(1.0, value / max(abs(low), abs(high), 1e-9)))
        end = (212, 53, 28) if t > 0 else (29, 112, 184)
        a = abs(t)
    else:
        a = 0.0 if high <= low else max(0.0, min(1.0, (value - low) / (high - low)))
        end = (0, 48, 120)
    r, g, b = (round(255 + (c - 255) * a) for c in end)
    return f"#{r:02x}{g:02x}{b:02x}"


def _ink(fill: str) -> str:
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 140 else "#0b0c0c"


def heat_table(
    values: np.ndarray,
    rows: Sequence[str],
    cols: Sequence[str],
    title: str,
    highlight: np.ndarray | None = None,
    fmt: str = "{:.2f}",
    centre: float = 1.0,
) -> SafeString:
    """A matrix as coloured cells (e.g. Knox ratios, diverging around `centre`); highlighted cells
    are outlined."""
    cw, ch, left, top = 92, 34, 120, 44
    nr, nc = values.shape
    finite = values[np.isfinite(values)]
    spread = float(np.max(np.abs(finite - centre))) if len(finite) else 1.0
    body = [_text(left + k * cw + cw / 2, top - 10, c, "middle", 11) for k, c in enumerate(cols)]
    desc = []
    for i in range(nr):
        body.append(_text(left - 8, top + i * ch + ch / 2 + 4, rows[i], "end", 11))
        for j in range(nc):
            v = float(values[i, j])
            fill = _colour(v - centre, -spread, spread, diverging=True)
            strong = highlight is not None and bool(highlight[i, j])
            outline = f' stroke="{"#0b0c0c" if strong else "#ffffff"}" stroke-width="{3 if strong else 1}"'
            body.append(
                f'<rect x="{left + j * cw}" y="{top + i * ch}" width="{cw}" height="{ch}" '
                f'fill="{fill}"{outline}/>'
            )
            label = fmt.format(v) if math.isfinite(v) else "–"
            body.append(
                _text(
                    left + j * cw + cw / 2,
                    top + i * ch + ch / 2 + 4,
                    label + ("*" if strong else ""),
                    "middle",
                    12,
                    _ink(fill),
                )
            )
            desc.append(f"{rows[i]} × {cols[j]}: {label}{' (significant)' if strong else ''}")
    return _svg(left + nc * cw + 10, top + nr * ch + 10, title, "; ".join(desc), body)


def point_map(
    boundary: shapely.Geometry | None, points: Sequence[dict[str, Any]], title: str, desc: str
) -> SafeString:
    """A boundary with circles at points ({lat, lng, count, name}), area proportional to the count."""
    if boundary is not None:
        bounds = boundary.bounds
    elif points:
        bounds = (
            min(p["lng"] for p in points),
            min(p["lat"] for p in points),
            max(p["lng"] for p in points),
            max(p["lat"] for p in points),
        )
    else:
        bounds = (-2.3, 52.1, -2.2, 52.2)
    proj = projection_for(bounds, pad=0.05, min_aspect=POINT_MAP_MIN_ASPECT, max_aspect=POINT_MAP_MAX_ASPECT)
    body = [f'<rect width="{proj.width}" height="{proj.height}" fill="#ffffff"/>']
    if boundary is not None:
        body.append(
            f'<path d="{svg_path(boundary, proj)}" fill="#e8f1f8" stroke="{DARK_BLUE}" '
            'stroke-width="2" fill-rule="evenodd"/>'
        )
    top = max([p["count"] for p in points] + [1])
    for p in sorted(points, key=lambda p: -p["count"]):
        x, y = proj.point(p["lng"], p["lat"])
        r = 3 + 9 * math.sqrt(p["count"] / top)
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{RED}" fill-opacity="0.7" stroke="#ffffff">'
            f"<title>{escape(p['name'])}: {p['count']}</title></circle>"
        )
    return _svg(proj.width, proj.height, title, desc, body)


GRID_STEPS = 48  # colour steps each way: finer than the eye needs on a map, and a small PNG palette
WHITE, INK = (255, 255, 255), (11, 12, 12)


def _palette(diverging: bool) -> list[tuple[int, int, int]]:
    """Palette entries: 0 white (outside the study area), 1 light grey (no crime), 2 ink (outlines),
    then GRID_STEPS sequential steps towards dark blue, or GRID_STEPS towards blue then towards red."""
    ends = [(29, 112, 184), (212, 53, 28)] if diverging else [(0, 48, 120)]
    steps: list[tuple[int, int, int]] = [WHITE, (243, 242, 241), INK]
    for end in ends:
        for k in range(1, GRID_STEPS + 1):
            a = k / GRID_STEPS
            r, g, b = (round(255 + (c - 255) * a) for c in end)
            steps.append((r, g, b))
    return steps


def _grid_indexes(values: np.ndarray, diverging: bool, outline: np.ndarray | None) -> np.ndarray:
    """Each cell's palette index, computed for the whole array at once."""
    finite = np.isfinite(values)
    v = np.where(finite, values, 0.0)
    index = np.ones(values.shape, dtype=np.uint8)  # light grey: no value, or no crime
    if finite.any():
        if diverging:
            spread = max(float(np.abs(v[finite]).max()), 1e-9)
            step = np.clip(np.rint(np.abs(v) / spread * GRID_STEPS), 0, GRID_STEPS).astype(np.int64)
            towards = np.where(v > 0, 3 + GRID_STEPS, 3) + step - 1
            index = np.where(finite & (step > 0), towards, 1).astype(np.uint8)
        else:
            low, high = float(v[finite].min()), float(v[finite].max())
            a = np.clip((v - low) / (high - low), 0, 1) if high > low else np.zeros_like(v)
            step = np.rint(a * GRID_STEPS).astype(np.int64)
            shade = np.where(step > 0, 3 + step - 1, 0)
            index = np.where(finite & (v > 0), shade, 1).astype(np.uint8)
    if outline is not None:
        index = np.where(outline, index, 0).astype(np.uint8)
    return index


def _region_edges(flagged: np.ndarray, px: int) -> np.ndarray:
    """Pixels on the outline of the flagged region: a cell's edge pixels on each side where the
    neighbour across that side is not flagged, so touching cells merge into one outlined patch."""
    rows, cols = flagged.shape
    padded = np.pad(flagged, 1)
    edges = np.zeros((rows * px, cols * px), dtype=bool)
    sides = {  # neighbour across the side, and that side's pixel strip within a cell
        "top": (padded[:-2, 1:-1], (slice(0, 1), slice(None))),
        "bottom": (padded[2:, 1:-1], (slice(px - 1, px), slice(None))),
        "left": (padded[1:-1, :-2], (slice(None), slice(0, 1))),
        "right": (padded[1:-1, 2:], (slice(None), slice(px - 1, px))),
    }
    for neighbour, strip in sides.values():
        pattern = np.zeros((px, px), dtype=bool)
        pattern[strip] = True
        open_side = np.repeat(np.repeat(flagged & ~neighbour, px, axis=0), px, axis=1)
        edges |= open_side & np.tile(pattern, (rows, cols))
    return edges


def grid_png(
    values: np.ndarray,
    *,
    diverging: bool = False,
    outline: np.ndarray | None = None,
    flagged: np.ndarray | None = None,
    max_px: int = 1280,
) -> tuple[bytes, int, int]:
    """The grid as a palette PNG (row 0 at the south, so at the bottom), each cell a square of at
    least 3 pixels, the flagged cells' region outlined in ink 1 pixel wide. (png, width, height)."""
    from PIL import Image

    rows, cols = values.shape
    px = int(max(3, min(24, max_px // max(rows, cols, 1))))
    index = _grid_indexes(values, diverging, outline)[::-1]
    image = np.repeat(np.repeat(index, px, axis=0), px, axis=1)
    if flagged is not None and flagged.any():
        image[_region_edges(flagged[::-1].astype(bool), px)] = 2
    picture = Image.fromarray(image, mode="P")
    picture.putpalette([c for colour in _palette(diverging) for c in colour])
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue(), cols * px, rows * px


def grid_map(
    values: np.ndarray,
    title: str,
    desc: str,
    *,
    diverging: bool = False,
    outline: np.ndarray | None = None,
    flagged: np.ndarray | None = None,
    max_px: int = 1280,
) -> SafeString:
    """A grid of cells (row 0 at the south) coloured by value; `outline` marks cells in the study area,
    `flagged` draws a dark border on chosen cells (e.g. the hot spots judged by PAI).

    Drawn as one PNG inside the SVG (a data: image, which the CSP allows), not a <rect> per cell: a
    force at 250 m is about 100,000 cells, megabytes of SVG, and a few tens of kilobytes of PNG. The
    SVG keeps the title and description every chart has, and scales like the others."""
    png, width, height = grid_png(
        values, diverging=diverging, outline=outline, flagged=flagged, max_px=max_px
    )
    data = base64.b64encode(png).decode("ascii")
    body = [
        f'<image width="{width}" height="{height}" image-rendering="optimizeSpeed" '
        f'href="data:image/png;base64,{data}"/>'
    ]
    return _svg(width, height, title, desc, body)
