"""Inputs of the Spark driver without Spark: the points/polygons file, a ``search --json`` file, and
the driver's command line (spark/terrascope_spark.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plugin.core.archive.catalogue import Query
from plugin.core.archive.series_query import select_series
from plugin.core.spark.inputs import selection_from_json
from plugin.core.spark.series_jobs import read_features

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "spark"))
import terrascope_spark  # noqa: E402  (spark/ is not a package)

# --------------------------------------------------------------------------- points and polygons


def test_csv_points_with_any_usual_header(tmp_path: Path) -> None:
    for header in ("lon,lat", "Longitude,Latitude", "x,y", "id,lat,lon"):
        path = tmp_path / "p.csv"
        columns = header.split(",")
        values = {
            "lon": "4.25",
            "lat": "51.5",
            "longitude": "4.25",
            "latitude": "51.5",
            "x": "4.25",
            "y": "51.5",
            "id": "7",
        }
        rows = [",".join(values[c.lower()] for c in columns), ",".join(values[c.lower()] for c in columns)]
        path.write_text(header + "\n" + "\n".join(rows) + "\n")
        features = read_features(str(path))
        assert (features.kind, features.points) == ("points", [(4.25, 51.5), (4.25, 51.5)]), header
        assert features.bbox == (4.25 - 1e-4, 51.5 - 1e-4, 4.25 + 1e-4, 51.5 + 1e-4)


def test_geojson_points_and_polygons(tmp_path: Path) -> None:
    points = tmp_path / "p.geojson"
    points.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [4.1, 51.2]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [4.3, 51.0]}},
    ]}))  # fmt: skip
    features = read_features(str(points))
    assert features.points == [(4.1, 51.2), (4.3, 51.0)]
    assert features.bbox == pytest.approx((4.1 - 1e-4, 51.0 - 1e-4, 4.3 + 1e-4, 51.2 + 1e-4), abs=1e-12)
    polygons = tmp_path / "f.json"
    ring = [[4.0, 51.0], [4.5, 51.0], [4.5, 51.25], [4.0, 51.0]]
    polygons.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}},
    ]}))  # fmt: skip
    features = read_features(str(polygons))
    assert features.kind == "polygons"
    from osgeo import ogr

    [(feature, wkt)] = features.polygons
    assert feature == 0
    assert ogr.CreateGeometryFromWkt(wkt).GetGeometryRef(0).GetPoints() == [tuple(p) for p in ring]
    assert features.bbox == pytest.approx((4.0 - 1e-4, 51.0 - 1e-4, 4.5 + 1e-4, 51.25 + 1e-4), abs=1e-12)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.csv", "name,value\nx,1\n", "lon and lat columns"),
        ("b.csv", "lon,lat\n4.1,north\n", "line 2: lon/lat are not numbers"),
        ("c.csv", "lon,lat\n", "no point or polygon"),
        ("d.geojson", '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
         '{"type": "Point", "coordinates": [4, 51]}}, {"type": "Feature", "geometry": {"type": "LineString", '
         '"coordinates": [[4, 51], [5, 52]]}}]}', "only points or only polygons"),
        ("e.geojson", "{not json", "not GeoJSON"),
    ],
)  # fmt: skip
def test_bad_feature_files_say_what_is_wrong(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ValueError, match=message):
        read_features(str(path))


# --------------------------------------------------------------------------- search --json


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    from demo_archive.generator import generate

    root = tmp_path_factory.mktemp("spark_inputs") / "archive"
    generate(str(root), tiles=["31UFS", "32ULB"], products=["NDVI"], dates=3, size=30, junk=False)
    return root


def test_a_search_json_file_gives_the_entries_of_the_query(archive: Path, tmp_path: Path) -> None:
    listing = tmp_path / "products.jsonl"
    with listing.open("w") as out:
        subprocess.run(
            [sys.executable, "-m", "plugin.core", "search", str(archive), "--collection", "NDVI_V2", "--json", "--no-cache"],
            cwd=REPO, stdout=out, check=True,
        )  # fmt: skip
    expected = select_series([str(archive)], Query(collections=["NDVI_V2"]))
    assert len(expected.entries) >= 5
    got = selection_from_json(str(listing))
    assert got.entries == expected.entries and got.skipped == []
    # A product removed since the search is skipped with the reason, the others kept.
    gone = Path(json.loads(listing.read_text().splitlines()[0])["path"])
    shutil.rmtree(gone)
    got = selection_from_json(str(listing))
    assert [(s.path, s.reason) for s in got.skipped] == [
        (str(gone), "vanished (the product no longer exists)")
    ]
    assert len(got.entries) == len(expected.entries) - 1


def test_a_file_that_is_not_a_search_listing_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"path": "/x"}\n[1, 2]\n')
    with pytest.raises(ValueError, match="line 2: not a `search --json` record"):
        selection_from_json(str(path))


# --------------------------------------------------------------------------- the driver's options


def parse(*argv: str):
    return terrascope_spark.parse_args(list(argv))


def test_the_driver_takes_the_search_options() -> None:
    args = parse(
        "composite", "/data/MTDA", "--collection", "NDVI_V2", "--tile", "31ufs,32ULB", "--start", "2020-05-01",
        "--end", "2020-05-31", "--max-cloud", "40", "--mask", "3,8,9", "--statistics", "mean,Median", "--out", "o",
    )  # fmt: skip
    assert args.roots == ["/data/MTDA"] and args.tile == [["31UFS", "32ULB"]]
    assert str(args.start) == "2020-05-01" and args.max_cloud == 40.0
    assert args.mask == frozenset({3, 8, 9}) and args.statistics == ["mean", "median"]
    query = terrascope_spark._query(args)
    assert (query.collections, query.tiles) == (["NDVI_V2"], ["31UFS", "32ULB"])
    assert parse("histogram", "--range", "-0.08,0.92", "--bins", "10", "--out", "o").range == (-0.08, 0.92)
    assert parse("histogram", "--range=-1,-0.5", "--out", "o").range == (-1.0, -0.5)
    assert parse("histogram", "--out", "o").bins == 50
    assert parse("composite", "--out", "o").statistics == ["mean"]


@pytest.mark.parametrize(
    "argv",
    [
        ["histogram", "--range", "1,0", "--out", "o"],
        ["histogram", "--range", "low,high", "--out", "o"],
        ["composite", "--mask", "3,x", "--out", "o"],
        ["composite", "--statistics", "mean,mode", "--out", "o"],
        ["composite", "--tile", "99XYZ1", "--out", "o"],
        ["composite", "--start", "2020-13-01", "--out", "o"],
        ["timeseries", "--out", "o"],  # --points missing
        ["composite"],  # --out missing
    ],
)
def test_bad_options_exit_with_a_one_line_error(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        parse(*argv)
    assert stop.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1
