"""Display VRTs built next to (never inside) the archive: band composites and dB views.

Pure GDAL, no Qt. A VRT only references its sources, so building one reads file
headers, not pixels. Files are written under a hidden temporary name in the same folder and
renamed (``core.atomic``), so a reader never sees half a VRT and a failure keeps the previous one.

Works whether or not ``gdal.UseExceptions()`` is on and leaves that process-wide flag alone
(inside QGIS it would change every other plugin's GDAL calls): failures are detected from
return values and GDAL's per-thread last error, and raised as :class:`VrtError`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from osgeo import gdal

from ..atomic import AtomicOutput

# The "dB" pixel function takes a "fact" argument (10 for power quantities) since GDAL 3.5;
# before that it always computed 20*log10.
DB_PIXEL_FUNCTION_MIN_GDAL = 3050000


class VrtError(RuntimeError):
    """A VRT could not be built; the message names the files involved."""


def _write_atomically(out_path: str, write: Callable[[str], None]) -> str:
    """``write(temporary_path)`` then rename; the temporary name keeps the ``.vrt`` extension and
    the folder, so sources GDAL referenced relative to it stay valid after the rename."""
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with AtomicOutput(out_path, sidecars=(".aux.xml",)) as output:
        write(output.temp_path)
    return out_path


def _failure(default: str) -> str:
    return gdal.GetLastErrorMsg() or default


def _open(path: str, problem: str) -> gdal.Dataset:
    """``gdal.Open`` in either exception mode; VrtError "<path> <problem>: <reason>" on failure."""
    gdal.ErrorReset()
    try:
        ds = gdal.Open(path)
    except RuntimeError as exc:
        raise VrtError(f"{path} {problem}: {exc}") from exc
    if ds is None:
        raise VrtError(f"{path} {problem}: {_failure('GDAL cannot open it')}")
    return ds


def check_readable(path: str) -> None:
    """Open ``path`` and decode its first and last block of band 1: a truncated or corrupt file
    fails here, in the worker, instead of later as a blank layer. Costs two blocks, not the file."""
    problem = "is not a readable raster"
    ds = _open(path, problem)
    if ds.RasterCount < 1:
        raise VrtError(f"{path} {problem}: it has no raster band")
    band = ds.GetRasterBand(1)
    block_x, block_y = band.GetBlockSize()
    last_x = ((ds.RasterXSize - 1) // block_x) * block_x
    last_y = ((ds.RasterYSize - 1) // block_y) * block_y
    for x, y in ((0, 0), (last_x, last_y)):
        try:
            data = band.ReadRaster(x, y, min(block_x, ds.RasterXSize - x), min(block_y, ds.RasterYSize - y))
        except RuntimeError as exc:
            raise VrtError(f"{path} {problem}: {exc}") from exc
        if data is None:
            raise VrtError(f"{path} {problem}: {_failure('a block cannot be decoded')}")


def composite_vrt(band_paths: Sequence[str], out_path: str) -> str:
    """Stack single-band rasters as bands 1..n of ``out_path`` (in the given order).

    Bands of different resolutions are resampled to the finest one (nearest).
    """
    missing = [p for p in band_paths if not os.path.isfile(p)]
    if missing:
        raise VrtError(f"cannot build {os.path.basename(out_path)}: missing {', '.join(missing)}")
    sources = [os.path.abspath(p) for p in band_paths]

    def write(tmp: str) -> None:
        gdal.ErrorReset()
        try:
            options = gdal.BuildVRTOptions(separate=True, resolution="highest")
            ds = gdal.BuildVRT(tmp, sources, options=options)
        except RuntimeError as exc:
            raise VrtError(f"cannot stack {', '.join(sources)}: {exc}") from exc
        complete = ds is not None and ds.RasterCount == len(sources)
        failure = _failure("GDAL built no VRT")
        # Closing writes the file: close before the temporary file is removed on failure, or
        # GDAL would write it again after the removal and leave it behind.
        ds = None
        if not complete:
            raise VrtError(f"cannot stack {', '.join(sources)}: {failure}")

    return _write_atomically(out_path, write)


def db_pixel_function_available() -> bool:
    return int(gdal.VersionInfo()) >= DB_PIXEL_FUNCTION_MIN_GDAL


def db_vrt(src_path: str, out_path: str, band: int = 1) -> str:
    """A Float32 VRT whose values are 10*log10 of band ``band`` of ``src_path`` (linear power).

    Zero or negative input (nodata in sigma0 files) gives -inf/NaN, which the VRT
    declares as nodata by mapping the source nodata first.
    """
    if not db_pixel_function_available():
        raise VrtError(f"GDAL {gdal.__version__} has no dB pixel function with a factor (needs 3.5)")
    src = _open(src_path, "cannot be opened")
    if not 1 <= band <= src.RasterCount:
        raise VrtError(f"{src_path} has no band {band}")
    src_band = src.GetRasterBand(band)
    nodata = src_band.GetNoDataValue()
    xml = _db_vrt_xml(src, os.path.abspath(src_path), band, gdal.GetDataTypeName(src_band.DataType), nodata)
    src = None

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(xml)

    return _write_atomically(out_path, write)


def _db_vrt_xml(src: gdal.Dataset, path: str, band: int, data_type: str, nodata: float | None) -> str:
    srs = src.GetProjection()
    transform = ", ".join(repr(v) for v in src.GetGeoTransform())
    # Source nodata pixels are left unwritten, i.e. at the band's NaN nodata, and log10(NaN) = NaN.
    source_nodata = f"<NODATA>{nodata!r}</NODATA>" if nodata is not None else ""
    return f"""<VRTDataset rasterXSize="{src.RasterXSize}" rasterYSize="{src.RasterYSize}">
  <SRS>{escape(srs)}</SRS>
  <GeoTransform>{transform}</GeoTransform>
  <VRTRasterBand dataType="Float32" band="1" subClass="VRTDerivedRasterBand">
    <Description>{escape(os.path.basename(path))} in dB</Description>
    <NoDataValue>nan</NoDataValue>
    <UnitType>dB</UnitType>
    <PixelFunctionType>dB</PixelFunctionType>
    <PixelFunctionArguments fact="10"/>
    <SourceTransferType>Float32</SourceTransferType>
    <ComplexSource>
      <SourceFilename relativeToVRT="0">{escape(path)}</SourceFilename>
      <SourceBand>{band}</SourceBand>
      <SourceProperties RasterXSize="{src.RasterXSize}" RasterYSize="{src.RasterYSize}" DataType="{data_type}"/>
      {source_nodata}
    </ComplexSource>
  </VRTRasterBand>
</VRTDataset>
"""
