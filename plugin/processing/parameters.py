"""Parameter groups shared by the terrascope algorithms, declared once.

Each group has a builder that adds the whole group to an algorithm and a reader that gives its
values back as a small typed record (the pattern of QuickOSM's ``build_input.py``). The names,
types, defaults and help texts are part of the public interface: ``qgis_process`` calls, saved
models (``models/terrascope_example.model3``) and scripts use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from qgis.core import (
    QgsMapLayer,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.archive.series_query import ScalingOverrides
from ..core.products.scl import DEFAULT_MASK, SCL_CLASSES, parse_classes
from ..qgis_utils import tr

# Parameter names (the public interface).
INPUTS = "INPUTS"
ROOT = "ROOT"
COLLECTION = "COLLECTION"
TILE = "TILE"
START = "START"
END = "END"
MAX_CLOUD = "MAX_CLOUD"
BAND = "BAND"
APPLY_SCL = "APPLY_SCL"
MASK_CLASSES = "MASK_CLASSES"
SCALE = "SCALE"
OFFSET = "OFFSET"
VALID_MIN = "VALID_MIN"
VALID_MAX = "VALID_MAX"
NODATA = "NODATA"
COMPRESS = "COMPRESS"

QUERY_NAMES = (ROOT, COLLECTION, TILE, START, END, MAX_CLOUD, BAND)
SCALING_NAMES = (SCALE, OFFSET, VALID_MIN, VALID_MAX, NODATA)


def _given(parameters: dict[str, Any], name: str) -> bool:
    return parameters.get(name) not in (None, "")


def optional_number(
    alg: QgsProcessingAlgorithm, parameters: dict, name: str, context: QgsProcessingContext
) -> float | None:
    """The value of an optional number parameter, None when it is not given."""
    if not _given(parameters, name):
        return None
    return alg.parameterAsDouble(parameters, name, context)


def _optional_date(
    alg: QgsProcessingAlgorithm, parameters: dict, name: str, context: QgsProcessingContext
) -> date | None:
    if not _given(parameters, name):
        return None
    value = alg.parameterAsDateTime(parameters, name, context)
    return value.date().toPyDate() if value.isValid() else None


# --------------------------------------------------------------------------- series inputs


def add_series_inputs(alg: QgsProcessingAlgorithm) -> None:
    """INPUTS: the rasters of a series, optional because an archive query can replace them."""
    alg.addParameter(
        QgsProcessingParameterMultipleLayers(
            INPUTS, tr("Input rasters (or use the archive query)"), QgsProcessing.TypeRaster, optional=True
        )
    )


def read_series_inputs(
    alg: QgsProcessingAlgorithm, parameters: dict, context: QgsProcessingContext
) -> list[QgsMapLayer]:
    return alg.parameterAsLayerList(parameters, INPUTS, context)


# --------------------------------------------------------------------------- archive query


def query_help() -> str:
    """The paragraph every algorithm with an archive query puts in its help."""
    return tr(
        "Inputs are either a list of rasters (INPUTS) or an archive query: ROOT (default /data/MTDA), "
        "COLLECTION (e.g. NDVI_V2), TILE, START and END dates, MAX_CLOUD (%) and BAND (the file content, "
        "e.g. NDVI or TOC-B04; default: the product's own biophysical layer)."
    )


def add_archive_query(alg: QgsProcessingAlgorithm) -> None:
    """ROOT, COLLECTION, TILE, START, END, MAX_CLOUD and BAND, all optional."""
    date_type = QgsProcessingParameterDateTime.Date
    params: list[QgsProcessingParameterDefinition] = [
        QgsProcessingParameterFile(
            ROOT, tr("Archive root"), behavior=QgsProcessingParameterFile.Folder, optional=True
        ),
        QgsProcessingParameterString(COLLECTION, tr("Collection (e.g. NDVI_V2)"), optional=True),
        QgsProcessingParameterString(TILE, tr("Tile (e.g. 31UFS)"), optional=True),
        QgsProcessingParameterDateTime(START, tr("Start date"), type=date_type, optional=True),
        QgsProcessingParameterDateTime(END, tr("End date"), type=date_type, optional=True),
        QgsProcessingParameterNumber(
            MAX_CLOUD,
            tr("Maximum cloud cover (%)"),
            QgsProcessingParameterNumber.Double,
            optional=True,
            minValue=0,
            maxValue=100,
        ),
        QgsProcessingParameterString(BAND, tr("Band / file content (e.g. NDVI, TOC-B04)"), optional=True),
    ]
    for param in params:
        alg.addParameter(param)


@dataclass(frozen=True)
class ArchiveQueryValues:
    """The query parameters as given: texts stripped, not yet interpreted (tile parsing and
    root discovery belong to the archive query itself)."""

    root: str
    collection: str
    tile: str
    start: date | None
    end: date | None
    max_cloud: float | None
    band: str


def read_archive_query(
    alg: QgsProcessingAlgorithm, parameters: dict, context: QgsProcessingContext
) -> ArchiveQueryValues:
    return ArchiveQueryValues(
        root=alg.parameterAsFile(parameters, ROOT, context),
        collection=alg.parameterAsString(parameters, COLLECTION, context).strip(),
        tile=alg.parameterAsString(parameters, TILE, context).strip(),
        start=_optional_date(alg, parameters, START, context),
        end=_optional_date(alg, parameters, END, context),
        max_cloud=optional_number(alg, parameters, MAX_CLOUD, context),
        band=alg.parameterAsString(parameters, BAND, context).strip(),
    )


def archive_query_given(parameters: dict[str, Any]) -> bool:
    """True when any of the parameters that select products is set (MAX_CLOUD and BAND alone
    only narrow a query, they do not make one)."""
    return any(_given(parameters, name) for name in (ROOT, COLLECTION, TILE, START, END))


# --------------------------------------------------------------------------- SCL masking


def scl_class_options() -> list[str]:
    """Enum options whose index is the SCL class value, so ``MASK_CLASSES=3,8,9`` works as is."""
    return [f"{c.value} — {tr(c.label)}" for c in SCL_CLASSES]


def mask_classes_parameter() -> QgsProcessingParameterEnum:
    param = QgsProcessingParameterEnum(
        MASK_CLASSES,
        tr("SCL classes to mask"),
        options=scl_class_options(),
        allowMultiple=True,
        defaultValue=sorted(DEFAULT_MASK),
        optional=True,
    )
    param.setHelp(tr("Pixels whose scene classification is one of these classes become nodata."))
    return param


def add_mask_classes(alg: QgsProcessingAlgorithm) -> None:
    """MASK_CLASSES alone, for algorithms that declare their own SCL input."""
    alg.addParameter(mask_classes_parameter())


def add_series_masking(alg: QgsProcessingAlgorithm) -> None:
    """APPLY_SCL (each date masked with its own SCL, on by default) and MASK_CLASSES."""
    alg.addParameter(
        QgsProcessingParameterBoolean(
            APPLY_SCL, tr("Mask each date with its scene classification (SCL)"), defaultValue=True
        )
    )
    add_mask_classes(alg)


def read_mask_classes(
    alg: QgsProcessingAlgorithm, parameters: dict, context: QgsProcessingContext
) -> frozenset[int]:
    values = alg.parameterAsEnums(parameters, MASK_CLASSES, context)
    try:
        return parse_classes(values) if values else frozenset()
    except ValueError as exc:
        raise QgsProcessingException(str(exc)) from None


@dataclass(frozen=True)
class Masking:
    apply_scl: bool
    classes: frozenset[int]


def read_masking(alg: QgsProcessingAlgorithm, parameters: dict, context: QgsProcessingContext) -> Masking:
    return Masking(
        apply_scl=alg.parameterAsBool(parameters, APPLY_SCL, context),
        classes=read_mask_classes(alg, parameters, context),
    )


# --------------------------------------------------------------------------- scaling overrides


def add_scaling_overrides(alg: QgsProcessingAlgorithm) -> None:
    """SCALE, OFFSET, VALID_MIN, VALID_MAX, NODATA (advanced): for rasters the table does not know."""
    labels = {
        SCALE: tr("Scale (PV = scale · DN + offset), when the product is unknown and has no tags"),
        OFFSET: tr("Offset, when the product is unknown and has no tags"),
        VALID_MIN: tr("Lowest valid DN (default: from the product table)"),
        VALID_MAX: tr("Highest valid DN (default: from the product table)"),
        NODATA: tr("Extra nodata DN value"),
    }
    for name in SCALING_NAMES:
        param = QgsProcessingParameterNumber(
            name, labels[name], QgsProcessingParameterNumber.Double, optional=True
        )
        param.setFlags(param.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        alg.addParameter(param)


def read_scaling_overrides(
    alg: QgsProcessingAlgorithm, parameters: dict, context: QgsProcessingContext
) -> ScalingOverrides:
    return ScalingOverrides(
        scale=optional_number(alg, parameters, SCALE, context),
        offset=optional_number(alg, parameters, OFFSET, context),
        valid_min=optional_number(alg, parameters, VALID_MIN, context),
        valid_max=optional_number(alg, parameters, VALID_MAX, context),
        nodata=optional_number(alg, parameters, NODATA, context),
    )


# --------------------------------------------------------------------------- output options


def add_compress(alg: QgsProcessingAlgorithm) -> None:
    alg.addParameter(
        QgsProcessingParameterBoolean(
            COMPRESS, tr("Compress the output (DEFLATE with predictor, multi-threaded)"), defaultValue=True
        )
    )


def read_compress(alg: QgsProcessingAlgorithm, parameters: dict, context: QgsProcessingContext) -> bool:
    return alg.parameterAsBool(parameters, COMPRESS, context)
