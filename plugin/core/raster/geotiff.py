"""The coordinate system of a GeoTIFF without asking GDAL to rebuild it for every file.

GDAL's ``GetProjection`` on a GeoTIFF turns the file's GeoKeys into WKT through the PROJ database:
about 1.5 ms a file, the largest cost of a field profile over a season (two files a date). The
archive's files of one tile carry byte-identical GeoKeys, so the WKT GDAL built for the first is
the WKT of the others: :func:`dataset_wkt` reads the three GeoKey tags of the first directory
(a few hundred bytes) and asks GDAL only for GeoKeys it has not seen in this process.

GDAL is asked every time when its answer could come from elsewhere than the GeoKeys: another
format, a ``.aux.xml`` beside the file holding an SRS (it wins over the internal one), a PAM
proxy folder or georeferencing sources set by the user, a TIFF this reader does not follow.
"""

from __future__ import annotations

import os
import struct
import threading

from osgeo import gdal

#: GeoKeyDirectoryTag, GeoDoubleParamsTag, GeoAsciiParamsTag (GeoTIFF 1.1, section 7.1)
GEO_TAGS = (34735, 34736, 34737)
#: Bytes per value of the TIFF field types (TIFF 6.0 and BigTIFF)
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8, 17: 8, 18: 8}
_MAX_ENTRIES = 4096  # a first directory longer than this is not a GeoTIFF we know: ask GDAL
_MAX_VALUE_BYTES = 1 << 20

_wkt_by_keys: dict[bytes, str] = {}
_lock = threading.Lock()


def geokeys(path: str) -> bytes | None:
    """The byte order and raw values of the GeoKey tags of the first directory of a (Big)TIFF;
    None when the file is not one, has no GeoKey directory, or cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        return _geokeys(fd)
    except (OSError, struct.error, ValueError):
        return None
    finally:
        os.close(fd)


def _geokeys(fd: int) -> bytes | None:
    head = os.pread(fd, 16, 0)
    order = {b"II": "<", b"MM": ">"}.get(head[:2])
    if order is None:
        return None
    version = struct.unpack(order + "H", head[2:4])[0]
    if version == 42:
        big, offset = False, struct.unpack(order + "I", head[4:8])[0]
        count_fmt, entry_fmt, entry_size, inline = "H", "HHII", 12, 4
    elif version == 43:
        big, offset = True, struct.unpack(order + "Q", head[8:16])[0]
        count_fmt, entry_fmt, entry_size, inline = "Q", "HHQQ", 20, 8
    else:
        return None
    count_size = 8 if big else 2
    (entries,) = struct.unpack(order + count_fmt, os.pread(fd, count_size, offset))
    if not 0 < entries <= _MAX_ENTRIES:
        return None
    directory = os.pread(fd, entries * entry_size, offset + count_size)
    found: dict[int, bytes] = {}
    for k in range(entries):
        raw = directory[k * entry_size : (k + 1) * entry_size]
        tag, kind, n, value = struct.unpack(order + entry_fmt, raw)
        if tag not in GEO_TAGS:
            continue
        size = _TYPE_SIZES.get(kind, 0) * n
        if size == 0 or size > _MAX_VALUE_BYTES:
            return None
        found[tag] = (
            raw[entry_size - inline : entry_size - inline + size]
            if size <= inline
            else os.pread(fd, size, value)
        )
        if len(found[tag]) != size:
            return None
    if GEO_TAGS[0] not in found:
        return None
    parts = [order.encode()] + [found.get(tag, b"") for tag in GEO_TAGS]
    return b"\0".join(struct.pack("<I", len(p)) + p for p in parts)


def _georeferencing_elsewhere(path: str) -> bool:
    """True when GDAL may take the coordinate system from something other than the GeoKeys."""
    if gdal.GetConfigOption("GDAL_PAM_PROXY_DIR") or gdal.GetConfigOption("GDAL_GEOREF_SOURCES"):
        return True
    try:  # QGIS leaves statistics there; only an <SRS> element overrides the GeoKeys
        with open(path + ".aux.xml", "rb") as sidecar:
            text = sidecar.read(_MAX_VALUE_BYTES + 1)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return len(text) > _MAX_VALUE_BYTES or b"<SRS" in text


def dataset_wkt(dataset: gdal.Dataset, path: str) -> str:
    """``dataset.GetProjection()`` ("" when none), reused across GeoTIFFs with the same GeoKeys."""
    driver = dataset.GetDriver()
    if driver is None or driver.ShortName != "GTiff" or _georeferencing_elsewhere(path):
        return dataset.GetProjection() or ""
    keys = geokeys(path)
    if keys is None:
        return dataset.GetProjection() or ""
    with _lock:
        known = _wkt_by_keys.get(keys)
    if known is not None:
        return known
    wkt = dataset.GetProjection() or ""
    with _lock:
        _wkt_by_keys[keys] = wkt
    return wkt
