"""QGIS layer styling for Terrascope rasters.

Used by the dock, the Browser (auto-styling of added layers) and the Processing
post-processors. Everything here works on a layer owned by the calling thread,
so a ``QgsTask`` can style the layers it creates before handing them over.

Design choices:
- Scaled layers keep their DN values: the colour ramp works on DN but every
  label shows the physical value, and DN outside the valid range (e.g. 251-254
  for NDVI) is declared user nodata so it is transparent and identifies as
  nodata.
- Sentinel-1 backscatter is linear; dB is shown either from a dB VRT
  (``data_are_db=True``) or, on the linear file itself, with a ramp whose stops
  sit at 10^(dB/10) one dB apart: the linear interpolation between such close
  stops is visually indistinguishable from a log transform, and the legend
  reads in dB.
- Temporal ranges cover the whole UTC day(s) of the acquisition so the
  Temporal Controller stepping by one day shows each date in exactly one frame
  (see :func:`set_temporal_range`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from qgis.core import (
    Qgis,
    QgsColorRampLegendNodeSettings,
    QgsColorRampShader,
    QgsContrastEnhancement,
    QgsDateTimeRange,
    QgsMapLayer,
    QgsMultiBandColorRenderer,
    QgsPalettedRasterRenderer,
    QgsRasterLayer,
    QgsRasterLayerTemporalProperties,
    QgsRasterRange,
    QgsRasterShader,
    QgsRectangle,
    QgsSingleBandGrayRenderer,
    QgsSingleBandPseudoColorRenderer,
    QgsVectorLayerTemporalProperties,
)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime
from qgis.PyQt.QtGui import QColor

from .core.products.scaling import REFLECTANCE, Scaling, scaling_for
from .core.products.scl import SCL_CLASSES
from .i18n import scl_label
from .qgis_utils import tr

if TYPE_CHECKING:  # pragma: no cover
    from .core.products.names import ProductName

# Display ramps (ColorBrewer / viridis stops, low -> high).
RAMPS: dict[str, tuple[str, ...]] = {
    "RdYlGn": ("#a50026", "#f46d43", "#fee08b", "#d9ef8b", "#66bd63", "#006837"),
    "Greens": ("#f7fcf5", "#c7e9c0", "#74c476", "#31a354", "#006d2c", "#00441b"),
    "YlGn": ("#ffffe5", "#d9f0a3", "#addd8e", "#41ab5d", "#238443", "#004529"),
    "Blues": ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08519c", "#08306b"),
    "viridis": ("#440154", "#414487", "#2a788e", "#22a884", "#7ad151", "#fde725"),
    "Greys": ("#000000", "#ffffff"),
}
# Ramp per Scaling.label (first word); anything else gets viridis.
RAMP_FOR_LABEL: dict[str, str] = {
    "NDVI": "RdYlGn",
    "FAPAR": "Greens",
    "FCOVER": "Greens",
    "LAI": "YlGn",
    "CCC": "YlGn",
    "CWC": "Blues",
    "Coherence": "Greys",
}

REFLECTANCE_MAX = 0.3  # display stretch 0..0.3 reflectance (DN 0..3000)
DB_RANGE = (-25.0, 0.0)  # S1 sigma0 display range in dB
SCL_CONTENTS = frozenset({"SCENECLASSIFICATION", "SCL"})
S1_POLARISATIONS = frozenset({"VV", "VH", "HH", "HV"})


# ---------------------------------------------------------------------------------------------
# Scene classification
# ---------------------------------------------------------------------------------------------
def scl_classes() -> list[QgsPalettedRasterRenderer.Class]:
    """The 12 SCL classes of reference section 4 as paletted renderer classes ("4 Vegetation")."""
    return [
        QgsPalettedRasterRenderer.Class(c.value, QColor(c.colour), f"{c.value} {scl_label(c)}")
        for c in SCL_CLASSES
    ]


def apply_scl_style(layer: QgsRasterLayer, band: int = 1) -> None:
    renderer = QgsPalettedRasterRenderer(layer.dataProvider(), band, scl_classes())
    layer.setRenderer(renderer)
    layer.triggerRepaint()


# ---------------------------------------------------------------------------------------------
# Scaled (biophysical, angles, coherence ...) layers
# ---------------------------------------------------------------------------------------------
def effective_scale_offset(
    layer: QgsRasterLayer, scaling: Scaling | None, band: int = 1
) -> tuple[float, float] | None:
    """Scale/offset to label DN with: GDAL tags of the file win over the table (reference §3)."""
    provider = layer.dataProvider()
    tag_scale, tag_offset = provider.bandScale(band), provider.bandOffset(band)
    if (tag_scale, tag_offset) != (1.0, 0.0) and tag_scale != 0:
        return tag_scale, tag_offset
    if scaling is not None and scaling.known and scaling.scale is not None and scaling.offset is not None:
        return scaling.scale, scaling.offset
    return None


def label_decimals(span: float) -> int:
    """Decimals that make neighbouring legend labels distinct without noise."""
    if span <= 0:
        return 2
    return max(0, min(4, 2 - math.floor(math.log10(span))))


def _ramp_items(
    lo: float, hi: float, colours: Sequence[str], to_value, decimals: int, unit: str = ""
) -> list[QgsColorRampShader.ColorRampItem]:
    """Evenly spaced ramp stops between physical lo..hi; ``to_value`` maps physical -> shader value."""
    items = []
    n = len(colours)
    suffix = f" {unit}" if unit else ""
    for i, colour in enumerate(colours):
        physical = lo + (hi - lo) * i / (n - 1)
        items.append(
            QgsColorRampShader.ColorRampItem(
                to_value(physical), QColor(colour), f"{physical:.{decimals}f}{suffix}"
            )
        )
    return items


def _pseudocolor(
    layer: QgsRasterLayer, band: int, items: list, lo: float, hi: float, clip: bool = True
) -> None:
    ramp_shader = QgsColorRampShader(lo, hi)
    ramp_shader.setColorRampType(QgsColorRampShader.Interpolated)
    ramp_shader.setClassificationMode(QgsColorRampShader.EqualInterval)
    ramp_shader.setColorRampItemList(items)
    ramp_shader.setClip(clip)  # values beyond the outer stops are not drawn
    legend = QgsColorRampLegendNodeSettings()
    legend.setUseContinuousLegend(False)  # one legend row per stop, labelled in physical units
    ramp_shader.setLegendSettings(legend)
    shader = QgsRasterShader(lo, hi)
    shader.setRasterShaderFunction(ramp_shader)
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), band, shader)
    renderer.setClassificationMin(lo)
    renderer.setClassificationMax(hi)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def _sample_range(layer: QgsRasterLayer, band: int) -> tuple[float, float]:
    """2-98 % cumulative cut on a sample, for layers with no known valid range."""
    lo, hi = layer.dataProvider().cumulativeCut(band, 0.02, 0.98, QgsRectangle(), 250_000)
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return (0.0, 1.0)
    return (lo, hi)


def _declare_invalid_dn(layer: QgsRasterLayer, scaling: Scaling, band: int) -> None:
    """DN between valid_max and the nodata value (and the nodata value itself) are not data."""
    ranges: list[QgsRasterRange] = []
    if scaling.valid_max is not None:
        upper = (
            scaling.nodata if isinstance(scaling.nodata, int) and scaling.nodata > scaling.valid_max else None
        )
        ranges.append(QgsRasterRange(scaling.valid_max + 1, upper if upper is not None else float("inf")))
    if scaling.valid_min is not None and scaling.valid_min > 0:
        ranges.append(QgsRasterRange(float("-inf"), scaling.valid_min - 1))
    if scaling.nodata is not None and not any(r.contains(float(scaling.nodata)) for r in ranges):
        ranges.append(QgsRasterRange(scaling.nodata, scaling.nodata))
    if ranges:
        layer.dataProvider().setUserNoDataValue(band, ranges)


def apply_physical_style(
    layer: QgsRasterLayer, scaling: Scaling | None, band: int = 1, data_are_physical: bool = False
) -> None:
    """Colour ramp for a scaled quantity with the legend in physical units.

    When the data are DN and neither the table nor the file's tags give a
    scale (CCC/CWC), the legend honestly reads in DN.
    """
    ramp = RAMPS[RAMP_FOR_LABEL.get((scaling.label.split() or [""])[0] if scaling else "", "viridis")]
    unit = scaling.unit if scaling and scaling.unit not in ("", "fraction", "reflectance") else ""
    if data_are_physical:
        physical_range = scaling.physical_range() if scaling else None
        lo, hi = physical_range or _sample_range(layer, band)
        items = _ramp_items(lo, hi, ramp, lambda v: v, label_decimals(hi - lo), unit)
        _pseudocolor(layer, band, items, lo, hi)
        return
    if scaling is not None:
        _declare_invalid_dn(layer, scaling, band)
    factors = effective_scale_offset(layer, scaling, band)
    if factors is None:  # no scale known: ramp and labels in DN
        lo, hi = _dn_range(scaling) or _sample_range(layer, band)
        items = _ramp_items(lo, hi, ramp, lambda v: v, label_decimals(hi - lo), "DN")
        _pseudocolor(layer, band, items, lo, hi)
        return
    scale, offset = factors
    dn_range = _dn_range(scaling) or _sample_range(layer, band)
    p_lo, p_hi = sorted((scale * dn_range[0] + offset, scale * dn_range[1] + offset))
    items = _ramp_items(p_lo, p_hi, ramp, lambda v: (v - offset) / scale, label_decimals(p_hi - p_lo), unit)
    items.sort(key=lambda item: item.value)  # a negative scale reverses the DN order
    _pseudocolor(layer, band, items, min(dn_range), max(dn_range))


def _dn_range(scaling: Scaling | None) -> tuple[float, float] | None:
    if scaling is None or scaling.valid_min is None or scaling.valid_max is None:
        return None
    return (float(scaling.valid_min), float(scaling.valid_max))


# ---------------------------------------------------------------------------------------------
# Reflectance
# ---------------------------------------------------------------------------------------------
def _is_float(layer: QgsRasterLayer, band: int) -> bool:
    return layer.dataProvider().dataType(band) in (Qgis.Float32, Qgis.Float64)


def _reflectance_enhancement(
    layer: QgsRasterLayer, band: int, maximum: float, physical: bool
) -> QgsContrastEnhancement:
    scale = 1.0 if physical else 1.0 / REFLECTANCE.scale
    enhancement = QgsContrastEnhancement(layer.dataProvider().dataType(band))
    enhancement.setContrastEnhancementAlgorithm(QgsContrastEnhancement.StretchToMinimumMaximum)
    enhancement.setMinimumValue(0.0)
    enhancement.setMaximumValue(maximum * scale)
    return enhancement


def _declare_reflectance_nodata(layer: QgsRasterLayer, bands: Sequence[int], physical: bool) -> None:
    if physical:
        return
    for band in bands:
        layer.dataProvider().setUserNoDataValue(
            band, [QgsRasterRange(REFLECTANCE.nodata, REFLECTANCE.nodata)]
        )


def apply_reflectance_style(
    layer: QgsRasterLayer,
    band: int = 1,
    data_are_physical: bool | None = None,
    maximum: float = REFLECTANCE_MAX,
) -> None:
    """Grey stretch 0..0.3 reflectance (DN 0..3000); legend labelled in reflectance.

    ``data_are_physical`` None: float data are taken as reflectance, integers as DN.
    """
    physical = _is_float(layer, band) if data_are_physical is None else data_are_physical
    _declare_reflectance_nodata(layer, [band], physical)
    renderer = QgsSingleBandGrayRenderer(layer.dataProvider(), band)
    renderer.setContrastEnhancement(_reflectance_enhancement(layer, band, maximum, physical))
    legend = QgsColorRampLegendNodeSettings()
    legend.setMinimumLabel("0.00")
    legend.setMaximumLabel(f"{maximum:.2f}")
    legend.setSuffix(tr(" reflectance"))
    renderer.setLegendSettings(legend)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def apply_composite_style(
    layer: QgsRasterLayer,
    maxima: Sequence[float] = (REFLECTANCE_MAX, REFLECTANCE_MAX, REFLECTANCE_MAX),
    data_are_physical: bool | None = None,
) -> None:
    """Bands 1, 2, 3 as red, green, blue, each stretched 0..maximum reflectance."""
    physical = _is_float(layer, 1) if data_are_physical is None else data_are_physical
    _declare_reflectance_nodata(layer, [1, 2, 3], physical)
    renderer = QgsMultiBandColorRenderer(layer.dataProvider(), 1, 2, 3)
    renderer.setRedContrastEnhancement(_reflectance_enhancement(layer, 1, maxima[0], physical))
    renderer.setGreenContrastEnhancement(_reflectance_enhancement(layer, 2, maxima[1], physical))
    renderer.setBlueContrastEnhancement(_reflectance_enhancement(layer, 3, maxima[2], physical))
    layer.setRenderer(renderer)
    layer.triggerRepaint()


# ---------------------------------------------------------------------------------------------
# Sentinel-1 backscatter in dB
# ---------------------------------------------------------------------------------------------
def db_ramp_items(step_db: float = 1.0, data_are_db: bool = False) -> list[QgsColorRampShader.ColorRampItem]:
    """Grey stops every ``step_db`` from DB_RANGE[0] to DB_RANGE[1], at dB or linear values."""
    lo, hi = DB_RANGE
    count = round((hi - lo) / step_db)
    items = []
    for i in range(count + 1):
        db = lo + i * step_db
        grey = round(255 * i / count)
        value = db if data_are_db else 10 ** (db / 10)
        label = f"{db:.0f} dB" if i in (0, count) or i % 5 == 0 else ""
        items.append(QgsColorRampShader.ColorRampItem(value, QColor(grey, grey, grey), label))
    return items


def apply_db_style(layer: QgsRasterLayer, band: int = 1, data_are_db: bool = False) -> None:
    """Grey -25..0 dB. On linear data (the archive's files) the ramp stops sit at 10^(dB/10)."""
    items = db_ramp_items(1.0, data_are_db)
    lo, hi = items[0].value, items[-1].value
    # Backscatter brighter than 0 dB (urban, corner reflectors) stays white rather than vanishing.
    _pseudocolor(layer, band, items, lo, hi, clip=False)
    # 1 dB stops shape the ramp; the legend is a gradient labelled in dB.
    shader = layer.renderer().shader().rasterShaderFunction()
    legend = shader.legendSettings()
    legend.setUseContinuousLegend(True)
    legend.setMinimumLabel(f"{DB_RANGE[0]:.0f} dB")
    legend.setMaximumLabel(f"{DB_RANGE[1]:.0f} dB")
    shader.setLegendSettings(legend)


# ---------------------------------------------------------------------------------------------
# Dispatch
# ---------------------------------------------------------------------------------------------
def is_scl(name: ProductName) -> bool:
    return (name.content or "").upper() in SCL_CONTENTS


def is_s1_backscatter(name: ProductName) -> bool:
    return name.family == "S1_SIGMA0" and (name.content or "").upper() in S1_POLARISATIONS


def apply_style_for_name(layer: QgsRasterLayer, name: ProductName | None) -> bool:
    """Style ``layer`` according to its parsed name; False when nothing applies (quicklooks,
    unknown layers: QGIS's default rendering is kept)."""
    if name is None or not layer.isValid() or layer.type() != QgsMapLayer.RasterLayer:
        return False
    if is_scl(name):
        apply_scl_style(layer)
        return True
    if is_s1_backscatter(name):
        apply_db_style(layer)
        return True
    scaling = scaling_for(name)
    if scaling is None:
        return False
    if scaling.unit == "reflectance":
        apply_reflectance_style(layer, data_are_physical=False)
    else:
        apply_physical_style(layer, scaling)
    return True


# ---------------------------------------------------------------------------------------------
# Time
# ---------------------------------------------------------------------------------------------
def to_qdatetime(value: datetime) -> QDateTime:
    """Aware (or naive = UTC) datetime -> UTC QDateTime."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return QDateTime(
        QDate(value.year, value.month, value.day),
        QTime(value.hour, value.minute, value.second, value.microsecond // 1000),
        Qt.UTC,
    )


def acquisition_days(start: datetime, end: datetime | None = None) -> tuple[datetime, datetime]:
    """[00:00 UTC of the first day, 00:00 UTC after the last day) of an acquisition."""
    start_utc = start.astimezone(UTC) if start.tzinfo else start.replace(tzinfo=UTC)
    end_utc = end.astimezone(UTC) if end is not None and end.tzinfo else (end or start).replace(tzinfo=UTC)
    first = start_utc.replace(hour=0, minute=0, second=0, microsecond=0)
    last = max(end_utc, start_utc)
    if last > start_utc and last == last.replace(hour=0, minute=0, second=0, microsecond=0):
        last -= timedelta(microseconds=1)  # a period's end at midnight is exclusive (names.py convention)
    return first, last.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)


def set_temporal_range(
    layer: QgsMapLayer, start: datetime, end: datetime | None = None, whole_days: bool = True
) -> None:
    """Fixed temporal range so the Temporal Controller animates a series with no extra work.

    With ``whole_days`` (default) the range is the UTC day(s) of the acquisition,
    (00:00, next 00:00): a controller stepping one day from midnight (its frames
    are [day, day + 1)) shows each date in exactly one frame, whatever the
    acquisition time. Otherwise [start, end] as given.
    """
    if whole_days:
        begin, finish = acquisition_days(start, end)
        # Open at both ends: QGIS 3.22's QgsDateTimeRange.overlaps() ignores the frame's
        # excluded end, so a closed beginning would also show the layer in the previous day's frame.
        time_range = QgsDateTimeRange(to_qdatetime(begin), to_qdatetime(finish), False, False)
    else:
        time_range = QgsDateTimeRange(to_qdatetime(start), to_qdatetime(end or start))
    properties = layer.temporalProperties()
    properties.setIsActive(True)
    if isinstance(properties, QgsRasterLayerTemporalProperties):
        properties.setMode(QgsRasterLayerTemporalProperties.ModeFixedTemporalRange)
    elif isinstance(properties, QgsVectorLayerTemporalProperties):
        properties.setMode(QgsVectorLayerTemporalProperties.ModeFixedTemporalRange)
    properties.setFixedTemporalRange(time_range)
