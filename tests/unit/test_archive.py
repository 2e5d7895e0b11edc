"""Catalogue: discovery by layout, search filters, pruning, streaming, messy mounts, the demo archive."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from datetime import date
from pathlib import Path

import pytest

from plugin.core.archive.catalogue import (
    ArchiveError,
    Catalogue,
    Query,
    RootNotFoundError,
    footprint,
)
from tests import reference

OLD = 1_500_000_000  # a past mtime (2017) so listings are old enough to be cached


def touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def s2_product(root: Path, collection: str, day: str, tile: str, version: str, product: str = "NDVI",
               hhmmss: str = "105019", cloud: float | None = None) -> Path:  # fmt: skip
    """A Terrascope S2 product folder with real file names (empty files, XML when cloud is given)."""
    y, m, d = day.split("-")
    stem = f"S2B_{y}{m}{d}T{hhmmss}_{tile}"
    folder = root / collection / y / m / d / f"{stem}_{product}_{version}"
    res = ("10M", "20M") if product in ("FAPAR", "FCOVER", "LAI") else ("",)
    for sub in res:
        base = folder / sub if sub else folder
        r = sub or "10M"
        touch(base / f"{stem}_{product}_{r}_{version}.tif")
        touch(base / f"{stem}_{product}_QUICKLOOK_{version}.tif")
        touch(base / f"{stem}_SCENECLASSIFICATION_20M_{version}.tif")
        xml = base / f"{stem}_{product}_{r}_{version}.xml"
        touch(xml)
        if cloud is not None:
            xml.write_text(
                '<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" '
                'xmlns:gco="http://www.isotc211.org/2005/gco"><gmd:cloudCoverPercentage>'
                f"<gco:Real>{cloud}</gco:Real></gmd:cloudCoverPercentage></gmd:MD_Metadata>"
            )
    return folder


def age(root: Path) -> None:
    """Set every mtime in the past (cacheable listings, as on a real archive)."""
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            os.utime(os.path.join(folder, name), (OLD, OLD), follow_symlinks=False)
    os.utime(root, (OLD, OLD))


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "MTDA"
    s2 = root / "TERRASCOPE_Sentinel2"
    s2_product(s2, "NDVI_V2", "2020-01-05", "31UFS", "V200", cloud=50)
    s2_product(s2, "NDVI_V2", "2020-01-05", "31UFS", "V210", cloud=10)
    s2_product(s2, "NDVI_V2", "2020-01-20", "31UDS", "V210", cloud=80)
    s2_product(s2, "NDVI_V2", "2020-02-10", "31UFS", "V200")
    s2_product(s2, "NDVI_V2", "2021-03-01", "31UFS", "V200", cloud=5)
    s2_product(s2, "FAPAR_V2", "2020-01-05", "31UFS", "V210", product="FAPAR")
    touch(s2 / "NDVI_V2" / "2021" / "03" / "01" / "README.txt")  # junk inside another year
    cgs = root / "CGS_S2" / "CGS_S2_FAPAR" / "2020" / "01" / "19" / "S2B_20200119T110259Z_31UDQ_CGS_V102_000"
    touch(
        cgs
        / "S2B_20200119T110259Z_31UDQ_FAPAR_V102"
        / "10M"
        / "S2B_20200119T110259Z_31UDQ_FAPAR_10M_V102.tif"
    )
    s1 = "S1A_IW_GRDH_SIGMA0_DV_20190307T172435_ASCENDING_88_B705_V110"
    touch(root / "CGS_S1" / "CGS_S1_GRD_SIGMA0_L1" / "2019" / "03" / "07" / s1 / f"{s1}_VV.tif")
    pv = root / "PROBAV_L3_S1_TOC_333M" / "2020" / "20200616" / "PROBAV_S1_TOC_20200616_333M_V101"
    touch(pv / "PROBAV_S1_TOC_X17Y03_20200616_333M_V101.HDF5")
    touch(pv / "PROBAV_S1_TOC_X18Y03_20200616_333M_V101.HDF5")
    coh = "S1A_S1B_Coherence_20200330T173247_20200405T173221_ASC_161_V110"
    touch(root / "TERRASCOPE_Sentinel1" / "SLC_COHERENCE" / "2020" / "04" / "05" / coh / f"{coh}_VV.tif")
    cgls = "c_gls_FAPAR-RT6_202001100000_GLOBE_PROBAV_V2.0.1"
    touch(root / "BIOPAR" / "BioPar_FAPAR_V2_Global" / "2020" / "20200110" / cgls / f"{cgls}.nc")
    (root / "empty_project").mkdir()
    age(root)
    return root


def search(root: Path | list[Path], cache: Path | None = None, **criteria: object) -> tuple[Catalogue, list]:
    roots = root if isinstance(root, list) else [root]
    catalogue = Catalogue([str(r) for r in roots], cache_path=str(cache) if cache else None,
                          use_cache=cache is not None)  # fmt: skip
    return catalogue, list(catalogue.search(Query(**criteria)))  # type: ignore[arg-type]


def names(products: list) -> list[str]:
    return [p.folder_name for p in products]


# --------------------------------------------------------------------------- discovery
def test_collections_discovered_by_layout(archive: Path) -> None:
    collections = {c.id: c for c in Catalogue([str(archive)], use_cache=False).collections()}
    assert set(collections) == {
        "NDVI_V2", "FAPAR_V2", "CGS_S2_FAPAR", "CGS_S1_GRD_SIGMA0_L1", "PROBAV_L3_S1_TOC_333M",
        "SLC_COHERENCE", "BioPar_FAPAR_V2_Global",
    }  # fmt: skip
    assert collections["NDVI_V2"].layout == "ymd" and collections["NDVI_V2"].family == "S2_BIOPAR"
    assert collections["PROBAV_L3_S1_TOC_333M"].layout == "y_ymd"
    assert collections["BioPar_FAPAR_V2_Global"].family == "CGLS"
    assert collections["CGS_S2_FAPAR"].family == "S2_CGS"  # probed from the first product name
    assert collections["SLC_COHERENCE"].family == "S1_COHERENCE"


def test_root_that_is_a_collection_or_a_download_folder(archive: Path, tmp_path: Path) -> None:
    ndvi = archive / "TERRASCOPE_Sentinel2" / "NDVI_V2"
    (collection,) = Catalogue([str(ndvi)], use_cache=False).collections()
    assert (collection.id, collection.layout) == ("NDVI_V2", "ymd")
    downloads = tmp_path / "downloads"
    shutil.copytree(ndvi / "2020" / "01" / "05", downloads)
    (downloads / "notes.txt").write_text("mine")
    catalogue, products = search(downloads)
    assert catalogue.collections()[0].layout == "flat"
    assert names(products) == ["S2B_20200105T105019_31UFS_NDVI_V210"]
    _, products = search(downloads, start=date(2021, 1, 1))
    assert products == []


# --------------------------------------------------------------------------- filters
def test_newest_version_hides_older_and_all_versions_keeps_them(archive: Path) -> None:
    assert Query().all_versions is not reference.NEWEST_ONLY_BY_DEFAULT
    _, products = search(archive, collections=["NDVI_V2"], start=date(2020, 1, 5), end=date(2020, 1, 5))
    assert names(products) == [f"S2B_20200105T105019_31UFS_NDVI_{reference.newest(['V200', 'V210'])}"]
    _, products = search(archive, collections=["NDVI_V2"], start=date(2020, 1, 5), end=date(2020, 1, 5),
                         all_versions=True)  # fmt: skip
    assert names(products) == ["S2B_20200105T105019_31UFS_NDVI_V200", "S2B_20200105T105019_31UFS_NDVI_V210"]


def test_tile_date_and_collection_filters(archive: Path) -> None:
    _, products = search(archive, collections=["ndvi_v2"], tiles=["31UFS"], start=date(2020, 1, 1),
                         end=date(2020, 3, 31))  # fmt: skip
    assert names(products) == ["S2B_20200105T105019_31UFS_NDVI_V210", "S2B_20200210T105019_31UFS_NDVI_V200"]
    _, products = search(archive, tiles=["X18Y03"])
    assert names(products) == ["PROBAV_S1_TOC_20200616_333M_V101"]  # tile found among its files


def test_one_month_query_prunes_other_years(archive: Path) -> None:
    catalogue, products = search(
        archive, collections=["NDVI_V2"], start=date(2020, 1, 1), end=date(2020, 1, 31)
    )
    assert len(products) == 2
    # The README in a 2021 day folder would be reported had that folder been listed.
    assert not [s for s in catalogue.skipped if "/2021/" in s.path]
    _, everything = search(archive, collections=["NDVI_V2"])
    assert len(everything) == 4


def test_max_cloud_reads_xml_and_unknown_passes(archive: Path) -> None:
    _, products = search(archive, collections=["NDVI_V2"], max_cloud=20)
    clouds = {p.folder_name: p.cloud_cover for p in products}
    assert clouds == {
        "S2B_20200105T105019_31UFS_NDVI_V210": 10.0,
        "S2B_20200210T105019_31UFS_NDVI_V200": None,  # empty XML: unknown cover passes
        "S2B_20210301T105019_31UFS_NDVI_V200": 5.0,
    }


def test_band_path_resolution_folders_and_v1_nesting(archive: Path) -> None:
    _, (fapar,) = search(archive, collections=["FAPAR_V2"])
    assert fapar.band_path("FAPAR", 20).endswith("/20M/S2B_20200105T105019_31UFS_FAPAR_20M_V210.tif")
    assert fapar.band_path("FAPAR").endswith("/10M/S2B_20200105T105019_31UFS_FAPAR_10M_V210.tif")
    assert fapar.band_path("SCENECLASSIFICATION", 20) is not None
    assert fapar.band_path("FAPAR", 60) is None
    assert fapar.metadata_path.endswith(".xml") and "QUICKLOOK" in fapar.quicklook_path
    _, (cgs,) = search(archive, collections=["CGS_S2_FAPAR"])
    assert cgs.band_path("FAPAR", 10).endswith(
        "S2B_20200119T110259Z_31UDQ_FAPAR_V102/10M/S2B_20200119T110259Z_31UDQ_FAPAR_10M_V102.tif"
    )
    _, (s1,) = search(archive, collections=["CGS_S1_GRD_SIGMA0_L1"])
    assert s1.band_path("VV").endswith("_V110_VV.tif")
    record = json.loads(json.dumps(fapar.to_json()))
    listed = [path for bands in record["files"].values() for slots in bands.values() for paths in slots.values()
              for path in paths]  # fmt: skip
    assert record["name"]["start"] == "2020-01-05T10:50:19+00:00" and len(listed) == 8
    assert json.loads(fapar.json_line()) == record


def test_unknown_collection_lists_available(archive: Path) -> None:
    with pytest.raises(ArchiveError, match=r"unknown collection NDVI_V3; available: .*NDVI_V2"):
        search(archive, collections=["NDVI_V3"])


def test_bad_query_is_a_value_error(archive: Path) -> None:
    with pytest.raises(ValueError, match="after end date"):
        search(archive, start=date(2020, 2, 1), end=date(2020, 1, 1))


def test_streaming_and_cancel(archive: Path) -> None:
    catalogue = Catalogue([str(archive)], use_cache=False)
    stop = {"now": False}
    results = catalogue.search(Query(), is_cancelled=lambda: stop["now"])
    first = next(results)
    assert first.path.startswith(str(archive))
    stop["now"] = True
    assert list(results) == []


# --------------------------------------------------------------------------- messy mounts
def test_junk_loops_vanished_and_missing_roots(archive: Path, tmp_path: Path) -> None:
    day = archive / "TERRASCOPE_Sentinel2" / "NDVI_V2" / "2020" / "01" / "05"
    (day / "loop").symlink_to(day, target_is_directory=True)
    (day / "S2B_20200105T105019_31UFS_NDVI_V210" / "back").symlink_to(day)
    (day.parent / "latest").symlink_to(tmp_path / "nowhere")
    (day / "not_a_product").mkdir()
    doomed = s2_product(archive / "TERRASCOPE_Sentinel2", "NDVI_V2", "2020-01-20", "31UFS", "V210")
    catalogue = Catalogue([str(archive), str(tmp_path / "unmounted")], use_cache=False)
    products = []
    for product in catalogue.search(Query(collections=["NDVI_V2"])):
        products.append(product)
        if product.name.tile == "31UDS":  # its day folder is listed: the next product vanishes now
            shutil.rmtree(doomed)
    assert ("vanished during the scan") in {s.reason for s in catalogue.skipped if s.path == str(doomed)}
    reasons = {(os.path.basename(s.path), s.reason.split(" (")[0]) for s in catalogue.skipped}
    assert ("unmounted", "archive root " + str(tmp_path / "unmounted") + " does not exist") in reasons
    assert ("not_a_product", "not a Terrascope product name") in reasons
    assert ("loop", "not a Terrascope product name") in reasons
    assert ("back", "symlink loop or folder already visited through another link") in reasons
    assert ("latest", "unrelated file") in reasons  # dangling link
    assert ("README.txt", "not a Terrascope product name") in reasons
    # Everything readable is still found, newest version only; the doomed product is gone.
    assert names(products) == [
        "S2B_20200105T105019_31UFS_NDVI_V210",
        "S2B_20200120T105019_31UDS_NDVI_V210",
        "S2B_20200210T105019_31UFS_NDVI_V200",
        "S2B_20210301T105019_31UFS_NDVI_V200",
    ]


def test_missing_or_empty_roots_raise_when_nothing_is_usable(tmp_path: Path) -> None:
    with pytest.raises(RootNotFoundError, match=str(tmp_path / "gone")):
        search(tmp_path / "gone")
    (tmp_path / "empty").mkdir()
    with pytest.raises(RootNotFoundError, match="empty or not mounted"):
        Catalogue([str(tmp_path / "empty")], use_cache=False).collections()


PERMISSION_SCRIPT = textwrap.dedent("""
    import json, os, sys
    os.setgroups([]); os.setgid(65534); os.setuid(65534)
    from plugin.core.archive.catalogue import Catalogue, Query
    catalogue = Catalogue(sys.argv[1:], use_cache=False)
    products = [p.folder_name for p in catalogue.search(Query())]
    print(json.dumps({"products": products, "skipped": [[s.path, s.reason] for s in catalogue.skipped]}))
""")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop privileges to nobody")
def test_permission_denied_folder_is_skipped_as_another_user(archive: Path) -> None:
    # pytest's tmp folders are private to root: give "nobody" a world-readable copy.
    shared = Path(tempfile.mkdtemp(prefix="terrascope-perm-"))
    try:
        os.chmod(shared, 0o755)
        tree = shared / "MTDA"
        shutil.copytree(archive, tree, symlinks=True)
        locked = tree / "TERRASCOPE_Sentinel2" / "NDVI_V2" / "2020" / "01" / "20"
        os.chmod(locked, 0)
        result = subprocess.run(
            [sys.executable, "-c", PERMISSION_SCRIPT, str(tree)],
            capture_output=True, text=True, timeout=60, check=True,
            cwd=Path(__file__).resolve().parents[2],
        )  # fmt: skip
    finally:
        shutil.rmtree(shared)
    outcome = json.loads(result.stdout)
    assert [str(locked), "permission denied"] in outcome["skipped"]
    assert "S2B_20200105T105019_31UFS_NDVI_V210" in outcome["products"]


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop privileges to nobody")
def test_unreadable_root_is_reported_as_permission_denied(archive: Path) -> None:
    shared = Path(tempfile.mkdtemp(prefix="terrascope-perm-"))
    try:
        os.chmod(shared, 0o755)
        readable, locked = shared / "MTDA", shared / "Private"
        shutil.copytree(archive, readable, symlinks=True)
        locked.mkdir(mode=0o700)
        result = subprocess.run(
            [sys.executable, "-c", PERMISSION_SCRIPT, str(readable), str(locked)],
            capture_output=True, text=True, timeout=60, check=True,
            cwd=Path(__file__).resolve().parents[2],
        )  # fmt: skip
    finally:
        shutil.rmtree(shared)
    skipped = dict(json.loads(result.stdout)["skipped"])
    assert skipped[str(locked)].startswith(f"archive root {locked}: permission denied")


# --------------------------------------------------------------------------- demo archive
@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo archive, generated once per test session (shared by name with test_metadata)."""
    from demo_archive import generator as demo

    out = tmp_path_factory.getbasetemp() / "demo_archive"
    if not (out / "DEMO_MANIFEST.json").exists():
        demo.generate(str(out), force=True)
    return out


def test_demo_archive_all_versions_matches_manifest(demo_archive: Path, tmp_path: Path) -> None:
    manifest = json.loads((demo_archive / "DEMO_MANIFEST.json").read_text())
    junk = manifest["junk"]
    # As root the unreadable product is readable, and a truncated file does not unmake its product.
    expected = {p["path"] for p in manifest["products"]} | set(junk["unreadable"])
    expected |= {os.path.dirname(path) for path in junk["truncated"]}
    catalogue, products = search(demo_archive, tmp_path / "cache.sqlite", all_versions=True)
    found = {os.path.relpath(p.path, demo_archive) for p in products}
    assert found == expected
    for path in junk["unrelated"] + junk["loops"] + junk["dangling"]:
        assert str(demo_archive / path) in {s.path for s in catalogue.skipped}


def test_demo_archive_cloud_and_bbox(demo_archive: Path, tmp_path: Path) -> None:
    manifest = json.loads((demo_archive / "DEMO_MANIFEST.json").read_text())
    cache = tmp_path / "cache.sqlite"
    _, products = search(demo_archive, cache, collections=["NDVI_V2"], max_cloud=15, all_versions=True)
    clouds = {p["path"]: p.get("cloud_cover") for p in manifest["products"] if p["collection"] == "NDVI_V2"}
    expected = {path for path, cloud in clouds.items() if cloud is None or cloud <= 15}
    expected |= set(manifest["junk"]["unreadable"])  # no XML in it: unknown cover passes
    assert {os.path.relpath(p.path, demo_archive) for p in products} == expected
    assert len(products) == len(expected)  # each once
    found = {os.path.relpath(p.path, demo_archive): p.cloud_cover for p in products}
    assert found == {path: clouds.get(path) for path in expected}  # the manifest's cover, read from XML
    # 31UFS lies around 4.5 E, 32ULB around 6.2 E: a bbox picks one tile, from the raster headers.
    _, west = search(demo_archive, cache, collections=["NDVI_V2"], bbox=(4.3, 51.3, 4.6, 51.5))
    assert west and {p.name.tile for p in west} == {"31UFS"}
    _, again = search(demo_archive, cache, collections=["NDVI_V2"], bbox=(4.3, 51.3, 4.6, 51.5))
    assert names(again) == names(west)  # second time from the cached tile footprints
    w, s, e, n = footprint(west[0].quicklook_path)
    assert 4.3 < w < e < 4.7 and 51.3 < s < n < 51.5
    with pytest.raises(ArchiveError):
        footprint(demo_archive / manifest["junk"]["unrelated"][0])
