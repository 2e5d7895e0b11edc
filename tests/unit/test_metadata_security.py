"""XML hardening of the metadata reader, layer by layer: each test fails when one layer weakens.

Two layers guard every parse (``plugin.core.products.metadata``):
- the text check: the document is decoded (BOM, UTF-16/32 byte patterns, declared encoding) and
  any ``<!DOCTYPE``/``<!ENTITY`` is refused before lxml sees it;
- the parser settings: no entity resolution, no DTD loading, no network.

The parser tests hand documents straight to ``_parser()`` (they never pass the text check) and
also relax one setting at a time, so that each of ``resolve_entities``, ``load_dtd`` and
``no_network`` is seen to hold on its own. The full-path tests go through ``read_product_xml`` /
``read_manifest_safe`` in every encoding lxml accepts and check the refusal comes from the text
check, before parsing. "Read" is detected without trusting the code: a marker file whose content
must never show up, a FIFO whose opening would block (a watchdog fails the test and unblocks it),
and a real HTTP server on 127.0.0.1 that records every request.
"""

from __future__ import annotations

import codecs
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from plugin.core.products import metadata
from plugin.core.products.metadata import MetadataError, read_manifest_safe, read_product_xml

MARKER = "TERRASCOPE-XXE-MARKER-5b1e0c"
HTTP_MARKER = "TERRASCOPE-HTTP-MARKER-93d7aa"
WATCHDOG_SECONDS = 10.0


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(MARKER + "\n", encoding="ascii")
    return path


@pytest.fixture
def marker_dtd(tmp_path: Path) -> Path:
    path = tmp_path / "secret.dtd"
    path.write_text(f'<!ENTITY m "{MARKER}">\n<!ATTLIST r a CDATA "{MARKER}">\n', encoding="ascii")
    return path


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pipe"
    os.mkfifo(path)  # opening it for reading blocks until a writer comes
    yield path


class _Recorder(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server API name)
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        body = f'<!ENTITY m "{HTTP_MARKER}">' if self.path.endswith(".dtd") else HTTP_MARKER
        data = body.encode("ascii")
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    hits: list[str]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{path}"


@pytest.fixture
def http_server() -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), _Recorder)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


# --------------------------------------------------------------------------- helpers


def _bounded(call: Callable[[], Any], fifo: Path) -> Any:
    """Run ``call`` on a thread; if it is still running after the watchdog delay it is blocked
    opening ``fifo``: unblock it (a writer that closes at once gives the reader EOF) and fail."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed back to the test thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(WATCHDOG_SECONDS)
    if thread.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(WATCHDOG_SECONDS)
        pytest.fail(f"the parser opened {fifo} for reading (it blocked until the test unblocked it)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _relaxed(**changes: bool) -> etree.XMLParser:
    """The reader's parser with some settings turned off: the others must still protect."""
    assert set(changes) <= set(metadata.PARSER_OPTIONS)
    return etree.XMLParser(**{**metadata.PARSER_OPTIONS, **changes})


def _serialised(root: etree._Element) -> str:
    return etree.tostring(root, encoding="unicode")


def _assert_no_http_marker(document: str, parser: etree.XMLParser) -> None:
    try:
        root = etree.fromstring(document.encode(), parser)
    except etree.XMLSyntaxError as exc:  # e.g. an entity of the unloaded DTD is undefined
        assert HTTP_MARKER not in str(exc)
    else:
        assert HTTP_MARKER not in _serialised(root)


def _xxe(target: str) -> str:
    return f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "{target}">]>\n<r><title>&xxe;</title></r>'


def _billion_laughs(depth: int, fanout: int = 10) -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * fanout}">' for level in range(1, depth + 1)
    ]
    return f"<!DOCTYPE r [{''.join(entities)}]>\n<r><title>&lol{depth};</title></r>"


# --------------------------------------------------------------------------- the parser alone


def test_parser_leaves_an_external_entity_unread(marker: Path) -> None:
    root = etree.fromstring(_xxe(marker.as_uri()).encode(), metadata._parser())
    assert MARKER not in _serialised(root)
    title = root.find("title")
    assert title is not None and title.text is None
    assert [(type(node), node.text) for node in title] == [(etree._Entity, "&xxe;")]


def test_parser_does_not_open_an_external_entity(fifo: Path) -> None:
    root = _bounded(lambda: etree.fromstring(_xxe(fifo.as_uri()).encode(), metadata._parser()), fifo)
    assert root.findtext("title") == ""


def test_parser_does_not_load_an_external_dtd_file(fifo: Path) -> None:
    document = f'<!DOCTYPE r SYSTEM "{fifo.as_uri()}"><r><title>x</title></r>'.encode()
    root = _bounded(lambda: etree.fromstring(document, metadata._parser()), fifo)
    assert root.findtext("title") == "x"


def test_parser_does_not_load_an_external_parameter_entity(fifo: Path) -> None:
    document = f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{fifo.as_uri()}"> %p;]><r><title>x</title></r>'.encode()
    root = _bounded(lambda: etree.fromstring(document, metadata._parser()), fifo)
    assert root.findtext("title") == "x"


def test_parser_does_not_expand_internal_entities() -> None:
    # Nine "lol": small enough that libxml2's own guard, which stops bigger bombs whatever the
    # settings (even 10 x 10 in a tiny document), lets an expanding parser expand this one.
    root = etree.fromstring(_billion_laughs(depth=2, fanout=3).encode(), metadata._parser())
    assert "lol" not in (root.findtext("title") or "")
    assert _serialised(root) == "<r><title>&lol2;</title></r>"


def test_parser_does_not_contact_a_dtd_or_entity_server(http_server: _Server) -> None:
    documents = [
        f'<!DOCTYPE r SYSTEM "{http_server.url("evil.dtd")}"><r><title>&m;</title></r>',
        f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{http_server.url("p.dtd")}"> %p;]><r><title>x</title></r>',
        _xxe(http_server.url("secret.txt")),
    ]
    for document in documents:
        _assert_no_http_marker(document, metadata._parser())
    assert http_server.hits == []


def test_entities_stay_unresolved_with_dtd_loading_on(marker: Path, marker_dtd: Path) -> None:
    """``resolve_entities`` alone: even with the DTD loaded, its entities are not substituted."""
    parser = _relaxed(load_dtd=True)
    root = etree.fromstring(f'<!DOCTYPE r SYSTEM "{marker_dtd.as_uri()}"><r>&m;</r>'.encode(), parser)
    assert MARKER not in _serialised(root)
    root = etree.fromstring(_xxe(marker.as_uri()).encode(), parser)
    assert MARKER not in _serialised(root)


def test_dtd_stays_unloaded_with_entity_resolution_on(fifo: Path) -> None:
    """``load_dtd`` alone: with entity resolution on, an external DTD is still not opened."""
    document = f'<!DOCTYPE r SYSTEM "{fifo.as_uri()}"><r><title>x</title></r>'.encode()
    root = _bounded(lambda: etree.fromstring(document, _relaxed(resolve_entities=True)), fifo)
    assert root.findtext("title") == "x"


@pytest.mark.parametrize("relaxed", ["load_dtd", "resolve_entities", "both"])
def test_network_stays_off_when_the_other_settings_are_relaxed(http_server: _Server, relaxed: str) -> None:
    """``no_network`` alone: with DTD loading and/or entity resolution on, nothing is fetched."""
    changes = {"load_dtd": True, "resolve_entities": True}
    if relaxed != "both":
        changes = {relaxed: True}
    documents = [
        f'<!DOCTYPE r SYSTEM "{http_server.url("evil.dtd")}"><r><title>x</title></r>',
        f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{http_server.url("p.dtd")}"> %p;]><r><title>x</title></r>',
        _xxe(http_server.url("secret.txt")),
    ]
    for document in documents:
        _assert_no_http_marker(document, _relaxed(**changes))
    assert http_server.hits == []


def test_a_doctype_past_the_text_check_is_refused_after_parsing() -> None:
    for text in ("<!DOCTYPE r><r><title>x</title></r>", '<!DOCTYPE r SYSTEM "a.dtd"><r/>'):
        with pytest.raises(MetadataError, match=r"^doc: refused, the document has a DOCTYPE declaration"):
            metadata._parse_text(text, "doc")


# --------------------------------------------------------------------------- the full read path


def _utf7(text: str) -> bytes:
    """UTF-7 with every "<!" spelled in base64 ("+ADwAIQ-"): invisible to a byte scan."""
    head, _, body = text.partition("?>")
    return (head + "?>").encode("ascii") + body.encode("utf-7").replace(b"<!", b"+ADwAIQ-")


def _declared(name: str, text: str) -> str:
    return f'<?xml version="1.0" encoding="{name}"?>\n{text}'


# id: (declared encoding, encoder) -- every encoding lxml accepts that a byte scan could miss.
ENCODINGS: dict[str, tuple[str, Callable[[str], bytes]]] = {
    "utf-8": ("UTF-8", lambda text: text.encode("utf-8")),
    "utf-8-bom": ("UTF-8", lambda text: codecs.BOM_UTF8 + text.encode("utf-8")),
    "iso-8859-1": ("ISO-8859-1", lambda text: text.encode("latin-1")),
    "utf-16-le-bom": ("UTF-16", lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le")),
    "utf-16-be-bom": ("UTF-16", lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be")),
    "utf-16-le": ("UTF-16LE", lambda text: text.encode("utf-16-le")),
    "utf-16-be": ("UTF-16BE", lambda text: text.encode("utf-16-be")),
    "utf-32-le-bom": ("UTF-32", lambda text: codecs.BOM_UTF32_LE + text.encode("utf-32-le")),
    "utf-32-be-bom": ("UTF-32", lambda text: codecs.BOM_UTF32_BE + text.encode("utf-32-be")),
    "utf-32-le": ("UTF-32LE", lambda text: text.encode("utf-32-le")),
    "utf-32-be": ("UTF-32BE", lambda text: text.encode("utf-32-be")),
    "utf-7": ("UTF-7", _utf7),
}


def _document(encoding: str, body: str) -> bytes:
    name, encode = ENCODINGS[encoding]
    return encode(_declared(name, body))


def test_lxml_itself_reads_the_attack_documents(marker: Path) -> None:
    """The attack documents are real: a parser with entity resolution on reads the marker
    from each of them, so the refusals below are not an artefact of broken test data."""
    for encoding in ENCODINGS:
        root = etree.fromstring(_document(encoding, _xxe(marker.as_uri())), _relaxed(resolve_entities=True))
        assert root.findtext("title") == MARKER + "\n", encoding


READERS = {"product_xml": read_product_xml, "manifest_safe": read_manifest_safe}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_external_entity_is_refused_before_parsing(
    tmp_path: Path, marker: Path, fifo: Path, encoding: str, reader: str
) -> None:
    for target in (marker, fifo):
        path = tmp_path / f"product_{target.name}.xml"
        path.write_bytes(_document(encoding, _xxe(target.as_uri())))
        for source in (path, path.read_bytes()):
            with pytest.raises(MetadataError) as info:
                _bounded(lambda source=source: READERS[reader](source), fifo)
            label = str(path) if isinstance(source, Path) else "<bytes>"
            assert str(info.value) == (
                f"{label}: refused, the document declares XML entities (possible XXE attack)"
            )
            assert MARKER not in str(info.value)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_billion_laughs_is_refused_before_parsing(encoding: str) -> None:
    with pytest.raises(MetadataError) as info:
        read_product_xml(_document(encoding, _billion_laughs(depth=9)))
    assert str(info.value) == "<bytes>: refused, the document declares XML entities (possible XXE attack)"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_external_dtd_is_refused_and_never_fetched(
    http_server: _Server, fifo: Path, marker_dtd: Path, encoding: str
) -> None:
    targets = (http_server.url("evil.dtd"), fifo.as_uri(), marker_dtd.as_uri())
    for target in targets:
        data = _document(encoding, f'<!DOCTYPE r SYSTEM "{target}"><r><title>&m;</title></r>')
        with pytest.raises(MetadataError) as info:
            _bounded(lambda data=data: read_product_xml(data), fifo)
        assert str(info.value) == (
            "<bytes>: refused, the document has a DOCTYPE declaration (DTDs are not allowed)"
        )
        assert MARKER not in str(info.value) and HTTP_MARKER not in str(info.value)
    assert http_server.hits == []


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_clean_documents_parse_in_every_encoding(encoding: str) -> None:
    """The decoding is right, not only strict: the same title comes out of every encoding."""
    body = (
        '<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" '
        'xmlns:gco="http://www.isotc211.org/2005/gco"><gmd:identificationInfo><gmd:citation>'
        "<gmd:title><gco:CharacterString>Caf\u00e9 &amp; NDVI &lt;V210&gt;</gco:CharacterString></gmd:title>"
        "</gmd:citation></gmd:identificationInfo></gmd:MD_Metadata>"
    )
    assert read_product_xml(_document(encoding, body)).title == "Caf\u00e9 & NDVI <V210>"


def test_ebcdic_is_refused_with_a_clear_error() -> None:
    data = _declared("IBM037", "<r><title>x</title></r>").encode("cp037")
    assert etree.fromstring(data, metadata._parser()).findtext("title") == "x"  # lxml reads it
    with pytest.raises(MetadataError, match=r"^<bytes>: EBCDIC XML is not supported"):
        read_product_xml(data)


def test_unknown_or_mislabelled_encodings_are_clear_errors() -> None:
    with pytest.raises(MetadataError, match=r"^<bytes>: unknown character encoding 'X-NOPE'"):
        read_product_xml(_declared("X-NOPE", "<r/>").encode("ascii"))
    with pytest.raises(MetadataError, match=r"^<bytes>: declared as UTF-16 but the bytes are not UTF-16"):
        read_product_xml(_declared("UTF-16", "<r/>").encode("ascii"))
    with pytest.raises(MetadataError, match=r"^<bytes>: not well-formed XML \(NUL characters"):
        read_product_xml("<r>x</r>".encode("utf-16-le"))  # UTF-16 without BOM or declaration
