"""The Terrascope page of Settings → Options: archive roots, the listing cache, default mask.

Registered by the plugin (``iface.registerOptionsWidgetFactory``). ``apply()`` writes the
settings of :mod:`plugin.settings`; the dock follows them (``TerrascopeDock.apply_settings``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from qgis.gui import QgsFileWidget, QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtCore import QLocale
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import settings
from ..core.archive.listing_cache import default_cache_path
from ..core.products.scl import DEFAULT_MASK, parse_classes
from ..qgis_utils import log_warning, tr
from .roots import normalise
from .stac_options import StacOptionsGroup

PAGE_NAME = "TerrascopeOptions"  # object name: showOptionsDialog(currentPage=PAGE_NAME) opens it
CACHE_SUFFIXES = ("", "-wal", "-shm", "-journal")  # SQLite keeps its journal next to the file


def cache_files(path: str) -> list[str]:
    return [path + suffix for suffix in CACHE_SUFFIXES if os.path.isfile(path + suffix)]


def cache_size(path: str) -> int:
    """Bytes the listing cache takes on disk (the database and its journal files)."""
    return sum(os.path.getsize(name) for name in cache_files(path))


def clear_cache(path: str) -> None:
    """Delete the listing cache; the next search lists the folders again and refills it."""
    for name in cache_files(path):
        os.remove(name)


def mask_text(classes: frozenset[int]) -> str:
    return ", ".join(str(value) for value in sorted(classes))


class TerrascopeOptionsPage(QgsOptionsPageWidget):
    """The page. ``last_error`` holds the message of a refused value (also shown on the page)."""

    def __init__(self, parent: QWidget | None = None, on_apply: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(PAGE_NAME)
        self._on_apply = on_apply
        self.last_error: str | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._roots_group())
        layout.addWidget(self._cache_group())
        layout.addWidget(self._mask_group())
        self.stacGroup = StacOptionsGroup(self)  # online catalogues: stac_options.py
        layout.addWidget(self.stacGroup)
        layout.addStretch(1)
        self.load()

    # Layout -----------------------------------------------------------------------------
    def _roots_group(self) -> QGroupBox:
        group = QGroupBox(tr("Archive folders"), self)
        self.rootsList = QListWidget(group)
        self.rootsList.setToolTip(
            tr("Folders offered in the dock and the Browser besides /data/MTDA and your /data/users folders")
        )
        self.addRootButton = QPushButton(tr("Add…"), group)
        self.removeRootButton = QPushButton(tr("Remove"), group)
        self.rootsList.setMaximumHeight(self.rootsList.fontMetrics().height() * 8)
        note = QLabel(
            tr(
                "The dock and the Browser also offer /data/MTDA, your /data/users folders and the demo "
                "archive when they exist."
            ),
            group,
        )
        note.setWordWrap(True)
        self.addRootButton.clicked.connect(self._choose_root)
        self.removeRootButton.clicked.connect(self.remove_selected_roots)
        buttons = QVBoxLayout()
        buttons.addWidget(self.addRootButton)
        buttons.addWidget(self.removeRootButton)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.rootsList, 1)
        row.addLayout(buttons)
        column = QVBoxLayout(group)
        column.addLayout(row)
        column.addWidget(note)
        return group

    def _cache_group(self) -> QGroupBox:
        group = QGroupBox(tr("Folder listing cache"), self)
        self.cacheFile = QgsFileWidget(group)
        self.cacheFile.setStorageMode(QgsFileWidget.SaveFile)
        self.cacheFile.setFilter(tr("SQLite database (*.sqlite)"))
        self.cacheFile.lineEdit().setPlaceholderText(default_cache_path())
        self.cacheFile.setToolTip(tr("Where the listings of archive folders are kept between searches"))
        self.cacheFile.fileChanged.connect(lambda _path: self.update_cache_size())
        self.cacheSizeLabel = QLabel(group)
        self.clearCacheButton = QPushButton(tr("Clear"), group)
        self.clearCacheButton.setToolTip(tr("Delete the cache: the next search lists the folders again"))
        self.clearCacheButton.clicked.connect(self.clear_cache)
        size_row = QHBoxLayout()
        size_row.addWidget(self.cacheSizeLabel, 1)
        size_row.addWidget(self.clearCacheButton)
        form = QFormLayout(group)
        form.addRow(tr("File"), self.cacheFile)
        form.addRow(tr("Size on disk"), size_row)
        return group

    def _mask_group(self) -> QGroupBox:
        group = QGroupBox(tr("Scene classification mask"), self)
        self.maskEdit = QLineEdit(group)
        self.maskEdit.setPlaceholderText(mask_text(DEFAULT_MASK))
        self.maskEdit.setToolTip(
            tr(
                "Classes masked by default when the dock opens a masking algorithm: values 0–11 separated "
                "by commas; empty for Terrascope's own mask"
            )
        )
        self.maskEdit.textChanged.connect(lambda _text: self._show_error(self.mask_error()))
        self.errorLabel = QLabel(group)
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet("QLabel { color: #b00020; }")
        self.errorLabel.setVisible(False)
        form = QFormLayout(group)
        form.addRow(tr("Default classes"), self.maskEdit)
        form.addRow(self.errorLabel)
        return group

    # Values -----------------------------------------------------------------------------
    def load(self) -> None:
        self.rootsList.clear()
        self.rootsList.addItems(settings.ROOTS_ADDED.value())
        self.cacheFile.setFilePath(settings.CACHE_PATH.value())
        self.maskEdit.setText(settings.MASK_CLASSES.value())
        self.stacGroup.load()
        self.update_cache_size()

    def cache_path(self) -> str:
        return self.cacheFile.filePath().strip() or default_cache_path()

    def roots(self) -> list[str]:
        return [self.rootsList.item(row).text() for row in range(self.rootsList.count())]

    def add_root(self, path: str) -> None:
        path = normalise(path)
        if path not in self.roots():
            self.rootsList.addItem(path)

    def remove_selected_roots(self) -> None:
        for item in self.rootsList.selectedItems():
            self.rootsList.takeItem(self.rootsList.row(item))

    def _choose_root(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("Add a folder to search"), str(Path.home()))
        if path:
            self.add_root(path)

    def update_cache_size(self) -> None:
        size = cache_size(self.cache_path())
        self.cacheSizeLabel.setText(QLocale().formattedDataSize(size) if size else tr("empty"))
        self.clearCacheButton.setEnabled(size > 0)

    def clear_cache(self) -> None:
        try:
            clear_cache(self.cache_path())
        except OSError as exc:
            self._show_error(
                tr("Cannot clear the cache {}: {}").format(self.cache_path(), exc.strerror or exc)
            )
        self.update_cache_size()

    def mask_error(self) -> str | None:
        """Why the typed mask classes are refused, or None."""
        text = self.maskEdit.text().strip()
        if not text:
            return None
        try:
            parse_classes(text)
        except ValueError:
            return tr(
                "“{}” is not a list of scene classification classes: give values 0–11 separated by commas"
            ).format(text)
        return None

    def _show_error(self, text: str | None) -> None:
        self.last_error = text
        self.errorLabel.setText(text or "")
        self.errorLabel.setVisible(bool(text))

    def apply(self) -> None:
        """Write the settings; mask classes that are not valid are refused (the old ones stay)."""
        settings.ROOTS_ADDED.set_value(self.roots())
        path = self.cacheFile.filePath().strip()
        settings.CACHE_PATH.set_value("" if path == default_cache_path() else path)
        error = self.mask_error()
        if error:
            self._show_error(error)
            log_warning(tr("Terrascope options: {} (the mask classes were not changed)").format(error))
        else:
            text = self.maskEdit.text().strip()
            settings.MASK_CLASSES.set_value(mask_text(parse_classes(text)) if text else "")
        stac_error = self.stacGroup.error()
        if stac_error:
            self._show_error(stac_error)
            log_warning(tr("Terrascope options: {} (left out)").format(stac_error))
        self.stacGroup.apply()
        if self._on_apply is not None:
            self._on_apply()


class TerrascopeOptionsFactory(QgsOptionsWidgetFactory):
    """Makes the page; ``on_apply`` runs after the page wrote the settings (the dock follows)."""

    def __init__(self, icon: QIcon, on_apply: Callable[[], None] | None = None) -> None:
        super().__init__(tr("Terrascope"), icon)
        self._on_apply = on_apply

    def createWidget(self, parent: QWidget | None = None) -> TerrascopeOptionsPage:  # noqa: N802 (QGIS API)
        return TerrascopeOptionsPage(parent, self._on_apply)
