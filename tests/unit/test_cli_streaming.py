"""Command line output streams: the first result is written (and flushed) before the search makes the
next one, later ones go out in batches of at most ``BATCH_PRODUCTS``, and ``--limit`` stops the search."""

from __future__ import annotations

import io
from collections.abc import Iterator

from plugin.core.cli import BATCH_PRODUCTS, _write_lines

TOTAL = 3 * BATCH_PRODUCTS + 17


class FlushRecorder(io.StringIO):
    """A text stream that remembers how many complete lines it held at each flush."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed_lines: list[int] = []

    def flush(self) -> None:
        self.flushed_lines.append(self.getvalue().count("\n"))
        super().flush()


def lines_watching(out: FlushRecorder, seen: list[int], total: int) -> Iterator[str]:
    """Lines ``0..total-1``; before making line i, notes how many lines ``out`` had flushed by then."""
    for index in range(total):
        seen.append(out.flushed_lines[-1] if out.flushed_lines else 0)
        yield f"line {index}"


def test_first_line_goes_out_at_once_then_in_bounded_batches() -> None:
    out, seen = FlushRecorder(), []
    count = _write_lines(lines_watching(out, seen, TOTAL), out, None)
    assert count == TOTAL
    assert out.getvalue().splitlines() == [f"line {i}" for i in range(TOTAL)]
    assert seen[1] == 1  # the first result was flushed before the second was asked for
    waiting = [index - flushed for index, flushed in enumerate(seen)]
    assert max(waiting) <= BATCH_PRODUCTS  # never more than a batch made and not yet flushed
    assert out.flushed_lines[-1] == TOTAL


def test_limit_stops_asking_for_lines() -> None:
    out, seen = FlushRecorder(), []
    assert _write_lines(lines_watching(out, seen, TOTAL), out, 5) == 5
    assert len(seen) == 5 and out.getvalue().splitlines() == [f"line {i}" for i in range(5)]


def test_listing_and_searching_load_neither_numpy_nor_gdal() -> None:
    """Start-up is most of a search's time from a shell: the raster stack loads only for commands
    that read pixels (timeseries, info), not for collections/search/parse."""
    import subprocess
    import sys

    probe = (
        "import sys, plugin.core.cli, plugin.core.archive;"
        "print(sorted(m for m in ('numpy', 'osgeo') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
