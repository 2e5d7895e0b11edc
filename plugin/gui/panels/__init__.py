"""The panels of the Terrascope dock, one job each: the search form, the results, the details
of the selected product and the actions on the selection. The dock (``gui/dock.py``) only holds
them in a QgsPanelWidgetStack and wires their signals."""

from __future__ import annotations

from pathlib import Path

from qgis.PyQt import uic

UI_DIR = Path(__file__).resolve().parents[3] / "ui"


def load_ui(name: str) -> type:
    """The form class of ``ui/<name>`` (Qt Designer file, loaded at run time)."""
    form_class, _base = uic.loadUiType(str(UI_DIR / name))
    return form_class
