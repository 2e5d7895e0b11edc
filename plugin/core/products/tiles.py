"""Tile ids as users type them: the one parser behind the dock, the Browser, Processing and the CLI.

``31ufs`` → ``31UFS``, ``1abc`` → ``01ABC``, ``T31UFS`` (ESA's spelling) → ``31UFS`` (MGRS: a UTM zone 1–60 and three letters), ``x17y03`` →
``X17Y03`` (PROBA-V). The check is syntactic on purpose: a tile that matches nothing in the archive is
an empty result, not an error, and the catalogue compares the normalised ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["TileError", "normalise_tile", "parse_tiles"]

_TILE_RE = re.compile(r"^(?:[Tt]?(\d{1,2})([A-Za-z]{3})|([Xx]\d{2}[Yy]\d{2}))$")  # T31UFS as ESA writes it
_SEPARATORS = re.compile(r"[,;\s]+")

TILE_HELP = "use MGRS tiles (31UFS) or PROBA-V tiles (X17Y03), separated by commas"


class TileError(ValueError):
    """A tile id that is neither MGRS nor PROBA-V. ``token`` is the text as given."""

    def __init__(self, token: str, reason: str = TILE_HELP) -> None:
        self.token = token
        self.reason = reason
        super().__init__(f"{token!r} is not a tile: {reason}")


def normalise_tile(token: str) -> str:
    """One tile id, upper case, the UTM zone on two digits; :class:`TileError` otherwise."""
    text = token.strip()
    match = _TILE_RE.match(text)
    if match is None:
        raise TileError(token)
    if match[3]:
        return match[3].upper()
    zone = int(match[1])
    if not 1 <= zone <= 60:
        raise TileError(token, "UTM zones go from 1 to 60")
    return f"{zone:02d}{match[2].upper()}"


def parse_tiles(text: str | Iterable[str] | None) -> list[str]:
    """Tiles from ``'31ufs, 1abc;X17Y03'`` or a list of such texts: normalised, in order, no repeats."""
    if text is None:
        return []
    parts = [text] if isinstance(text, str) else list(text)
    tiles: list[str] = []
    for part in parts:
        for token in _SEPARATORS.split(part):
            if token and (tile := normalise_tile(token)) not in tiles:
                tiles.append(tile)
    return tiles
