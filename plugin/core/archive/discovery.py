"""Collection discovery: collections are found by their layout, not from a fixed list.

A folder whose children are year folders (``YYYY``) holding month folders (``MM``, layout ``"ymd"``:
``YYYY/MM/DD/<product>``) or day folders (``YYYYMMDD``, layout ``"y_ymd"``: ``YYYY/YYYYMMDD/<product>``),
found at most :data:`DISCOVERY_DEPTH` levels below a root. A root that is itself such a folder, or a
plain folder of downloaded products (layout ``"flat"``), works as well.
"""

from __future__ import annotations

import json
import os
import re
import time as _time
from dataclasses import dataclass

from ..products.names import FAMILIES, ProductNameError, parse_name
from .listing_cache import Entry
from .walker import _Walker

DISCOVERY_DEPTH = 5  # CGS_S1/CGS_S1_GRD_L1/IW/HR/DV is five levels below /data/MTDA
DISCOVERY_MAX_FOLDERS = 5000  # a runaway discovery (a huge non-archive tree) stops here
_GENERIC_FOLDER = re.compile(r"[A-Z0-9]{1,3}|COG", re.ASCII)  # "DV", "HR", "COG": prefix the parent


@dataclass(frozen=True)
class Collection:
    id: str
    path: str
    root: str
    family: str
    label: str
    layout: str  # "ymd" (YYYY/MM/DD), "y_ymd" (YYYY/YYYYMMDD) or "flat" (products directly inside)


def default_roots(base: str = "/data", user: str | None = None) -> list[str]:
    """``{base}/MTDA`` when present, plus ``{base}/users/{Public,Private}/$USER`` when present."""
    if user is None:
        try:
            import getpass  # only when no root is given: not on the command line's common path

            user = getpass.getuser()
        except (KeyError, OSError):
            user = ""
    candidates = [os.path.join(base, "MTDA")]
    if user:
        candidates += [
            os.path.join(base, "users", "Public", user),
            os.path.join(base, "users", "Private", user),
        ]
    return [path for path in candidates if os.path.isdir(path)]


# --------------------------------------------------------------------------- folder names
def _is_year(name: str) -> bool:
    return len(name) == 4 and name.isdigit() and 1950 <= int(name) <= 2100


def _is_month(name: str) -> bool:
    return len(name) == 2 and name.isdigit() and 1 <= int(name) <= 12


def _is_day(name: str) -> bool:
    return len(name) == 2 and name.isdigit() and 1 <= int(name) <= 31


def _is_ymd(name: str, year: str) -> bool:
    return len(name) == 8 and name.isdigit() and name.startswith(year)


_FAMILY_BY_ID = (
    (re.compile(r"TOC_V\d"), "S2_TOC"),
    (re.compile(r"(NDVI|FAPAR|FCOVER|LAI|CCC|CWC)_V\d"), "S2_BIOPAR"),
    (re.compile(r"CGS_S1_GRD_SIGMA0"), "S1_SIGMA0"),
    (re.compile(r"(SLC_)?COHERENCE"), "S1_COHERENCE"),
    (re.compile(r"CGS_S1_GRD_L1"), "S1_SAFE"),
    (re.compile(r"(TIFFDERIVED_)?PROBAV_"), "PROBAV"),
    (re.compile(r"BioPar_", re.IGNORECASE), "CGLS"),
)


def _family_from_id(collection_id: str) -> str | None:
    for pattern, family in _FAMILY_BY_ID:
        if pattern.match(collection_id):
            return family
    return None


# --------------------------------------------------------------------------- discovery
def _root_problem(root: str) -> str | None:
    if not os.path.exists(root):
        return f"archive root {root} does not exist (not mounted?)"
    if not os.path.isdir(root):
        return f"archive root {root} is not a folder"
    if not os.access(root, os.R_OK | os.X_OK):
        return (
            f"archive root {root}: permission denied (ask its owner for access, or remove it from the roots)"
        )
    return None


def _discover(root: str, walker: _Walker) -> list[Collection]:
    """Collections under ``root`` by layout, breadth first, at most DISCOVERY_DEPTH levels down."""
    found: list[Collection] = []
    queue: list[tuple[str, str, int]] = [(root, "", 0)]  # path, id prefix, depth
    budget = DISCOVERY_MAX_FOLDERS
    while queue and budget > 0:
        path, prefix, depth = queue.pop(0)
        budget -= 1
        entries = walker.list_dir(path)
        if entries is None:
            continue
        folder = os.path.basename(path) or path
        collection_id = f"{prefix}_{folder}" if prefix and _GENERIC_FOLDER.fullmatch(folder) else folder
        layout = _date_layout(path, entries, walker)
        if layout is None and _holds_products(entries):
            layout = "flat"
        if layout is not None:
            found.append(_collection(collection_id, path, root, layout, walker))
            continue
        if depth >= DISCOVERY_DEPTH:
            continue
        for name, kind in sorted(entries):
            if kind == "f" or name.startswith("."):
                continue
            child = f"{path}/{name}"
            if kind == "l" and not walker.may_enter_link(path, child):
                continue
            queue.append((child, collection_id if depth else "", depth + 1))
    return sorted(found, key=lambda c: (c.id.lower(), c.path))


def _discover_cached(root: str, walker: _Walker) -> list[Collection]:
    """:func:`_discover`, answered from the cache while every folder it listed is unchanged.

    Not stored when discovery skipped a path or entered a symbolic link (both must happen again on
    each search) or a folder changed too recently to be trusted.
    """
    cache = walker.cache
    if cache is None:
        return _discover(root, walker)
    data = cache.get_discovery(root)
    if data is not None:
        folders, rows = json.loads(data)
        if all(_mtime_is(path, mtime) for path, mtime in folders):
            walker.cached += len(folders)
            return [Collection(*row) for row in rows]
    skipped, links = len(walker.skipped), len(walker.visited_links)
    walker.visited = []
    try:
        found = _discover(root, walker)
    finally:
        folders, walker.visited = walker.visited, None
    now = _time.time_ns()
    clean = len(walker.skipped) == skipped and len(walker.visited_links) == links
    if clean and not any(cache.is_recent(mtime, now) for _path, mtime in folders):
        rows = [[c.id, c.path, c.root, c.family, c.label, c.layout] for c in found]
        cache.put_discovery(root, json.dumps([folders, rows]))
    return found


def _mtime_is(path: str, mtime: int) -> bool:
    try:
        return os.stat(path).st_mtime_ns == mtime
    except OSError:
        return False


def _date_layout(path: str, entries: list[Entry], walker: _Walker) -> str | None:
    """ "ymd" or "y_ymd" when ``path`` holds year folders of month or day folders, else None."""
    years = sorted((name for name, kind in entries if kind != "f" and _is_year(name)), reverse=True)
    for year in years[:3]:  # the newest years; an empty one is tolerated
        children = walker.list_dir(f"{path}/{year}") or ()
        names = [name for name, kind in children if kind != "f"]
        if any(_is_month(name) for name in names):
            return "ymd"
        if any(_is_ymd(name, year) for name in names):
            return "y_ymd"
    return None


def _holds_products(entries: list[Entry]) -> bool:
    for name, _kind in entries:
        try:
            parse_name(name)
        except ProductNameError:
            continue
        return True
    return False


def _collection(collection_id: str, path: str, root: str, layout: str, walker: _Walker) -> Collection:
    family = _family_from_id(collection_id) or _probe_family(path, layout, walker) or "unknown"
    label = f"{FAMILIES.get(family, 'Unknown products')} ({collection_id})"
    return Collection(id=collection_id, path=path, root=root, family=family, label=label, layout=layout)


def _probe_family(path: str, layout: str, walker: _Walker) -> str | None:
    """Family of the first product found under a collection of unknown id."""
    depth = {"flat": 0, "y_ymd": 2, "ymd": 3}[layout]
    for _ in range(depth):
        entries = walker.list_dir(path)
        folders = sorted(name for name, kind in entries or () if kind != "f")
        if not folders:
            return None
        path = f"{path}/{folders[-1]}"
    for name, _kind in sorted(walker.list_dir(path) or ()):
        try:
            return parse_name(name).family
        except ProductNameError:
            continue
    return None
