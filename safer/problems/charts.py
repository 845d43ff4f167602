"""The assessment chart: crimes per month in the target area and its buffer, with the response
period shaded. Inline SVG with a title and description, shown beside a table of the same numbers."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from safer.problems.models import Assessment, Plan

BLUE, RED, GREY, LIGHT = "#1d70b8", "#d4351c", "#505a5f", "#f3f2f1"
W, H, LEFT, BOTTOM, TOP = 640, 240, 44, 40, 12


def _text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" text-anchor="{anchor}">{escape(text)}</text>'


def _key(x: float, colour: str, label: str) -> str:
    return f'<rect x="{x}" y="{H - 17}" width="10" height="10" fill="{colour}"/>' + _text(
        x + 14, H - 8, label
    )


def chart(a: Assessment, plan: Plan) -> SafeString:
    months = sorted(a.monthly)
    if not months:
        return mark_safe("")
    peak = max([max(v[0], v[1]) for v in a.monthly.values()] + [1])
    step = (W - LEFT - 20) / max(1, len(months) - 1)

    def x(k: float) -> float:
        return LEFT + k * step

    def y(v: float) -> float:
        return H - BOTTOM - v / peak * (H - BOTTOM - TOP)

    start = plan.response_started.strftime("%Y-%m") if plan.response_started else a.after_first
    end = plan.response_ended.strftime("%Y-%m") if plan.response_ended else months[-1]
    body: list[str] = []
    inside = [k for k, m in enumerate(months) if start <= m <= end]
    if inside:
        x0 = x(max(inside[0] - 0.5, 0))
        x1 = x(min(inside[-1] + 0.5, len(months) - 1))
        body.append(
            f'<rect x="{x0:.1f}" y="{TOP}" width="{max(x1 - x0, 2):.1f}" '
            f'height="{H - BOTTOM - TOP}" fill="{LIGHT}"/>'
        )
        body.append(_text(x0 + 4, TOP + 14, "Response"))
    body.append(f'<line x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - 10}" y2="{H - BOTTOM}" stroke="{GREY}"/>')
    for frac in (0, 0.5, 1):
        body.append(_text(LEFT - 6, y(peak * frac) + 4, f"{peak * frac:,.0f}", "end"))
    every = max(1, len(months) // 6)
    body.extend(_text(x(k), H - BOTTOM + 16, m, "middle") for k, m in enumerate(months) if k % every == 0)
    for idx, colour in ((0, BLUE), (1, RED)):
        pts = " ".join(f"{x(k):.1f},{y(a.monthly[m][idx]):.1f}" for k, m in enumerate(months))
        body.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
    body.append(_key(LEFT, BLUE, "Target area"))
    body.append(_key(LEFT + 110, RED, "Buffer ring"))
    title = escape(f"Crimes per month in the target area and buffer, {months[0]} to {months[-1]}")
    desc = escape(
        f"Response period {start} to {end} shaded. "
        + "; ".join(f"{m}: target {a.monthly[m][0]}, buffer {a.monthly[m][1]}" for m in months)
    )
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<svg class="sn-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" '
        f'role="img" aria-labelledby="assess-t assess-d" focusable="false">'
        f'<title id="assess-t">{title}</title><desc id="assess-d">{desc}</desc>' + "".join(body) + "</svg>"
    )
