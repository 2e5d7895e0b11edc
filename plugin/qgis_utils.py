"""QGIS-side helpers shared by the GUI and Processing parts: logging and translation.

Settings are declared in :mod:`plugin.settings`; the names below are re-exported for scripts
and tests that read them from here.
"""

from __future__ import annotations

from qgis.core import Qgis, QgsMessageLog
from qgis.PyQt.QtCore import QCoreApplication

from .settings import SETTINGS_PREFIX, set_setting, setting

__all__ = ["LOG_TAG", "SETTINGS_PREFIX", "log", "log_warning", "set_setting", "setting", "tr"]

LOG_TAG = "Terrascope"


# pylupdate5 files a bare ``tr("...")`` under this context (its second argument is a
# disambiguation comment): run time must look the text up under the same pair.
TR_CONTEXT = "@default"


def tr(text: str, disambiguation: str | None = None) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text, disambiguation)


def log(message: str, level: Qgis.MessageLevel = Qgis.Info) -> None:
    QgsMessageLog.logMessage(message, LOG_TAG, level)


def log_warning(message: str) -> None:
    log(message, Qgis.Warning)
