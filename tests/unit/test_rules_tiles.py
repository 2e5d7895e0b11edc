"""Tile rules held to MGRS and PROBA-V conventions (reference sections 1-2: a tile is a UTM zone
1-60 and three letters, or a PROBA-V ``XnnYnn`` tile): these tests kill every mutant
`make mutants` makes of plugin/core/products/tiles.py (see docs/MUTANTS.md)."""

from __future__ import annotations

import pytest

from plugin.core.products.tiles import TileError, normalise_tile, parse_tiles

HELP = "use MGRS tiles (31UFS) or PROBA-V tiles (X17Y03), separated by commas"
ZONES = "UTM zones go from 1 to 60"


@pytest.mark.parametrize(
    ("token", "tile"),
    [
        ("31UFS", "31UFS"),
        ("31ufs", "31UFS"),
        ("31uFs", "31UFS"),
        ("1abc", "01ABC"),
        ("01ABC", "01ABC"),
        ("60CDE", "60CDE"),  # last UTM zone
        ("  31UFS\t", "31UFS"),
        ("X17Y03", "X17Y03"),
        ("x17y03", "X17Y03"),
        ("x00Y99", "X00Y99"),
    ],
)
def test_normalise_tile(token: str, tile: str) -> None:
    assert normalise_tile(token) == tile


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("0ABC", ZONES),
        ("00ABC", ZONES),
        ("61ABC", ZONES),
        ("99ZZZ", ZONES),
        ("", HELP),
        ("31UF", HELP),
        ("31UFSX", HELP),
        ("131UFS", HELP),
        ("31U1S", HELP),
        ("UFS", HELP),
        ("X17Y3", HELP),
        ("X17Y033", HELP),
        ("X1Y03", HELP),
        ("17Y03", HELP),
        ("Z17Y03", HELP),
        ("31 UFS", HELP),
        ("31UFS,32ULB", HELP),  # one tile only; lists go through parse_tiles
    ],
)
def test_normalise_tile_refuses_other_text(token: str, reason: str) -> None:
    with pytest.raises(TileError) as info:
        normalise_tile(token)
    assert isinstance(info.value, ValueError)  # callers that catch ValueError see it too
    assert info.value.token == token
    assert info.value.reason == reason
    assert str(info.value) == f"{token!r} is not a tile: {reason}"


def test_tile_error_default_reason_says_what_to_type() -> None:
    error = TileError("nope")
    assert error.reason == HELP
    assert str(error) == f"'nope' is not a tile: {HELP}"


@pytest.mark.parametrize(
    ("text", "tiles"),
    [
        (None, []),
        ("", []),
        (" ,; ", []),
        ("31ufs", ["31UFS"]),
        ("31ufs, 1abc;X17Y03", ["31UFS", "01ABC", "X17Y03"]),
        ("1abc 31ufs", ["01ABC", "31UFS"]),  # kept in the order given
        ("31ufs,31UFS; 31Ufs", ["31UFS"]),  # no repeats, compared once normalised
        ("1abc,01ABC", ["01ABC"]),
        ("31ufs\n32ulb\t33uvp", ["31UFS", "32ULB", "33UVP"]),
        (["31ufs", "1abc x17y03"], ["31UFS", "01ABC", "X17Y03"]),
        (("32ulb", "31ufs, 32ULB"), ["32ULB", "31UFS"]),
        ([], []),
    ],
)
def test_parse_tiles(text, tiles: list[str]) -> None:
    assert parse_tiles(text) == tiles


def test_parse_tiles_reports_the_bad_token() -> None:
    with pytest.raises(TileError) as info:
        parse_tiles("31ufs, 7, 32ulb")
    assert info.value.token == "7"
    with pytest.raises(TileError) as info:
        parse_tiles(["31ufs", "0abc"])
    assert (info.value.token, info.value.reason) == ("0abc", ZONES)
