"""The Spark composite in local mode against the single-process core, on the same inputs (issue 10).

    .venv/bin/python -m bench.bench_spark [--rounds N] [--size PX] [--dates N]

The archive: the demo generator's NDVI of one tile (31UFS), DATES dates of SIZE x SIZE 10 m pixels
with their 20 m SCL, generated once into ``build/bench/spark-<size>-<dates>`` and reused.

1. Whole runs, best of ROUNDS round-robin (load printed each round), both writing the mean:
   - core: ``python3 -m bench.bench_spark core`` (archive query, then ``series.temporal_composite``
     as terrascope:temporalcomposite runs it: one process, the desktop's windows);
   - spark: ``spark-submit --master local[2] --py-files terrascope_core.zip terrascope_spark.py
     composite`` on the same query (JVM start, SparkContext, one task per window, the driver writing).
   The ratio spark / core is the overhead of Spark on one machine (printed, not gated: Spark is for
   the cluster, where the windows run in parallel on many executors). The job's own time (from the
   driver's summary, without the JVM start) is printed too.
2. Peak memory of a Python worker: ``/proc/<pid>/status`` VmHWM of every ``pyspark.daemon`` process
   of the spark run (workers are forked from the daemon), polled every 0.1 s; the largest one and the
   sum at the peak (one worker per core: what ``spark.executor.memoryOverhead`` must hold), and the
   JVM's VmHWM (driver and executor are one JVM in local mode).
3. Per-window cost: one window of the desktop's edge, every date read (data and SCL, scaled and
   masked as the desktop reads them) and reduced to the mean, in this process, best of ROUNDS: seconds
   per window and per date, and the bytes it reads (data uint8 and SCL uint8 at half resolution).
   docs/SPARK_SCALING.md builds its model on this figure.

Nothing is gated: the figures feed docs/SPARK_SCALING.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import load_average

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "build" / "bench"
SPARK_SUBMIT = Path(sys.executable).parent / "spark-submit"
TILE = "31UFS"


def archive(size: int, dates: int) -> Path:
    """The demo archive of the bench, generated once (its manifest marks it complete)."""
    from demo_archive.generator import generate

    root = BUILD / f"spark-{size}-{dates}"
    if not (root / "DEMO_MANIFEST.json").exists():
        print(f"generating {root} (NDVI of {TILE}, {dates} dates of {size} px)", flush=True)
        generate(str(root), tiles=[TILE], products=["NDVI"], dates=dates, size=size, junk=False, force=True)
    return root


def core_composite(root: str, out: str) -> None:
    """The desktop's composite of the query, in this process (the ``core`` row's process)."""
    from plugin.core.archive.catalogue import Query
    from plugin.core.archive.series_query import select_series
    from plugin.core.raster.series import temporal_composite

    selection = select_series([root], Query(collections=["NDVI_V2"], tiles=[TILE]), "")
    items = [entry.item(True) for entry in selection.entries]
    temporal_composite(items, {"mean": os.path.join(out, f"{TILE}_mean.tif")}, skip_unreadable=True)


def _spark_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SPARK_HOME")}
    env.update(PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    return env


class PeakMemory:
    """VmHWM of the pyspark daemon/worker processes and of the JVM, polled while a run lasts."""

    def __init__(self) -> None:
        self.workers: dict[int, int] = {}  # pid -> VmHWM kB
        self.jvm = 0
        self.sum_at_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._stop.wait(0.1):
            current = 0
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    command = Path(f"/proc/{pid}/cmdline").read_bytes()
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                hwm = next(
                    (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")), 0
                )
                rss = next(
                    (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")), 0
                )
                if b"pyspark.daemon" in command:
                    self.workers[int(pid)] = max(self.workers.get(int(pid), 0), hwm)
                    current += rss
                elif b"org.apache.spark.deploy.SparkSubmit" in command:
                    self.jvm = max(self.jvm, hwm)
            self.sum_at_peak = max(self.sum_at_peak, current)


def spark_composite(root: str, out: str, zip_path: str, cwd: str) -> dict:
    command = [
        str(SPARK_SUBMIT), "--master", "local[2]", "--driver-memory", "2g",
        "--conf", "spark.ui.enabled=false", "--py-files", zip_path,
        str(REPO / "spark" / "terrascope_spark.py"), "composite", root,
        "--collection", "NDVI_V2", "--tile", TILE, "--out", out,
    ]  # fmt: skip
    subprocess.run(
        command, cwd=cwd, env=_spark_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return json.loads(Path(out, "composite_summary.json").read_text())


def window_cost(root: str, rounds: int) -> dict:
    """One desktop window of every date, read and reduced to the mean, in this process."""
    from plugin.core.archive.catalogue import Query
    from plugin.core.archive.series_query import select_series
    from plugin.core.products.scl import DEFAULT_MASK
    from plugin.core.raster.blockwise import ThreadLocalDatasets, Window
    from plugin.core.raster.series import COMPOSITE_BUDGET, _SeriesReader, composite_tile, reduce_stack

    entries = select_series([root], Query(collections=["NDVI_V2"], tiles=[TILE]), "").entries
    items = [entry.item(True) for entry in entries]
    reader = _SeriesReader(items, DEFAULT_MASK, same_grid=False)
    edge = composite_tile(len(items), COMPOSITE_BUDGET)
    edge = min(edge, reader.grid.width, reader.grid.height)
    window = Window(0, 0, edge, edge)
    import numpy as np

    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        stack = np.empty((len(items), edge, edge), dtype=np.float32)
        handles = ThreadLocalDatasets()
        try:
            for row in range(len(items)):
                reader.read(handles, row, window, stack[row])
        finally:
            handles.close()
        reduce_stack(stack, ("mean",))
        best = min(best, time.perf_counter() - started)
    # data uint8 at 10 m + SCL uint8 at 20 m (a quarter of the pixels), per date
    bytes_per_date = edge * edge + (edge // 2) * (edge // 2)
    return {"edge": edge, "dates": len(items), "seconds": best, "bytes_per_date": bytes_per_date}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--size", type=int, default=1800, help="pixels of a side, multiple of 6")
    parser.add_argument("--dates", type=int, default=12)
    args = parser.parse_args(argv or [])  # bench.run calls main() with its own argv
    if not SPARK_SUBMIT.exists():
        print(f"{SPARK_SUBMIT} missing: run `make venv` (pyspark)")
        return 1
    root = str(archive(args.size, args.dates))
    from spark.build_zip import build  # the code of `make spark-zip`

    with tempfile.TemporaryDirectory(prefix="bench-spark-") as work:
        zip_path = os.path.join(work, "terrascope_core.zip")
        build(zip_path)
        outputs = {name: os.path.join(work, name) for name in ("core", "spark")}
        for path in outputs.values():
            os.makedirs(path)
        times: dict[str, float] = {}
        summaries: list[dict] = []
        peaks: list[PeakMemory] = []
        for index in range(args.rounds):
            print(f"round {index + 1}/{args.rounds} ({load_average()})", flush=True)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "bench.bench_spark", "core", root, outputs["core"]], cwd=REPO, check=True)  # fmt: skip
            times["core"] = min(times.get("core", 1e9), time.perf_counter() - started)
            shutil.rmtree(outputs["spark"])
            with PeakMemory() as peak:
                started = time.perf_counter()
                summaries.append(spark_composite(root, outputs["spark"], zip_path, work))
                times["spark"] = min(times.get("spark", 1e9), time.perf_counter() - started)
            peaks.append(peak)
        cost = window_cost(root, args.rounds)
    job = min(summary["seconds"] for summary in summaries)
    worker = max(max(p.workers.values(), default=0) for p in peaks)
    together = max(p.sum_at_peak for p in peaks)
    jvm = max(p.jvm for p in peaks)
    windows = (-(-args.size // cost["edge"])) ** 2
    print(
        f"\ninputs: {args.dates} dates of {args.size} x {args.size} px (NDVI + SCL), mean, {load_average()}"
    )
    print(f"{'row':<44}{'best s':>10}")
    print(f"{'core, one process (temporal_composite)':<44}{times['core']:>10.2f}")
    print(f"{'spark local[2], whole spark-submit':<44}{times['spark']:>10.2f}")
    print(f"{'spark local[2], job only (driver summary)':<44}{job:>10.2f}")
    print(
        f"ratio spark / core: {times['spark'] / times['core']:.2f} (whole), {job / times['core']:.2f} (job only)"
    )
    print(f"windows of {cost['edge']} px: {windows} tasks")
    print(f"peak Python worker RSS (VmHWM): {worker / 1024:.0f} MB; workers together at the peak: "
          f"{together / 1024:.0f} MB; JVM (driver + executor): {jvm / 1024:.0f} MB")  # fmt: skip
    per_date = cost["seconds"] / cost["dates"]
    print(f"per window of {cost['edge']} px: {cost['seconds'] * 1000:.1f} ms for {cost['dates']} dates = "
          f"{per_date * 1000:.2f} ms per date-window, {cost['bytes_per_date'] / 1e6:.2f} MB read per date-window "
          f"({cost['bytes_per_date'] / per_date / 1e6:.0f} MB/s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "core":
        core_composite(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
