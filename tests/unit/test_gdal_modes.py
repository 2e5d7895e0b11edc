"""The raster modules leave GDAL's process-wide exception flag alone and report GDAL failures as
their own clear errors whichever way the flag is set (another QGIS plugin may have set it).

Each mode runs in a fresh interpreter: the flag is process-wide and other test modules turn it on.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SCRIPT = textwrap.dedent(
    """
    import os, sys
    import numpy as np
    from osgeo import gdal

    if sys.argv[2] == "on":
        gdal.UseExceptions()
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    from plugin.core.raster import blockwise, kernels, vrt  # noqa: F401 (importing must not flip the flag)
    from plugin.core.raster.blockwise import (
        OutputPathError, OutputSpec, RasterError, RasterWriter, ThreadLocalDatasets, Window,
        grid_info, open_raster,
    )
    assert gdal.GetUseExceptions() == (1 if sys.argv[2] == "on" else 0), "import changed the flag"

    tmp = sys.argv[1]
    good = os.path.join(tmp, "good.tif")
    ds = gdal.GetDriverByName("GTiff").Create(
        good, 512, 512, 1, gdal.GDT_Int16, ["TILED=YES", "COMPRESS=DEFLATE"]
    )
    ds.SetGeoTransform((500000, 10, 0, 5700000, 0, -10))
    ds.GetRasterBand(1).WriteArray(np.random.default_rng(1).integers(0, 9999, (512, 512), dtype=np.int16))
    ds = None
    truncated = os.path.join(tmp, "truncated.tif")
    with open(good, "rb") as src, open(truncated, "wb") as dst:
        dst.write(src.read(os.path.getsize(good) // 2))
    text = os.path.join(tmp, "notes.txt")
    with open(text, "w") as handle:
        handle.write("not a raster")

    def fails(error, call, *args, **kwargs):
        try:
            call(*args, **kwargs)
        except error as exc:
            return str(exc)
        raise AssertionError(f"{call.__name__}{args} did not raise {error.__name__}")

    vrt.check_readable(good)
    assert "truncated.tif is not a readable raster" in fails(vrt.VrtError, vrt.check_readable, truncated)
    assert "notes.txt is not a readable raster" in fails(vrt.VrtError, vrt.check_readable, text)
    assert "has no band 0" in fails(vrt.VrtError, vrt.db_vrt, good, os.path.join(tmp, "db.vrt"), band=0)
    assert "notes.txt cannot be opened" in fails(vrt.VrtError, vrt.db_vrt, text, os.path.join(tmp, "t.vrt"))
    assert "not a raster GDAL can read" in fails(RasterError, open_raster, text)

    handles = ThreadLocalDatasets()
    assert "cannot read band 1" in fails(RasterError, handles.read, truncated, Window(0, 256, 512, 256))
    block = handles.read(good, Window(0, 0, 512, 256))
    handles.close()

    grid = grid_info(good)
    missing_folder = os.path.join(tmp, "missing", "out.tif")
    assert "cannot create the output" in fails(OutputPathError, RasterWriter, missing_folder, grid, OutputSpec())
    out = os.path.join(tmp, "out.tif")
    with RasterWriter(out, grid, OutputSpec(gdal.GDT_Int16, compress=True)) as writer:
        writer.write(Window(0, 0, 512, 256), block)
        writer.write(Window(0, 256, 512, 256), block)
        writer.commit()
    assert np.array_equal(gdal.Open(out).ReadAsArray(0, 256, 512, 256), block)
    print("ok")
    """
)


@pytest.mark.parametrize("mode", ["off", "on"])
def test_gdal_failures_are_clear_errors_in_either_exception_mode(tmp_path, mode):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
