"""What every benchmark shares: the load line, round-robin best-of-N timing, and verdicts.

Gated rows are timed best of several rounds, round-robin (every row once per round), so a burst of
other work on the machine hits ours and the peers' rows alike; the best time is the one least
disturbed by it. The load average is printed with every round so a reader can judge the figures.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def verdict(ok: bool | None) -> str:
    """PASS/FAIL of a gated row; blank for a row printed for information."""
    return "" if ok is None else ("PASS" if ok else "FAIL")


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def run_quietly(command: Sequence[str], **kwargs) -> None:
    """A whole process, its output thrown away (the same sink for ours and the peers')."""
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)


def best_of(rounds: int, rows: Mapping[str, Callable[[], object]], quiet: bool = False) -> dict[str, float]:
    """Best wall time of every row over ``rounds`` round-robin rounds."""
    best: dict[str, float] = {}
    for index in range(rounds):
        if not quiet:
            print(f"round {index + 1}/{rounds} ({load_average()})", flush=True)
        for label, run in rows.items():
            seconds = timed(run)
            best[label] = min(best.get(label, seconds), seconds)
    return best
