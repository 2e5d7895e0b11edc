"""Folder walking for the catalogue: listings through the listing cache, day-folder indexes
(tile and newest-version flags per entry) and product file records validated by folder mtimes.

Messy mounts (permission denied, symlink loops, files that vanish during the scan) never stop a walk:
each is recorded as a :class:`SkippedPath`.
"""

from __future__ import annotations

import json
import os
import re
import time as _time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..products.names import ProductName, ProductNameError, parse_name
from .listing_cache import Entry, ListingCache

PRODUCT_DEPTH = 6  # folders below a product folder (10M/, V1 nesting, SAFE granules)


@dataclass(frozen=True)
class SkippedPath:
    path: str
    reason: str


@lru_cache(maxsize=256)
def _version_key(version: str | None) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version or ""))


# --------------------------------------------------------------------------- walking
class _Walker:
    """Lists folders through the cache and records what it had to skip."""

    def __init__(self, cache: ListingCache | None, skipped: list[SkippedPath]) -> None:
        self.cache = cache
        self.skipped = skipped
        self.visited_links: set[str] = set()
        self.listed = 0  # folders read with scandir
        self.cached = 0  # folders served by the cache
        self.visited: list[list[Any]] | None = None  # [path, mtime_ns] of listed folders, when recording

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append(SkippedPath(path, reason))

    def preload(self, path: str) -> None:
        """Let the cache read the listings of ``path`` and all folders below it in one query."""
        if self.cache is not None:
            self.cache.preload(path)

    def skip_junk(self, folder: str, name: str, kind: str) -> None:
        """An entry that has no business at a date level of a collection."""
        self.skip(f"{folder}/{name}", "unrelated file" if kind == "f" else "not a date folder")

    def skip_error(self, path: str, exc: OSError) -> None:
        if isinstance(exc, PermissionError):
            self.skip(path, "permission denied")
        elif isinstance(exc, FileNotFoundError):
            self.skip(path, "vanished during the scan")
        elif isinstance(exc, NotADirectoryError):
            self.skip(path, "not a folder")
        else:
            self.skip(path, f"cannot list the folder ({exc.strerror or exc})")

    def list_dir(self, path: str) -> list[Entry] | None:
        """Children of ``path`` as (name, kind); None (and a skipped record) when it cannot be read."""
        cache = self.cache
        try:
            if cache is None:
                entries = _scan_entries(path)
            else:
                mtime = os.stat(path).st_mtime_ns
                if self.visited is not None:
                    self.visited.append([path, mtime])
                cached = cache.get(path, mtime)
                if cached is not None:
                    self.cached += 1
                    return cached
                entries, listed_mtime = _scan_with_mtime(path)
                if listed_mtime != mtime and self.visited is not None:
                    self.visited[-1][1] = listed_mtime
                mtime = listed_mtime
        except OSError as exc:
            self.skip_error(path, exc)
            return None
        self.listed += 1
        if cache is not None:
            cache.put(path, mtime, entries)
        return entries

    def list_with_mtime(self, path: str) -> tuple[list[Entry], int] | None:
        """Like :meth:`list_dir`, uncached, with the folder's mtime as read before its listing.

        Without a cache the mtime is not needed (0): a plain ``scandir`` is cheaper.
        """
        try:
            listed = _scan_with_mtime(path) if self.cache is not None else (_scan_entries(path), 0)
        except OSError as exc:
            self.skip_error(path, exc)
            return None
        self.listed += 1
        return listed

    # ------------------------------------------------------------------ day folders (subtrees)
    def open_tree(self, folder: str) -> _Tree | None:
        """The index of ``folder`` and the product records below it, from the cache when valid."""
        cache = self.cache
        stored: dict[str, Any] = {}
        if cache is not None:
            row = cache.get_subtree(folder)
            if row is not None:
                try:
                    fd, mtime = _open_folder(folder)
                except OSError as exc:
                    self.skip_error(folder, exc)
                    return None
                index, stored = json.loads(row[1])
                if mtime == row[0]:
                    self.cached += 1
                    tree = _Tree(folder, mtime, index, stored, {})
                    tree.fd = fd
                    return tree
                if fd is not None:
                    os.close(fd)
        listed = self.list_with_mtime(folder)
        if listed is None:
            return None
        entries, mtime = listed
        index, parsed = _index(entries)
        names = {item[0] for item in index}
        # Product records of the old listing stay: each one is validated by its own folders' mtimes.
        records = {name: record for name, record in stored.items() if name in names}
        tree = _Tree(folder, mtime, index, records, parsed)
        tree.changed = cache is not None
        return tree

    def close_tree(self, tree: _Tree) -> None:
        """Store a tree that changed, unless its folder is too recent to be trusted."""
        if tree.fd is not None:
            os.close(tree.fd)
            tree.fd = None
        cache = self.cache
        if cache is None or not tree.changed or cache.is_recent(tree.mtime, _time.time_ns()):
            return
        cache.put_subtree(tree.path, tree.mtime, json.dumps([tree.index, tree.records]))

    def product_files(self, tree: _Tree, entry_name: str) -> list[str] | None:
        """Relative file paths below a product folder: its record when every folder in it is unchanged."""
        path = f"{tree.path}/{entry_name}"
        record = tree.records.get(entry_name)
        if record is not None:
            if _unchanged(tree, entry_name, record[1]):
                self.cached += len(record[1])
                return record[0]
            del tree.records[entry_name]
            tree.changed = True
        files: list[str] = []
        folders: list[list[Any]] = []
        cacheable = self._walk_product(path, "", 0, files, folders)
        if cacheable is None:
            return None
        files.sort()
        cache = self.cache
        if cacheable and cache is not None:
            now = _time.time_ns()
            if not any(cache.is_recent(mtime, now) for _rel, mtime in folders):
                tree.records[entry_name] = [files, folders]
                tree.changed = True
        return files

    def _walk_product(
        self, path: str, rel: str, depth: int, files: list[str], folders: list[list[Any]]
    ) -> bool | None:
        """Collect files below ``path``; True when the result may be cached, None if it cannot be listed.

        Folders reached through a symbolic link, or below an unreadable one, are not cached: entering
        a link depends on what this search visited before.
        """
        listed = self.list_with_mtime(path)
        if listed is None:
            return None
        entries, mtime = listed
        folders.append([rel, mtime])
        cacheable = True
        for name, kind in entries:
            child_rel = f"{rel}/{name}" if rel else name
            if kind == "f":
                files.append(child_rel)
                continue
            if depth >= PRODUCT_DEPTH:
                continue
            child = f"{path}/{name}"
            if kind == "l":
                cacheable = False
                if not self.may_enter_link(path, child):
                    continue
            if not self._walk_product(child, child_rel, depth + 1, files, folders):
                cacheable = False
        return cacheable

    def may_enter_link(self, parent: str, child: str) -> bool:
        """A symlinked folder is entered once, and never when it leads back to an ancestor."""
        target = os.path.realpath(child)
        here = os.path.realpath(parent)
        if target == here or here.startswith(target + os.sep) or target in self.visited_links:
            self.skip(child, "symlink loop or folder already visited through another link")
            return False
        self.visited_links.add(target)
        return True


_FD_LISTING = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")


def _entries(iterator: Iterator[os.DirEntry[str]]) -> list[Entry]:
    """``(name, kind)`` with kind "d" (folder), "l" (link to a folder) or "f"; from the d_type of
    the listing, no ``stat``. Inlined: this runs once per entry of the whole archive."""
    return [(e.name, ("l" if e.is_symlink() else "d") if e.is_dir() else "f") for e in iterator]


def _scan_entries(path: str) -> list[Entry]:
    with os.scandir(path) as iterator:
        return _entries(iterator)


def _scan_with_mtime(path: str) -> tuple[list[Entry], int]:
    """Listing and mtime of a folder; the mtime is read first, so a later change gives a new one.

    Through one open descriptor (``fstat`` + ``scandir(fd)``): cheaper than a second path lookup.
    """
    if not _FD_LISTING:
        mtime = os.stat(path).st_mtime_ns
        return _scan_entries(path), mtime
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        mtime = os.fstat(fd).st_mtime_ns
        with os.scandir(fd) as iterator:
            return _entries(iterator), mtime
    finally:
        os.close(fd)


def _open_folder(path: str) -> tuple[int | None, int]:
    """A descriptor of a folder (None where unsupported) and its mtime."""
    if not _FD_LISTING:
        return None, os.stat(path).st_mtime_ns
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return fd, os.fstat(fd).st_mtime_ns
    except OSError:
        os.close(fd)
        raise


def _unchanged(tree: _Tree, entry_name: str, folders: list[list[Any]]) -> bool:
    """Every ``[relative folder, mtime_ns]`` of a product record still has that mtime.

    Relative to the day folder's descriptor when the tree has one: a short lookup per ``stat``.
    """
    fd = tree.fd
    base = entry_name if fd is not None else f"{tree.path}/{entry_name}"
    for rel, mtime in folders:
        try:
            if os.stat(f"{base}/{rel}" if rel else base, dir_fd=fd).st_mtime_ns != mtime:
                return False
        except OSError:
            return False
    return True


# Folder index entry (JSON in the listing cache): [name, kind, status, tile, newest] with status
# 0 not a product name, 1 product, 2 V1 container (…_CGS_V102_000 holding the product folders) and
# newest 1 when no entry of the folder with the same group key has a higher version.
_JUNK, _PRODUCT, _CONTAINER = 0, 1, 2
IndexEntry = list[Any]


def _index(entries: list[Entry]) -> tuple[list[IndexEntry], dict[str, ProductName]]:
    """Index of a folder's entries, sorted by name, and the names parsed on the way."""
    parsed: dict[str, ProductName] = {}
    newest: dict[tuple[Any, ...], tuple[tuple[int, ...], str]] = {}
    index: list[IndexEntry] = []
    for entry_name, kind in sorted(entries):
        try:
            name = parse_name(entry_name)
        except ProductNameError:
            index.append([entry_name, kind, _JUNK, None, 0])
            continue
        parsed[entry_name] = name
        status = _CONTAINER if name.family == "S2_CGS" and kind != "f" else _PRODUCT
        index.append([entry_name, kind, status, name.tile, 0])
        key, version = _group_key(name), _version_key(name.version)
        best = newest.get(key)
        if best is None or version > best[0]:
            newest[key] = (version, entry_name)
    winners = {entry_name for _version, entry_name in newest.values()}
    for item in index:
        if item[0] in winners:
            item[4] = 1
    return index, parsed


class _Tree:
    """One day folder (or flat folder, or V1 container) during a search: index and product records.

    ``records`` maps a product folder name to ``[files, folders]``: its relative file paths and the
    ``[relative folder, mtime_ns]`` of every folder they were listed from.
    """

    __slots__ = ("path", "mtime", "index", "records", "parsed", "changed", "fd")

    def __init__(
        self,
        path: str,
        mtime: int,
        index: list[IndexEntry],
        records: dict[str, list[Any]],
        parsed: dict[str, ProductName],
    ) -> None:
        self.path = path
        self.mtime = mtime
        self.index = index
        self.records = records
        self.parsed = parsed
        self.changed = False
        self.fd: int | None = None  # open descriptor of a folder answered from the cache


def _group_key(name: ProductName) -> tuple[Any, ...]:
    return (name.family, name.mission, name.start, name.end, name.tile, name.product,
            name.content, name.resolution, name.orbit, name.direction, name.ext)  # fmt: skip
