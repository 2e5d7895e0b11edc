"""The plugin's translations: which language QGIS speaks, and the QTranslator for it.

The compiled catalogues are ``i18n/terrascope_browser_<lang>.qm`` (built from the ``.ts``
sources by ``make translations``). Texts come through :func:`plugin.qgis_utils.tr` (context
``@default``, which is where pylupdate5 files a bare ``tr("...")``), through ``self.tr`` of a
Processing algorithm (the class name) or through a ``.ui`` form (its class name).
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QT_TR_NOOP, QCoreApplication, QLocale, QTranslator

from .core.products.scl import SclClass
from .qgis_utils import tr

I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"
CATALOGUE_PREFIX = "terrascope_browser"

# The SCL class labels live in the core (no Qt there): marked here so extraction sees them.
SCL_LABELS = (
    QT_TR_NOOP("No data"),
    QT_TR_NOOP("Saturated or defective"),
    QT_TR_NOOP("Dark area pixels / topographic shadows"),
    QT_TR_NOOP("Cloud shadows"),
    QT_TR_NOOP("Vegetation"),
    QT_TR_NOOP("Not vegetated"),
    QT_TR_NOOP("Water"),
    QT_TR_NOOP("Unclassified"),
    QT_TR_NOOP("Cloud, medium probability"),
    QT_TR_NOOP("Cloud, high probability"),
    QT_TR_NOOP("Thin cirrus"),
    QT_TR_NOOP("Snow or ice"),
)


def scl_label(scl_class: SclClass) -> str:
    """The translated label of an SCL class ("Vegetatie")."""
    return tr(scl_class.label)


def qgis_language() -> str:
    """The language of the QGIS user interface, as QGIS itself chose it.

    QGIS sets its translation from ``--lang``, else from ``locale/userLocale`` when
    ``locale/overrideFlag`` is on, else from the system locale. ``locale/globalLocale`` only
    sets number and date formats, not the language, so it is not read here.
    """
    app = QgsApplication.instance()
    code = app.translation() if isinstance(app, QgsApplication) and hasattr(app, "translation") else ""
    if code:
        return code
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        code = settings.value("locale/userLocale", "", type=str)
    return code or QLocale.system().name()


def install_translator(language: str | None = None) -> QTranslator | None:
    """Install the catalogue for ``language`` (default: QGIS's), e.g. ``nl``, ``nl_BE``, ``fr``.

    Returns the installed translator (keep it: Qt does not own it), or None when the plugin has
    no catalogue for that language (English, or a ``.qm`` that was not built).
    """
    code = (language or qgis_language()).replace("-", "_")
    if not code or code == "C" or code.lower().startswith("en"):
        return None  # the source texts are English
    translator = QTranslator()
    # "nl_BE" finds terrascope_browser_nl_BE.qm, else terrascope_browser_nl.qm.
    if not translator.load(f"{CATALOGUE_PREFIX}_{code}", str(I18N_DIR)):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def remove_translator(translator: QTranslator | None) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
