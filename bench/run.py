"""`make bench`: every benchmark, one after the other, in one run; each prints its own table.

Run one alone with `python -m bench.bench_names` (catalogue, cli, stac, processing, gui likewise).
"""

from __future__ import annotations

import importlib
import sys
import time

BENCHMARKS = (
    "bench_names",
    "bench_catalogue",
    "bench_cli",
    "bench_stac",
    "bench_stac_online",
    "bench_processing",
    "bench_gui",
    "bench_timeseries",
    "bench_spark",
)


def main(argv: list[str]) -> int:
    wanted = argv or list(BENCHMARKS)
    failed = []
    for name in wanted:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"bench.{name}")
        status = module.main()
        print(f"--- {name}: {time.perf_counter() - started:.1f} s", flush=True)
        if status:
            failed.append(name)
    if failed:
        print(f"\nTargets missed in: {', '.join(failed)}")
        return 1
    print("\nAll benchmark targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
