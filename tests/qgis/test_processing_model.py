"""The shipped example model (models/terrascope_example.model3) loads, validates and runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsProcessingModelAlgorithm

from tests.reference import DEFAULT_MASK

REPO = Path(__file__).resolve().parents[2]
MODEL = REPO / "models" / "terrascope_example.model3"
OUTPUTS = {
    "pv": "physicalvalues:Newest date, physical values",
    "mean": "composite:Composite mean",
    "median": "composite:Composite median",
    "count": "composite:Valid dates",
}


@pytest.fixture
def model(terrascope_provider) -> QgsProcessingModelAlgorithm:
    loaded = QgsProcessingModelAlgorithm()
    assert loaded.fromFile(str(MODEL)), f"cannot load {MODEL}"
    return loaded


def test_model_is_valid_and_resolves_its_children(model) -> None:
    valid, issues = model.validate()
    assert valid, issues
    children = model.childAlgorithms()
    assert {child.algorithmId() for child in children.values()} == {
        "terrascope:catalogue",
        "terrascope:physicalvalues",
        "terrascope:temporalcomposite",
    }
    for child in children.values():
        assert child.algorithm() is not None, child.algorithmId()
    inputs = {d.name() for d in model.parameterDefinitions() if not d.isDestination()}
    assert inputs == {"ROOT", "COLLECTION", "TILE", "START", "END"}
    assert {d.name() for d in model.outputDefinitions()} == set(OUTPUTS.values())
    assert "FILES" in model.shortHelpString() and "LATEST" in model.shortHelpString()


def test_model_file_is_what_the_script_writes(tmp_path) -> None:
    """The committed .model3 is regenerated, not hand-edited."""
    out = tmp_path / "model.model3"
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_example_model.py"), str(out)],
        check=True,
        capture_output=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert _canonical(out) == _canonical(MODEL)


def _canonical(path: Path) -> list:
    """The XML tree with attributes as sorted items (Qt writes them in hash order)."""

    def walk(element: ElementTree.Element) -> list:
        return [element.tag, sorted(element.attrib.items()), [walk(child) for child in element]]

    return walk(ElementTree.parse(path).getroot())


def _query_files(root: str) -> list[str]:
    """Newest version of each NDVI product of 31UFS from 3 to 17 May 2020, oldest first."""
    pattern = "TERRASCOPE_Sentinel2/NDVI_V2/2020/05/*/*_31UFS_NDVI_V*/*_NDVI_10M_*.tif"
    newest: dict[str, str] = {}
    for path in sorted(Path(root).glob(pattern)):
        day = path.parent.parent.name
        if "03" <= day <= "17":
            newest[day] = str(path)  # sorted: V210 after V200
    return [newest[day] for day in sorted(newest)]


def test_model_runs_on_the_demo_archive(
    processing_framework, model, demo_archive, pv_reference, pv_read, tmp_path
) -> None:
    outputs = {key: str(tmp_path / f"{key}.tif") for key in OUTPUTS}
    result = processing_framework.run(
        model,
        {
            "ROOT": demo_archive,
            "COLLECTION": "NDVI_V2",
            "TILE": "31ufs",
            "START": "2020-05-03",
            "END": "2020-05-17",
            **{OUTPUTS[key]: path for key, path in outputs.items()},
        },
    )
    files = _query_files(demo_archive)
    assert len(files) == 3 and files[-1].endswith("_V210.tif")
    assert result["CHILD_RESULTS"]["query"]["COUNT"] == 3
    assert result["CHILD_RESULTS"]["query"]["FILES"] == files
    for key, path in outputs.items():
        assert result[OUTPUTS[key]] == path and Path(path).is_file()

    np.testing.assert_allclose(pv_read(outputs["pv"]), pv_reference(files[-1], DEFAULT_MASK), rtol=1e-6)
    stack = np.stack([pv_reference(path, DEFAULT_MASK) for path in files])
    valid = ~np.isnan(stack)
    assert valid.any() and (~valid).any()  # the demo has clouds: masking is exercised
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        mean = np.nanmean(stack, axis=0)
        median = np.nanmedian(stack, axis=0)
    np.testing.assert_allclose(pv_read(outputs["mean"]), mean, rtol=1e-5)
    np.testing.assert_allclose(pv_read(outputs["median"]), median, rtol=1e-6)
    np.testing.assert_array_equal(gdal.Open(outputs["count"]).ReadAsArray(), valid.sum(axis=0))


class RecordingFeedback(QgsProcessingFeedback):
    """A real feedback object that also keeps the errors it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []

    def reportError(self, error: str, fatalError: bool = False) -> None:  # noqa: N802, N803 (QGIS API)
        self.errors.append(error)
        super().reportError(error, fatalError)


def test_model_stops_on_an_empty_query(processing_framework, model, demo_archive, tmp_path) -> None:
    feedback = RecordingFeedback()
    with pytest.raises(QgsProcessingException, match="Query the archive"):
        processing_framework.run(
            model,
            {
                "ROOT": demo_archive,
                "COLLECTION": "NDVI_V2",
                "TILE": "31UFS",
                "START": "2021-01-01",
                "END": "2021-01-31",
                **{name: str(tmp_path / f"{index}.tif") for index, name in enumerate(OUTPUTS.values())},
            },
            feedback=feedback,
        )
    assert any("found no product" in error for error in feedback.errors), feedback.errors
    assert not list(tmp_path.glob("*.tif"))
