"""The terrascope algorithms publish whole files only, through the real Processing framework.

For terrascope:physicalvalues, sclmask, temporalcomposite and histogram (its HTML page too), a
first run makes the previous outputs; a second run over other inputs is then
- cancelled mid-run by the real ``QgsProcessingFeedback`` (``feedback.cancel()`` from its
  progress signal): every previous output is intact and no temporary file is left;
- run to the end while watched (``tests/atomic_watch.py``: inotify, a polling reader, and a
  check of the final paths from the progress signal): the final paths only ever hold the
  previous complete file, then the new one, which appears by a rename and is checked against
  numpy.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsProcessingException, QgsProcessingFeedback

from tests.atomic_watch import OutputWatch, leftovers, write_band
from tests.atomic_watch import read_band as read
from tests.reference import S2_BIOPAR

NDVI = S2_BIOPAR["NDVI"]
# Tall and narrow: the default 512-pixel blocks still give several strips, so progress is
# reported (and the run can be cancelled) in the middle of every output.
WIDTH, HEIGHT = 24, 1300
FLOAT_NODATA = -9999.0  # reference §: Float32 outputs of the algorithms


def write_tif(path: Path, data: np.ndarray, pixel: float = 10.0, nodata: float | None = None) -> str:
    return write_band(path, data, gdal.GDT_Byte, pixel=pixel, nodata=nodata)


def physical(dn: np.ndarray) -> np.ndarray:
    """NDVI physical values from the reference table, NaN where the DN is not valid."""
    values = (dn.astype(np.float64) * NDVI.scale + NDVI.offset).astype(np.float32)
    values[(dn < NDVI.valid_min) | (dn > NDVI.valid_max)] = np.nan
    return values


def as_nan(data: np.ndarray) -> np.ndarray:
    out = data.astype(np.float32)
    out[data == FLOAT_NODATA] = np.nan
    return out


@dataclass
class Archive:
    dn: dict[str, list[np.ndarray]]
    paths: dict[str, list[str]]
    scl: str
    masked: np.ndarray  # 10 m pixels whose 20 m SCL class is 8 or 9
    out: Path


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    rng = np.random.default_rng(7)
    dn: dict[str, list[np.ndarray]] = {}
    paths: dict[str, list[str]] = {}
    for phase in ("first", "second"):
        dn[phase], paths[phase] = [], []
        for day in range(3):
            stamp = (
                f"S2B_2025060{day + 1}T104651_31UFS"
                if phase == "first"
                else f"S2A_2025070{day + 1}T104651_31UFS"
            )
            folder = tmp_path / "archive" / f"{stamp}_NDVI_V210"
            folder.mkdir(parents=True)
            data = rng.integers(0, 256, size=(HEIGHT, WIDTH), dtype=np.uint8)
            dn[phase].append(data)
            paths[phase].append(write_tif(folder / f"{stamp}_NDVI_10M_V210.tif", data, nodata=255))
    scl = rng.integers(0, 12, size=(HEIGHT // 2, WIDTH // 2), dtype=np.uint8)
    scl_path = write_tif(tmp_path / "archive" / "scl_20m.tif", scl, pixel=20.0)
    masked = np.isin(np.kron(scl, np.ones((2, 2), np.uint8)), [8, 9])
    out = tmp_path / "out"
    out.mkdir()
    return Archive(dn, paths, scl_path, masked, out)


@dataclass
class Case:
    """One algorithm: its parameters for a phase, and the expected content of each output."""

    algorithm: str
    parameters: Callable[[Archive, str], dict]
    expected: Callable[[Archive, str], dict[str, Callable[[str], None]]]


def _raster(values: np.ndarray, transform: Callable[[np.ndarray], np.ndarray] = lambda a: a):
    def check(path: str) -> None:
        np.testing.assert_allclose(transform(read(path)), values, rtol=1e-6, atol=1e-6, err_msg=path)

    return check


def _physical_case() -> Case:
    def parameters(a: Archive, phase: str) -> dict:
        return {"INPUT": a.paths[phase][0], "APPLY_SCL": False, "OUTPUT": str(a.out / "pv.tif")}

    def expected(a: Archive, phase: str) -> dict:
        return {str(a.out / "pv.tif"): _raster(physical(a.dn[phase][0]), as_nan)}

    return Case("terrascope:physicalvalues", parameters, expected)


def _mask_case() -> Case:
    def parameters(a: Archive, phase: str) -> dict:
        return {
            "INPUT": a.paths[phase][0],
            "SCL": a.scl,
            "MASK_CLASSES": "8,9",
            "OUTPUT": str(a.out / "masked.tif"),
        }

    def expected(a: Archive, phase: str) -> dict:
        values = a.dn[phase][0].copy()
        values[a.masked] = 255
        return {str(a.out / "masked.tif"): _raster(values)}

    return Case("terrascope:sclmask", parameters, expected)


def _composite_case() -> Case:
    def parameters(a: Archive, phase: str) -> dict:
        return {
            "INPUTS": a.paths[phase],
            "APPLY_SCL": False,
            "OUTPUT_MEAN": str(a.out / "mean.tif"),
            "OUTPUT_COUNT": str(a.out / "count.tif"),
        }

    def expected(a: Archive, phase: str) -> dict:
        stack = np.stack([physical(data) for data in a.dn[phase]])
        count = (~np.isnan(stack)).sum(axis=0)
        with np.errstate(all="ignore"):  # a pixel without any valid date: 0 / 0 = NaN = nodata
            mean = (np.nansum(stack.astype(np.float64), axis=0) / count).astype(np.float32)
        return {
            str(a.out / "mean.tif"): _raster(mean, as_nan),
            str(a.out / "count.tif"): _raster(count),
        }

    return Case("terrascope:temporalcomposite", parameters, expected)


def _histogram_case() -> Case:
    def parameters(a: Archive, phase: str) -> dict:
        return {
            "INPUTS": a.paths[phase][:2],
            "APPLY_SCL": False,
            "BINS": 20,
            "OUTPUT": str(a.out / "histogram.csv"),
            "OUTPUT_HTML": str(a.out / "histogram.html"),
        }

    def expected(a: Archive, phase: str) -> dict:
        values = np.concatenate([physical(data).ravel() for data in a.dn[phase][:2]])
        counts, _ = np.histogram(values[~np.isnan(values)], bins=20, range=(-0.08, 0.92))

        def table(path: str) -> None:
            with open(path, newline="", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            assert [int(row["count"]) for row in rows] == counts.tolist()

        def page(path: str) -> None:
            text = Path(path).read_text(encoding="utf-8")
            assert text.rstrip().endswith("</html>")
            assert f"{int(counts.sum())} valid pixels in 2 file(s)" in text

        return {str(a.out / "histogram.csv"): table, str(a.out / "histogram.html"): page}

    return Case("terrascope:histogram", parameters, expected)


CASES = {
    "physicalvalues": _physical_case(),
    "sclmask": _mask_case(),
    "temporalcomposite": _composite_case(),
    "histogram": _histogram_case(),
}


def _files_we_write(case: Case, a: Archive, phase: str) -> list[str]:
    """Outputs the plugin writes itself: the histogram table is a QGIS feature sink, which QGIS
    writes in place (the algorithm only creates it once the counting is done, see the cancel test)."""
    return [path for path in case.expected(a, phase) if not path.endswith(".csv")]


def _check_in_slot(watch: OutputWatch, problems: list[AssertionError]) -> None:
    """``watch.check_now()`` from a Qt slot: an exception escaping a slot aborts the process,
    so a failure is recorded (and asserted after the run) instead."""
    try:
        watch.check_now()
    except AssertionError as exc:
        problems.append(exc)


@pytest.mark.parametrize("name", CASES)
def test_cancel_mid_run_keeps_every_previous_output(
    processing_framework, terrascope_provider, archive: Archive, name: str
) -> None:
    case = CASES[name]
    processing_framework.run(case.algorithm, case.parameters(archive, "first"))
    expected_first = case.expected(archive, "first")
    before = {path: Path(path).read_bytes() for path in expected_first}
    feedback = QgsProcessingFeedback()
    progress: list[float] = []
    problems: list[AssertionError] = []

    def on_progress(percent: float) -> None:
        progress.append(percent)
        _check_in_slot(watch, problems)
        if 0 < percent < 100:
            feedback.cancel()

    feedback.progressChanged.connect(on_progress)
    with OutputWatch(list(before)) as watch, pytest.raises(QgsProcessingException, match="[Cc]ancel"):
        processing_framework.run(case.algorithm, case.parameters(archive, "second"), feedback=feedback)
    assert problems == []
    assert feedback.isCanceled() and progress and progress[-1] < 100
    watch.assert_atomic(completed=False)
    for path, check in expected_first.items():
        assert Path(path).read_bytes() == before[path]
        check(path)
    assert leftovers(archive.out, [os.path.basename(p) for p in before]) == []


@pytest.mark.parametrize("name", CASES)
def test_a_watched_run_replaces_each_output_whole(
    processing_framework, terrascope_provider, archive: Archive, name: str
) -> None:
    case = CASES[name]
    processing_framework.run(case.algorithm, case.parameters(archive, "first"))
    ours = _files_we_write(case, archive, "second")
    feedback = QgsProcessingFeedback()
    progress: list[float] = []
    problems: list[AssertionError] = []

    def on_progress(percent: float) -> None:
        progress.append(percent)
        if percent < 100:
            _check_in_slot(watch, problems)

    feedback.progressChanged.connect(on_progress)
    with OutputWatch(ours) as watch:
        processing_framework.run(case.algorithm, case.parameters(archive, "second"), feedback=feedback)
    assert problems == []
    assert watch.mid_run_checks >= 2, progress
    watch.assert_atomic(completed=True)
    for path, check in case.expected(archive, "second").items():
        check(path)
    assert leftovers(archive.out, [os.path.basename(p) for p in case.expected(archive, "second")]) == []
