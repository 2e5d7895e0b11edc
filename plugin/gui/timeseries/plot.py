"""The profile plot: matplotlib's Qt5Agg canvas drawing :class:`curves.Curve` records.

Valid values are filled markers joined by a line; a date masked by the SCL has no value (the
core reads none there), so it is a hollow marker on a strip over the date axis, one row per
curve, hidden on request. Polygons: the mean with a min–max or ± std band; a date whose pixels
are mostly masked is hollow. Hovering a marker shows its date, value, product and SCL class;
a click selects it (``markClicked``); a double click asks for its date (``dateActivated``).
Importing this module imports matplotlib: the package checks that it exists first.
"""

from __future__ import annotations

import math
from datetime import datetime

import matplotlib.dates as mdates
from matplotlib.backends.backend_qt5agg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QVBoxLayout, QWidget

from ...core.atomic import AtomicOutput
from ...qgis_utils import tr
from .curves import POINT, Curve, Mark, scl_label

HOVER_PIXELS = 7.0  # how near the pointer must be to a marker
STRIP_BOTTOM, STRIP_STEP = 0.04, 0.035  # masked-date strip rows, in axes fraction
MASKED_GREY = "#8a8a8a"
TIME_LINE_COLOUR = "#c0392b"
MASKED_STYLE = {"marker": "o", "linestyle": "", "markerfacecolor": "none", "markersize": 5.5, "alpha": 0.8}
UNREADABLE_STYLE = {"marker": "x", "markeredgecolor": MASKED_GREY}


def _columns(points: list[tuple[float, float]]) -> tuple[list[float], list[float]]:
    return [p[0] for p in points], [p[1] for p in points]


def hover_text(curve: Curve, mark: Mark) -> str:
    """What hovering a marker shows: date, value, product, SCL class (or masked fraction)."""
    lines = [curve.label, mark.when.strftime("%Y-%m-%d %H:%M UTC")]
    if mark.status == "unreadable":
        lines.append(tr("unreadable"))
    elif mark.value is None:
        lines.append(tr("masked"))
    elif curve.kind == POINT:
        lines.append(tr("value {:.4g}").format(mark.value))
    else:
        lines.append(tr("mean {:.4g} (band {:.4g} – {:.4g})").format(mark.value, mark.low, mark.high))
    lines.append(mark.product)
    if curve.kind == POINT and mark.scl is not None:
        lines.append(tr("SCL {}").format(scl_label(mark.scl)))
    if mark.masked_fraction is not None:
        lines.append(tr("{:.0%} of the pixels masked").format(mark.masked_fraction))
    return "\n".join(lines)


class ProfilePlot(QWidget):
    """The plot widget. ``markClicked(curve, mark)``, ``dateActivated(datetime)``."""

    markClicked = pyqtSignal(object, object)
    dateActivated = pyqtSignal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure = Figure(figsize=(6, 3), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setObjectName("profileCanvas")
        self.canvas.setMinimumHeight(160)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.axes = self.figure.add_subplot()
        self.curves: list[Curve] = []
        self.hide_masked = False
        self.band = "minmax"
        self.time: datetime | None = None
        self.hovered: tuple[Curve, Mark] | None = None
        self.selected: tuple[Curve, Mark] | None = None
        self._targets: list[tuple[float, float, Curve, Mark]] = []  # display x, y of every marker
        self._annotation = None
        self._artists: dict[int, dict] = {}
        self.canvas.mpl_connect("motion_notify_event", self._on_motion)
        self.canvas.mpl_connect("button_press_event", self._on_press)
        self.canvas.mpl_connect("resize_event", self._on_resize)
        self.redraw()

    # Drawing ------------------------------------------------------------------------------
    # A new curve list is drawn from scratch (``redraw``); new values of the same curves only
    # update the data of their artists (``refresh``): no axes rebuilt, no layout solved, so
    # that the event loop stays responsive while a profile fills in.
    def set_curves(self, curves: list[Curve]) -> None:
        same = [c.key for c in curves] == [c.key for c in self.curves] and bool(self._artists)
        self.curves = list(curves)
        if self.selected and self.selected[0] not in self.curves:
            self.selected = None
        self.refresh() if same else self.redraw()

    def set_time(self, when: datetime | None) -> None:
        """Move the Temporal Controller's line (an animation moves it every frame: no rebuild)."""
        self.time = when
        line = getattr(self, "_time_line", None)
        if when is not None and line is not None and self._artists:
            x = mdates.date2num(when)
            line.set_xdata([x, x])
            self.canvas.draw_idle()
        else:
            self.redraw()

    def redraw(self) -> None:
        """Rebuild the axes for the current curves and options."""
        ax = self.axes
        ax.clear()
        self._annotation = None
        self.hovered = None
        self._artists = {}
        if not self.curves:
            ax.set_axis_off()
            ax.text(
                0.5,
                0.5,
                tr("Click the map with the Time series tool"),
                ha="center",
                va="center",
                transform=ax.transAxes,
                color=MASKED_GREY,
            )
            self._targets = []
            self.canvas.draw_idle()
            return
        ax.set_axis_on()
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.set_ylabel(", ".join(sorted({c.collection for c in self.curves})), fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(True, color="#e4e4e4", linewidth=0.6)
        for row, curve in enumerate(self.curves):
            self._artists[curve.key] = self._make_artists(curve, row)
        self._time_line = None
        if self.time is not None:
            self._time_line = ax.axvline(
                mdates.date2num(self.time),
                color=TIME_LINE_COLOUR,
                linewidth=1.2,
                linestyle="--",
                label=tr("Temporal Controller"),
            )
        self._selection = ax.plot(
            [], [], "o", markersize=11, markerfacecolor="none", markeredgecolor="black", markeredgewidth=1.5
        )[0]
        self._legend_kinds: frozenset[str] | None = None
        self.refresh()

    def _make_artists(self, curve: Curve, row: int) -> dict:
        ax = self.axes
        strip_y = STRIP_BOTTOM + STRIP_STEP * (row % 8)
        return {
            "line": ax.plot(
                [], [], linestyle=curve.style, color=curve.colour, linewidth=1.4, label=curve.label
            )[0],
            "solid": ax.plot([], [], "o", color=curve.colour, markersize=4.5)[0],
            "hollow": ax.plot([], [], **(MASKED_STYLE | {"markeredgecolor": curve.colour}))[0],
            "masked": ax.plot(
                [],
                [],
                transform=ax.get_xaxis_transform(),
                clip_on=False,
                **(MASKED_STYLE | {"markeredgecolor": curve.colour}),
            )[0],
            "unreadable": ax.plot(
                [], [], transform=ax.get_xaxis_transform(), clip_on=False, **(MASKED_STYLE | UNREADABLE_STYLE)
            )[0],
            "band": None,
            "strip_y": strip_y,
        }

    def refresh(self) -> None:
        """Put the curves' current values into their artists, rescale, draw when idle."""
        if not self._artists:
            self.redraw()
            return
        kinds: set[str] = set()
        xs_all: list[float] = []
        ys_all: list[float] = []
        for curve in self.curves:
            kinds |= self._fill(curve, self._artists[curve.key], xs_all, ys_all)
        if self.selected is not None and self.selected[1].value is not None:
            mark = self.selected[1]
            self._selection.set_data([mdates.date2num(mark.when)], [mark.value])
        else:
            self._selection.set_data([], [])
        self._rescale(xs_all, ys_all, "strip" in kinds)
        if self._legend_kinds != frozenset(kinds - {"strip"}):
            self._legend_kinds = frozenset(kinds - {"strip"})
            self._legend(self._legend_kinds)
        self._index_targets()
        self.canvas.draw_idle()

    def _fill(self, curve: Curve, artists: dict, xs_all: list[float], ys_all: list[float]) -> set[str]:
        """Set one curve's data; returns what it shows ("masked", "unreadable", "strip")."""
        marks = curve.marks(self.band)
        valued = [m for m in marks if m.value is not None and not (m.masked and self.hide_masked)]
        xs, ys = [mdates.date2num(m.when) for m in valued], [m.value for m in valued]
        artists["line"].set_data(xs, ys)
        artists["solid"].set_data(
            *_columns([(x, y) for x, y, m in zip(xs, ys, valued, strict=True) if not m.masked])
        )
        hollow = [(x, y) for x, y, m in zip(xs, ys, valued, strict=True) if m.masked]
        artists["hollow"].set_data(*_columns(hollow))
        if artists["band"] is not None:
            artists["band"].remove()
            artists["band"] = None
        if curve.kind != POINT and valued:
            lows, highs = [m.low for m in valued], [m.high for m in valued]
            artists["band"] = self.axes.fill_between(
                xs, lows, highs, color=curve.colour, alpha=0.18, linewidth=0
            )
            ys_all += [v for v in lows + highs if v is not None]
        strip = [m for m in marks if m.value is None and not (m.masked and self.hide_masked)]
        for name, masked in (("masked", True), ("unreadable", False)):
            dates = [mdates.date2num(m.when) for m in strip if m.masked == masked]
            artists[name].set_data(dates, [artists["strip_y"]] * len(dates))
        xs_all += xs + [mdates.date2num(m.when) for m in strip]
        ys_all += ys
        shown = {"strip"} if strip else set()
        if hollow or any(m.masked for m in strip):
            shown.add("masked")
        if any(not m.masked for m in strip):
            shown.add("unreadable")
        return shown

    def _rescale(self, xs: list[float], ys: list[float], strip: bool) -> None:
        """Limits from the values (and a strip's room under them): computed, not autoscaled."""
        if xs:
            low, high = min(xs), max(xs)
            pad = max((high - low) * 0.03, 1.0)
            self.axes.set_xlim(low - pad, high + pad)
        if ys:
            low, high = min(ys), max(ys)
            pad = max((high - low) * 0.06, 0.02 * max(abs(low), abs(high), 1e-3))
            low, high = low - pad, high + pad
        else:
            low, high = 0.0, 1.0
        if strip:  # lower the axis so that the strip of dates without value lies under every value
            fraction = STRIP_BOTTOM + STRIP_STEP * min(len(self.curves), 8) + 0.02
            low -= (high - low) * fraction / (1.0 - fraction)
        self.axes.set_ylim(low, high)

    def _legend(self, kinds: frozenset[str]) -> None:
        handles, labels = self.axes.get_legend_handles_labels()
        if "masked" in kinds:
            handles.append(Line2D([], [], **(MASKED_STYLE | {"markeredgecolor": MASKED_GREY})))
            labels.append(tr("masked by SCL"))
        if "unreadable" in kinds:
            handles.append(Line2D([], [], **(MASKED_STYLE | UNREADABLE_STYLE)))
            labels.append(tr("unreadable"))
        self.axes.legend(handles, labels, fontsize=7.5, loc="upper left", framealpha=0.85)

    def _on_resize(self, _event) -> None:
        """Fixed margins in pixels (a layout engine costs a solve per draw)."""
        width, height = self.figure.bbox.width, self.figure.bbox.height
        if width > 120 and height > 80:
            self.figure.subplots_adjust(
                left=58 / width, right=1 - 10 / width, bottom=46 / height, top=1 - 8 / height
            )
        self._index_targets()

    # Pointer ------------------------------------------------------------------------------
    def _index_targets(self) -> None:
        """Display positions of every marker (hit testing is a nearest-neighbour look-up)."""
        targets: list[tuple[float, float, Curve, Mark]] = []
        ax = self.axes
        for curve in self.curves:
            artists = self._artists.get(curve.key)
            if artists is None:
                continue
            for mark in curve.marks(self.band):
                if mark.masked and self.hide_masked:
                    continue
                x = mdates.date2num(mark.when)
                if mark.value is None:
                    point = ax.get_xaxis_transform().transform((x, artists["strip_y"]))
                else:
                    point = ax.transData.transform((x, mark.value))
                targets.append((float(point[0]), float(point[1]), curve, mark))
        self._targets = targets

    def mark_at(self, x: float, y: float) -> tuple[Curve, Mark] | None:
        """The marker nearest to display position (x, y) (matplotlib's pixels), if close enough."""
        best, best_distance = None, HOVER_PIXELS
        for tx, ty, curve, mark in self._targets:
            distance = math.hypot(tx - x, ty - y)
            if distance <= best_distance:
                best, best_distance = (curve, mark), distance
        return best

    def display_position(self, curve: Curve, mark: Mark) -> tuple[float, float]:
        """Where a marker is drawn, in matplotlib display pixels (origin bottom left)."""
        for tx, ty, c, m in self._targets:
            if c is curve and m == mark:
                return tx, ty
        raise KeyError(mark.product)

    def _on_motion(self, event) -> None:
        found = self.mark_at(event.x, event.y) if event.inaxes is self.axes else None
        if found == self.hovered:
            return
        self.hovered = found
        if self._annotation is not None:
            self._annotation.remove()
            self._annotation = None
        if found is not None:
            curve, mark = found
            width, height = self.figure.bbox.width, self.figure.bbox.height
            right, top = event.x > 0.6 * width, event.y > 0.6 * height  # keep the box inside
            self._annotation = self.axes.annotate(
                hover_text(curve, mark),
                xy=(event.x, event.y),
                xycoords="figure pixels",
                xytext=(-10 if right else 10, -10 if top else 10),
                textcoords="offset points",
                ha="right" if right else "left",
                va="top" if top else "bottom",
                fontsize=7.5,
                bbox={"boxstyle": "round", "facecolor": "#ffffe8", "edgecolor": curve.colour},
            )
        self.canvas.setToolTip(hover_text(*found) if found else "")
        self.canvas.draw_idle()

    def _on_press(self, event) -> None:
        if event.inaxes is not self.axes or event.button != 1:
            return
        found = self.mark_at(event.x, event.y)
        if event.dblclick:
            when = found[1].when if found else mdates.num2date(event.xdata)
            self.dateActivated.emit(when)
        elif found is not None:
            self.selected = found
            self.markClicked.emit(*found)
            self.refresh()

    # Export -------------------------------------------------------------------------------
    def save_png(self, path: str, dpi: int = 150) -> None:
        """The plot as a PNG at ``path``, written under a temporary name and renamed."""
        with AtomicOutput(path) as output:
            self.figure.savefig(output.temp_path, format="png", dpi=dpi)
