"""``python3 -m plugin.core timeseries``: the pixel profile of points over an archive query.

One row per point and acquisition, sorted by point then date, as CSV (header
``point,lon,lat,date,product,tile,value,status,scl``) or one JSON object per line (``--json``,
which adds ``path`` and ``reason``). Points outside every product, and the products the query had
to skip, are reported on stderr; bad input exits non-zero with a one-line error.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from datetime import UTC
from typing import Any, TextIO

from .cli import _classes, _cloud, _date, write_skipped

NEGATIVE_POINT = re.compile(r"^-\d+$|^-\d*\.?\d+(,-?\d*\.?\d+)?$")
CSV_HEADER = ("point", "lon", "lat", "date", "product", "tile", "value", "status", "scl")
#: Points are filtered by a lon/lat box this much larger than their own (degrees): a product's
#: footprint is the header's box, so a point on its very edge still finds it.
BBOX_MARGIN = 1e-4


def _point(text: str) -> tuple[float, float]:
    parts = text.split(",")
    try:
        lon, lat = (float(part) for part in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid point {text!r}, expected LON,LAT in degrees (longitude first), e.g. 4.35,50.85"
        ) from None
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise argparse.ArgumentTypeError(
            f"invalid point {text!r}: need -180 <= LON <= 180 and -90 <= LAT <= 90 (longitude first)"
        )
    return (lon, lat)


def add_parser(commands: Any) -> argparse.ArgumentParser:
    """Register the ``timeseries`` subcommand on the command line's subparsers."""
    sub = commands.add_parser(
        "timeseries",
        help="pixel profile of points over the acquisitions of a collection",
        description="Value of each point on every acquisition of a collection (SCL-masked by default).",
    )
    # West of Greenwich: "--point -3.7,40.4" is a value, not an option (argparse only knows "-3.7").
    sub._negative_number_matcher = NEGATIVE_POINT  # type: ignore[attr-defined]
    sub.add_argument(
        "roots", nargs="*", metavar="ROOT",
        help="archive roots (default: /data/MTDA and your /data/users folders, when present)",
    )  # fmt: skip
    sub.add_argument("--cache", metavar="FILE", help="listing cache file (default: user cache folder)")
    sub.add_argument("--no-cache", action="store_true", help="list every folder afresh")
    sub.add_argument("-c", "--collection", required=True, metavar="ID", help="collection id, e.g. NDVI_V2")
    sub.add_argument(
        "--point", action="append", required=True, type=_point, metavar="LON,LAT",
        help="a point in degrees, longitude first (repeatable; rows give its 0-based index)",
    )  # fmt: skip
    sub.add_argument("--band", default="", metavar="BAND", help="band of the products, e.g. TOC-B04")
    sub.add_argument("--start", type=_date, metavar="YYYY-MM-DD", help="first day (inclusive, UTC)")
    sub.add_argument("--end", type=_date, metavar="YYYY-MM-DD", help="last day (inclusive, UTC)")
    sub.add_argument(
        "--max-cloud", type=_cloud, metavar="N",
        help="maximum cloud cover in percent, from the product XML (unknown cover passes)",
    )  # fmt: skip
    masking = sub.add_mutually_exclusive_group()
    masking.add_argument(
        "--mask-classes", type=_classes, metavar="0,1,3,8,9,10,11",
        help="SCL classes whose pixels are masked (default: 0,1,3,8,9,10,11)",
    )  # fmt: skip
    masking.add_argument("--no-mask", action="store_true", help="no SCL masking (the class is still given)")
    sub.add_argument("--all-versions", action="store_true", help="keep older versions (default: newest only)")
    output = sub.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help="CSV with a header line (the default)")
    output.add_argument("--json", action="store_true", help="one JSON object per line")
    sub.add_argument("-v", "--verbose", action="store_true", help="list every skipped product on stderr")
    return sub


def _bbox(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    return margin_bbox([p[0] for p in points], [p[1] for p in points])


def margin_bbox(lons: Sequence[float], lats: Sequence[float]) -> tuple[float, float, float, float]:
    """The lon/lat box of these coordinates, ``BBOX_MARGIN`` wider (the query's; also the Spark job's)."""
    return (
        max(-180.0, min(lons) - BBOX_MARGIN),
        max(-90.0, min(lats) - BBOX_MARGIN),
        min(180.0, max(lons) + BBOX_MARGIN),
        min(90.0, max(lats) + BBOX_MARGIN),
    )


def _iso(when: Any) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _value(value: float | None) -> float | None:
    """Physical value rounded to what the data hold (0.004 · 130 - 0.08 prints as 0.44)."""
    return None if value is None else float(f"{value:.10g}")


def _row(sample: Any) -> dict[str, Any]:
    return {
        "point": sample.point,
        "lon": sample.lon,
        "lat": sample.lat,
        "date": _iso(sample.when),
        "product": sample.product,
        "tile": sample.tile,
        "value": _value(sample.value),
        "status": sample.status,
        "scl": sample.scl,
    }


def write_samples(samples: Sequence[Any], out: TextIO, as_json: bool) -> None:
    if as_json:
        for sample in samples:
            record = {**_row(sample), "path": sample.path, "reason": sample.reason}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for sample in samples:
        row = _row(sample)
        writer.writerow(["" if row[key] is None else row[key] for key in CSV_HEADER])


def _report(skipped: Sequence[Any], verbose: bool, err: TextIO) -> None:
    """What the query had to skip, summarised like ``search`` does (reasons up to their colon)."""
    write_skipped(skipped, Counter(item.reason.split(":")[0] for item in skipped), "product", verbose, err)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The ``timeseries`` command; errors the caller reports in one line are raised as ValueError
    (and ArchiveError)."""
    from .archive.catalogue import ArchiveError, Query, default_roots
    from .archive.series_query import select_series
    from .raster.blockwise import RasterError
    from .timeseries import DEFAULT_MASK, point_profiles

    roots = args.roots or default_roots()
    if not roots:
        raise ArchiveError("no ROOT given and no default root (/data/MTDA, /data/users/...) exists")
    if args.start and args.end and args.start > args.end:
        raise ValueError(f"--start {args.start} is after --end {args.end}")
    query = Query(
        collections=[args.collection],
        start=args.start,
        end=args.end,
        max_cloud=args.max_cloud,
        bbox=_bbox(args.point),
        all_versions=args.all_versions,
    )
    try:
        selection = select_series(roots, query, args.band, cache_path=args.cache, use_cache=not args.no_cache)
    except RasterError as exc:
        raise ValueError(str(exc)) from None
    _report(selection.skipped, args.verbose, err)
    if not selection.entries:
        raise ValueError(
            f"no readable product of {args.collection} at these points"
            + (f" between {args.start or '...'} and {args.end or '...'}" if args.start or args.end else "")
        )
    mask = None if args.no_mask else (args.mask_classes if args.mask_classes is not None else DEFAULT_MASK)
    try:
        samples = point_profiles(selection.entries, args.point, mask_classes=mask)
    except RasterError as exc:
        raise ValueError(str(exc)) from None
    for index in samples.outside:
        lon, lat = args.point[index]
        err.write(f"warning: point {index} ({lon:g}, {lat:g}) lies outside every product\n")
    unreadable = sum(1 for sample in samples if sample.status == "unreadable")
    if unreadable:
        err.write(f"warning: {unreadable} sample(s) unreadable (see the status column)\n")
    write_samples(samples, out, args.json)
    out.flush()
    return 0
