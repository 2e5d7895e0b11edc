"""Our tasks do not starve each other, nor QGIS (plugin/gui/tasks.py), in the real dock.

While a search over 100 000 products streams, 20 layers load, a profile is read and another
plugin's long task keeps one of QGIS's task threads busy, selecting a product shows its details
(metadata and quicklook): the short lane never waits for a task thread. Our long tasks leave a
thread to QGIS: the other plugin's task starts at once. While a year of products is read, the
event loop never stalls.

The deadlines here are functional bounds with a generous margin for a loaded test machine (the
2-core CI runs several suites at once): the targets (details within 500 ms, event-loop latency
under 100 ms) are measured, best of several rounds, by `make bench` (bench/bench_gui.py). A broken
schedule misses these bounds by far: details queued on QGIS's task threads wait for the search
(tens of seconds), a read on the GUI thread stalls it for the whole read.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import zip_longest
from pathlib import Path

import pytest
from osgeo import gdal
from qgis.core import QgsApplication, QgsProject, QgsTask
from qgis.PyQt.QtCore import QElapsedTimer, QTimer

from plugin.core.archive.catalogue import Catalogue, Query
from plugin.gui import loading, tasks
from plugin.gui.dock import TerrascopeDock
from tests.qgis.fixtures_gui import wait_for

pytestmark = pytest.mark.usefixtures("isolated_settings")  # tests/qgis/conftest.py

PRODUCTS = 100_000
LAYERS = 20
DETAILS_BOUND_S = 3.0  # target 0.5 s (bench); a broken schedule waits for the search: > 10 s
FOREIGN_START_BOUND_S = 3.0  # the other plugin's task starts at once when a thread is left to it
LATENCY_BOUND_MS = 400.0  # target 100 ms (bench); the year read on the GUI thread stalls it > 1 s
TILES = [f"{zone}U{column}{row}" for zone in (30, 31, 32) for column in "CDEFG" for row in "PQRS"][:55]


def make_listing_tree(root: Path, count: int) -> None:
    """``count`` NDVI products in the archive layout (TERRASCOPE_Sentinel2/NDVI_V2/YYYY/MM/DD/<product>),
    55 tiles a day from 2016, each folder holding its (empty) 10 m data file: real names, no pixels."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    made, day = 0, date(2016, 1, 1)
    while made < count:
        folder = root / "TERRASCOPE_Sentinel2" / "NDVI_V2" / f"{day:%Y/%m/%d}"
        folder.mkdir(parents=True)
        day_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            for index, tile in enumerate(TILES[: count - made]):
                stem = f"S2{'AB'[index % 2]}_{day:%Y%m%d}T1030{index % 60:02d}_{tile}"
                os.mkdir(f"{stem}_NDVI_V210", dir_fd=day_fd)
                os.close(os.open(f"{stem}_NDVI_V210/{stem}_NDVI_10M_V210.tif", flags, 0o644, dir_fd=day_fd))
                made += 1
        finally:
            os.close(day_fd)
        day += timedelta(days=1)


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory, full_demo_archive) -> Iterator[tuple[Path, str]]:
    """(root, path of a real product in it): 100 000 listing-only NDVI products plus one real FAPAR
    product of the demo archive (XML, quicklook), which the search finds before the NDVI ones.
    Made in memory (/dev/shm) when possible: 200 000 inodes on a loaded disk take a minute."""
    shm = Path("/dev/shm")
    parent = (
        Path(tempfile.mkdtemp(prefix="terrascope-responsive-", dir=shm)) if os.access(shm, os.W_OK) else None
    )
    root = (parent or tmp_path_factory.mktemp("responsive")) / "archive"
    make_listing_tree(root, PRODUCTS)
    source = next(full_demo_archive.glob("TERRASCOPE_Sentinel2/FAPAR_V2/*/*/*/*_FAPAR_V*"))
    target = root / source.relative_to(full_demo_archive)
    shutil.copytree(source, target)
    yield root, str(target)
    shutil.rmtree(parent or root, ignore_errors=True)


def year_files(archive: Path) -> list[str]:
    """The readable NDVI rasters of the demo's growing season, oldest first."""
    found = sorted(archive.glob("TERRASCOPE_Sentinel2/NDVI_V2/*/*/*/*/*_NDVI_10M_*.tif"))
    return [str(path) for path in found if gdal.Open(str(path)) is not None]


class YearReadTask(QgsTask):
    """Stands in for a profile read: every block of each product of a year, ``passes`` times
    (``passes`` 0: until cancelled) and for at least ``min_seconds`` (a fast machine reads a
    year too quickly to show a stall). Real GDAL reads on a task thread; ``reads`` counts blocks."""

    def __init__(self, files: list[str], passes: int, min_seconds: float = 0.0) -> None:
        super().__init__("year read", QgsTask.CanCancel)
        self.files = list(files)
        self.passes = passes
        self.min_seconds = min_seconds
        self.reads = 0
        self.done = False
        self.error = ""

    def run(self) -> bool:
        try:
            done_passes = 0
            started = time.monotonic()
            while self._more(done_passes, started) and not self.isCanceled():
                for path in self.files:
                    if self.isCanceled():
                        return False
                    self._read(path)
                done_passes += 1
                self.setProgress(min(100.0, 100.0 * done_passes / max(1, self.passes)))
        except Exception as exc:  # never out of run()
            self.error = repr(exc)
            return False
        return True

    def _more(self, done_passes: int, started: float) -> bool:
        if self.passes == 0:
            return True
        return done_passes < self.passes or time.monotonic() - started < self.min_seconds

    def _read(self, path: str) -> None:
        dataset = gdal.Open(path)  # held: a band outliving its dataset crashes GDAL
        band = dataset.GetRasterBand(1)
        for y in range(0, band.YSize, 64):
            for x in range(0, band.XSize, 64):
                band.ReadAsArray(x, y, min(64, band.XSize - x), min(64, band.YSize - y))
                self.reads += 1

    def finished(self, result: bool) -> None:  # noqa: ARG002 (QgsTask API)
        self.done = True


class LatencyProbe:
    """The worst lateness of a 10 ms QTimer tick: the GUI thread's longest stall."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.worst_ms = 0.0

    def _tick(self) -> None:
        self.worst_ms = max(self.worst_ms, self.clock.nsecsElapsed() / 1e6 - 10)
        self.clock.restart()

    def __enter__(self) -> LatencyProbe:
        self.clock.start()
        self.timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._tick()
        self.timer.stop()


def twenty_products(archive: Path) -> list:
    """20 products of the demo archive with data, across its collections (composites, biopar)."""
    by_collection: dict[str, list] = {}
    for product in Catalogue([str(archive)], use_cache=False).search(Query()):
        if product.rasters:
            by_collection.setdefault(product.collection, []).append(product)
    mixed = [p for group in zip_longest(*by_collection.values()) for p in group if p]
    return mixed[:LAYERS]


@pytest.fixture
def dock(qgis_iface, tmp_path) -> Iterator[TerrascopeDock]:
    QgsProject.instance().clear()
    widget = TerrascopeDock(qgis_iface, None)
    widget.cache_path = str(tmp_path / "listing.sqlite")
    widget.resize(420, 760)
    widget.show()
    yield widget
    widget.shutdown()
    widget.deleteLater()
    QgsApplication.taskManager().cancelAll()
    wait_for(lambda: QgsApplication.taskManager().countActiveTasks() == 0, 60)
    QgsProject.instance().clear()


def test_details_shown_while_a_search_layers_and_a_profile_run(dock, big_archive, full_demo_archive):
    root, real_product = big_archive
    dock.add_root(str(root))
    assert wait_for(lambda: dock.collectionCombo.isEnabled() and dock.collectionCombo.count() > 0, 60)
    dock.set_selected_collections([])
    dock.tilesEdit.clear()
    dock.startDate.clear()
    dock.endDate.clear()
    dock.cloudSpin.setValue(-1)
    dock.extentCheck.setChecked(False)
    manager = QgsApplication.taskManager()

    assert dock.search()
    assert wait_for(lambda: dock.model.row_of(real_product) is not None, 60), "the product never came"
    profile = tasks.run_long(YearReadTask(year_files(full_demo_archive), passes=0))
    for product in twenty_products(full_demo_archive):  # one request each, as a user clicking through
        loading.load_products([product], "default")
    other_plugin = YearReadTask(year_files(full_demo_archive), passes=0)  # e.g. Processing in the background
    manager.addTask(other_plugin)

    # Our long tasks leave a thread: the other plugin's task starts at once, ours wait their turn.
    assert wait_for(lambda: other_plugin.status() == QgsTask.Running, FOREIGN_START_BOUND_S), (
        "another plugin's task waits for ours: our long tasks hold every task thread"
    )
    assert len(tasks.running_long()) <= tasks.long_slots()
    assert dock.is_searching, "the search ended before the product was selected: no load to measure"

    started = time.monotonic()
    dock.select_rows([dock.model.row_of(real_product)])
    shown = wait_for(lambda: not dock.details.busy and dock.details.quicklook is not None, 60)
    seconds = time.monotonic() - started
    assert shown, "the details of the selected product never came"
    assert dock.details.product.path == real_product
    assert seconds < DETAILS_BOUND_S, f"the details took {seconds:.2f} s under load"
    fields = {dock.metadataTree.topLevelItem(i).text(0) for i in range(dock.metadataTree.topLevelItemCount())}
    assert {"identifier", "start"} <= fields  # the metadata was read, not an error
    assert dock.is_searching and other_plugin.status() == QgsTask.Running  # still under load
    assert profile.status() in (QgsTask.OnHold, QgsTask.Running, QgsTask.Queued)
    other_plugin.cancel()
    profile.cancel()


def test_event_loop_stays_live_while_a_year_is_read(qgis_app, full_demo_archive):
    files = year_files(full_demo_archive)
    assert len(files) >= 24  # a growing season of the demo archive
    task = YearReadTask(files, passes=8, min_seconds=4 * LATENCY_BOUND_MS / 1000)
    started = time.monotonic()
    with LatencyProbe() as probe:
        tasks.run_long(task)
        assert wait_for(lambda: task.done, 120)
    seconds = time.monotonic() - started
    assert task.error == "" and task.reads >= 8 * len(files)
    assert seconds > 2 * LATENCY_BOUND_MS / 1000, "the read is too short to show a stall"
    assert probe.worst_ms < LATENCY_BOUND_MS, f"the event loop stalled {probe.worst_ms:.0f} ms"


class Gate(tasks.ShortJob):
    """A short job that records its run and, when given an event, waits for it."""

    def __init__(self, name: str, log: list[str], gate: threading.Event | None = None) -> None:
        super().__init__(name)
        self.name, self.log, self.gate, self.result = name, log, gate, None

    def run(self) -> bool:
        self.log.append(f"run {self.name}")
        if self.gate is not None:
            self.gate.wait(30)
        if self.name.startswith("raise"):
            raise RuntimeError("boom")
        return True

    def finished(self, result: bool) -> None:
        self.result = result


def test_short_lane_drops_stale_jobs_and_survives_exceptions(qgis_app):
    log: list[str] = []
    gate = threading.Event()
    busy = [tasks.run_short(Gate(f"busy{n}", log, gate)) for n in range(tasks.SHORT_THREADS)]
    assert wait_for(lambda: len(log) == tasks.SHORT_THREADS, 10)  # every short thread taken
    stale = tasks.run_short(Gate("stale", log), key="pane")
    fresh = tasks.run_short(Gate("fresh", log), key="pane")
    failing = tasks.run_short(Gate("raise", log))
    after = tasks.run_short(Gate("after", log))
    gate.set()
    assert wait_for(lambda: all(j.result is not None for j in [*busy, stale, fresh, failing, after]), 30)
    assert "run stale" not in log and stale.result is False and stale.isCanceled()
    assert fresh.result is True and failing.result is False and after.result is True


class Blocker(QgsTask):
    """A long task that records its start and runs until released (or cancelled)."""

    def __init__(self, name: str, log: list[str], gate: threading.Event) -> None:
        super().__init__(name, QgsTask.CanCancel)
        self.name, self.log, self.gate, self.result = name, log, gate, None

    def run(self) -> bool:
        self.log.append(self.name)
        while not self.gate.wait(0.01):
            if self.isCanceled():
                return False
        return True

    def finished(self, result: bool) -> None:
        self.result = result


def test_long_lane_holds_ours_and_releases_by_priority(qgis_app):
    log: list[str] = []
    gates = {name: threading.Event() for name in ("first", "extra", "low", "high", "cancelled")}
    try:
        first = tasks.run_long(Blocker("first", log, gates["first"]), tasks.NORMAL)
        assert wait_for(lambda: log == ["first"], 10)
        slots = tasks.long_slots()
        extra = [tasks.run_long(Blocker(f"extra{n}", log, gates["extra"])) for n in range(slots - 1)]
        low = tasks.run_long(Blocker("low", log, gates["low"]), tasks.LOW)
        high = tasks.run_long(Blocker("high", log, gates["high"]), tasks.HIGH)
        cancelled = tasks.run_long(Blocker("cancelled", log, gates["cancelled"]), tasks.HIGH)
        assert wait_for(lambda: len(log) == slots, 10)
        assert low.status() == high.status() == QgsTask.OnHold  # in QGIS's list, not started
        cancelled.cancel()
        assert wait_for(lambda: cancelled.result is False, 10)
        gates["first"].set()
        assert wait_for(lambda: "high" in log, 10)
        assert "low" not in log  # one slot freed: HIGH first, LOW still held
        for gate in gates.values():
            gate.set()
        assert wait_for(lambda: all(t.result is not None for t in [first, *extra, low, high]), 30)
        assert "cancelled" not in log and log.index("high") < log.index("low")
    finally:
        for gate in gates.values():  # a failure must not leave tasks running
            gate.set()
        wait_for(lambda: QgsApplication.taskManager().countActiveTasks() == 0, 30)
