"""Runs inside the real QGIS desktop (``qgis --code``) for tests/e2e/test_desktop_checks.py.

It only observes and records; the test decides. Environment:
TERRASCOPE_ARCHIVE      demo archive folder
TERRASCOPE_LOCKED_ROOT  a folder this user may not read
TERRASCOPE_STATUS       JSON report written at the start (empty) and at the end
"""

import json
import os
import time
import traceback

import qgis.utils
from qgis.core import QgsApplication, QgsProject, QgsProviderRegistry
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface

PLUGIN = "terrascope_browser"
ARCHIVE = os.environ["TERRASCOPE_ARCHIVE"]
LOCKED_ROOT = os.environ.get("TERRASCOPE_LOCKED_ROOT", "")
STATUS = os.environ["TERRASCOPE_STATUS"]

report = {"done": False, "errors": [], "log": [], "checks": {}}


def on_message(message, tag, level):
    report["log"].append([tag, int(level), message])
    if tag == "Python error":
        report["errors"].append(message)


QgsApplication.messageLog().messageReceived.connect(on_message)


def write_status():
    with open(STATUS, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=1, default=str)


write_status()  # tells the launcher that start-up is over


def wait(seconds, until):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if until():
            return True
        time.sleep(0.02)
    return until()


def plain(text):
    return text.replace("&", "")


def menu_entries():
    """The Raster menu of the real main window, as a user sees it: submenus and their actions."""
    raster = iface.rasterMenu()
    bar = iface.mainWindow().menuBar()
    report["checks"]["raster_menu_in_menu_bar"] = raster.menuAction() in bar.actions()
    report["checks"]["raster_menu_title"] = plain(raster.title())
    entries = {}
    for action in raster.actions():
        if action.menu() is not None:
            entries[plain(action.text())] = [
                [a.objectName(), plain(a.text())] for a in action.menu().actions()
            ]
    report["checks"]["raster_submenus"] = entries
    terrascope = next(
        (a.menu() for a in raster.actions() if a.menu() and plain(a.text()) == "Terrascope"), None
    )
    if terrascope is not None:
        entry = next(a for a in terrascope.actions() if a.objectName() == "terrascopeBrowserAction")
        entry.trigger()  # what a click on the menu entry does
        plugin = qgis.utils.plugins[PLUGIN]
        report["checks"]["menu_opens_dock"] = wait(
            5, lambda: plugin.dock is not None and plugin.dock.isVisible()
        )


def bar_items():
    return [[item.title(), item.text(), int(item.level())] for item in iface.messageBar().items()]


def layer_rows(layers):
    registry = QgsProviderRegistry.instance()
    return sorted(
        [
            layer.name(),
            layer.providerType(),
            registry.decodeUri("gdal", layer.source()).get("path", ""),
            layer.renderer().type(),
        ]
        for layer in layers
    )


def dock_checks(dock):
    checks = report["checks"]
    if LOCKED_ROOT:
        dock.add_root(LOCKED_ROOT)
        wait(30, lambda: any(LOCKED_ROOT in text for text in dock.messages()))
        checks["locked_root_messages"] = dock.messages()
    dock.add_root(ARCHIVE)
    wait(30, lambda: dock.collectionCombo.isEnabled() and dock.collectionCombo.count() > 0)
    dock.search()
    if not wait(120, lambda: not dock.is_searching):
        raise RuntimeError("the search did not finish in 120 s")
    checks["results"] = sorted(hit.product.path for hit in dock.model.hits)
    checks["skipped"] = sorted([s.path, s.reason] for s in dock.last_skipped)
    tree = dock.skippedTree
    checks["skipped_report"] = [
        [tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1)] for i in range(tree.topLevelItemCount())
    ]

    # The dock's report of a product without SCL, on the main window's message bar.
    s1 = next(i for i, hit in enumerate(dock.model.hits) if hit.product.name.family == "S1_SIGMA0")
    dock.select_rows([s1])
    iface.messageBar().clearWidgets()
    dock.load_selected("scl")
    wait(2, lambda: bool(iface.messageBar().items()))
    checks["dock_bar"] = bar_items()

    # loading.load_products with QGIS's own iface (the default): one product lacks the SCL.
    from terrascope_browser.plugin.gui import loading

    toc = next(hit.product for hit in dock.model.hits if hit.product.collection == "TOC_V2")
    iface.messageBar().clearWidgets()
    before = set(QgsProject.instance().mapLayers())
    task = loading.load_products([dock.model.hits[s1].product, toc], "scl")
    checks["load_task_started"] = task is not None
    wait(60, lambda: set(QgsProject.instance().mapLayers()) != before)
    wait(10, lambda: QgsApplication.taskManager().countActiveTasks() == 0)
    added = [QgsProject.instance().mapLayer(i) for i in set(QgsProject.instance().mapLayers()) - before]
    checks["loading_bar"] = bar_items()
    checks["loading_layers"] = layer_rows(added)
    checks["toc_path"] = toc.path


def run():
    try:
        iface.mainWindow().showMaximized()
        wait(2.0, lambda: False)
        if PLUGIN not in qgis.utils.active_plugins:
            raise RuntimeError(f"plugin {PLUGIN} is not active; loaded: {sorted(qgis.utils.plugins)}")
        menu_entries()
        dock = qgis.utils.plugins[PLUGIN].dock
        if dock is None:
            raise RuntimeError("the menu entry did not create the dock")
        dock_checks(dock)
    except Exception:  # noqa: BLE001 - report everything, the test decides
        report["errors"].append(traceback.format_exc())
    finally:
        report["done"] = True
        write_status()
        QgsProject.instance().clear()
        iface.actionExit().trigger()


QTimer.singleShot(500, run)
