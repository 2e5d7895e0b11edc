"""Self-contained HTML report of a histogram, with an inline SVG bar chart (no plotting library)."""

from __future__ import annotations

import html
import os
from collections.abc import Sequence

import numpy as np

from ..atomic import write_text_atomically

SVG_WIDTH, SVG_HEIGHT = 720, 360
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_RIGHT = 70, 50, 20, 20


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    span = high - low
    if span <= 0:
        return [low]
    step = 10 ** np.floor(np.log10(span / count))
    for factor in (1, 2, 2.5, 5, 10):
        if span / (step * factor) <= count:
            step *= factor
            break
    first = np.ceil(low / step) * step
    return [float(v) for v in np.arange(first, high + step * 1e-9, step)]


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def histogram_svg(edges: np.ndarray, counts: np.ndarray, x_label: str = "value") -> str:
    """An SVG bar chart of ``counts`` over the bins delimited by ``edges``."""
    plot_w = SVG_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = SVG_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    low, high = float(edges[0]), float(edges[-1])
    top = max(int(counts.max()) if counts.size else 0, 1)

    def x(value: float) -> float:
        return MARGIN_LEFT + (value - low) / (high - low) * plot_w

    def y(count: float) -> float:
        return MARGIN_TOP + plot_h - count / top * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SVG_WIDTH}" height="{SVG_HEIGHT}" '
        f'viewBox="0 0 {SVG_WIDTH} {SVG_HEIGHT}" font-family="sans-serif" font-size="11">',
        f'<rect x="{MARGIN_LEFT}" y="{MARGIN_TOP}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#999"/>',
    ]
    for left, right, count in zip(edges[:-1], edges[1:], counts, strict=True):
        if count <= 0:
            continue
        x0, x1 = x(float(left)), x(float(right))
        parts.append(
            f'<rect x="{x0:.2f}" y="{y(count):.2f}" width="{max(x1 - x0 - 0.5, 0.5):.2f}" '
            f'height="{MARGIN_TOP + plot_h - y(count):.2f}" fill="#2c7bb6">'
            f"<title>{_fmt(left)} – {_fmt(right)}: {int(count)}</title></rect>"
        )
    for tick in _nice_ticks(low, high):
        parts.append(
            f'<line x1="{x(tick):.2f}" x2="{x(tick):.2f}" y1="{MARGIN_TOP + plot_h}" y2="{MARGIN_TOP + plot_h + 5}" stroke="#333"/>'
            f'<text x="{x(tick):.2f}" y="{MARGIN_TOP + plot_h + 18}" text-anchor="middle">{_fmt(tick)}</text>'
        )
    for tick in _nice_ticks(0, top):
        parts.append(
            f'<line x1="{MARGIN_LEFT - 5}" x2="{MARGIN_LEFT}" y1="{y(tick):.2f}" y2="{y(tick):.2f}" stroke="#333"/>'
            f'<text x="{MARGIN_LEFT - 8}" y="{y(tick) + 4:.2f}" text-anchor="end">{int(tick)}</text>'
        )
    parts.append(
        f'<text x="{MARGIN_LEFT + plot_w / 2}" y="{SVG_HEIGHT - 10}" text-anchor="middle">{html.escape(x_label)}</text>'
        f'<text x="15" y="{MARGIN_TOP + plot_h / 2}" text-anchor="middle" '
        f'transform="rotate(-90 15 {MARGIN_TOP + plot_h / 2})">pixels</text></svg>'
    )
    return "\n".join(parts)


def histogram_html(
    edges: np.ndarray,
    counts: np.ndarray,
    files: Sequence[str],
    title: str,
    x_label: str = "value",
    notes: Sequence[str] = (),
) -> str:
    """A standalone HTML page: the chart, a summary and the list of files."""
    total = int(counts.sum())
    centres = (edges[:-1] + edges[1:]) / 2
    mean = float((centres * counts).sum() / total) if total else float("nan")
    items = "\n".join(f"<li>{html.escape(os.path.basename(f))}</li>" for f in files)
    note_items = "".join(f"<p>{html.escape(n)}</p>" for n in notes)
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head><body style='font-family: sans-serif'>"
        f"<h2>{html.escape(title)}</h2>{histogram_svg(edges, counts, x_label)}"
        f"<p>{total} valid pixels in {len(files)} file(s); {len(counts)} bins from {_fmt(float(edges[0]))} "
        f"to {_fmt(float(edges[-1]))}; mean of the binned values {_fmt(mean)}.</p>{note_items}"
        f"<details><summary>Files</summary><ul>{items}</ul></details></body></html>\n"
    )


def write_report(path: str, page: str) -> None:
    """Write an HTML page whole or not at all: a hidden temporary name, then a rename
    (``core.atomic``), so a reader never sees half a page and a failure keeps the previous one."""
    write_text_atomically(path, page)
