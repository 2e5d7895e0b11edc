"""The STAC part of the Options page: Terrascope's online catalogue, its credentials, other STAC APIs."""

from __future__ import annotations

from qgis.gui import QgsAuthConfigSelect
from qgis.PyQt.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QPlainTextEdit, QWidget

from .. import settings
from ..core.stac.client import TERRASCOPE_STAC, is_stac_url
from ..qgis_utils import tr
from .stac_roots import authcfg_for, set_authcfg


class StacOptionsGroup(QGroupBox):
    """``load()`` shows the settings, ``apply()`` writes them; ``error()`` says why typed addresses
    are refused (None when they are fine)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Online catalogues (STAC)"), parent)
        self.terrascopeCheck = QCheckBox(tr("Offer “Terrascope STAC (online)” in the dock"), self)
        self.terrascopeCheck.setToolTip(
            tr("Search {} like the archive; files stream over HTTPS where this machine has no copy").format(
                TERRASCOPE_STAC
            )
        )
        self.authSelect = QgsAuthConfigSelect(self)
        self.authSelect.setToolTip(
            tr(
                "A Basic authentication configuration (your Terrascope user name and password), kept in "
                "the QGIS authentication database; it is given only to Terrascope's hosts"
            )
        )
        self.apisEdit = QPlainTextEdit(self)
        self.apisEdit.setPlaceholderText("https://example.org/stac/v1")
        self.apisEdit.setToolTip(tr("Other STAC API addresses offered in the dock, one per line"))
        self.apisEdit.setMaximumHeight(self.apisEdit.fontMetrics().height() * 5)
        note = QLabel(
            tr(
                "Credentials: Settings > Options > Authentication > Add (type Basic), then choose the "
                "configuration here."
            ),
            self,
        )
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.terrascopeCheck)
        form.addRow(tr("Terrascope credentials"), self.authSelect)
        form.addRow(tr("Other STAC APIs"), self.apisEdit)
        form.addRow(note)

    def apis(self) -> list[str]:
        lines = (line.strip().rstrip("/") for line in self.apisEdit.toPlainText().splitlines())
        return list(dict.fromkeys(line for line in lines if line))

    def error(self) -> str | None:
        bad = [line for line in self.apis() if not is_stac_url(line)]
        if bad:
            return tr("“{}” is not a STAC API address: give an http(s):// address").format(bad[0])
        return None

    def load(self) -> None:
        self.terrascopeCheck.setChecked(bool(settings.STAC_TERRASCOPE.value()))
        self.authSelect.setConfigId(authcfg_for(TERRASCOPE_STAC))
        self.apisEdit.setPlainText("\n".join(settings.STAC_APIS.value()))

    def apply(self) -> None:
        settings.STAC_TERRASCOPE.set_value(self.terrascopeCheck.isChecked())
        set_authcfg(TERRASCOPE_STAC, self.authSelect.configId())
        settings.STAC_APIS.set_value([url for url in self.apis() if is_stac_url(url)])
