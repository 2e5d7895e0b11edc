"""Terrascope Spark jobs: the desktop's histogram, temporal composite and time series on a cluster.

    spark-submit --py-files terrascope_core.zip terrascope_spark.py histogram ROOT … --bins N --range MIN,MAX --out DIR
    spark-submit --py-files terrascope_core.zip terrascope_spark.py composite ROOT … --statistics mean,median --out DIR
    spark-submit --py-files terrascope_core.zip terrascope_spark.py timeseries ROOT … --points FILE --out DIR

The query options are those of ``python3 -m plugin.core search`` (ROOT…, --collection, --tile, --start,
--end, --max-cloud, --bbox) plus the band and the SCL mask classes; ``--inputs FILE`` takes the products
of a ``search --json`` file instead. ``terrascope_core.zip`` is built by ``make spark-zip``: the core
(plugin/core), nothing of QGIS. Progress goes to stdout, then a summary (products used, products skipped
with reasons, time), also written to DIR/<job>_summary.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

try:
    from plugin.core.archive.catalogue import ArchiveError, default_roots
    from plugin.core.atomic import write_text_atomically
    from plugin.core.cli import _classes, _Parser, add_query_options
    from plugin.core.cli import query_from_args as _query
    from plugin.core.products.scl import DEFAULT_MASK
    from plugin.core.raster.blockwise import RasterError
    from plugin.core.raster.series import STATISTICS
    from plugin.core.spark import inputs as job_inputs
except ImportError as exc:  # pragma: no cover (the message is the point)
    sys.exit(
        f"terrascope_spark.py: cannot import the Terrascope core ({exc}): give it to Spark with "
        "--py-files terrascope_core.zip (built by `make spark-zip`)"
    )

PROG = "terrascope_spark.py"


def _range(text: str) -> tuple[float, float]:
    try:
        low, high = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid range {text!r}, expected MIN,MAX e.g. -0.08,0.92"
        ) from None
    if not high > low:
        raise argparse.ArgumentTypeError(f"invalid range {text!r}: MIN must be below MAX")
    return (low, high)


def _statistics(text: str) -> list[str]:
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in STATISTICS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown statistics {unknown}; choose from {','.join(STATISTICS)}")
    return names


def _query_options(sub: argparse.ArgumentParser) -> None:
    """The options of ``python3 -m plugin.core search``, the band and the masking."""
    sub.add_argument(
        "roots",
        nargs="*",
        metavar="ROOT",
        help="archive roots (default: /data/MTDA and your /data/users folders)",
    )
    add_query_options(sub)
    sub.add_argument("--inputs", metavar="FILE", help="products of a `search --json` file instead of a query")
    sub.add_argument(
        "--band",
        default="",
        metavar="BAND",
        help="band of multi-band products, e.g. TOC-B04 (default: the product's data layer)",
    )
    sub.add_argument(
        "--mask",
        type=_classes,
        default=DEFAULT_MASK,
        metavar="CLASSES",
        help="SCL classes masked (default 0,1,3,8,9,10,11)",
    )
    sub.add_argument("--no-mask", action="store_true", help="no SCL masking")
    sub.add_argument("--out", required=True, metavar="DIR", help="output folder (created if missing)")  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG, description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    sub = commands.add_parser("histogram", help="histogram of the valid physical values, summed exactly")
    _query_options(sub)
    sub.add_argument("--bins", type=int, default=50, metavar="N", help="number of bins (default 50)")
    sub.add_argument(
        "--range",
        type=_range,
        metavar="MIN,MAX",
        help="bin range (default: the product's valid physical range)",
    )
    sub = commands.add_parser("composite", help="per-pixel statistics, one GeoTIFF per tile and statistic")
    _query_options(sub)
    sub.add_argument(
        "--statistics",
        type=_statistics,
        default=["mean"],
        metavar="LIST",
        help="among mean,median,min,max,std,count (default mean)",
    )
    sub.add_argument("--compress", action="store_true", help="DEFLATE-compressed GeoTIFFs")
    sub.add_argument(
        "--window",
        type=int,
        metavar="PIXELS",
        help="edge of a task's window (default: the desktop's, from a 64 MB stack)",
    )
    sub = commands.add_parser("timeseries", help="time series of points or polygons, one CSV")
    _query_options(sub)
    sub.add_argument("--points", required=True, metavar="FILE", help="GeoJSON (points or polygons) or CSV (lon,lat columns)")  # fmt: skip
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """``build_parser().parse_args``, with ``--range -0.08,0.92`` read as the range (argparse would
    take a value starting with a minus sign for an option)."""
    given = list(sys.argv[1:] if argv is None else argv)
    joined: list[str] = []
    for arg in given:
        if joined and joined[-1] == "--range" and arg[:1] == "-" and arg[1:2] in "0123456789.":
            joined[-1] = f"--range={arg}"
        else:
            joined.append(arg)
    return build_parser().parse_args(joined)


def _say(message: str) -> None:
    print(f"[terrascope] {message}", flush=True)


def _mask(args: argparse.Namespace) -> frozenset[int] | None:
    return None if args.no_mask else args.mask


def _spark_context(name: str) -> Any:
    from pyspark import SparkConf, SparkContext

    return SparkContext.getOrCreate(SparkConf().setAppName(name))


def run(args: argparse.Namespace) -> dict[str, Any]:
    """The job of ``args`` on a SparkContext; the summary (also written to DIR/<job>_summary.json)."""
    started = time.monotonic()
    os.makedirs(args.out, exist_ok=True)
    features = None
    if args.command == "timeseries":
        from plugin.core.spark.series_jobs import read_features

        features = read_features(args.points)
        if args.bbox is None:  # as the time-series command line: only products at the features
            args.bbox = features.bbox
    if args.inputs:
        _say(f"reading the products of {args.inputs}")
        selection = job_inputs.selection_from_json(args.inputs, args.band)
    else:
        roots = args.roots or default_roots()
        _say(f"searching {', '.join(roots) or '(no root)'}")
        selection = job_inputs.select(roots, _query(args), args.band)
    _say(f"{len(selection.entries)} product(s) selected, {len(selection.skipped)} skipped by the query")
    if not selection.entries:
        raise RasterError("the query found no product (nothing to compute)")
    sc = _spark_context(f"terrascope {args.command}")
    try:
        summary = _dispatch(sc, args, selection.entries, features)
    finally:
        sc.stop()
    summary["skipped"] = [
        {"path": s.path, "reason": s.reason} for s in list(selection.skipped) + summary.pop("job_skipped")
    ]
    summary = {"job": args.command, **summary, "seconds": round(time.monotonic() - started, 3)}
    write_text_atomically(
        os.path.join(args.out, f"{args.command}_summary.json"), json.dumps(summary, indent=1) + "\n"
    )
    return summary


def _dispatch(sc: Any, args: argparse.Namespace, entries: Sequence[Any], features: Any) -> dict[str, Any]:
    from plugin.core.spark import outputs

    mask = _mask(args)
    if args.command == "histogram":
        from plugin.core.spark.jobs import histogram_job

        result = histogram_job(sc, entries, args.bins, args.range, mask_classes=mask, progress=_say)
        files = outputs.write_histogram(args.out, result, entries)
        return {"used": result.files, "job_skipped": result.skipped, "outputs": files, "total": result.total,
                "outside": result.outside, "executor_core": result.executors}  # fmt: skip
    if args.command == "composite":
        from plugin.core.spark.jobs import composite_job

        result = composite_job(
            sc,
            entries,
            args.out,
            args.statistics,
            mask_classes=mask,
            compress=args.compress,
            window=args.window,
            progress=_say,
        )
        return {"used": result.used, "job_skipped": result.skipped, "outputs": result.outputs, "dates": result.dates,
                "empty_tiles": result.empty_tiles, "executor_core": result.executors}  # fmt: skip
    from plugin.core.spark.series_jobs import timeseries_job

    result = timeseries_job(sc, entries, features, args.out, mask_classes=mask, progress=_say)
    return {"used": result.used, "job_skipped": result.skipped, "outputs": [result.csv], "rows": result.rows,
            "outside": result.outside, "executor_core": result.executors}  # fmt: skip


def print_summary(summary: dict[str, Any]) -> None:
    print(f"\n{summary['job']}: {len(summary['used'])} product(s) used, {len(summary['skipped'])} skipped, "
          f"{summary['seconds']:.1f} s")  # fmt: skip
    for skipped in summary["skipped"]:
        print(f"  skipped {skipped['path']}: {skipped['reason']}")
    outputs = summary["outputs"]
    for output in outputs.values() if isinstance(outputs, dict) else [outputs]:
        for path in output.values() if isinstance(output, dict) else output:
            print(f"  wrote {path}")
    print(f"  core on the executors: {', '.join(summary['executor_core'])}", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        summary = run(args)
    except (ArchiveError, RasterError, ValueError, OSError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr, flush=True)
        return 1
    print_summary(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
