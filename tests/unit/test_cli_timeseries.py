"""``python3 -m plugin.core timeseries``: rows against the numpy reference of test_timeseries_points,
on an archive in the real Terrascope layout; bad input exits non-zero with one line."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from plugin.core import cli
from tests.reference import DEFAULT_MASK
from tests.unit.test_timeseries_points import (
    DATES,
    P0,
    P2,
    A,
    B,
    expected_sample,
    scene,
    to_lonlat,
    write_ndvi,
)

REPO = Path(__file__).resolve().parents[2]
HEADER = "point,lon,lat,date,product,tile,value,status,scl"
NO_SCL_DATE = datetime(2021, 6, 2, 10, 50, 31, tzinfo=UTC)
EMPTY_DATE = datetime(2021, 6, 7, 10, 50, 31, tzinfo=UTC)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("ts_cli")
    arrays = {}
    for day, when in enumerate(DATES):
        dn, scl = scene(day)
        write_ndvi(root, when, A, dn, scl)
        arrays[(when, A.name)] = (dn, scl)
    b_dn = np.full((64, 64), 200, dtype=np.uint8)
    b_scl = np.full((32, 32), 4, dtype=np.uint8)
    write_ndvi(root, DATES[0], B, b_dn, b_scl)
    arrays[(DATES[0], B.name)] = (b_dn, b_scl)
    # A product without SCL, and one whose data file is empty (the query skips it).
    no_scl = scene(0)[0]
    write_ndvi(root, NO_SCL_DATE, A, no_scl, None)
    arrays[(NO_SCL_DATE, A.name)] = (no_scl, None)
    empty, _ = write_ndvi(root, EMPTY_DATE, A, no_scl, None)
    os.truncate(empty, 0)
    points = [to_lonlat(A.epsg, *A.centre(*p)) for p in (P0, P2)]
    return {"root": str(root), "arrays": arrays, "points": points, "empty": empty}


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A listing cache of this test's own (tile footprints are cached across archives)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def point_args(points: list[tuple[float, float]]) -> list[str]:
    return [arg for lon, lat in points for arg in ("--point", f"{lon!r},{lat!r}")]


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stderr(err):  # argparse writes its errors to sys.stderr
            code = cli.main(["timeseries", *args], out, err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def expected_rows(archive: dict, mask: frozenset | None = DEFAULT_MASK) -> list[list[str]]:
    """The CSV rows the reference gives: point by point, date by date, deepest tile."""
    pixels = {0: {A.name: P0}, 1: {A.name: P2, B.name: (P2[0] - 32, P2[1])}}
    dates = sorted({when for when, _ in archive["arrays"]})
    rows = []
    for point, (lon, lat) in enumerate(archive["points"]):
        for when in dates:
            # P2 lies 25 m inside A and 295 m inside B: B when B exists.
            tile = B.name if point == 1 and (when, B.name) in archive["arrays"] else A.name
            dn, scl = archive["arrays"][(when, tile)]
            status, value, cls = expected_sample(dn, scl, *pixels[point][tile], mask)
            product = f"S2A_{when:%Y%m%dT%H%M%S}_{tile}_NDVI_V210"
            rows.append([
                str(point), repr(lon), repr(lat), f"{when:%Y-%m-%dT%H:%M:%SZ}", product, tile,
                "" if value is None else value, status, "" if cls is None else str(cls),
            ])  # fmt: skip
    return rows


def compare(got: list[list[str]], expected: list[list[str]]) -> None:
    assert len(got) == len(expected)
    for row, want in zip(got, expected, strict=True):
        assert row[:6] + row[7:] == want[:6] + want[7:]
        if want[6] == "":
            assert row[6] == ""
        else:
            assert float(row[6]) == pytest.approx(want[6], abs=1e-9)


def test_whole_process_csv_against_numpy(archive: dict, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "plugin.core", "timeseries", archive["root"], "--collection", "NDVI_V2",
         *point_args(archive["points"]), "--csv"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == HEADER
    compare(list(csv.reader(lines[1:])), expected_rows(archive))
    assert "skipped 1 product(s) (empty file: 1)" in done.stderr


def test_statuses_scl_column_and_deepest_tile(archive: dict) -> None:
    code, out, _ = run([archive["root"], "--collection", "NDVI_V2", *point_args(archive["points"])])
    assert code == 0
    rows = list(csv.reader(out.splitlines()[1:]))
    assert {row[7] for row in rows} == {"valid", "masked", "nodata", "out_of_range"}
    no_scl = [row for row in rows if row[3].startswith("2021-06-02")]
    assert [row[8] for row in no_scl] == ["", ""]  # no SCL in that product: empty class
    assert [(row[0], row[5]) for row in rows if row[3].startswith("2021-05-03")] == [
        ("0", A.name),
        ("1", B.name),
    ]
    assert rows == sorted(rows, key=lambda r: (int(r[0]), r[3]))  # by point, then date


def test_json_lines_and_mask_options(archive: dict) -> None:
    code, out, _ = run(
        [archive["root"], "--collection", "NDVI_V2", *point_args(archive["points"][:1]), "--json"]
    )
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    expected = expected_rows({**archive, "points": archive["points"][:1]})
    assert [r["status"] for r in records] == [row[7] for row in expected]
    for record in records:
        assert set(record) >= set(HEADER.split(",")) | {"path", "reason"}
        assert (record["value"] is None) == (record["status"] != "valid")
    masked = [r for r in records if r["status"] == "masked"]
    assert masked and all(r["reason"].startswith(f"SCL {r['scl']} (") for r in masked)
    code, out, _ = run(
        [archive["root"], "--collection", "NDVI_V2", *point_args(archive["points"]), "--no-mask"]
    )
    compare(list(csv.reader(out.splitlines()[1:])), expected_rows(archive, None))
    code, out, _ = run(
        [archive["root"], "--collection", "NDVI_V2", *point_args(archive["points"]), "--mask-classes", "3"]
    )
    compare(list(csv.reader(out.splitlines()[1:])), expected_rows(archive, frozenset({3})))


def test_dates_filter(archive: dict) -> None:
    code, out, _ = run(
        [
            archive["root"],
            "--collection",
            "NDVI_V2",
            *point_args(archive["points"][:1]),
            "--start",
            "2021-05-08",
            "--end",
            "2021-05-13",
        ]
    )
    assert code == 0
    assert [row[3][:10] for row in csv.reader(out.splitlines()[1:])] == ["2021-05-08", "2021-05-13"]


def test_point_outside_every_product_is_said(archive: dict) -> None:
    lon, lat = archive["points"][0]
    far = (-0.5, lat)  # west of Greenwich: "--point -0.5,51.4" must parse as a value
    code, out, err = run(
        [archive["root"], "--collection", "NDVI_V2", *point_args([archive["points"][0], far])]
    )
    assert code == 0
    assert {row[0] for row in csv.reader(out.splitlines()[1:])} == {"0"}
    assert f"warning: point 1 ({far[0]:g}, {far[1]:g}) lies outside every product" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--point", "4.4"], "invalid point '4.4'"),
        (["--point", "95,200"], "invalid point '95,200'"),
        (["--point", "4.4,51.4", "--mask-classes", "3,x"], "SCL class 'x' is not a number"),
        (["--point", "4.4,51.4", "--mask-classes", "3", "--no-mask"], "not allowed with argument"),
        (["--point", "4.4,51.4", "--csv", "--json"], "not allowed with argument"),
        (["--point", "4.4,51.4", "--start", "2021-13-01"], "invalid date"),
        (["--point", "4.4,51.4", "--start", "2021-06-01", "--end", "2021-05-01"], "is after --end"),
        (["--point", "4.4,51.4", "--max-cloud", "120"], "invalid cloud cover"),
        (["--point", "0.5,0.5"], "no readable product of NDVI_V2 at these points"),
    ],
)
def test_bad_input_exits_nonzero_with_one_line(archive: dict, args: list[str], message: str) -> None:
    code, out, err = run([archive["root"], "--collection", "NDVI_V2", *args])
    assert code != 0
    assert out == ""
    assert len(err.splitlines()) == 1 and message in err, err


def test_missing_collection_and_root(archive: dict, tmp_path: Path) -> None:
    code, _, err = run([archive["root"], "--point", "4.4,51.4"])
    assert code == 2 and "--collection" in err and len(err.splitlines()) == 1
    code, _, err = run([str(tmp_path / "nowhere"), "--collection", "NDVI_V2", "--point", "4.4,51.4"])
    assert code == 1 and len(err.splitlines()) == 1 and "nowhere" in err
