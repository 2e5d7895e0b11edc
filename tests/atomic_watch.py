"""Watch output files while a run writes them: the kernel's own record and a polling reader.

Used by tests/unit/test_atomic_outputs.py and tests/qgis/test_atomic_outputs.py (no Qt, no
QGIS here), with the GeoTIFF input writer and reader both use. Three independent witnesses, none of them the code under test:

- inotify (Linux, through libc): every event on the final names while the run lasts. Writing a
  final name in place shows as IN_CREATE / IN_MODIFY / IN_CLOSE_WRITE on it; an atomic writer
  only ever renames onto it (IN_MOVED_TO). Deterministic, whatever the timing.
- a thread that keeps reading the final paths and records every content it sees;
- ``check_now()``, called by the test from the run's own progress callback: mid-run, the final
  path must hold the previous complete file, or nothing.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import select
import struct
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from osgeo import gdal, osr

IN_MODIFY = 0x00000002
IN_CLOSE_WRITE = 0x00000008
IN_MOVED_FROM = 0x00000040
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_DELETE = 0x00000200
#: Events that mean "the final name itself was written, truncated, created or removed".
IN_PLACE_WRITES = IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM
_MASK = IN_PLACE_WRITES | IN_MOVED_TO
_EVENT = struct.Struct("iIII")
_NAMES = {
    IN_MODIFY: "IN_MODIFY",
    IN_CLOSE_WRITE: "IN_CLOSE_WRITE",
    IN_CREATE: "IN_CREATE",
    IN_DELETE: "IN_DELETE",
    IN_MOVED_FROM: "IN_MOVED_FROM",
    IN_MOVED_TO: "IN_MOVED_TO",
}


def digest(path: str | Path) -> str | None:
    """sha256 of the file, None when it does not exist."""
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except FileNotFoundError:
        return None


def leftovers(folder: str | Path, expected: Iterable[str]) -> list[str]:
    """Names in ``folder`` other than ``expected``: temporary files a run left behind."""
    return sorted(set(os.listdir(folder)) - set(expected))


def write_band(
    path: str | Path,
    data: np.ndarray,
    gdal_type: int,
    *,
    pixel: float = 10.0,
    nodata: float | None = None,
    options: Iterable[str] = (),
) -> str:
    """A one-band GeoTIFF of ``data`` in UTM 31N (EPSG:32631), top left at 600000, 5700000."""
    ds = gdal.GetDriverByName("GTiff").Create(
        str(path), data.shape[1], data.shape[0], 1, gdal_type, options=list(options)
    )
    ds.SetGeoTransform((600000.0, pixel, 0.0, 5700000.0, 0.0, -pixel))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    ds.SetProjection(srs.ExportToWkt())
    if nodata is not None:
        ds.GetRasterBand(1).SetNoDataValue(nodata)
    ds.GetRasterBand(1).WriteArray(data)
    ds = None
    return str(path)


def read_band(path: str) -> np.ndarray:
    """Band 1 of a raster as an array."""
    ds = gdal.Open(path)
    return ds.GetRasterBand(1).ReadAsArray()


class _Inotify:
    def __init__(self, folder: str) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        if libc.inotify_add_watch(self.fd, os.fsencode(folder), _MASK) < 0:
            os.close(self.fd)
            raise OSError(ctypes.get_errno(), f"inotify_add_watch {folder}")

    def read(self, timeout: float) -> list[tuple[int, str]]:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return []
        data = os.read(self.fd, 1 << 16)
        events = []
        offset = 0
        while offset < len(data):
            _wd, mask, _cookie, length = _EVENT.unpack_from(data, offset)
            offset += _EVENT.size
            name = data[offset : offset + length].rstrip(b"\0").decode()
            offset += length
            events.append((mask, name))
        return events

    def close(self) -> None:
        os.close(self.fd)


@dataclass
class OutputWatch:
    """Watch the final ``paths`` (all in one folder) from the start of a run to its end."""

    paths: list[str]
    previous: dict[str, str | None] = field(init=False)
    events: list[tuple[int, str]] = field(init=False, default_factory=list)
    seen: dict[str, set[str | None]] = field(init=False)
    mid_run_checks: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.paths = [os.path.abspath(p) for p in self.paths]
        folders = {os.path.dirname(p) for p in self.paths}
        assert len(folders) == 1, "watch outputs of one folder"
        self.folder = folders.pop()
        self.previous = {p: digest(p) for p in self.paths}
        self.seen = {p: set() for p in self.paths}
        self._stop = threading.Event()

    def __enter__(self) -> OutputWatch:
        self._inotify = _Inotify(self.folder)
        self._threads = [
            threading.Thread(target=self._poll, daemon=True),
            threading.Thread(target=self._listen, daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()
        self.events.extend(self._inotify.read(0))
        self._inotify.close()

    def _poll(self) -> None:
        while not self._stop.wait(0.0002):
            for path in self.paths:
                self.seen[path].add(digest(path))

    def _listen(self) -> None:
        while not self._stop.is_set():
            self.events.extend(self._inotify.read(0.05))

    def check_now(self) -> None:
        """Mid-run (from the progress callback): each final path holds its previous file or nothing."""
        for path in self.paths:
            now = digest(path)
            assert now == self.previous[path], f"{path} changed while the run was writing"
        self.mid_run_checks += 1

    def in_place_writes(self) -> list[str]:
        """Events that wrote the final names in place (an atomic writer has none)."""
        names = {os.path.basename(p) for p in self.paths}
        return [
            f"{label} {name}"
            for mask, name in self.events
            if name in names
            for bit, label in _NAMES.items()
            if mask & bit & IN_PLACE_WRITES
        ]

    def assert_atomic(self, completed: bool) -> None:
        """After the run: no in-place write, and the readers only ever saw the previous file,
        nothing, or (after a completed run) the new complete file; a failed or cancelled run
        left every previous file as it was."""
        assert self.in_place_writes() == []
        for path in self.paths:
            final = digest(path)
            allowed = {self.previous[path], final} if completed else {self.previous[path]}
            assert self.seen[path] <= allowed, f"a reader saw a half-written {path}"
            if completed:
                assert final is not None and final != self.previous[path], f"{path} was not replaced"
                moved_to = [name for mask, name in self.events if mask & IN_MOVED_TO]
                assert os.path.basename(path) in moved_to, f"{path} did not appear by a rename"
            else:
                assert final == self.previous[path], f"{path} lost its previous content"
