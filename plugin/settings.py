"""Every setting of the plugin, declared once: key, type, default and what it is for.

Read and written through QgsSettings under ``terrascope_browser/`` (the user's QGIS profile).
Code asks a declared :class:`Setting` (``settings.ROOTS_ADDED.value()``); the key-based
``setting()`` / ``set_setting()`` refuse a key that is not declared here, so that no part of
the plugin invents a key of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QT_TR_NOOP, QByteArray

SETTINGS_PREFIX = "terrascope_browser/"


@dataclass(frozen=True)
class Setting:
    """One typed setting. ``description`` is marked for translation (``tr(item.description)``)."""

    key: str
    type: type
    default: Any
    description: str

    @property
    def full_key(self) -> str:
        return SETTINGS_PREFIX + self.key

    def value(self) -> Any:
        if self.type is QByteArray:  # QgsSettings cannot convert to QByteArray by type
            value = QgsSettings().value(self.full_key, self.default)
            return value if isinstance(value, QByteArray) else self.default
        value = QgsSettings().value(self.full_key, self.default, type=self.type)
        if self.type is list:
            return [str(item) for item in (value or []) if item]
        return value

    def set_value(self, value: Any) -> None:
        QgsSettings().setValue(self.full_key, value)

    def remove(self) -> None:
        QgsSettings().remove(self.full_key)


def _declare(*items: Setting) -> dict[str, Setting]:
    return {item.key: item for item in items}


DEMO_ROOT = Setting("demo_root", str, "", QT_TR_NOOP("Folder of the demo archive, if any"))
ROOTS_ADDED = Setting("roots/added", list, [], QT_TR_NOOP("Archive folders the user added"))
ROOTS_LAST = Setting("roots/last", str, "", QT_TR_NOOP("The archive folder searched last"))
CACHE_PATH = Setting(
    "cache/path",
    str,
    "",
    QT_TR_NOOP("File of the folder listing cache (empty: the default location)"),
)
MASK_CLASSES = Setting(
    "processing/mask_classes",
    str,
    "",
    QT_TR_NOOP("Scene classification classes masked by default (empty: Terrascope's own)"),
)
FILTER_START = Setting("filters/start", str, "", QT_TR_NOOP("Search: first date (ISO)"))
FILTER_END = Setting("filters/end", str, "", QT_TR_NOOP("Search: last date (ISO)"))
FILTER_TILES = Setting("filters/tiles", str, "", QT_TR_NOOP("Search: tiles"))
FILTER_MAX_CLOUD = Setting(
    "filters/max_cloud",
    int,
    -1,
    QT_TR_NOOP("Search: maximum cloud cover (-1: any)"),
)
FILTER_EXTENT = Setting("filters/extent", bool, False, QT_TR_NOOP("Search: within the map extent"))
FILTER_NEWEST = Setting("filters/newest", bool, True, QT_TR_NOOP("Search: newest version only"))
FILTER_COLLECTIONS = Setting("filters/collections", list, [], QT_TR_NOOP("Search: ticked collections"))
DOCK_SPLITTER = Setting(
    "dock/splitter",
    QByteArray,
    QByteArray(),
    QT_TR_NOOP("Dock: results/details split"),
)
DOCK_FILTERS_COLLAPSED = Setting(
    "dock/filters_collapsed",
    bool,
    False,
    QT_TR_NOOP("Dock: search form collapsed"),
)
DOCK_FOOTPRINTS = Setting(
    "dock/footprints",
    bool,
    False,
    QT_TR_NOOP("Dock: footprints shown on the map"),
)
DOCK_SIZED = Setting("dock/sized", bool, False, QT_TR_NOOP("Dock: first width given"))
STAC_TERRASCOPE = Setting(
    "stac/terrascope", bool, True, QT_TR_NOOP("Offer Terrascope's STAC API (online) as an archive root")
)
STAC_APIS = Setting("stac/apis", list, [], QT_TR_NOOP("STAC API addresses the user added"))
STAC_AUTHCFG = Setting(
    "stac/authcfg",
    list,
    [],
    QT_TR_NOOP("QGIS authentication configuration (Basic) per STAC API: 'URL authcfg-id' entries"),
)
TIMESERIES_HIDE_MASKED = Setting(
    "timeseries/hide_masked", bool, False, QT_TR_NOOP("Time series: hide the dates masked by the SCL")
)
TIMESERIES_BAND = Setting(
    "timeseries/band", str, "minmax", QT_TR_NOOP("Time series: band around a polygon's mean (minmax or std)")
)

REGISTRY: dict[str, Setting] = _declare(
    DEMO_ROOT,
    ROOTS_ADDED,
    ROOTS_LAST,
    CACHE_PATH,
    MASK_CLASSES,
    FILTER_START,
    FILTER_END,
    FILTER_TILES,
    FILTER_MAX_CLOUD,
    FILTER_EXTENT,
    FILTER_NEWEST,
    FILTER_COLLECTIONS,
    DOCK_SPLITTER,
    DOCK_FILTERS_COLLAPSED,
    DOCK_FOOTPRINTS,
    DOCK_SIZED,
    STAC_TERRASCOPE,
    STAC_APIS,
    STAC_AUTHCFG,
    TIMESERIES_HIDE_MASKED,
    TIMESERIES_BAND,
)


def declared(key: str) -> Setting:
    """The declared setting of ``key``; KeyError names an undeclared one."""
    try:
        return REGISTRY[key]
    except KeyError:
        raise KeyError(f"{key!r} is not a declared Terrascope setting (plugin/settings.py)") from None


def setting(key: str, default: Any = None, value_type: type | None = None) -> Any:
    """Key-based read of a declared setting (scripts and tests); ``default`` overrides the declared one."""
    item = declared(key)
    if default is None and value_type is None:
        return item.value()
    wanted = value_type or item.type
    return Setting(item.key, wanted, item.default if default is None else default, item.description).value()


def set_setting(key: str, value: Any) -> None:
    declared(key).set_value(value)


def default_mask_classes() -> frozenset[int] | None:
    """The SCL classes to mask by default (Options page), or None for the algorithms' own
    default; a value that is not a class list (edited by hand) counts as unset."""
    from .core.products.scl import parse_classes

    text = MASK_CLASSES.value().strip()
    if not text:
        return None
    try:
        return parse_classes(text)
    except ValueError:
        return None


def listing_cache_path() -> str:
    """The listing cache file: the one chosen on the Options page, or the default location."""
    from .core.archive.listing_cache import default_cache_path

    return CACHE_PATH.value().strip() or default_cache_path()
