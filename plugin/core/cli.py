"""Command line: ``python3 -m plugin.core {collections,search,parse,info,timeseries} …``.

Scriptable on a Terrascope VM and from a Spark driver: ``--json`` prints one JSON object per line
(per product for ``search``), bad input exits non-zero with a one-line error, and what the search had
to skip is summarised on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NoReturn, TextIO

from .archive.catalogue import (
    ArchiveError,
    Catalogue,
    Product,
    Query,
    SkippedPath,
    default_roots,
    footprint,
)
from .products.model import QUICKLOOK, file_of, is_raster, product_at
from .products.names import ProductNameError, parse_name
from .products.tiles import TileError, parse_tiles

PROG = "python3 -m plugin.core"

EXAMPLES = """examples:
  %(prog)s collections /data/MTDA
  %(prog)s search /data/MTDA --collection NDVI_V2 --tile 31UFS --start 2020-01-01 --end 2020-03-31
  %(prog)s search --collection TOC_V2 --bbox 4.2,50.7,4.6,51.0 --max-cloud 20 --json > products.jsonl
  %(prog)s search --stac-api https://stac.terrascope.be --collection NDVI_V2 --start 2025-05-01 --json
  %(prog)s parse S2B_20180814T105019_31UDS_TOC-B04_10M_V200.tif
  %(prog)s info /data/MTDA/TERRASCOPE_Sentinel2/NDVI_V2/2020/01/05/<product>
"""


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error message (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {text!r}, expected YYYY-MM-DD") from None


def _bbox(text: str) -> tuple[float, float, float, float]:
    parts = text.split(",")
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid bounding box {text!r}, expected W,S,E,N in degrees, e.g. 4.2,50.7,4.6,51.0"
        ) from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise argparse.ArgumentTypeError(
            f"invalid bounding box {text!r}: need -180 <= W < E <= 180 and -90 <= S < N <= 90"
        )
    return (west, south, east, north)


def _cloud(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"invalid cloud cover {text!r}, expected a percentage 0-100")
    return value


def _tiles(text: str) -> list[str]:
    try:
        return parse_tiles(text)
    except TileError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _split(values: Iterable[str] | None) -> list[str]:
    """Repeatable options that also accept comma-separated lists."""
    return [item.strip() for value in values or () for item in value.split(",") if item.strip()]


def _classes(text: str) -> frozenset[int]:
    """SCL classes to mask, e.g. ``0,1,3,8-11`` (``timeseries`` and the Spark driver)."""
    from .products.scl import parse_classes

    try:
        return parse_classes(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_query_options(sub: argparse.ArgumentParser) -> None:
    """The query options of ``search`` (also the Spark driver's): collection, tile, dates, cloud, bbox."""
    sub.add_argument("-c", "--collection", action="append", metavar="ID", help="collection id (repeatable)")
    sub.add_argument(
        "-t", "--tile", action="append", type=_tiles, metavar="TILE",
        help="MGRS tile (31UFS, 31ufs, 1abc = 01ABC) or PROBA-V tile (X17Y03); repeatable, or comma-separated",
    )  # fmt: skip
    sub.add_argument("--start", type=_date, metavar="YYYY-MM-DD", help="first day (inclusive, UTC)")
    sub.add_argument("--end", type=_date, metavar="YYYY-MM-DD", help="last day (inclusive, UTC)")
    sub.add_argument(
        "--max-cloud", type=_cloud, metavar="PCT",
        help="maximum cloud cover in percent, from the product XML (unknown cover passes)",
    )  # fmt: skip
    sub.add_argument(
        "--bbox", type=_bbox, metavar="W,S,E,N", help="lon/lat bounding box the product must touch"
    )
    sub.add_argument("--all-versions", action="store_true", help="keep older versions (default: newest only)")


def query_from_args(args: argparse.Namespace) -> Query:
    """The :class:`Query` of the options :func:`add_query_options` declared."""
    return Query(
        collections=_split(args.collection),
        tiles=[tile for tiles in args.tile or () for tile in tiles],
        start=args.start,
        end=args.end,
        max_cloud=args.max_cloud,
        bbox=args.bbox,
        all_versions=args.all_versions,
    )


def write_skipped(
    skipped: Sequence[Any], reasons: Counter[str], noun: str, verbose: bool, err: TextIO
) -> None:
    """``skipped N noun(s) (reason: count, …)`` on ``err``, then every path with ``--verbose``."""
    if not skipped:
        return
    summary = ", ".join(f"{reason}: {count}" for reason, count in reasons.most_common())
    err.write(f"skipped {len(skipped)} {noun}(s) ({summary})\n")
    if verbose:
        for item in skipped:
            err.write(f"  {item.path}: {item.reason}\n")
    else:
        err.write("  (use --verbose to list them)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Terrascope archive catalogue: list collections, search products, parse names.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def roots_and_cache(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "roots", nargs="*", metavar="ROOT",
            help="archive roots (default: /data/MTDA and your /data/users folders, when present)",
        )  # fmt: skip
        sub.add_argument("--cache", metavar="FILE", help="listing cache file (default: user cache folder)")
        sub.add_argument("--no-cache", action="store_true", help="list every folder afresh")
        sub.add_argument("--json", action="store_true", help="one JSON object per line")
        sub.add_argument("-v", "--verbose", action="store_true", help="list every skipped path on stderr")

    sub = commands.add_parser("collections", help="list the collections under the roots")
    roots_and_cache(sub)

    sub = commands.add_parser("search", help="search products (streams results as found)")
    roots_and_cache(sub)
    add_query_options(sub)
    sub.add_argument("--limit", type=int, metavar="N", help="stop after N products")
    sub.add_argument(
        "--stac", nargs="?", const="-", metavar="FILE",
        help="write the results as a STAC ItemCollection to FILE (default: standard output) instead of listing them",
    )  # fmt: skip
    sub.add_argument(
        "--stac-api", metavar="URL",
        help="search this STAC API (e.g. https://stac.terrascope.be) instead of the roots; "
        "credentials from TERRASCOPE_USER and TERRASCOPE_PASSWORD",
    )  # fmt: skip

    sub = commands.add_parser("parse", help="parse product names (folder, file or path)")
    sub.add_argument("names", nargs="+", metavar="NAME")
    sub.add_argument("--json", action="store_true", help="one JSON object per line")

    sub = commands.add_parser("info", help="parsed name, XML metadata and raster header of a path")
    sub.add_argument("path", metavar="PATH")
    sub.add_argument("--json", action="store_true", help="one JSON object")

    from .cli_timeseries import add_parser as add_timeseries_parser  # it reuses this module's helpers

    add_timeseries_parser(commands)
    return parser


# --------------------------------------------------------------------------- helpers
def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def _print_json(obj: Any, out: TextIO) -> None:
    out.write(json.dumps(_jsonable(obj), ensure_ascii=False) + "\n")


def _catalogue(args: argparse.Namespace) -> Catalogue:
    if getattr(args, "stac_api", None):  # the online catalogue (plugin/core/stac/client.py)
        from .stac.client import from_environment

        return from_environment(args.stac_api)  # type: ignore[return-value]
    roots = args.roots or default_roots()
    if not roots:
        raise ArchiveError("no ROOT given and no default root (/data/MTDA, /data/users/...) exists")
    return Catalogue(roots, cache_path=args.cache, use_cache=not args.no_cache)


def _report_skipped(catalogue: Catalogue, verbose: bool, err: TextIO) -> None:
    skipped: list[SkippedPath] = catalogue.skipped
    for message in catalogue.warnings:
        err.write(f"warning: {message}\n")
    write_skipped(skipped, Counter(item.reason for item in skipped), "path", verbose, err)


def _product_row(product: Product) -> str:
    name = product.name
    start = name.start
    if start:
        iso = start.isoformat()  # YYYY-MM-DDThh:mm…: slicing it is cheaper than strftime
        when = f"{iso[:10]} {iso[11:16]}"
    else:
        when = "-"
    cloud = "-" if product.cloud_cover is None else f"{product.cloud_cover:.0f}%"
    return f"{when}  {product.collection:<22} {name.tile or '-':<6} {name.version or '-':<6} {cloud:>5}  {product.path}"


#: Output is written in batches (one write per batch, not per product) and flushed after the first
#: product, then at least every BATCH_PRODUCTS products or BATCH_SECONDS: results appear at once.
BATCH_PRODUCTS = 256
BATCH_SECONDS = 0.1


def _write_lines(lines: Iterable[str], out: TextIO, limit: int | None) -> int:
    """Write ``lines`` (each without its newline) in flushed batches; how many were written."""
    batch: list[str] = []
    count = 0
    flush_at = time.monotonic()  # the first line goes out at once
    for line in lines:
        batch.append(line)
        count += 1
        if limit is not None and count >= limit:
            break
        if len(batch) >= BATCH_PRODUCTS or time.monotonic() >= flush_at:
            out.write("\n".join(batch) + "\n")
            out.flush()
            batch.clear()
            flush_at = time.monotonic() + BATCH_SECONDS
    if batch:
        out.write("\n".join(batch) + "\n")
    out.flush()
    return count


# --------------------------------------------------------------------------- commands
def cmd_collections(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalogue = _catalogue(args)
    collections = catalogue.collections()
    for collection in collections:
        if args.json:
            _print_json(collection.__dict__, out)
        else:
            out.write(
                f"{collection.id:<28} {collection.layout:<5} {collection.family:<13} {collection.path}\n"
            )
    _report_skipped(catalogue, args.verbose, err)
    return 0


def cmd_search(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalogue = _catalogue(args)
    query = query_from_args(args)
    products = catalogue.search(query)
    if args.stac is not None:  # plugin/core/stac/export.py
        from .stac.export import write_search

        try:
            write_search(products, args.stac, out, err, args.limit)
        finally:
            products.close()
        _report_skipped(catalogue, args.verbose, err)
        return 0
    lines = map(Product.json_line if args.json else _product_row, products)
    try:
        count = _write_lines(lines, out, args.limit)
    finally:
        products.close()  # --limit: the search ends (and closes its cache) before the summary
    if not args.json:
        err.write(f"{count} product(s)\n")
    _report_skipped(catalogue, args.verbose, err)
    return 0


def cmd_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    status = 0
    for text in args.names:
        try:
            name = parse_name(text)
        except ProductNameError as exc:
            err.write(f"error: {exc}\n")
            status = 1
            continue
        fields = _jsonable(name._asdict())
        if args.json:
            _print_json({"input": text, **fields}, out)
        else:
            out.write(f"{text}\n")
            for key, value in fields.items():
                if value not in (None, "", []):
                    out.write(f"  {key:<11} {value}\n")
    return status


def raster_header(path: str) -> dict[str, Any] | None:
    """gdal.Info-like summary of a raster: size, CRS, pixel size, dtype, nodata, scale/offset."""
    from osgeo import gdal, osr

    try:
        dataset = gdal.OpenEx(path, gdal.OF_RASTER | gdal.OF_READONLY)
    except RuntimeError:
        dataset = None
    if dataset is None:
        return None
    transform = dataset.GetGeoTransform(can_return_null=True)
    epsg = None
    wkt = dataset.GetProjection()
    if wkt:
        srs = osr.SpatialReference()
        srs.ImportFromWkt(wkt)
        srs.AutoIdentifyEPSG()
        code = srs.GetAuthorityCode(None)
        epsg = int(code) if code and code.isdigit() else None
    bands = []
    for index in range(1, dataset.RasterCount + 1):
        band = dataset.GetRasterBand(index)
        bands.append({
            "band": index,
            "dtype": gdal.GetDataTypeName(band.DataType),
            "nodata": band.GetNoDataValue(),
            "scale": band.GetScale(),
            "offset": band.GetOffset(),
            "description": band.GetDescription() or None,
        })  # fmt: skip
    header = {
        "driver": dataset.GetDriver().ShortName,
        "width": dataset.RasterXSize,
        "height": dataset.RasterYSize,
        "epsg": epsg,
        "pixel_size": [transform[1], -transform[5]] if transform else None,
        "bands": bands,
    }
    try:
        header["footprint"] = list(footprint(path))
    except ArchiveError:
        header["footprint"] = None
    return header


def _info_metadata(path: str, files: Sequence[str]) -> dict[str, Any] | None:
    """Metadata of the product XML or manifest.safe found at or in ``path``."""
    from .products.metadata import read_manifest_safe, read_product_xml  # lxml: only ``info`` needs it

    candidates = [path] if os.path.isfile(path) else [os.path.join(path, f) for f in files]
    with contextlib.suppress(ProductNameError):  # a product: its metadata as the model picks it
        chosen = product_at(path).metadata_path
        if chosen:
            candidates.insert(0, chosen)
    for candidate in candidates:
        base = os.path.basename(candidate)
        if base == "manifest.safe":
            return {"manifest": read_manifest_safe(candidate).to_json(), "path": candidate}
        if base.lower().endswith(".xml") and not base.endswith(".aux.xml"):
            return {"product_xml": read_product_xml(candidate).to_json(), "path": candidate}
    return None


def cmd_info(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .products.metadata import MetadataError

    path = os.path.abspath(args.path)
    if not os.path.exists(path):
        raise ArchiveError(f"{path} does not exist")
    info: dict[str, Any] = {"path": path}
    try:
        info["name"] = _jsonable(parse_name(path)._asdict())
    except ProductNameError as exc:
        info["name"] = None
        info["name_error"] = str(exc)
    files: list[str] = []
    if os.path.isdir(path):
        for folder, subfolders, names in os.walk(path):
            subfolders.sort()
            files += sorted(os.path.relpath(os.path.join(folder, n), path) for n in names)
        info["files"] = files
    try:
        info["metadata"] = _info_metadata(path, files)
    except MetadataError as exc:
        info["metadata"] = None
        info["metadata_error"] = str(exc)
    raster = path if os.path.isfile(path) else _first_raster(path, files)
    info["raster"] = raster_header(raster) if raster else None
    if raster and raster != path:
        info["raster_path"] = raster
    if args.json:
        _print_json(info, out)
    else:
        _print_info(info, out)
    return 0


def _first_raster(folder: str, files: Sequence[str]) -> str | None:
    """The first raster of a folder that is not a quicklook (the product model says which is which)."""
    for relative in files:
        path = os.path.join(folder, relative)
        item = file_of(path)
        if is_raster(path) and (item is None or item.role != QUICKLOOK):
            return path
    return None


def _print_info(info: dict[str, Any], out: TextIO) -> None:
    out.write(f"{info['path']}\n")
    sections = (("name", "name"), ("metadata", "metadata"), ("raster", "raster"))
    for key, title in sections:
        value = info.get(key)
        if value is None:
            error = info.get(f"{key}_error")
            out.write(f"{title}: {error or 'none'}\n")
            continue
        out.write(f"{title}:\n")
        out.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")
    if info.get("files"):
        out.write(f"files ({len(info['files'])}):\n")
        for relative in info["files"]:
            out.write(f"  {relative}\n")


def cmd_timeseries(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .cli_timeseries import run  # numpy and GDAL are loaded for this command only

    return run(args, out, err)


COMMANDS = {
    "collections": cmd_collections,
    "search": cmd_search,
    "parse": cmd_parse,
    "info": cmd_info,
    "timeseries": cmd_timeseries,
}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args, out, err)
    except (ArchiveError, ValueError) as exc:
        err.write(f"{PROG}: error: {exc}\n")
        return 1
    except BrokenPipeError:  # `… | head`: stop quietly
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        err.write(f"{PROG}: interrupted\n")
        return 130
