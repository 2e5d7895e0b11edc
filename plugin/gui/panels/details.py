"""The details of the selected product: quicklook, name fields, XML metadata and files
(filled by :class:`plugin.gui.details.DetailsPane`, which reads in tasks)."""

from __future__ import annotations

from qgis.PyQt.QtCore import QPoint, pyqtSignal
from qgis.PyQt.QtWidgets import QHeaderView, QMenu, QWidget

from ...core.archive.catalogue import Product
from ...qgis_utils import tr
from ..details import PATH_ROLE, DetailsPane
from . import load_ui

FORM_CLASS = load_ui("details.ui")


class DetailsPanel(QWidget, FORM_CLASS):
    """``fileActivated(path)``: a file of the product to load; ``copyRequested(paths)``."""

    fileActivated = pyqtSignal(str)
    copyRequested = pyqtSignal(list)
    message = pyqtSignal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        for tree in (self.nameTree, self.metadataTree):
            tree.header().setSectionResizeMode(0, QHeaderView.ResizeToContents)
            tree.header().setStretchLastSection(True)
        self.pane = DetailsPane(
            self.nameTree,
            self.metadataTree,
            self.filesList,
            self.quicklookLabel,
            lambda text: self.message.emit(text, True),
            self,
        )
        self.filesList.itemDoubleClicked.connect(self._activate)
        self.filesList.customContextMenuRequested.connect(self._files_menu)

    def show_product(self, product: Product | None) -> None:
        self.pane.show_product(product)

    def _activate(self, item) -> None:
        path = item.data(PATH_ROLE)
        if path:
            self.fileActivated.emit(path)

    def files_menu(self, path: str) -> QMenu:
        menu = QMenu(self)
        menu.addAction(tr("Add to map"), lambda: self.fileActivated.emit(path))
        menu.addAction(tr("Copy path"), lambda: self.copyRequested.emit([path]))
        return menu

    def _files_menu(self, position: QPoint) -> None:
        item = self.filesList.itemAt(position)
        if item is not None and item.data(PATH_ROLE):
            self.files_menu(item.data(PATH_ROLE)).exec_(self.filesList.viewport().mapToGlobal(position))
