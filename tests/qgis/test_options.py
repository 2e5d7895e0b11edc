"""The Terrascope page of Settings → Options with real QGIS objects: what apply() writes to
QgsSettings, clearing a real listing cache, refusing bad mask classes, and the dock following."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsSettings
from qgis.gui import QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtGui import QIcon

from plugin import settings
from plugin.core.archive.catalogue import Catalogue, Query
from plugin.core.archive.listing_cache import default_cache_path
from plugin.gui.dock import TerrascopeDock
from plugin.gui.options import PAGE_NAME, TerrascopeOptionsFactory, TerrascopeOptionsPage

PREFIX = "terrascope_browser/"


pytestmark = pytest.mark.usefixtures("isolated_settings")  # tests/qgis/conftest.py


@pytest.fixture
def page(qgis_app) -> Iterator[TerrascopeOptionsPage]:
    widget = TerrascopeOptionsFactory(QIcon()).createWidget(None)
    yield widget
    widget.deleteLater()


def raw(key: str, **kwargs):
    return QgsSettings().value(PREFIX + key, **kwargs)


def test_factory_makes_a_named_options_page(page):
    factory = TerrascopeOptionsFactory(QIcon())
    assert isinstance(factory, QgsOptionsWidgetFactory) and factory.title() == "Terrascope"
    assert isinstance(page, QgsOptionsPageWidget) and page.objectName() == PAGE_NAME


def test_apply_writes_the_settings(page, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    page.add_root(str(first))
    page.add_root(str(second) + "/")
    page.add_root(str(first))  # once only
    page.cacheFile.setFilePath(str(tmp_path / "cache.sqlite"))
    page.maskEdit.setText("9;3, 8")
    page.apply()
    assert raw("roots/added", type=list) == [str(first), str(second)]
    assert raw("cache/path") == str(tmp_path / "cache.sqlite")
    assert raw("processing/mask_classes") == "3, 8, 9"
    assert settings.default_mask_classes() == frozenset({3, 8, 9})
    assert settings.listing_cache_path() == str(tmp_path / "cache.sqlite")

    page.rootsList.setCurrentRow(0)
    page.remove_selected_roots()
    page.cacheFile.setFilePath("")
    page.maskEdit.clear()
    page.apply()
    assert raw("roots/added", type=list) == [str(second)]
    assert raw("cache/path") == "" and settings.listing_cache_path() == default_cache_path()
    assert raw("processing/mask_classes") == "" and settings.default_mask_classes() is None


def test_page_shows_the_current_settings(qgis_app, tmp_path):
    settings.ROOTS_ADDED.set_value([str(tmp_path)])
    settings.MASK_CLASSES.set_value("3, 8")
    page = TerrascopeOptionsPage()
    try:
        assert page.roots() == [str(tmp_path)]
        assert page.maskEdit.text() == "3, 8"
        assert page.cacheFile.filePath() == ""
        assert page.cache_path() == default_cache_path()
    finally:
        page.deleteLater()


@pytest.mark.parametrize("bad", ["3, 99", "clouds", "3;-1"])
def test_bad_mask_classes_are_refused_with_a_message(page, bad):
    settings.MASK_CLASSES.set_value("3, 8")
    page.maskEdit.setText(bad)
    assert page.last_error and bad in page.last_error  # told while typing
    assert not page.errorLabel.isHidden()
    page.rootsList.addItem("/somewhere")
    page.apply()
    assert raw("processing/mask_classes") == "3, 8"  # the old value stays
    assert bad in page.last_error and "0–11" in page.errorLabel.text()
    assert raw("roots/added", type=list) == ["/somewhere"]  # the rest is applied
    page.maskEdit.setText("3")
    assert page.last_error is None and page.errorLabel.isHidden()


def test_clear_cache_removes_the_listing_cache(page, tmp_path, demo_archive):
    cache = tmp_path / "listing.sqlite"
    assert list(Catalogue([demo_archive], cache_path=str(cache)).search(Query()))
    assert cache.is_file()
    page.cacheFile.setFilePath(str(cache))
    size = sum(os.path.getsize(f"{cache}{s}") for s in ("", "-wal", "-shm") if os.path.exists(f"{cache}{s}"))
    assert size > 0 and page.clearCacheButton.isEnabled()
    assert page.cacheSizeLabel.text() != "empty"
    page.clear_cache()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("listing.sqlite")]
    assert page.cacheSizeLabel.text() == "empty" and not page.clearCacheButton.isEnabled()
    # The next search lists the folders again and makes a new cache.
    assert list(Catalogue([demo_archive], cache_path=str(cache)).search(Query()))
    assert cache.is_file()


def test_the_dock_follows_what_the_page_applies(qgis_iface, tmp_path):
    dock = TerrascopeDock(qgis_iface, None)
    page = TerrascopeOptionsPage(on_apply=dock.apply_settings)
    try:
        folder = tmp_path / "archive"
        folder.mkdir()
        page.add_root(str(folder))
        page.cacheFile.setFilePath(str(tmp_path / "elsewhere.sqlite"))
        page.apply()
        assert dock._root_index(str(folder)) >= 0
        assert dock.cache_path == str(tmp_path / "elsewhere.sqlite")
        page.rootsList.setCurrentRow(0)
        page.remove_selected_roots()
        page.apply()
        assert dock._root_index(str(folder)) < 0
    finally:
        dock.shutdown()
        dock.deleteLater()
        page.deleteLater()
        QgsApplication.processEvents()


def test_undeclared_settings_are_refused():
    with pytest.raises(KeyError, match="not a declared"):
        settings.setting("dock/whatever")
    with pytest.raises(KeyError):
        settings.set_setting("filters/typo", 1)
    settings.set_setting("filters/max_cloud", 30)
    assert settings.FILTER_MAX_CLOUD.value() == 30 and raw("filters/max_cloud", type=int) == 30


def test_every_setting_in_the_code_is_declared():
    """No module reads or writes a Terrascope key of its own: all go through plugin/settings.py."""
    plugin = Path(__file__).resolve().parents[2] / "plugin"
    sources = {p: p.read_text(encoding="utf-8") for p in plugin.rglob("*.py") if p.name != "settings.py"}
    # No key spelt out with the prefix next to QgsSettings (QGIS's own keys, e.g. the locale, are fine).
    assert not [str(p) for p, text in sources.items() if "QgsSettings" in text and PREFIX in text]
    keys = {key for text in sources.values() for key in re.findall(r"\bset_setting\(\s*[\"']([^\"']+)", text)}
    keys |= {key for text in sources.values() for key in re.findall(r"\bsetting\(\s*[\"']([^\"']+)", text)}
    assert keys <= set(settings.REGISTRY)
