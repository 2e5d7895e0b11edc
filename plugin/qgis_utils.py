"""QGIS-side helpers shared by the GUI and Processing parts: settings, logging, translation."""

from __future__ import annotations

from typing import Any

from qgis.core import Qgis, QgsMessageLog, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication

SETTINGS_PREFIX = "terrascope_browser/"
LOG_TAG = "Terrascope"


def tr(text: str, context: str = "TerrascopeBrowser") -> str:
    return QCoreApplication.translate(context, text)


def setting(key: str, default: Any = None, value_type: type | None = None) -> Any:
    settings = QgsSettings()
    if value_type is None:
        return settings.value(SETTINGS_PREFIX + key, default)
    return settings.value(SETTINGS_PREFIX + key, default, type=value_type)


def set_setting(key: str, value: Any) -> None:
    QgsSettings().setValue(SETTINGS_PREFIX + key, value)


def log(message: str, level: Qgis.MessageLevel = Qgis.Info) -> None:
    QgsMessageLog.logMessage(message, LOG_TAG, level)


def log_warning(message: str) -> None:
    log(message, Qgis.Warning)
