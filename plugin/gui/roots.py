"""Archive roots: which folders the dock and the Browser offer, and the dock's root chooser.

:func:`discover_roots` is the one answer to "which roots are there" for the dock, the Browser
and the Options page: the standard Terrascope folders that exist under ``base`` (``/data`` on a
Terrascope machine), the demo archive, then the folders the user added.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from qgis.PyQt.QtCore import QObject, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QComboBox, QFileDialog, QToolButton

from .. import settings
from ..core.archive.discovery import default_roots
from ..qgis_utils import tr
from .stac_roots import is_stac_url, sync_stac_roots
from .tasks import ShortCall, call_short

DATA_BASE = "/data"  # where a Terrascope machine mounts the archive and the users' folders
DEMO_ROOT_ENV = "TERRASCOPE_DEMO_ROOT"


def normalise(path: str) -> str:
    if is_stac_url(path):  # a STAC API root (stac_roots.py): an address, not a folder
        return path
    return os.path.abspath(os.path.expanduser(path))


def standard_label(path: str, base: str) -> str:
    """ "Terrascope archive", "My public folder", ... for a standard root under ``base``."""
    relative = os.path.relpath(path, base)
    if relative == "MTDA":
        return tr("Terrascope archive")
    if relative.startswith(os.path.join("users", "Public") + os.sep):
        return tr("My public folder")
    if relative.startswith(os.path.join("users", "Private") + os.sep):
        return tr("My private folder")
    return Path(path).name


def demo_root() -> str:
    """The demo archive of this profile (setting), or of the environment; '' when none."""
    return settings.DEMO_ROOT.value() or os.environ.get(DEMO_ROOT_ENV, "")


def discover_roots(
    base: str | None = None,
    user: str | None = None,
    demo: str | None = None,
    added: Sequence[str] = (),
) -> list[tuple[str, str]]:
    """(label, path) of the archive roots, first occurrence of a folder kept: the standard
    folders under ``base`` that exist, ``demo`` when it is a folder, then ``added`` (kept even
    when missing: the user asked for them, and is told when they cannot be read).

    Stats network mounts: call it from a task when they may be slow."""
    base = base or DATA_BASE
    roots = [(standard_label(path, base), path) for path in default_roots(base, user)]
    if demo and os.path.isdir(demo):
        roots.append((tr("Demo archive"), demo))
    roots += [(path, path) for path in added if path]
    unique: dict[str, tuple[str, str]] = {}
    for label, path in roots:
        unique.setdefault(normalise(path), (label, path))
    return list(unique.values())


def short_label(path: str) -> str:
    """The last two folders of a long path ("…/Public/alice"); the full path is the tooltip."""
    parts = Path(path).parts
    return f"…/{Path(*parts[-2:])}" if len(parts) > 3 else path


class RootChooser(QObject):
    """The archive chooser of the search form: standard roots found in a task, the folders the
    user added (remembered), the last one searched (remembered). ``rootChanged`` fires when
    the current root changes or is chosen again (to list it again)."""

    rootChanged = pyqtSignal(str)
    rootsFound = pyqtSignal(str)  # the standard roots are in; the current root (maybe unchanged)
    message = pyqtSignal(str, bool)  # text, is a warning

    def __init__(self, combo: QComboBox, add_button: QToolButton, remove_button: QToolButton) -> None:
        super().__init__(combo)
        self.combo = combo
        self._task: ShortCall | None = None
        combo.currentIndexChanged.connect(self._on_index_changed)
        add_button.clicked.connect(self._choose)
        remove_button.clicked.connect(self.remove_current_root)

    # The chooser ------------------------------------------------------------------------
    def current_root(self) -> str | None:
        data = self.combo.currentData()
        return str(data) if data else None

    def index_of(self, path: str) -> int:
        return self.combo.findData(normalise(path)) if path else -1

    def insert(self, position: int, label: str, path: str) -> None:
        """A root in the chooser: a short label shown, the full path in the tooltip."""
        self.combo.blockSignals(True)
        self.combo.insertItem(position, short_label(path) if label == path else label, path)
        self.combo.setItemData(position, path, Qt.ToolTipRole)
        self.combo.blockSignals(False)
        self.combo.setToolTip(self.current_root() or "")

    def add_root(self, path: str, select: bool = True) -> None:
        """Add a user folder to the chooser (remembered in the settings)."""
        path = normalise(path)
        index = self.index_of(path)
        if index < 0:
            self.insert(self.combo.count(), path, path)
            index = self.combo.count() - 1
            added = settings.ROOTS_ADDED.value()
            if path not in added:
                settings.ROOTS_ADDED.set_value([*added, path])
        if select:
            if index == self.combo.currentIndex():
                self.rootChanged.emit(path)
            else:
                self.combo.setCurrentIndex(index)

    def remove_current_root(self) -> None:
        path = self.current_root()
        if not path:
            return
        settings.ROOTS_ADDED.set_value([p for p in settings.ROOTS_ADDED.value() if p != path])
        self.combo.removeItem(self.combo.currentIndex())

    def restore(self) -> None:
        """The added folders, and the root searched last selected (without listing it yet)."""
        self.sync_added()
        last = settings.ROOTS_LAST.value()
        if last and self.index_of(last) >= 0:
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(self.index_of(last))
            self.combo.blockSignals(False)
            self.combo.setToolTip(last)

    def sync_added(self) -> None:
        """Follow the added folders of the settings (the Options page edits them)."""
        added = [normalise(p) for p in settings.ROOTS_ADDED.value()]
        for path in added:
            if self.index_of(path) < 0:
                self.insert(self.combo.count(), path, path)
        for index in reversed(range(self.combo.count())):
            path = str(self.combo.itemData(index))
            if self.combo.itemText(index) in (path, short_label(path)) and path not in added:
                self.combo.removeItem(index)
        sync_stac_roots(self)  # the STAC APIs (Terrascope's online catalogue, the user's) come last

    def _choose(self) -> None:
        start = self.current_root() or str(Path.home())
        path = QFileDialog.getExistingDirectory(self.combo, tr("Add a folder to search"), start)
        if path:
            self.add_root(path)

    def _on_index_changed(self, _index: int) -> None:
        root = self.current_root()
        self.combo.setToolTip(root or "")
        if root:
            settings.ROOTS_LAST.set_value(root)
        self.rootChanged.emit(root or "")

    # Standard roots, found in a task ---------------------------------------------------
    def discover(self) -> None:
        task = call_short(tr("Terrascope: finding archives"), discover_roots, None, None, demo_root() or None)
        task.done.connect(self._on_discovered)
        self._task = task

    def _on_discovered(self, roots: list[tuple[str, str]] | None, error: str | None) -> None:
        self._task = None
        if error:
            self.message.emit(tr("Cannot look for the standard archive folders: {}").format(error), True)
        for position, (label, path) in enumerate(roots or []):
            if self.index_of(path) < 0:
                self.insert(min(position, self.combo.count()), label, normalise(path))
        last = settings.ROOTS_LAST.value()
        index = self.index_of(last) if last else -1
        if index < 0 and self.combo.count():
            index = 0
        if index >= 0 and index != self.combo.currentIndex():
            self.combo.setCurrentIndex(index)  # lists it (rootChanged)
        elif index >= 0:
            self.rootsFound.emit(self.current_root() or "")
        if self.combo.count() == 0:
            self.message.emit(
                tr("No Terrascope archive found on this machine: add a folder with “+”."), False
            )

    def shutdown(self) -> None:
        if self._task is not None:
            self._task.done.disconnect()
            self._task.cancel()
            self._task = None
