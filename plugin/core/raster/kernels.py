"""Numpy kernels of the Processing algorithms: scaling, physical values and SCL masking (temporal
composites and histograms of series: ``series.py``). Pure numpy + GDAL (no Qt, no QGIS): Spark
jobs reuse them.

Conventions
- PV = scale · DN + offset. Nodata DN, DN outside the valid range and pixels whose SCL class
  is in the mask become output nodata.
- Float32 outputs use the finite nodata value ``FLOAT_NODATA`` (-9999): every GIS reads it,
  and it lies far outside every physical range of the archive. Internally invalid values are NaN.
- 8- and 16-bit integer inputs go through lookup tables (one ``np.take`` per block), which is
  several times faster than arithmetic plus masks. Block buffers are preallocated and reused.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from osgeo import gdal

from ..products.scaling import Scaling, scale_and_offset, scaling_for
from ..products.scl import DEFAULT_MASK
from .blockwise import (
    DEFAULT_BLOCK,
    DEFAULT_WORKERS,
    BufferPool,
    Buffers,
    CancelCallback,
    GridInfo,
    OutputSpec,
    ProgressCallback,
    RasterError,
    RasterWriter,
    ThreadLocalDatasets,
    Window,
    check_output_path,
    coarse_window,
    grid_info,
    in_flight,
    iter_windows,
    numpy_dtype,
    open_raster,
    run_blocks,
    strip_height,
    strip_rows,
    upsample_factor,
    upsample_nearest,
)

FLOAT_NODATA = -9999.0
OUTPUT_FORMATS = ("float32", "dn")
# Dataset metadata items of Float32 physical-value outputs (GDAL drops a 1/0 scale/offset).
PHYSICAL_MARK = "TERRASCOPE_PHYSICAL_VALUES"
PHYSICAL_RANGE_MARK = "TERRASCOPE_PHYSICAL_RANGE"
LABEL_MARK = "TERRASCOPE_LABEL"
UNIT_MARK = "TERRASCOPE_UNIT"


class ScalingError(RasterError):
    """Scale/offset cannot be determined: the user must give them."""


# --------------------------------------------------------------------------- scaling


@dataclass(frozen=True)
class ResolvedScaling:
    """The scaling actually used for one file, and where it came from."""

    scale: float
    offset: float
    valid_min: float | None
    valid_max: float | None
    nodata: tuple[float, ...]  # DN values meaning "no data"
    source: str  # human-readable origin, for the log
    label: str = ""
    unit: str = ""
    table: Scaling | None = None
    notes: tuple[str, ...] = ()

    def physical_range(self) -> tuple[float, float] | None:
        if self.valid_min is None or self.valid_max is None:
            return None
        ends = (self.scale * self.valid_min + self.offset, self.scale * self.valid_max + self.offset)
        return (min(ends), max(ends))

    def as_scaling(self) -> Scaling:
        """A ``Scaling`` (for styling) describing what was used."""
        valid_min = None if self.valid_min is None else int(self.valid_min)
        valid_max = None if self.valid_max is None else int(self.valid_max)
        nodata = self.nodata[0] if self.nodata else None
        dtype = self.table.dtype if self.table else ""
        return Scaling(self.label, self.scale, self.offset, valid_min, valid_max, nodata, self.unit, dtype)

    def describe(self) -> str:
        valid = ""
        if self.valid_min is not None or self.valid_max is not None:
            valid = f", valid DN {_fmt(self.valid_min)}..{_fmt(self.valid_max)}"
        nodata = f", nodata DN {', '.join(_fmt(v) for v in self.nodata)}" if self.nodata else ""
        return f"scale {self.scale:g}, offset {self.offset:g}{valid}{nodata} (from {self.source})"


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}"


def product_name(path: str):  # -> ProductName | None
    """Parsed Terrascope name of a file, or None for users' own files."""
    try:
        from ..products.names import ProductNameError, parse_name
    except ImportError:  # names.py not available: treat every file as a user's own
        return None
    try:
        return parse_name(os.path.basename(path))
    except (ProductNameError, ValueError):
        return None


def scale_tags(band: gdal.Band) -> tuple[float | None, float | None]:
    """The band's GDAL scale/offset tags, or (None, None) when absent.

    GDAL reports 1.0/0.0 instead of None once a .aux.xml sits next to the file (QGIS writes
    one with statistics when it opens a layer): identity tags carry no scaling, so they
    must not override the product table."""
    scale, offset = band.GetScale(), band.GetOffset()
    if scale is None or (scale == 1.0 and not offset):
        return None, None
    return scale, offset


def table_scaling(path: str) -> Scaling | None:
    name = product_name(path)
    return scaling_for(name) if name is not None else None


def resolve_scaling(
    path: str,
    *,
    scale: float | None = None,
    offset: float | None = None,
    valid_min: float | None = None,
    valid_max: float | None = None,
    nodata: float | None = None,
) -> ResolvedScaling:
    """Scaling of band 1 of ``path``: GDAL scale/offset tags win, then the Terrascope table
    (from the file name), then the values given by the user. Valid range and nodata come from
    the user, else the table, plus the band's own nodata value."""
    ds = open_raster(path)
    band = ds.GetRasterBand(1)
    tag_scale, tag_offset = scale_tags(band)
    band_nodata = band.GetNoDataValue()
    marks = ds.GetMetadata() or {}
    ds = None
    if marks.get(PHYSICAL_MARK) == "YES":
        return _already_physical(path, marks, band_nodata)
    table = table_scaling(path)
    notes: list[str] = []
    chosen = scale_and_offset(tag_scale, tag_offset, table)
    if chosen is not None:
        used_scale, used_offset, source = chosen
    elif scale is not None:
        used_scale, used_offset = float(scale), float(offset or 0.0)
        source = "the SCALE/OFFSET given"
    else:
        raise ScalingError(_unknown_scaling_message(path, table))
    if scale is not None and source != "the SCALE/OFFSET given":
        notes.append(f"SCALE/OFFSET given were not used: {source} take precedence")
    low = valid_min if valid_min is not None else (table.valid_min if table else None)
    high = valid_max if valid_max is not None else (table.valid_max if table else None)
    nodata_values = {
        float(v) for v in (nodata, band_nodata, table.nodata if table else None) if v is not None
    }
    return ResolvedScaling(
        scale=used_scale,
        offset=used_offset,
        valid_min=None if low is None else float(low),
        valid_max=None if high is None else float(high),
        nodata=tuple(sorted(v for v in nodata_values if not math.isnan(v))),
        source=source,
        label=table.label if table else os.path.splitext(os.path.basename(path))[0],
        unit=table.unit if table else "",
        table=table,
        notes=tuple(notes),
    )


def _already_physical(path: str, marks: dict[str, str], band_nodata: float | None) -> ResolvedScaling:
    """Scaling of a Float32 file written by ``physical_values``: identity, with its range."""
    low = high = None
    with contextlib.suppress(KeyError, ValueError):
        low, high = (float(v) for v in marks[PHYSICAL_RANGE_MARK].split(","))
    unit = marks.get(UNIT_MARK, "")
    return ResolvedScaling(
        scale=1.0,
        offset=0.0,
        valid_min=low,
        valid_max=high,
        nodata=() if band_nodata is None else (float(band_nodata),),
        source="physical values written by terrascope:physicalvalues",
        label=marks.get(LABEL_MARK, os.path.splitext(os.path.basename(path))[0]),
        unit=unit,
    )


def physical_marks(scaling: ResolvedScaling) -> dict[str, str]:
    """Dataset metadata that lets a Float32 output be recognised as physical values later."""
    marks = {PHYSICAL_MARK: "YES", LABEL_MARK: scaling.label, UNIT_MARK: scaling.unit}
    bounds = scaling.physical_range()
    if bounds is not None:
        marks[PHYSICAL_RANGE_MARK] = f"{bounds[0]!r},{bounds[1]!r}"
    return marks


def _unknown_scaling_message(path: str, table: Scaling | None) -> str:
    base = os.path.basename(path)
    if table is not None:
        return (
            f"{base}: the scale and offset of {table.label} are not published and the file has no "
            "GDAL scale/offset tags; give SCALE and OFFSET (and the valid range) yourself"
        )
    return (
        f"{base}: not a known Terrascope product and the file has no GDAL scale/offset tags; "
        "give SCALE and OFFSET (PV = SCALE · DN + OFFSET)"
    )


# --------------------------------------------------------------------------- lookup tables


def _lut_domain(dtype: np.dtype) -> np.ndarray | None:
    """DN value of every LUT index for 8/16-bit integers (int16 is indexed via its uint16 view)."""
    if dtype == np.uint8:
        return np.arange(256, dtype=np.int64)
    if dtype == np.uint16:
        return np.arange(65536, dtype=np.int64)
    if dtype == np.int16:
        return np.arange(65536, dtype=np.uint16).view(np.int16).astype(np.int64)
    if dtype == np.int8:
        return np.arange(256, dtype=np.uint8).view(np.int8).astype(np.int64)
    return None


def lut_index(block: np.ndarray) -> np.ndarray:
    """Index array for a LUT built by ``_lut_domain`` (a view, no copy)."""
    if block.dtype == np.int16:
        return block.view(np.uint16)
    if block.dtype == np.int8:
        return block.view(np.uint8)
    return block


def invalid_dn(dn: np.ndarray, scaling: ResolvedScaling) -> np.ndarray:
    """Boolean: DN is nodata, outside the valid range or not a number."""
    bad = np.zeros(dn.shape, dtype=bool)
    if dn.dtype.kind == "f":
        bad |= ~np.isfinite(dn)
    for value in scaling.nodata:
        bad |= dn == value
    if scaling.valid_min is not None:
        bad |= dn < scaling.valid_min
    if scaling.valid_max is not None:
        bad |= dn > scaling.valid_max
    return bad


def physical_lut(
    dtype: np.dtype, scaling: ResolvedScaling, nodata: float = FLOAT_NODATA
) -> np.ndarray | None:
    """Float32 LUT DN → PV (invalid → ``nodata``), or None when the type needs arithmetic."""
    domain = _lut_domain(np.dtype(dtype))
    if domain is None:
        return None
    values = (domain.astype(np.float64) * scaling.scale + scaling.offset).astype(np.float32)
    values[invalid_dn(domain, scaling)] = nodata
    return values


def dn_lut(dtype: np.dtype, scaling: ResolvedScaling, nodata: float) -> np.ndarray | None:
    """LUT DN → DN with invalid DN replaced by ``nodata`` (same integer type)."""
    domain = _lut_domain(np.dtype(dtype))
    if domain is None:
        return None
    values = domain.astype(dtype)
    values[invalid_dn(domain, scaling)] = nodata
    return values


def mask_lut(classes: Iterable[int]) -> np.ndarray:
    """256-entry boolean LUT: True where the SCL value is a masked class."""
    lut = np.zeros(256, dtype=bool)
    for value in classes:
        lut[int(value)] = True
    return lut


def apply_lut(lut: np.ndarray, dn: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``lut[dn]``; mode "wrap" skips the bounds check (every index is in range by construction)
    and makes ``np.take`` faster than fancy indexing."""
    return np.take(lut, lut_index(dn), out=out, mode="wrap")


def to_physical(
    dn: np.ndarray, scaling: ResolvedScaling, lut: np.ndarray | None, nodata: float
) -> np.ndarray:
    """Float32 physical values of a DN block, invalid → ``nodata``."""
    if lut is not None:
        return apply_lut(lut, dn)
    out = dn.astype(np.float32) * np.float32(scaling.scale) + np.float32(scaling.offset)
    out[invalid_dn(dn, scaling)] = nodata
    return out


# --------------------------------------------------------------------------- SCL


def find_scl(path: str) -> str | None:
    """The scene classification file of the product that holds ``path`` (same folder, or the
    product folder above a ``10M``/``20M`` folder), matched by tile and acquisition time: the
    product model's :func:`~..products.model.scl_for_file`."""
    from ..products.model import scl_for_file

    return scl_for_file(path)


class SclReader:
    """Reads the SCL mask of a data window: coarse read, class LUT, nearest-neighbour upsampling."""

    def __init__(self, scl_path: str, data_grid: GridInfo, classes: Iterable[int]) -> None:
        self.path = scl_path
        self.grid = grid_info(scl_path)
        self.factor = upsample_factor(data_grid, self.grid)
        self.lut = mask_lut(classes)

    def masked(
        self, handles: ThreadLocalDatasets, window: Window, buffers: Buffers | None = None
    ) -> np.ndarray:
        """True where the pixel is masked."""
        coarse = coarse_window(window, self.factor)
        scratch = buffers or Buffers()
        scl = handles.read(self.path, coarse)
        if scl.dtype != np.uint8:
            scl = np.clip(scl, 0, 255).astype(np.uint8)
        flags = apply_lut(self.lut, scl, scratch.get("scl_flags", scl.shape, bool))
        return upsample_nearest(flags, window, self.factor, scratch.get("scl_mask", window.shape, bool))


# --------------------------------------------------------------------------- physical values


@dataclass(frozen=True)
class RunOptions:
    compress: bool = False
    block: int = DEFAULT_BLOCK
    workers: int = DEFAULT_WORKERS
    is_cancelled: CancelCallback | None = None
    progress: ProgressCallback | None = None


@dataclass(frozen=True)
class PhysicalValuesResult:
    path: str
    scaling: ResolvedScaling
    output_format: str
    nodata: float
    scl_path: str | None
    scl_factor: int | None
    valid_pixels: int


def physical_values(
    input_path: str,
    output_path: str,
    scaling: ResolvedScaling,
    *,
    scl_path: str | None = None,
    mask_classes: Iterable[int] = DEFAULT_MASK,
    output_format: str = "float32",
    options: RunOptions = RunOptions(),
) -> PhysicalValuesResult:
    """DN → physical values of band 1, with nodata, valid range and optional SCL masking.

    ``output_format`` "float32": Float32 physical values, nodata ``FLOAT_NODATA``.
    "dn": the original DN with GDAL scale/offset tags (lossless); invalid and masked pixels
    take the DN nodata value.
    """
    if output_format not in OUTPUT_FORMATS:
        raise ValueError(f"output format must be one of {OUTPUT_FORMATS}")
    check_output_path(output_path, [input_path, scl_path or ""])
    grid = grid_info(input_path)
    dtype = numpy_dtype(grid.dtype)
    scl = SclReader(scl_path, grid, mask_classes) if scl_path else None
    rows = strip_rows(options.block)
    if output_format == "float32":
        nodata = FLOAT_NODATA
        lut = physical_lut(dtype, scaling, nodata)
        spec = OutputSpec(
            gdal.GDT_Float32,
            nodata,
            options.compress,
            rows,
            description=scaling.label,
            metadata=physical_marks(scaling),
            full_width_writes=True,
            predictor=2 if lut is not None else None,  # quantised values: see OutputSpec
        )
    else:
        nodata = _dn_nodata(input_path, scaling, dtype)
        lut = dn_lut(dtype, scaling, nodata)
        spec = OutputSpec(
            grid.dtype,
            nodata,
            options.compress,
            rows,
            scaling.scale,
            scaling.offset,
            scaling.label,
            full_width_writes=True,
        )
    handles = ThreadLocalDatasets()
    pool = BufferPool(in_flight(options.workers))
    out_dtype = np.float32 if output_format == "float32" else dtype
    valid = 0

    def compute(window: Window) -> tuple[np.ndarray, int, Buffers]:
        buffers = pool.acquire()
        dn = handles.read(input_path, window, out=buffers.get("dn", window.shape, dtype))
        out = buffers.get("out", window.shape, out_dtype)
        if lut is not None:
            apply_lut(lut, dn, out)
        elif output_format == "float32":
            out[...] = to_physical(dn, scaling, None, nodata)
        else:
            out[...] = dn
            out[invalid_dn(dn, scaling)] = nodata
        fill = out.dtype.type(nodata)
        if scl is not None:
            np.putmask(out, scl.masked(handles, window, buffers), fill)
        return out, int(np.count_nonzero(out != fill)), buffers

    def consume(writer: RasterWriter, window: Window, result: tuple[np.ndarray, int, Buffers]) -> None:
        nonlocal valid
        out, count, buffers = result
        writer.write(window, out)
        writer.flush()
        pool.release(buffers)
        valid += count

    windows = list(iter_windows(grid.width, grid.height, grid.width, strip_height(grid, rows)))
    _run_into_file(output_path, grid, spec, windows, compute, consume, handles, options)
    return PhysicalValuesResult(
        output_path, scaling, output_format, nodata, scl_path, scl.factor if scl else None, valid
    )


def _run_into_file(
    path: str,
    grid: GridInfo,
    spec: OutputSpec,
    windows: Sequence[Window],
    compute: Callable[[Window], Any],
    consume: Callable[[RasterWriter, Window, Any], None],
    handles: ThreadLocalDatasets,
    options: RunOptions,
    bands: int = 1,
) -> None:
    """Run the blocks into one new output, committed once every block is written (discarded on
    error or cancel); the input handles are closed whatever happens."""
    try:
        with RasterWriter(path, grid, spec, bands=bands) as writer:
            run_blocks(
                windows,
                compute,
                lambda window, result: consume(writer, window, result),
                workers=options.workers,
                is_cancelled=options.is_cancelled,
                progress=options.progress,
            )
            writer.commit()
    finally:
        handles.close()


def _dn_nodata(path: str, scaling: ResolvedScaling, dtype: np.dtype) -> float:
    if scaling.nodata:
        return scaling.nodata[0]
    if dtype.kind == "f":
        return FLOAT_NODATA
    raise RasterError(
        f"{os.path.basename(path)}: no nodata value is known for this raster; give NODATA so that "
        "masked pixels can be marked in the original DN output"
    )


# --------------------------------------------------------------------------- SCL mask


@dataclass(frozen=True)
class MaskResult:
    path: str
    nodata: float
    scl_factor: int
    masked_pixels: int


def mask_raster(
    input_path: str,
    output_path: str,
    scl_path: str,
    *,
    mask_classes: Iterable[int] = DEFAULT_MASK,
    nodata: float | None = None,
    options: RunOptions = RunOptions(),
) -> MaskResult:
    """Copy every band of ``input_path`` with the pixels of the masked SCL classes set to nodata
    (the input's nodata, else ``nodata``, else -9999 for floating-point data)."""
    check_output_path(output_path, [input_path, scl_path])
    grid = grid_info(input_path)
    dtype = numpy_dtype(grid.dtype)
    fill = grid.nodata if grid.nodata is not None else nodata
    if fill is None:
        if dtype.kind != "f":
            raise RasterError(
                f"{os.path.basename(input_path)} has no nodata value: give NODATA so masked pixels can be marked"
            )
        fill = FLOAT_NODATA
    scl = SclReader(scl_path, grid, mask_classes)
    ds = open_raster(input_path)
    bands = ds.RasterCount
    first = ds.GetRasterBand(1)
    rows = strip_rows(options.block)
    spec = OutputSpec(
        grid.dtype,
        fill,
        options.compress,
        rows,
        *scale_tags(first),
        first.GetDescription(),
        full_width_writes=True,
    )
    ds = None
    handles = ThreadLocalDatasets()
    masked_total = 0

    def compute(window: Window) -> tuple[np.ndarray, list[np.ndarray]]:
        masked = scl.masked(handles, window)
        blocks = []
        for index in range(1, bands + 1):
            data = handles.read(input_path, window, band=index)
            data[masked] = fill
            blocks.append(data)
        return masked, blocks

    def consume(writer: RasterWriter, window: Window, result: tuple[np.ndarray, list[np.ndarray]]) -> None:
        nonlocal masked_total
        masked, blocks = result
        for index, data in enumerate(blocks, 1):
            writer.write(window, data, band=index)
        writer.flush()
        masked_total += int(np.count_nonzero(masked))

    windows = list(iter_windows(grid.width, grid.height, grid.width, strip_height(grid, rows)))
    _run_into_file(output_path, grid, spec, windows, compute, consume, handles, options, bands=bands)
    return MaskResult(output_path, float(fill), scl.factor, masked_total)


# --------------------------------------------------------------------------- series


@dataclass(frozen=True)
class SeriesItem:
    """One date of a series: the data file, its scaling and its (optional) SCL file."""

    path: str
    scaling: ResolvedScaling
    scl_path: str | None = None
