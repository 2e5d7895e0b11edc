"""The Dutch and French translations are complete, keep every placeholder, and are extracted
from the current sources in a form the run-time lookups find.

The .ts files are parsed with entity resolution and network access off. The extraction is
re-run with pylupdate5 (as `make translations` does) into a temporary file and compared.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from plugin.core.products.scl import SCL_CLASSES

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("nl", "fr")
TS_FILES = {lang: ROOT / "i18n" / f"terrascope_browser_{lang}.ts" for lang in LANGUAGES}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

# str.format fields ({}, {0}, {:.1f}, {!r}), Qt's %1, HTML tags and line breaks.
FIELD = re.compile(r"\{[^{}]*\}")
QT_ARG = re.compile(r"%\d+")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def messages(path: Path) -> list[tuple[str, str, str, etree._Element]]:
    """(context, source, disambiguation comment, translation element) of every message."""
    root = etree.parse(str(path), PARSER).getroot()
    found = []
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            found.append(
                (
                    name,
                    message.findtext("source"),
                    message.findtext("comment") or "",
                    message.find("translation"),
                )
            )
    return found


def extraction_sources() -> list[str]:
    """What `make translations` (I18N_SOURCES) gives pylupdate5: every plugin module and form."""
    sources = sorted(p for p in (ROOT / "plugin").rglob("*.py") if "__pycache__" not in p.parts)
    return [str(p.relative_to(ROOT)) for p in sources + sorted((ROOT / "ui").glob("*.ui"))]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[tuple[str, str, str]]:
    pylupdate = shutil.which("pylupdate5")
    assert pylupdate, "pylupdate5 is missing: 'make deps' installs pyqt5-dev-tools"
    target = tmp_path_factory.mktemp("i18n") / "extracted.ts"
    subprocess.run(
        [pylupdate, "-noobsolete", *extraction_sources(), "-ts", str(target)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return {(context, source, comment) for context, source, comment, _ in messages(target)}


def placeholders(text: str) -> tuple:
    """What must survive translation. Numbered fields and %N may move; ``{}`` fields keep order."""
    fields = FIELD.findall(text)
    automatic = [f for f in fields if re.match(r"\{[!:}]", f)]
    numbered = Counter(f for f in fields if f not in automatic)
    return (
        automatic,
        numbered,
        Counter(QT_ARG.findall(text)),
        Counter(TAG.findall(text)),
        text.count("\n"),
        text[: len(text) - len(text.lstrip())],
        text[len(text.rstrip()) :],
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_is_translated(lang):
    unfinished = []
    for context, source, _, translation in messages(TS_FILES[lang]):
        kind = translation.get("type")
        if kind in ("unfinished", "vanished", "obsolete") or not (translation.text or "").strip():
            unfinished.append(f"{context}: {source!r}")
        assert translation.get("numerus") is None and not len(translation), "no plural forms expected"
    assert unfinished == []
    assert len(messages(TS_FILES[lang])) > 250


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_placeholders(lang):
    wrong = [
        f"{context}: {source!r} -> {translation.text!r}"
        for context, source, _, translation in messages(TS_FILES[lang])
        if translation.text and placeholders(source) != placeholders(translation.text)
    ]
    assert wrong == []


def test_placeholder_check_catches_a_changed_field():
    assert placeholders("{0} of {1}") == placeholders("{1} van {0}")
    assert placeholders("{} in {}") != placeholders("{} in")
    assert placeholders("{:.1f} %") != placeholders("{} %")
    assert placeholders("a <a href='x'>b</a>") != placeholders("a b")
    assert placeholders("\n\nText") != placeholders("Text")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ts_files_are_up_to_date_with_the_sources(lang, extracted):
    committed = {(context, source, comment) for context, source, comment, _ in messages(TS_FILES[lang])}
    assert sorted(extracted - committed) == [], "new texts: run 'make translations' and translate them"
    assert sorted(committed - extracted) == [], "texts no longer in the sources: run 'make translations'"


def test_both_languages_have_the_same_texts():
    nl, fr = ({(c, s, d) for c, s, d, _ in messages(TS_FILES[lang])} for lang in LANGUAGES)
    assert nl == fr


def test_scl_class_labels_are_extracted():
    sources = {source for context, source, _, _ in messages(TS_FILES["nl"]) if context == "@default"}
    assert {c.label for c in SCL_CLASSES} <= sources


# ---------------------------------------------------------------------------------------------
# Extraction sees every text, and under the context the run-time lookup uses


def _calls(tree: ast.AST, names: set[str]):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in names:
                yield name, node


def _hidden_text(node: ast.Call, name: str) -> ast.expr | None:
    """The text argument when it is built in place (f-string, +, %, .format, join ...)."""
    index = 1 if name in ("translate", "QT_TRANSLATE_NOOP") else 0
    if len(node.args) <= index:
        return None
    arg = node.args[index]
    if isinstance(arg, (ast.Constant, ast.Name, ast.Attribute, ast.Subscript)):
        return None  # a literal, or a value marked elsewhere with QT_TR_NOOP / QT_TRANSLATE_NOOP
    return arg


def plugin_trees() -> dict[Path, ast.AST]:
    files = sorted(p for p in (ROOT / "plugin").rglob("*.py") if "__pycache__" not in p.parts)
    return {p: ast.parse(p.read_text(encoding="utf-8")) for p in files}


def test_no_text_is_built_where_extraction_cannot_see_it():
    hidden = []
    for path, tree in plugin_trees().items():
        for name, node in _calls(tree, {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}):
            arg = _hidden_text(node, name)
            if arg is not None:
                hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}({ast.unparse(arg)})")
    assert hidden == []


def test_hidden_text_check_catches_fstrings_and_concatenation():
    tree = ast.parse('tr(f"{x} files")\ntr("a" + b)\nself.tr("ok")\ntr(LABELS[k])\ntr("{}".format(1))')
    found = [ast.unparse(arg) for name, node in _calls(tree, {"tr"}) if (arg := _hidden_text(node, name))]
    assert found == ["f'{x} files'", "'a' + b", "'{}'.format(1)"]


def runtime_contexts() -> set[str]:
    """Contexts a lookup can use at run time: bare tr() ('@default'), a class's self.tr (its
    name), a form's retranslateUi (its class), and literal contexts passed to translate()."""
    contexts = {"@default"}
    for tree in plugin_trees().values():
        contexts |= {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
        marks = {id(node.args[0]) for _, node in _calls(tree, {"QT_TRANSLATE_NOOP"}) if node.args}
        contexts |= {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in marks
        }
    for form in (ROOT / "ui").glob("*.ui"):
        contexts.add(etree.parse(str(form), PARSER).getroot().findtext("class"))
    return contexts


def test_every_context_is_one_the_plugin_looks_up():
    known = runtime_contexts()
    unknown = {context for context, *_ in messages(TS_FILES["nl"])} - known
    assert unknown == set(), "texts marked under a context no tr()/translate() call uses"
