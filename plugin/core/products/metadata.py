"""Secure parsing of Terrascope product metadata: ISO 19139 product XML and Sentinel-1 ``manifest.safe``.

Secure by construction, in two layers that each hold on their own:

- the document is decoded here (BOM, UTF-16/32 byte patterns, then the declared encoding), any
  document type or entity declaration (where XXE and billion-laughs attacks live) is refused in
  the decoded text, and lxml is handed that same text without its encoding declaration, so the
  parser cannot read the bytes differently from the check (a UTF-16 or UTF-7 ``<!DOCTYPE`` is
  invisible to a byte scan);
- the parser never resolves entities, never loads a DTD, never touches the network and refuses
  huge trees (:data:`PARSER_OPTIONS`).

Files above :data:`MAX_XML_BYTES` are refused before they are read. Every failure is a
:class:`MetadataError` naming the file and saying what was wrong.

Elements are matched by local name, so unknown or missing namespace prefixes do not matter; a
missing element gives ``None`` (reference §5: no real product-level file was available, the ISO
places are inferred).
"""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from lxml import etree

__all__ = [
    "MAX_XML_BYTES",
    "PARSER_OPTIONS",
    "MetadataError",
    "ProductMetadata",
    "SafeManifest",
    "read_manifest_safe",
    "read_product_xml",
]

MAX_XML_BYTES = 16 * 1024 * 1024  # product XMLs are ~40 KB, manifests ~30 KB: 16 MB is generous

Source = str | os.PathLike[str] | bytes
BBox = tuple[float, float, float, float]  # lon/lat W, S, E, N

# Any DOCTYPE is refused: legitimate product metadata has none, and it is where entity tricks live.
# Matched in the decoded text, never in the raw bytes (see the module docstring).
_DOCTYPE_RE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_ENTITY_RE = re.compile(r"<!ENTITY", re.IGNORECASE)

#: The lxml parser settings; the security tests relax one at a time to check each holds alone.
PARSER_OPTIONS: Mapping[str, bool] = MappingProxyType(
    {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "dtd_validation": False,
        "huge_tree": False,
        "remove_comments": True,
        "remove_pis": True,
        "recover": False,
    }
)

# Byte signatures of XML 1.0 Appendix F, longest first: (prefix, Python codec).
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: FF FE is a prefix of FF FE 00 00
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)
_EBCDIC_XML = b"\x4c\x6f\xa7\x94"  # "<?xm" in EBCDIC
# The XML declaration (at the very start): its encoding pseudo-attribute, if any.
_DECLARATION_RE = re.compile(r"\A<\?xml[ \t\r\n][^>]*?\?>")
_ENCODING_RE = re.compile(r"""[ \t\r\n]encoding[ \t\r\n]*=[ \t\r\n]*(["'])([A-Za-z][A-Za-z0-9._-]*)\1""")


class MetadataError(ValueError):
    """A metadata file that cannot be read safely: the message names the file and the reason."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(**PARSER_OPTIONS)


def _read_bytes(source: Source, limit: int) -> tuple[bytes, str]:
    """The raw document and a label for messages; never reads more than ``limit + 1`` bytes."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        label = "<bytes>"
    else:
        label = os.fspath(source)
        try:
            info = os.stat(label)
            if not stat.S_ISREG(info.st_mode):  # a FIFO would block the reader forever
                raise MetadataError(f"{label}: not a regular file, expected an XML document")
            size = info.st_size
            if size > limit:
                raise MetadataError(f"{label}: {size} bytes is larger than the {limit}-byte metadata limit")
            with open(label, "rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            raise MetadataError(f"{label}: cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise MetadataError(f"{label}: larger than the {limit}-byte metadata limit")
    if not data.strip():
        raise MetadataError(f"{label}: the file is empty, expected an XML document")
    return data, label


def _declared_encoding(data: bytes) -> str | None:
    """The encoding named by the XML declaration of an ASCII-compatible document, if any."""
    declaration = _DECLARATION_RE.match(data[:1024].decode("latin-1"))
    match = _ENCODING_RE.search(declaration.group(0)) if declaration else None
    return match.group(2) if match else None


def _codec(data: bytes, label: str) -> str:
    """The Python codec of the document, as XML 1.0 Appendix F detects it."""
    for prefix, codec in _SIGNATURES:
        if data.startswith(prefix):
            return codec
    if data.startswith(_EBCDIC_XML):
        raise MetadataError(f"{label}: EBCDIC XML is not supported; Terrascope metadata is UTF-8")
    declared = _declared_encoding(data)
    if declared is None:
        return "utf-8"  # the XML default
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        raise MetadataError(
            f"{label}: unknown character encoding {declared!r} in the XML declaration"
        ) from None
    if name.startswith(("utf-16", "utf-32")):  # a wide encoding would not start with "<?xml" bytes
        raise MetadataError(f"{label}: declared as {declared} but the bytes are not {declared}")
    return name


def _decode(data: bytes, label: str) -> str:
    """The document as text, decoded here rather than by libxml2 so the checks see what it parses."""
    codec = _codec(data, label)
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError) as exc:
        raise MetadataError(f"{label}: not well-formed XML (not valid {codec}: {exc})") from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise MetadataError(f"{label}: not well-formed XML (NUL characters; wrong encoding?)")
    return text


def _refuse_declarations(text: str, label: str) -> None:
    if _ENTITY_RE.search(text):
        raise MetadataError(f"{label}: refused, the document declares XML entities (possible XXE attack)")
    if _DOCTYPE_RE.search(text):
        raise MetadataError(
            f"{label}: refused, the document has a DOCTYPE declaration (DTDs are not allowed)"
        )


def _parse_text(text: str, label: str) -> etree._Element:
    """Parse decoded text: its XML declaration is dropped (lxml refuses text that names an
    encoding, and libxml2 must not switch to one), so the parser reads exactly ``text``."""
    declaration = _DECLARATION_RE.match(text)
    if declaration:
        text = text[declaration.end() :]
    try:
        root = etree.fromstring(text, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise MetadataError(f"{label}: not well-formed XML ({exc})") from exc
    except ValueError as exc:  # e.g. control characters lxml refuses in text
        raise MetadataError(f"{label}: cannot decode the XML ({exc})") from exc
    docinfo = root.getroottree().docinfo
    # Third line of defence: a DOCTYPE the text check missed is still refused.
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise MetadataError(
            f"{label}: refused, the document has a DOCTYPE declaration (DTDs are not allowed)"
        )
    return root


def _parse(source: Source, limit: int = MAX_XML_BYTES) -> tuple[etree._Element, str]:
    data, label = _read_bytes(source, limit)
    text = _decode(data, label)
    _refuse_declarations(text, label)
    return _parse_text(text, label), label


class _Index:
    """Elements of a document by local name, in document order."""

    def __init__(self, root: etree._Element) -> None:
        self.by_name: dict[str, list[etree._Element]] = {}
        for element in root.iter():
            if isinstance(element.tag, str):
                self.by_name.setdefault(etree.QName(element).localname, []).append(element)

    def all(self, name: str) -> list[etree._Element]:
        return self.by_name.get(name, [])

    def first(self, name: str, within: str | None = None) -> etree._Element | None:
        for element in self.all(name):
            if within is None or _has_ancestor(element, within):
                return element
        return None

    def text(self, name: str, within: str | None = None) -> str | None:
        element = self.first(name, within)
        return None if element is None else _text(element)


def _has_ancestor(element: etree._Element, name: str) -> bool:
    return any(etree.QName(parent).localname == name for parent in element.iterancestors())


def _text(element: etree._Element) -> str | None:
    """Stripped text of an element, or of its first descendant with text (gco:CharacterString …)."""
    for node in element.iter():
        if isinstance(node.tag, str) and node.text and node.text.strip():
            return node.text.strip()
    return None


def _float(text: str | None) -> float | None:
    """A finite number, else None: "NaN" means unknown, and would also break the JSON output."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def parse_datetime(text: str | None) -> datetime | None:
    """ISO 8601 date/time to an aware UTC datetime; no zone means UTC (S1 manifests omit the ``Z``)."""
    if not text:
        return None
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    # Python 3.11 accepts at most 6 fractional digits: trim longer fractions.
    value = re.sub(r"(\.\d{6})\d+", r"\1", value)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json_value(item) for item in value]
    return value


@dataclass(frozen=True)
class ProductMetadata:
    """What a Terrascope product XML (ISO 19139 / INSPIRE) tells a user; ``None`` when absent."""

    title: str | None = None
    identifier: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    bbox: BBox | None = None
    cloud_cover: float | None = None  # percent
    platform: str | None = None
    instrument: str | None = None
    processing_baseline: str | None = None
    orbit: int | None = None
    orbit_direction: str | None = None
    organisation: str | None = None
    abstract: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {key: _json_value(value) for key, value in asdict(self).items()}


@dataclass(frozen=True)
class SafeManifest:
    """The useful fields of a Sentinel-1 ``manifest.safe`` (reference §5)."""

    mission: str | None = None  # "S1A"
    platform: str | None = None  # "SENTINEL-1A"
    mode: str | None = None  # "IW"
    product_type: str | None = None  # "GRD"
    polarisations: tuple[str, ...] = ()
    start: datetime | None = None
    stop: datetime | None = None
    orbit: int | None = None
    relative_orbit: int | None = None
    pass_direction: str | None = None  # "ASCENDING" / "DESCENDING"
    footprint: tuple[tuple[float, float], ...] = ()  # (lon, lat) ring
    bbox: BBox | None = None

    def to_json(self) -> dict[str, Any]:
        return {key: _json_value(value) for key, value in asdict(self).items()}


def _bbox(index: _Index) -> BBox | None:
    values = [_float(index.text(name)) for name in ("westBoundLongitude", "southBoundLatitude",
                                                    "eastBoundLongitude", "northBoundLatitude")]  # fmt: skip
    if any(value is None for value in values):
        return None
    west, south, east, north = values
    return (west, south, east, north)  # type: ignore[return-value]


def _first_text(index: _Index, names: Iterable[str], within: str | None = None) -> str | None:
    for name in names:
        text = index.text(name, within)
        if text:
            return text
    return None


_BASELINE_RE = re.compile(r"processing baseline\s*:?\s*([0-9][0-9.]*[0-9])", re.IGNORECASE)
_ORBIT_RE = re.compile(r"relative orbit\s*:?\s*(\d+)", re.IGNORECASE)
_PLATFORM_RE = re.compile(r"^(Sentinel-\d[A-D]?|PROBA-V)$", re.IGNORECASE)


def _baseline(index: _Index) -> str | None:
    """A processing-baseline element, else "processing baseline 02.09" in the lineage text."""
    for name, elements in index.by_name.items():
        if "baseline" in name.lower():
            for element in elements:
                text = _text(element)
                if text:
                    return text
    for name in ("statement", "description"):
        for element in index.all(name):
            match = _BASELINE_RE.search(_text(element) or "")
            if match:
                return match.group(1)
    return None


def _keyword(index: _Index, pattern: re.Pattern[str]) -> str | None:
    """First keyword matching ``pattern`` (its first group when it has one)."""
    for element in index.all("keyword"):
        match = pattern.search(_text(element) or "")
        if match:
            return match.group(1)
    return None


def read_product_xml(source: Source, *, limit: int = MAX_XML_BYTES) -> ProductMetadata:
    """Parse a product XML (path or bytes) into :class:`ProductMetadata`."""
    root, _label = _parse(source, limit)
    index = _Index(root)
    title = index.text("title", within="identificationInfo") or index.text("title")
    start = parse_datetime(_first_text(index, ("beginPosition", "begin")))
    end = parse_datetime(_first_text(index, ("endPosition", "end")))
    if start is None:
        start = parse_datetime(index.text("timePosition"))
    return ProductMetadata(
        title=title,
        identifier=index.text("fileIdentifier") or index.text("identifier", within="citation"),
        start=start,
        end=end if end is not None else start,
        bbox=_bbox(index),
        cloud_cover=_float(index.text("cloudCoverPercentage")),
        platform=_first_text(index, ("code", "identifier", "description"), within="platform")
        or _keyword(index, _PLATFORM_RE),
        instrument=_first_text(index, ("code", "identifier", "description"), within="instrument"),
        processing_baseline=_baseline(index),
        orbit=_int(_first_text(index, ("relativeOrbitNumber", "orbitNumber", "relativeOrbit", "orbit")))
        or _int(_keyword(index, _ORBIT_RE)),
        orbit_direction=_first_text(index, ("orbitDirection", "pass")),
        organisation=index.text("organisationName"),
        abstract=index.text("abstract"),
    )


def _orbit(index: _Index, name: str) -> int | None:
    elements = index.all(name)
    for element in elements:
        if element.get("type", "start") == "start":
            return _int(_text(element))
    return None


def _footprint(text: str | None) -> tuple[tuple[float, float], ...]:
    """``"lat,lon lat,lon …"`` (reference §5) to ``((lon, lat), …)``; empty when malformed."""
    if not text:
        return ()
    points = []
    for pair in text.split():
        lat, _, lon = pair.partition(",")
        lat_value, lon_value = _float(lat), _float(lon)
        if lat_value is None or lon_value is None:
            return ()
        points.append((lon_value, lat_value))
    return tuple(points)


def read_manifest_safe(source: Source, *, limit: int = MAX_XML_BYTES) -> SafeManifest:
    """Parse a Sentinel-1 ``manifest.safe`` (path or bytes) into :class:`SafeManifest`."""
    root, label = _parse(source, limit)
    if etree.QName(root).localname != "XFDU":
        raise MetadataError(f"{label}: not a SAFE manifest (root element {etree.QName(root).localname!r})")
    index = _Index(root)
    family = index.text("familyName", within="platform")
    number = index.text("number", within="platform")
    platform = f"{family}{number}" if family and number else family
    mission = None
    if family and family.upper().startswith("SENTINEL-") and number:
        mission = "S" + family[len("SENTINEL-") :] + number
    footprint = _footprint(index.text("coordinates", within="footPrint"))
    bbox = None
    if footprint:
        lons = [lon for lon, _ in footprint]
        lats = [lat for _, lat in footprint]
        bbox = (min(lons), min(lats), max(lons), max(lats))
    return SafeManifest(
        mission=mission,
        platform=platform,
        mode=index.text("mode", within="instrumentMode"),
        product_type=index.text("productType"),
        polarisations=tuple(
            text for text in (_text(e) for e in index.all("transmitterReceiverPolarisation")) if text
        ),
        start=parse_datetime(index.text("startTime", within="acquisitionPeriod")),
        stop=parse_datetime(index.text("stopTime", within="acquisitionPeriod")),
        orbit=_orbit(index, "orbitNumber"),
        relative_orbit=_orbit(index, "relativeOrbitNumber"),
        pass_direction=index.text("pass"),
        footprint=footprint,
        bbox=bbox,
    )
