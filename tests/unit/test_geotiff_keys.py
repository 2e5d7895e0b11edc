"""The coordinate system of GeoTIFFs read once per distinct GeoKeys (core/raster/geotiff.py).

Expected values come from GDAL itself: ``dataset_wkt`` must always answer what a fresh
``GetProjection`` answers, whatever order files of different coordinate systems come in.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from plugin.core.raster import geotiff
from plugin.core.raster.geotiff import dataset_wkt, geokeys

gdal.UseExceptions()


def _write(path: Path, srs: str, options: list[str] | None = None, driver: str = "GTiff") -> Path:
    ds = gdal.GetDriverByName(driver).Create(str(path), 4, 3, 1, gdal.GDT_Byte, options or [])
    ds.SetGeoTransform((600000.0, 10.0, 0.0, 5700000.0, 0.0, -10.0))
    ref = osr.SpatialReference()
    ref.SetFromUserInput(srs)
    ds.SetProjection(ref.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(np.arange(12, dtype=np.uint8).reshape(3, 4))
    ds = None
    return path


def _fresh_wkt(path: Path) -> str:
    return gdal.Open(str(path)).GetProjection()


def _ours(path: Path) -> str:
    return dataset_wkt(gdal.Open(str(path)), str(path))


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch):
    monkeypatch.setattr(geotiff, "_wkt_by_keys", {})


@pytest.mark.parametrize(
    "options",
    [
        [],
        ["BIGTIFF=YES"],
        ["ENDIANNESS=BIG"],
        ["BIGTIFF=YES", "ENDIANNESS=BIG"],
        ["TILED=YES", "COMPRESS=DEFLATE"],
    ],
)
def test_every_tiff_layout_gives_gdals_answer(tmp_path: Path, options: list[str]) -> None:
    a = _write(tmp_path / "a.tif", "EPSG:32631", options)
    b = _write(tmp_path / "b.tif", "EPSG:32631", options)
    assert geokeys(str(a)) is not None and geokeys(str(a)) == geokeys(str(b))
    assert _ours(a) == _ours(b) == _fresh_wkt(a) != ""


def test_files_of_different_systems_in_any_order(tmp_path: Path) -> None:
    """UTM zones and user-defined projections that differ only by a parameter in GeoDoubleParams."""
    systems = [
        "EPSG:32631",
        "EPSG:32632",
        "+proj=tmerc +lat_0=0 +lon_0=5 +k=0.9996 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs",
        "+proj=tmerc +lat_0=0 +lon_0=4 +k=0.9996 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs",
        "EPSG:4326",
    ]
    paths = [_write(tmp_path / f"{i}.tif", srs) for i, srs in enumerate(systems)]
    for path in [*paths, *reversed(paths), *paths]:
        assert _ours(path) == _fresh_wkt(path)
    assert len({_ours(p) for p in paths}) == len(systems)


def test_an_aux_xml_holding_an_srs_wins_as_in_gdal(tmp_path: Path) -> None:
    plain = _write(tmp_path / "plain.tif", "EPSG:32631")
    overridden = _write(tmp_path / "overridden.tif", "EPSG:32631")
    assert _ours(plain)  # the GeoKeys of both are now known
    ds = gdal.Open(str(overridden))
    ds.SetProjection(osr.SRS_WKT_WGS84_LAT_LONG)  # read-only open: GDAL keeps it in the .aux.xml
    ds = None
    assert b"<SRS" in (tmp_path / "overridden.tif.aux.xml").read_bytes()
    assert "WGS 84" in _fresh_wkt(overridden) and "UTM" not in _fresh_wkt(overridden)
    assert _ours(overridden) == _fresh_wkt(overridden)


def test_statistics_in_an_aux_xml_keep_the_geokeys(tmp_path: Path) -> None:
    """QGIS leaves statistics beside rasters it shows; they say nothing of the coordinate system."""
    path = _write(tmp_path / "stats.tif", "EPSG:32631")
    ds = gdal.Open(str(path))
    ds.GetRasterBand(1).ComputeStatistics(False)
    ds = None
    assert b"STATISTICS_MEAN" in (tmp_path / "stats.tif.aux.xml").read_bytes()
    assert not geotiff._georeferencing_elsewhere(str(path))
    assert _ours(path) == _fresh_wkt(path)


def test_other_formats_and_broken_files_are_left_to_gdal(tmp_path: Path) -> None:
    envi = _write(tmp_path / "a.img", "EPSG:32631", driver="HFA")
    assert geokeys(str(envi)) is None
    assert _ours(envi) == _fresh_wkt(envi)
    tif = _write(tmp_path / "t.tif", "EPSG:32631")
    truncated = tmp_path / "cut.tif"
    truncated.write_bytes(tif.read_bytes()[:10])
    assert geokeys(str(truncated)) is None
    assert geokeys(str(tmp_path / "missing.tif")) is None
    no_crs = tmp_path / "nocrs.tif"
    created = gdal.GetDriverByName("GTiff").Create(str(no_crs), 2, 2, 1, gdal.GDT_Byte)
    del created  # closed: written
    assert geokeys(str(no_crs)) is None
    assert _ours(no_crs) == ""


def test_gdal_is_asked_once_per_geokeys_and_only_where_the_geokeys_decide(tmp_path: Path) -> None:
    """The shortcut is taken (the GeoKeys remembered with GDAL's answer) for a plain GeoTIFF only;
    never for another format, a sidecar holding an SRS or too large to read, or when the user's
    GDAL options let the coordinate system come from elsewhere."""
    plain = _write(tmp_path / "plain.tif", "EPSG:32631")
    assert _ours(plain) == _fresh_wkt(plain)
    assert list(geotiff._wkt_by_keys.values()) == [_fresh_wkt(plain)]
    assert _ours(_write(tmp_path / "same.tif", "EPSG:32631")) == _fresh_wkt(plain)
    assert len(geotiff._wkt_by_keys) == 1  # the same keys: GDAL's answer reused

    geotiff._wkt_by_keys.clear()
    assert _ours(_write(tmp_path / "a.img", "EPSG:32631", driver="HFA")) != ""
    unreferenced = tmp_path / "b.img"
    created = gdal.GetDriverByName("HFA").Create(str(unreferenced), 2, 2, 1, gdal.GDT_Byte)
    del created  # closed: written
    assert _ours(unreferenced) == ""
    big = _write(tmp_path / "big.tif", "EPSG:32631")
    (tmp_path / "big.tif.aux.xml").write_bytes(b"<PAMDataset>" + b" " * (1 << 20) + b"</PAMDataset>")
    assert _ours(big) == _fresh_wkt(big)
    for option in ("GDAL_PAM_PROXY_DIR", "GDAL_GEOREF_SOURCES"):
        gdal.SetConfigOption(option, str(tmp_path) if option == "GDAL_PAM_PROXY_DIR" else "INTERNAL")
        try:
            assert _ours(plain) == _fresh_wkt(plain)
        finally:
            gdal.SetConfigOption(option, None)
    assert geotiff._wkt_by_keys == {}  # none of these took the shortcut
