"""Sentinel-2 scene classification (SCL) classes (reference section 4)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SclClass:
    value: int
    label: str
    colour: str  # "#rrggbb"


SCL_CLASSES: tuple[SclClass, ...] = (
    SclClass(0, "No data", "#000000"),
    SclClass(1, "Saturated or defective", "#ff0000"),
    SclClass(2, "Dark area pixels / topographic shadows", "#2f2f2f"),
    SclClass(3, "Cloud shadows", "#643200"),
    SclClass(4, "Vegetation", "#00a000"),
    SclClass(5, "Not vegetated", "#ffe65a"),
    SclClass(6, "Water", "#0000ff"),
    SclClass(7, "Unclassified", "#808080"),
    SclClass(8, "Cloud, medium probability", "#c0c0c0"),
    SclClass(9, "Cloud, high probability", "#ffffff"),
    SclClass(10, "Thin cirrus", "#64c8ff"),
    SclClass(11, "Snow or ice", "#ff96ff"),
)

SCL_BY_VALUE: dict[int, SclClass] = {c.value: c for c in SCL_CLASSES}

# What Terrascope's own biophysical processing masks: no data, saturated,
# cloud shadow, clouds, cirrus and snow.
DEFAULT_MASK: frozenset[int] = frozenset({0, 1, 3, 8, 9, 10, 11})


def parse_classes(text: str | int | list | tuple | set | frozenset) -> frozenset[int]:
    """Turn ``"3,8,9"`` (or an iterable of ints) into a validated class set."""
    if isinstance(text, int):
        items: list = [text]
    elif isinstance(text, str):
        items = [t for t in text.replace(";", ",").replace(" ", ",").split(",") if t]
    else:
        items = list(text)
    values = set()
    for item in items:
        try:
            value = int(item)
        except (TypeError, ValueError):
            raise ValueError(
                f"SCL class {item!r} is not a number: give class values 0-11 separated by commas, e.g. '3,8,9'"
            ) from None
        if value not in SCL_BY_VALUE:
            raise ValueError(f"SCL class {value} does not exist: valid classes are 0-11")
        values.add(value)
    return frozenset(values)
