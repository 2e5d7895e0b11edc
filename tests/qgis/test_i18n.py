"""Translations at run time: the QTranslator follows the QGIS language, and every text of the
Processing algorithms is looked up under the context extraction filed it in.

Expected texts come from the .ts files (what translators wrote), not from the code.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication

ROOT = Path(__file__).resolve().parents[2]
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
LOCALE_KEYS = ("locale/overrideFlag", "locale/userLocale")


def ts_translations(lang: str) -> dict[str, str]:
    root = etree.parse(str(ROOT / "i18n" / f"terrascope_browser_{lang}.ts"), PARSER).getroot()
    return {m.findtext("source"): m.findtext("translation") for m in root.iter("message")}


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues() -> None:
    missing = [
        lang for lang in ("nl", "fr") if not (ROOT / "i18n" / f"terrascope_browser_{lang}.qm").exists()
    ]
    assert not missing, f"no .qm for {missing}: run 'make build'"


@pytest.fixture
def qgis_locale() -> Iterator[QgsSettings]:
    """The profile's language settings, restored after the test."""
    settings = QgsSettings()
    saved = {key: settings.value(key) for key in LOCALE_KEYS}
    yield settings
    for key, value in saved.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


def algorithm_texts(algorithm_class) -> dict[str, str]:
    """Every text a user sees of a fresh algorithm (texts are translated when created)."""
    alg = algorithm_class()
    alg.initAlgorithm()
    texts = {"display name": alg.displayName(), "group": alg.group(), "help": alg.shortHelpString()}
    for param in alg.parameterDefinitions():
        texts[f"parameter {param.name()}"] = param.description()
        if param.help():
            texts[f"help of {param.name()}"] = param.help()
        if param.type() == "enum":
            for index, option in enumerate(param.options()):
                texts[f"option {index} of {param.name()}"] = option
    for output in alg.outputDefinitions():
        texts[f"output {output.name()}"] = output.description()
    return texts


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_every_algorithm_text_is_translated(lang, processing_framework):
    from plugin.i18n import install_translator, remove_translator
    from plugin.processing.provider import ALGORITHMS

    expected = ts_translations(lang)
    sentences = [source for source in expected if len(source) > 40 and expected[source] != source]
    for algorithm_class in ALGORITHMS:
        english = algorithm_texts(algorithm_class)
        translator = install_translator(lang)
        try:
            translated = algorithm_texts(algorithm_class)
        finally:
            remove_translator(translator)
        assert translator is not None
        for what, text in english.items():
            where = f"{algorithm_class.__name__} {what}"
            if what == "help":  # several texts joined: none may stay in English
                assert translated[what] != text, where
                assert [s for s in sentences if s.strip() in translated[what]] == [], where
            elif what.startswith("option") and text[:2].strip().isdigit():  # "4 — Vegetation"
                number, _, label = text.partition(" — ")
                assert translated[what] == f"{number} — {expected[label]}", where
            else:
                assert text in expected, f"{where}: {text!r} is not in the .ts (not extracted)"
                assert translated[what] == expected[text], where


def test_provider_names_are_translated():
    from plugin.i18n import install_translator, remove_translator
    from plugin.processing.provider import TerrascopeProvider

    english = TerrascopeProvider().longName()
    translator = install_translator("fr")
    try:
        assert TerrascopeProvider().longName() == english  # a brand name: the same in French
        assert TerrascopeProvider().name() == ts_translations("fr")["Terrascope"]
    finally:
        remove_translator(translator)


def test_scl_legend_is_translated():
    from plugin import styles
    from plugin.i18n import install_translator, remove_translator

    translator = install_translator("nl")
    try:
        labels = [c.label for c in styles.scl_classes()]
    finally:
        remove_translator(translator)
    assert labels[4] == "4 " + ts_translations("nl")["Vegetation"]
    assert labels[4] == "4 Vegetatie"


@pytest.mark.parametrize(
    ("override", "locale", "expected"),
    [
        (True, "nl_BE", "nl"),
        (True, "fr", "fr"),
        (True, "en_US", None),
        (True, "de", None),
        (False, "nl", None),
    ],
)
def test_plugin_installs_the_translator_of_the_qgis_language(
    override, locale, expected, qgis_locale, qgis_iface, qgis_app
):
    from plugin.qgis_utils import tr
    from plugin.terrascope_plugin import TerrascopeBrowserPlugin

    assert not qgis_app.translation(), "the test application has no --lang of its own"
    qgis_locale.setValue("locale/overrideFlag", override)
    qgis_locale.setValue("locale/userLocale", locale)
    system_language = QCoreApplication.translate("@default", "Search") != "Search"
    plugin = TerrascopeBrowserPlugin(qgis_iface)
    try:
        if override is False:  # the system locale decides (C / English on the test machine)
            assert (plugin.translator is None) == (not system_language)
        elif expected is None:
            assert plugin.translator is None
            assert tr("Search") == "Search"
        else:
            assert plugin.translator is not None
            assert tr("Search") == ts_translations(expected)["Search"] != "Search"
    finally:
        translator = plugin.translator  # alive: Qt drops a deleted translator by itself
        plugin.unload()
    assert tr("Search") == "Search", "unload removes the translator"
    del translator
