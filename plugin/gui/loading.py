"""Turn Terrascope products and files into styled QGIS layers without blocking the GUI.

- :func:`layer_specs_for` decides, without touching the disk, which layers a
  product gives for a request ("default", "true_colour", "false_colour", "scl",
  "quicklook" or a content token such as "TOC-B08").
- :class:`LoadLayersTask` opens the rasters, builds VRTs (composites, dB views)
  and styles the layers in a worker thread, then hands the layers to the main
  thread; :meth:`LoadLayersTask.finished` adds them to the project, grouped per
  collection and date when several products are loaded.
- Problems (unreadable raster, missing SCL or composite band) are reported as
  message-bar warnings and in the log, never raised into the UI.
- :func:`install_auto_styling` styles Terrascope rasters added by other means
  (QGIS Browser, drag and drop from a file manager).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsLayerTreeGroup,
    QgsMapLayer,
    QgsMimeDataUtils,
    QgsProject,
    QgsProviderRegistry,
    QgsRasterLayer,
    QgsTask,
)
from qgis.PyQt.QtCore import QT_TR_NOOP, QCoreApplication, QMimeData, QUrl
from qgis.PyQt.QtGui import QDesktopServices, QGuiApplication

from .. import styles
from ..core.products.model import (
    CHECKED_EXTENSIONS,
    FALSE_COLOUR,
    QUICKLOOK,
    RASTER_EXTENSIONS,
    TRUE_COLOUR,
    default_layers,
    is_raster,
    list_files,
    primary_data,
    product_at,
    role_of,
)
from ..core.products.names import ProductName, ProductNameError, parse_name
from ..core.raster.vrt import VrtError, check_readable, composite_vrt, db_pixel_function_available, db_vrt
from ..qgis_utils import log_warning, tr
from .tasks import HIGH, run_long

if TYPE_CHECKING:  # pragma: no cover
    from ..core.products.model import Product

STYLED_PROPERTY = "terrascope/styled"  # set on every layer styled here: never restyle it
__all__ = ["CHECKED_EXTENSIONS", "FALSE_COLOUR", "RASTER_EXTENSIONS", "TRUE_COLOUR"]  # from the model
# Display stretch (reflectance) per composite band: NIR is brighter than the visible bands.
COMPOSITE_MAXIMA = {"true_colour": (0.3, 0.3, 0.3), "false_colour": (0.5, 0.3, 0.3)}
COMPOSITE_LABELS = {"true_colour": QT_TR_NOOP("True colour"), "false_colour": QT_TR_NOOP("False colour")}
CONTENT_LABELS = {"SCENECLASSIFICATION": "SCL", "QUICKLOOK": "Quicklook"}


class LoadError(ValueError):
    """What cannot be loaded and where; shown to the user as a warning."""


@dataclass(frozen=True)
class LayerSpec:
    """One layer to create. ``build``: "file" (open ``sources[0]``), "composite" (stack
    ``sources`` as RGB in a VRT) or "db" (dB VRT over a linear ``sources[0]``)."""

    title: str
    group: str
    sources: tuple[str, ...]
    build: str = "file"
    name: ProductName | None = None  # parsed name of the (first) source: styling and time
    composite: str = ""  # "true_colour" | "false_colour" for build == "composite"
    product_path: str = ""

    @property
    def vrt_basename(self) -> str:
        """Stable per source, unique across roots holding a product of the same name."""
        digest = hashlib.sha1(os.path.dirname(os.path.abspath(self.sources[0])).encode()).hexdigest()[:8]
        if self.build == "composite":
            stem = os.path.basename(self.product_path.rstrip(os.sep)) or "composite"
            return f"{stem}_{self.composite.upper().replace('_', '')}_{digest}.vrt"
        stem = os.path.splitext(os.path.basename(self.sources[0]))[0]
        return f"{stem}_{digest}_dB.vrt"


# ---------------------------------------------------------------------------------------------
# Deciding what to load (pure)
# ---------------------------------------------------------------------------------------------
def _date_text(name: ProductName | None) -> str:
    if name is None or name.start is None:
        return ""
    first = name.start.strftime("%Y-%m-%d")
    if name.end is not None and name.end.date() != name.start.date() and name.family == "S1_COHERENCE":
        return f"{first}/{name.end.strftime('%Y-%m-%d')}"
    return first


def layer_title(label: str, name: ProductName | None) -> str:
    """ "NDVI 2020-05-07 31UFS V210"; S1 products show their pass and track instead of a tile."""
    if name is None:
        return label
    place = name.tile
    if place is None and name.direction:
        place = f"{name.direction} {name.orbit}" if name.orbit is not None else name.direction
    parts = (label, _date_text(name), place, name.version)
    return " ".join(p for p in parts if p)


def content_label(name: ProductName) -> str:
    content = (name.content or name.product or "").upper()
    if role_of(name)[0] == QUICKLOOK:
        return "Quicklook"
    if content.startswith("TOC-"):
        return content[4:]
    return CONTENT_LABELS.get(content, name.content or name.product or name.family)


def group_name(product: Product) -> str:
    """Layer-tree group of a product: collection and acquisition date ("NDVI_V2 2020-05-07")."""
    date = product.name.start.strftime("%Y-%m-%d") if product.name.start else ""
    return f"{product.collection} {date}".strip()


def _file_spec(product: Product, file: Any, label: str | None = None) -> LayerSpec:
    name = file.name
    if styles.is_s1_backscatter(name) and db_pixel_function_available():
        return LayerSpec(
            layer_title(f"{name.content} dB", name),
            group_name(product),
            (file.path,),
            "db",
            name,
            product_path=product.path,
        )
    return LayerSpec(
        layer_title(label or content_label(name), name),
        group_name(product),
        (file.path,),
        "file",
        name,
        product_path=product.path,
    )


def _composite_spec(product: Product, which: str) -> LayerSpec:
    contents = TRUE_COLOUR if which == "true_colour" else FALSE_COLOUR
    files = [product.band_file(c) for c in contents]
    missing = [c for c, f in zip(contents, files, strict=True) if f is None]
    if missing:
        raise LoadError(
            tr("{}: no {} band(s) in {} for the {} composite").format(
                os.path.basename(product.path),
                ", ".join(missing),
                product.path,
                tr(COMPOSITE_LABELS[which]).lower(),
            )
        )
    return LayerSpec(
        layer_title(tr(COMPOSITE_LABELS[which]), product.name),
        group_name(product),
        tuple(f.path for f in files),
        "composite",
        files[0].name,
        composite=which,
        product_path=product.path,
    )


def _quicklook_spec(product: Product) -> LayerSpec:
    quicklook = product.band_file("QUICKLOOK")
    if quicklook is None:
        raise LoadError(tr("{}: no quicklook in {}").format(os.path.basename(product.path), product.path))
    return _file_spec(product, quicklook)


def _default_specs(product: Product) -> list[LayerSpec]:
    """The model's default layers (:func:`~..core.products.model.default_layers`) as layer specs."""
    kind, files = default_layers(product)
    if kind == "composite":
        return [_composite_spec(product, "true_colour")]
    if not files:
        return [_quicklook_spec(product)]  # raises: says what is missing where
    return [_file_spec(product, f) for f in files]


def layer_specs_for(product: Product, what: str = "default") -> list[LayerSpec]:
    """Layers ``product`` gives for ``what``; :class:`LoadError` says what is missing where."""
    if not product.rasters:
        raise LoadError(tr("{}: no raster files in {}").format(os.path.basename(product.path), product.path))
    if what == "default":
        return _default_specs(product)
    if what in COMPOSITE_LABELS:
        return [_composite_spec(product, what)]
    if what == "quicklook":
        return [_quicklook_spec(product)]
    content = "SCENECLASSIFICATION" if what.lower() in ("scl", "sceneclassification") else what
    found = product.band_file(content)
    if found is None:
        label = tr("scene classification (SCL)") if content == "SCENECLASSIFICATION" else content
        raise LoadError(tr("{}: no {} in {}").format(os.path.basename(product.path), label, product.path))
    return [_file_spec(product, found)]


def spec_for_file(path: str) -> LayerSpec:
    """A single file: styled by its name when it parses, else loaded as QGIS would."""
    try:
        name = parse_name(path)
    except ProductNameError:
        return LayerSpec(os.path.basename(path), "", (path,), "file", None)
    if styles.is_s1_backscatter(name) and db_pixel_function_available():
        return LayerSpec(layer_title(f"{name.content} dB", name), "", (path,), "db", name)
    return LayerSpec(layer_title(content_label(name), name), "", (path,), "file", name)


# ---------------------------------------------------------------------------------------------
# Building layers (worker thread)
# ---------------------------------------------------------------------------------------------
def vrt_cache_dir() -> str:
    """Where display VRTs go: the QGIS profile, never the (read-only) archive."""
    return os.path.join(QgsApplication.qgisSettingsDirPath(), "terrascope_browser", "vrt")


def build_layer(spec: LayerSpec, vrt_dir: str) -> QgsRasterLayer:
    """Open (after building its VRT if needed), style and time-stamp the layer of ``spec``."""
    for path in spec.sources:
        if os.path.splitext(path)[1].lower() in CHECKED_EXTENSIONS:
            check_readable(path)
    source = spec.sources[0]
    if spec.build == "composite":
        source = composite_vrt(spec.sources, os.path.join(vrt_dir, spec.vrt_basename))
    elif spec.build == "db":
        source = db_vrt(spec.sources[0], os.path.join(vrt_dir, spec.vrt_basename))
    options = QgsRasterLayer.LayerOptions(loadDefaultStyle=False)
    layer = QgsRasterLayer(source, spec.title, "gdal", options)
    if not layer.isValid():
        detail = layer.error().summary() or tr("GDAL cannot read it")
        raise LoadError(tr("{} is not a readable raster: {}").format(", ".join(spec.sources), detail))
    _style(layer, spec)
    if spec.name is not None and spec.name.start is not None:
        styles.set_temporal_range(layer, spec.name.start, spec.name.end)
    layer.setCustomProperty(STYLED_PROPERTY, True)
    return layer


def _style(layer: QgsRasterLayer, spec: LayerSpec) -> None:
    if spec.build == "composite":
        styles.apply_composite_style(layer, COMPOSITE_MAXIMA[spec.composite], data_are_physical=False)
    elif spec.build == "db":
        styles.apply_db_style(layer, data_are_db=True)
    elif spec.name is not None:
        styles.apply_style_for_name(layer, spec.name)


class LoadLayersTask(QgsTask):
    """Creates the layers of ``specs`` off the GUI thread; adds them to the project in finished().

    ``grouped``: put layers in layer-tree groups named by ``LayerSpec.group``.
    ``on_problem(text)`` receives each problem; ``on_done(layers)`` the layers added.
    """

    def __init__(
        self,
        specs: Sequence[LayerSpec],
        grouped: bool = False,
        vrt_dir: str | None = None,
        on_problem: Callable[[str], None] | None = None,
        on_done: Callable[[list[QgsRasterLayer]], None] | None = None,
        project: QgsProject | None = None,
    ) -> None:
        count = len(specs)
        super().__init__(tr("Loading {} Terrascope layer(s)").format(count), QgsTask.CanCancel)
        self.specs = tuple(specs)
        self.grouped = grouped
        self.vrt_dir = vrt_dir or vrt_cache_dir()
        self.on_problem = on_problem
        self.on_done = on_done
        self.project = project or QgsProject.instance()
        self.main_thread = QCoreApplication.instance().thread()
        self.layers: list[tuple[LayerSpec, QgsRasterLayer]] = []
        self.problems: list[str] = []

    def run(self) -> bool:
        for index, spec in enumerate(self.specs):
            if self.isCanceled():
                return False
            try:
                layer = build_layer(spec, self.vrt_dir)
            except (LoadError, VrtError, OSError) as exc:
                self.problems.append(str(exc))
                continue
            except Exception as exc:  # an exception escaping run() aborts QGIS: report it instead
                self.problems.append(tr("Cannot load {}: {!r}").format(", ".join(spec.sources), exc))
                continue
            layer.moveToThread(self.main_thread)  # layers live in the main thread once added
            self.layers.append((spec, layer))
            self.setProgress(100.0 * (index + 1) / len(self.specs))
        return True

    def finished(self, result: bool) -> None:
        _RUNNING.discard(self)
        added: list[QgsRasterLayer] = []
        if result:
            added = self._add_to_project()
        for problem in self.problems:
            self._report(problem)
        if self.on_done is not None:
            self.on_done(added)

    def _add_to_project(self) -> list[QgsRasterLayer]:
        root = self.project.layerTreeRoot()
        added = []
        # Inserting at the top in reverse keeps the request's order, first on top.
        for spec, layer in reversed(self.layers):
            self.project.addMapLayer(layer, False)
            if self.grouped and spec.group:
                group = _group(root, spec.group)
                group.insertLayer(0, layer)
            else:
                root.insertLayer(0, layer)
            added.append(layer)
        added.reverse()
        return added

    def _report(self, text: str) -> None:
        log_warning(text)
        if self.on_problem is not None:
            self.on_problem(text)


def _group(root: QgsLayerTreeGroup, name: str) -> QgsLayerTreeGroup:
    group = root.findGroup(name)
    return group if group is not None else root.insertGroup(0, name)


# Tasks stay referenced until finished: a garbage-collected QgsTask wrapper crashes QGIS.
_RUNNING: set[LoadLayersTask] = set()


def _message_bar_reporter(iface: Any) -> Callable[[str], None]:
    def report(text: str) -> None:
        if iface is not None:
            iface.messageBar().pushMessage(tr("Terrascope"), text, Qgis.Warning, 8)

    return report


def _default_iface(iface: Any) -> Any:
    if iface is not None:
        return iface
    try:
        from qgis.utils import iface as qgis_iface
    except ImportError:
        return None
    return qgis_iface


def start_task(task: LoadLayersTask) -> LoadLayersTask:
    """Long lane of `tasks.py`, first among our waiting tasks: the user is waiting for the layers."""
    _RUNNING.add(task)
    run_long(task, HIGH)
    return task


def load_products(
    products: Iterable[Product],
    what: str = "default",
    iface: Any = None,
    vrt_dir: str | None = None,
    on_done: Callable[[list[QgsRasterLayer]], None] | None = None,
) -> LoadLayersTask | None:
    """Load ``products`` in the background; one group per collection and date when several.

    Products that lack what was asked are reported, the others still load.
    Returns the started task, or None when there was nothing to load.
    """
    report = _message_bar_reporter(_default_iface(iface))
    products = sorted(products, key=lambda p: (p.name.start is None, p.name.start, p.path))
    specs: list[LayerSpec] = []
    for product in products:
        try:
            specs.extend(layer_specs_for(product, what))
        except LoadError as exc:
            log_warning(str(exc))
            report(str(exc))
    if not specs:
        return None
    task = LoadLayersTask(specs, len(products) > 1, vrt_dir, report, on_done)
    return start_task(task)


def load_file(
    path: str,
    iface: Any = None,
    vrt_dir: str | None = None,
    on_done: Callable[[list[QgsRasterLayer]], None] | None = None,
) -> LoadLayersTask:
    """Load one file in the background, styled by its name."""
    report = _message_bar_reporter(_default_iface(iface))
    return start_task(LoadLayersTask([spec_for_file(path)], False, vrt_dir, report, on_done))


# ---------------------------------------------------------------------------------------------
# Styling layers added by other means (QGIS Browser, drag and drop)
# ---------------------------------------------------------------------------------------------
def source_path(layer: QgsMapLayer) -> str:
    """The file behind a GDAL layer ("" when it is not a plain file)."""
    if layer.type() != QgsMapLayer.RasterLayer or layer.providerType() != "gdal":
        return ""
    return QgsProviderRegistry.instance().decodeUri("gdal", layer.source()).get("path", "") or ""


def style_on_add(layers: Iterable[QgsMapLayer]) -> int:
    """Style Terrascope rasters that nobody styled yet; returns how many were styled.

    Runs on the GUI thread: styling reads no pixels for the archive's layers
    (their ranges come from the tables); only a layer whose scale is unknown
    (CCC/CWC without tags) samples its statistics, as QGIS itself would.
    """
    styled = 0
    for layer in layers:
        if layer.customProperty(STYLED_PROPERTY, False) or not layer.isValid():
            continue
        path = source_path(layer)
        if not path:
            continue
        try:
            name = parse_name(path)
        except ProductNameError:
            continue
        if styles.apply_style_for_name(layer, name):
            styled += 1
        if name.start is not None:
            styles.set_temporal_range(layer, name.start, name.end)
        layer.setCustomProperty(STYLED_PROPERTY, True)
    return styled


class _AutoStyling:
    """Connections to the project; paused while a project file is being read, so saved
    styles are never overwritten."""

    def __init__(self, project: QgsProject) -> None:
        self.project = project
        self.reading = False

    def on_layers_added(self, layers: list[QgsMapLayer]) -> None:
        if not self.reading:
            style_on_add(layers)

    def on_loading_layer(self, _message: str) -> None:
        self.reading = True

    def on_read_done(self, *_args: Any) -> None:
        self.reading = False

    def connect(self) -> None:
        self.project.layersAdded.connect(self.on_layers_added)
        self.project.loadingLayer.connect(self.on_loading_layer)
        self.project.readProject.connect(self.on_read_done)
        self.project.cleared.connect(self.on_read_done)

    def disconnect(self) -> None:
        for signal, slot in (
            (self.project.layersAdded, self.on_layers_added),
            (self.project.loadingLayer, self.on_loading_layer),
            (self.project.readProject, self.on_read_done),
            (self.project.cleared, self.on_read_done),
        ):
            with contextlib.suppress(TypeError):  # already disconnected
                signal.disconnect(slot)


_AUTO_STYLING: _AutoStyling | None = None


def install_auto_styling(project: QgsProject | None = None) -> None:
    global _AUTO_STYLING
    uninstall_auto_styling()
    _AUTO_STYLING = _AutoStyling(project or QgsProject.instance())
    _AUTO_STYLING.connect()


def uninstall_auto_styling() -> None:
    global _AUTO_STYLING
    if _AUTO_STYLING is not None:
        _AUTO_STYLING.disconnect()
        _AUTO_STYLING = None


# ---------------------------------------------------------------------------------------------
# Context actions: Processing dialogs, clipboard, folders, drag and drop
# ---------------------------------------------------------------------------------------------
def processing_input_for(product: Product) -> str | None:
    """The data file a Processing algorithm should take from ``product`` (the model's answer)."""
    found = primary_data(product)
    return None if found is None else found.path


def processing_parameters(algorithm: Any, products: Sequence[Product], paths: Sequence[str] = ()) -> dict:
    """Pre-filled parameters for ``algorithm`` (a QgsProcessingAlgorithm) from a selection:
    raster inputs get the first data file, multi-layer inputs all of them, a raster
    parameter whose name mentions SCL the scene classification of the first product."""
    inputs = list(paths) or [p for p in (processing_input_for(product) for product in products) if p]
    scl = next((p.scl_path for p in products if p.scl_path), None)
    params: dict[str, Any] = {}
    for definition in algorithm.parameterDefinitions():
        kind, key = definition.type(), definition.name()
        if kind == "multilayer" and inputs:
            params[key] = inputs
        elif kind == "raster" and "SCL" in key.upper():
            if scl:
                params[key] = scl
        elif kind == "raster" and inputs and key not in params:
            params[key] = inputs[0]
    return params


def open_processing_dialog(algorithm_id: str, products: Sequence[Product], paths: Sequence[str] = ()) -> None:
    """Open the Processing dialog of ``algorithm_id`` pre-filled from the selection."""
    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    if algorithm is None:
        raise LoadError(
            tr(
                "Processing algorithm {} is not available: enable the Terrascope provider in Processing"
            ).format(algorithm_id)
        )
    import processing  # QGIS's Processing plugin: only present in the desktop application

    processing.execAlgorithmDialog(algorithm_id, processing_parameters(algorithm, products, paths))


def copy_path(paths: Sequence[str]) -> None:
    QGuiApplication.clipboard().setText("\n".join(paths))


def open_folder(path: str) -> None:
    """Show the folder of ``path`` (or ``path`` itself when it is a folder) in the file manager."""
    folder = path if os.path.isdir(path) else os.path.dirname(path)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(folder)):
        raise LoadError(tr("No file manager could open {}").format(folder))


def _drag_files(path: str) -> list[str]:
    """Rasters a dragged path stands for: the file itself, or a product folder's default layers
    (a composite's bands: its VRT is built off the GUI thread). The folder is listed to find them."""
    if not os.path.isdir(path):
        return [path]
    try:
        product = product_at(path)
    except ProductNameError:  # a folder of the user's own rasters
        try:
            return sorted(f"{path}/{relative}" for relative in list_files(path) if is_raster(relative))
        except OSError:
            return []
    except OSError:  # unreadable folder: nothing to drag
        return []
    return drag_files(product)


def drag_files(product: Product) -> list[str]:
    """Files a drag of ``product`` stands for: its default layers (a composite's bands), else its rasters."""
    _kind, files = default_layers(product)
    return [f.path for f in files] or sorted(f.path for f in product.rasters)


def mime_data_for(paths: Sequence[str]) -> QMimeData | None:
    """QGIS layer URIs (raster, gdal) for dragging files or product folders onto the map or
    the layer tree; a dropped Terrascope raster is styled by the auto-styling. Each path is
    stat'ed and folders are listed: for files already known, use :func:`files_mime_data`."""
    return files_mime_data([file for path in paths for file in _drag_files(path)])


def files_mime_data(files: Sequence[str]) -> QMimeData | None:
    """:func:`mime_data_for` of raster files, without touching the disk (safe in a drag start)."""
    uris = []
    for file in files:
        uri = QgsMimeDataUtils.Uri()
        uri.layerType = "raster"
        uri.providerKey = "gdal"
        uri.name = spec_for_file(file).title
        uri.uri = file
        uris.append(uri)
    if not uris:
        return None
    mime = QgsMimeDataUtils.encodeUriList(uris)
    mime.setUrls([QUrl.fromLocalFile(f) for f in files])
    return mime
