"""Regenerate the example graphical model ``models/terrascope_example.model3``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_example_model.py [OUTPUT]

The model chains the terrascope algorithms the way users do by hand:

    archive query (terrascope:catalogue)
      ├─ FILES  ─> temporal composite (mean, median, count of the series, SCL-masked)
      └─ LATEST ─> physical values of the newest date (SCL-masked)

Physical values take one file and the composite a list, so the query feeds each with the
output of the matching type rather than chaining them in a line. Built with the PyQGIS model
API (not hand-written XML) so the file stays what QGIS itself would save.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QPointF

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "models" / "terrascope_example.model3"
MODEL_NAME = "terrascope_example"

# Model inputs: (name, description, help) — the names are those qgis_process and processing.run use.
INPUTS = {
    "ROOT": ("Archive root", "Folder holding the archive, e.g. /data/MTDA or a demo archive."),
    "COLLECTION": ("Collection", "Collection id, e.g. NDVI_V2, FAPAR_V2, LAI_V2."),
    "TILE": ("Tile", "Sentinel-2 MGRS tile, e.g. 31UFS."),
    "START": ("Start date", "First acquisition date (inclusive)."),
    "END": ("End date", "Last acquisition date (inclusive)."),
}

HELP = {
    "ALG_DESC": (
        "Example model: queries the Terrascope archive for a series of one collection on one tile "
        "between two dates, then (1) computes the temporal composite of the whole series (mean, "
        "median and count of valid dates, each date masked with its own scene classification) and "
        "(2) converts the newest date to physical values, masked with its scene classification.\n\n"
        "The query output FILES (a list) feeds the composite and LATEST (one file) feeds the "
        "physical values: open the model in the Graphical Modeler to change statistics, mask "
        "classes or add steps. An empty query stops the model with a clear error."
    ),
    "ALG_CREATOR": "Terrascope Browser",
    "ALG_HELP_CREATOR": "Terrascope Browser",
    **{name: text for name, (_, text) in INPUTS.items()},
    "physicalvalues:Newest date, physical values": "Float32 physical values of the newest date.",
    "composite:Composite mean": "Per-pixel mean of the valid physical values.",
    "composite:Composite median": "Per-pixel median of the valid physical values.",
    "composite:Valid dates": "Per-pixel number of valid dates (UInt16).",
}


def _input_parameters() -> list:
    folder = QgsProcessingParameterFile(
        "ROOT", INPUTS["ROOT"][0], behavior=QgsProcessingParameterFile.Folder, defaultValue="/data/MTDA"
    )
    collection = QgsProcessingParameterString("COLLECTION", INPUTS["COLLECTION"][0], defaultValue="NDVI_V2")
    tile = QgsProcessingParameterString("TILE", INPUTS["TILE"][0], defaultValue="31UFS")
    dates = [
        QgsProcessingParameterDateTime(name, INPUTS[name][0], type=QgsProcessingParameterDateTime.Date)
        for name in ("START", "END")
    ]
    return [folder, collection, tile, *dates]


def _from_input(name: str) -> list[QgsProcessingModelChildParameterSource]:
    return [QgsProcessingModelChildParameterSource.fromModelParameter(name)]


def _static(value: object) -> list[QgsProcessingModelChildParameterSource]:
    return [QgsProcessingModelChildParameterSource.fromStaticValue(value)]


def _output(
    child_id: str, child_output: str, description: str, x: float, y: float
) -> QgsProcessingModelOutput:
    output = QgsProcessingModelOutput(description, description)
    output.setChildId(child_id)
    output.setChildOutputName(child_output)
    output.setPosition(QPointF(x, y))
    return output


def _child(
    algorithm_id: str, child_id: str, description: str, x: float, y: float
) -> QgsProcessingModelChildAlgorithm:
    child = QgsProcessingModelChildAlgorithm(algorithm_id)
    child.setChildId(child_id)
    child.setDescription(description)
    child.setPosition(QPointF(x, y))
    return child


def build_model() -> QgsProcessingModelAlgorithm:
    """The example model; the terrascope provider must be registered (children resolve by id)."""
    model = QgsProcessingModelAlgorithm(MODEL_NAME, "Terrascope examples", "terrascope_examples")
    for index, param in enumerate(_input_parameters()):
        component = QgsProcessingModelParameter(param.name())
        component.setPosition(QPointF(120 + 190 * index, 60))
        model.addModelParameter(param, component)

    query = _child("terrascope:catalogue", "query", "Query the archive", 480, 200)
    for name in INPUTS:
        query.addParameterSources(name, _from_input(name))
    model.addChildAlgorithm(query)

    latest = _child("terrascope:physicalvalues", "physicalvalues", "Newest date to physical values", 280, 340)
    latest.addParameterSources(
        "INPUT", [QgsProcessingModelChildParameterSource.fromChildOutput("query", "LATEST")]
    )
    latest.addParameterSources("APPLY_SCL", _static(True))
    latest.addParameterSources("OUTPUT_FORMAT", _static(0))
    latest.addParameterSources("COMPRESS", _static(True))
    latest.setModelOutputs(
        {
            "Newest date, physical values": _output(
                "physicalvalues", "OUTPUT", "Newest date, physical values", 280, 440
            )
        }
    )
    model.addChildAlgorithm(latest)

    composite = _child(
        "terrascope:temporalcomposite", "composite", "Temporal composite of the series", 680, 340
    )
    composite.addParameterSources(
        "INPUTS", [QgsProcessingModelChildParameterSource.fromChildOutput("query", "FILES")]
    )
    composite.addParameterSources("APPLY_SCL", _static(True))
    composite.addParameterSources("COMPRESS", _static(True))
    composite.setModelOutputs(
        {
            "Composite mean": _output("composite", "OUTPUT_MEAN", "Composite mean", 560, 460),
            "Composite median": _output("composite", "OUTPUT_MEDIAN", "Composite median", 720, 500),
            "Valid dates": _output("composite", "OUTPUT_COUNT", "Valid dates", 880, 460),
        }
    )
    model.addChildAlgorithm(composite)
    model.updateDestinationParameters()
    model.setHelpContent(HELP)
    return model


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    app = QgsApplication([], False)
    app.initQgis()
    from plugin.processing.provider import TerrascopeProvider

    provider = TerrascopeProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    model = build_model()
    valid, issues = model.validate()
    if not valid:
        print("The model is not valid:\n" + "\n".join(issues), file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    if not model.toFile(str(output)):
        print(f"Could not write {output}", file=sys.stderr)
        return 1
    print(f"Wrote {output}")
    QgsApplication.processingRegistry().removeProvider(provider)
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
