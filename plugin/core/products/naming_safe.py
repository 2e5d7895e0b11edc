"""Files of an ESA SAFE product whose basename alone does not name their product.

``MTD_MSIL2A.xml``, ``manifest.safe``, ``QI_DATA/MSK_CLDPRB_20m.jp2``, ``preview/quick-look.png`` ...
are the same in every SAFE: the nearest ``.SAFE`` folder on the path gives the product (mission, time,
tile, orbit, level), the basename the file's role. Granule band files and S1 measurement/annotation
files name themselves and are parsed by their family modules.
"""

from __future__ import annotations

import re

from .naming_base import ProductName, ProductNameError, new_record
from .naming_s1 import parse_s1_safe
from .naming_s2 import parse_s2_safe

# (pattern, kind, folder the file must sit in or None): the first match wins. Group 1 is the content
# (the name without extension and resolution), group 2 an optional resolution in metres.
_S2_MEMBERS: tuple[tuple[re.Pattern[str], str, str | None], ...] = (
    (re.compile(r"(MTD_MSIL1C|MTD_MSIL2A|INSPIRE)()\.xml"), "metadata", None),
    (re.compile(r"(MTD_TL|MTD_DS)()\.xml"), "metadata", None),
    (re.compile(r"(MSK_(?:CLDPRB|SNWPRB))_(20|60)m\.jp2"), "quality", "QI_DATA"),
    (re.compile(r"(MSK_[A-Z]{6}_B(?:0[0-9]|1[0-2]|8A))()\.(?:jp2|gml)"), "quality", "QI_DATA"),
    (re.compile(r"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)()\.xml"), "quality", "QI_DATA"),  # quality reports
    (re.compile(r"(AUX_[A-Z0-9]+)()"), "metadata", "AUX_DATA"),  # ECMWF/CAMS inputs, not layers
    (re.compile(r"(UserProduct_index|banner_[0-9]|star_bg)()\.(?:html|xsl|png|jpg)"), "metadata", "HTML"),
    (re.compile(r"([A-Za-z0-9][A-Za-z0-9_.-]*?)()\.xsd"), "metadata", "rep_info"),
)
_S1_MEMBERS: tuple[tuple[re.Pattern[str], str, str | None], ...] = (
    (re.compile(r"(quick-look|thumbnail)()\.png"), "quicklook", "preview"),
    (re.compile(r"(map-overlay|product-preview)()\.(?:kml|html)"), "metadata", "preview"),
    (re.compile(r"(logo)()\.png"), "metadata", "icons"),
    (re.compile(r"([A-Za-z0-9][A-Za-z0-9_.-]*?)()\.xsd"), "metadata", "support"),
)
_MANIFEST = (re.compile(r"(manifest)()\.safe"), "metadata", None)
_S2_TABLE = (_MANIFEST, *_S2_MEMBERS)
_S1_TABLE = (_MANIFEST, *_S1_MEMBERS)
_NOT_A_MEMBER = "not a known file of an {family} SAFE product (metadata, quality, preview or support file)"
NEEDS_SAFE_PATH = "a file of a SAFE product: give its path inside the .SAFE folder to name its product"


def _safe_of(parts: list[str]) -> ProductName | None:
    """The product of the nearest ``.SAFE`` folder among ``parts`` (outermost first), or None.

    A ``.SAFE`` folder whose name is not a SAFE product name raises its own ProductNameError.
    """
    for part in reversed(parts):
        if part.endswith(".SAFE"):
            return parse_s2_safe(part) if part[:2] == "S2" else parse_s1_safe(part)
    return None


def looks_like_member(name: str) -> bool:
    """True for a basename that is a SAFE member's (used to explain why it needs its path)."""
    return any(pattern.fullmatch(name) for pattern, _kind, _folder in (*_S2_TABLE, *_S1_TABLE))


def parse_safe_member(text: str, name: str) -> ProductName | None:
    """The record of the file ``name`` at path ``text`` inside a SAFE; None when no ``.SAFE`` folder is on it.

    Raises ProductNameError for a name a SAFE does not hold, or one in the wrong folder.
    """
    parts = text.replace("\\", "/").rstrip("/").split("/")[:-1]
    safe = _safe_of(parts)
    if safe is None:
        return None
    table = _S2_TABLE if safe.family == "S2_SAFE" else _S1_TABLE
    parent = parts[-1] if parts else ""
    for pattern, kind, folder in table:
        m = pattern.fullmatch(name)
        if m is None or (folder is not None and parent != folder):
            continue
        content, res = m.group(1), m.group(2)
        ext = name[len(content) + (len(res) + 2 if res else 0) :]  # after "<content>[_<res>m]"
        if content in ("MTD_MSIL1C", "MTD_MSIL2A") and content[-3:] != safe.product:
            raise ProductNameError(name, f"{content}.xml does not belong in an {safe.product} SAFE")
        return new_record(
            ProductName,
            (safe.family, safe.mission, safe.start, safe.end, safe.tile, safe.epsg, safe.product, content,
             int(res) if res else None, None, kind, ext, "safe_file", None, safe.orbit, safe.baseline,
             safe.extra),
        )  # fmt: skip
    raise ProductNameError(name, _NOT_A_MEMBER.format(family=safe.family[:2]))


def fmt_safe_file(rec: ProductName) -> str:
    res = f"_{rec.resolution}m" if rec.resolution is not None else ""
    return f"{rec.content}{res}{rec.ext}"
