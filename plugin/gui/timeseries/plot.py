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
        self.figure = Figure(figsize=(6, 3), dpi=100, layout="constrained")
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
        self.canvas.mpl_connect("motion_notify_event", self._on_motion)
        self.canvas.mpl_connect("button_press_event", self._on_press)
        self.canvas.mpl_connect("resize_event", lambda _event: self._index_targets())
        self.redraw()

    # Drawing ------------------------------------------------------------------------------
    def set_curves(self, curves: list[Curve]) -> None:
        self.curves = list(curves)
        if self.selected and self.selected[0] not in self.curves:
            self.selected = None
        self.redraw()

    def set_time(self, when: datetime | None) -> None:
        self.time = when
        self.redraw()

    def redraw(self) -> None:
        ax = self.axes
        ax.clear()
        self._annotation = None
        self.hovered = None
        drawn = [c for c in self.curves if c.samples]
        if not drawn:
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
            self.canvas.draw_idle()
            self._targets = []
            return
        ax.set_axis_on()
        kinds: set[str] = set()
        for row, curve in enumerate(drawn):
            kinds |= {kind for kind, shown in self._draw_curve(curve, row).items() if shown}
        if kinds & {"strip"}:
            self._make_room_for_strip(len(drawn))
        self._decorate(drawn, kinds)
        self.canvas.draw()
        self._index_targets()

    def _draw_curve(self, curve: Curve, row: int) -> dict[str, bool]:
        """Draw one curve; says whether it drew masked or unreadable markers (for the legend)."""
        ax, marks = self.axes, curve.marks(self.band)
        valued = [m for m in marks if m.value is not None and not (m.masked and self.hide_masked)]
        xs, ys = [mdates.date2num(m.when) for m in valued], [m.value for m in valued]
        if curve.kind != POINT and valued:
            ax.fill_between(
                xs,
                [m.low for m in valued],
                [m.high for m in valued],
                color=curve.colour,
                alpha=0.18,
                linewidth=0,
            )
        ax.plot(xs, ys, linestyle=curve.style, color=curve.colour, linewidth=1.4, label=curve.label)
        solid = [(x, y) for x, y, m in zip(xs, ys, valued, strict=True) if not m.masked]
        hollow = [(x, y) for x, y, m in zip(xs, ys, valued, strict=True) if m.masked]
        if solid:
            ax.plot(*zip(*solid, strict=True), "o", color=curve.colour, markersize=4.5)
        if hollow:
            ax.plot(
                *zip(*hollow, strict=True),
                "o",
                markerfacecolor="none",
                markeredgecolor=curve.colour,
                markersize=5.5,
                alpha=0.8,
            )
        strip = [m for m in marks if m.value is None and not (m.masked and self.hide_masked)]
        y = STRIP_BOTTOM + STRIP_STEP * (row % 8)
        for masked, style in ((True, {"markeredgecolor": curve.colour}), (False, UNREADABLE_STYLE)):
            dates = [mdates.date2num(m.when) for m in strip if m.masked == masked]
            if dates:
                ax.plot(
                    dates,
                    [y] * len(dates),
                    transform=ax.get_xaxis_transform(),
                    clip_on=False,
                    **(MASKED_STYLE | style),
                )
        return {
            "masked": bool(hollow) or any(m.masked for m in strip),
            "unreadable": any(not m.masked for m in strip),
            "strip": bool(strip),
        }

    def _make_room_for_strip(self, rows: int) -> None:
        """Lower the y axis so that the strip of masked dates lies under every value."""
        low, high = self.axes.get_ylim()
        fraction = STRIP_BOTTOM + STRIP_STEP * min(rows, 8) + 0.02
        self.axes.set_ylim(low - (high - low) * fraction / (1.0 - fraction), high)

    def _decorate(self, drawn: list[Curve], kinds: set[str]) -> None:
        ax = self.axes
        if self.time is not None:
            ax.axvline(
                mdates.date2num(self.time),
                color=TIME_LINE_COLOUR,
                linewidth=1.2,
                linestyle="--",
                label=tr("Temporal Controller"),
            )
        if self.selected is not None and self.selected[1].value is not None:
            mark = self.selected[1]
            ax.plot(
                [mdates.date2num(mark.when)],
                [mark.value],
                "o",
                markersize=11,
                markerfacecolor="none",
                markeredgecolor="black",
                markeredgewidth=1.5,
            )
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        collections = sorted({c.collection for c in drawn})
        ax.set_ylabel(", ".join(collections), fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(True, color="#e4e4e4", linewidth=0.6)
        handles, labels = ax.get_legend_handles_labels()
        if "masked" in kinds:
            handles.append(Line2D([], [], **(MASKED_STYLE | {"markeredgecolor": MASKED_GREY})))
            labels.append(tr("masked by SCL"))
        if "unreadable" in kinds:
            handles.append(Line2D([], [], **(MASKED_STYLE | UNREADABLE_STYLE)))
            labels.append(tr("unreadable"))
        ax.legend(handles, labels, fontsize=7.5, loc="upper left", framealpha=0.85)

    # Pointer ------------------------------------------------------------------------------
    def _index_targets(self) -> None:
        """Display positions of every marker (hit testing is a nearest-neighbour look-up)."""
        targets: list[tuple[float, float, Curve, Mark]] = []
        ax = self.axes
        for row, curve in enumerate(c for c in self.curves if c.samples):
            for mark in curve.marks(self.band):
                if mark.masked and self.hide_masked:
                    continue
                x = mdates.date2num(mark.when)
                if mark.value is None:
                    point = ax.get_xaxis_transform().transform((x, STRIP_BOTTOM + STRIP_STEP * (row % 8)))
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
            self.redraw()

    # Export -------------------------------------------------------------------------------
    def save_png(self, path: str, dpi: int = 150) -> None:
        """The plot as a PNG at ``path``, written under a temporary name and renamed."""
        with AtomicOutput(path) as output:
            self.figure.savefig(output.temp_path, format="png", dpi=dpi)
