"""SCL rules (reference section 4) held to the reference, written out here, and to what a user
types in ``MASK_CLASSES``: these tests kill every mutant `make mutants` makes of
plugin/core/products/scl.py (see docs/MUTANTS.md)."""

from __future__ import annotations

import pytest

from plugin.core.products import scl

# Reference section 4, copied by hand: value -> (label, colour).
REFERENCE_CLASSES = {
    0: ("No data", "#000000"),
    1: ("Saturated or defective", "#ff0000"),
    2: ("Dark area pixels / topographic shadows", "#2f2f2f"),
    3: ("Cloud shadows", "#643200"),
    4: ("Vegetation", "#00a000"),
    5: ("Not vegetated", "#ffe65a"),
    6: ("Water", "#0000ff"),
    7: ("Unclassified", "#808080"),
    8: ("Cloud, medium probability", "#c0c0c0"),
    9: ("Cloud, high probability", "#ffffff"),
    10: ("Thin cirrus", "#64c8ff"),
    11: ("Snow or ice", "#ff96ff"),
}
REFERENCE_DEFAULT_MASK = {0, 1, 3, 8, 9, 10, 11}


def test_classes_labels_and_colours_are_the_reference_ones() -> None:
    table = {c.value: (c.label, c.colour) for c in scl.SCL_CLASSES}
    assert table == REFERENCE_CLASSES
    assert [c.value for c in scl.SCL_CLASSES] == list(range(12))  # ordered: enum index = class value
    assert {v: (c.label, c.colour) for v, c in scl.SCL_BY_VALUE.items()} == REFERENCE_CLASSES


def test_default_mask_is_the_reference_one() -> None:
    assert scl.DEFAULT_MASK == frozenset(REFERENCE_DEFAULT_MASK)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3,8,9", {3, 8, 9}),
        ("3;8;9", {3, 8, 9}),
        ("3 8 9", {3, 8, 9}),
        ("3, 8 ;9", {3, 8, 9}),  # mixed separators leave empty tokens, which are skipped
        (",,3,,", {3}),
        ("0,11", {0, 11}),  # both ends of the class range
        ("8,8,8", {8}),
        ("", set()),
        (" ; , ", set()),
        (3, {3}),
        (0, {0}),
        ([3, "8", 9], {3, 8, 9}),
        ((10, 11), {10, 11}),
        ({1}, {1}),
        (frozenset({0, 1}), {0, 1}),
        ([], set()),
    ],
)
def test_parse_classes_reads_what_users_type(text, expected) -> None:
    result = scl.parse_classes(text)
    assert isinstance(result, frozenset)
    assert result == frozenset(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3,x", "SCL class 'x' is not a number: give class values 0-11 separated by commas, e.g. '3,8,9'"),
        ([None], "SCL class None is not a number: give class values 0-11 separated by commas, e.g. '3,8,9'"),
        ("12", "SCL class 12 does not exist: valid classes are 0-11"),
        ([-1], "SCL class -1 does not exist: valid classes are 0-11"),
        (12, "SCL class 12 does not exist: valid classes are 0-11"),
    ],
)
def test_parse_classes_refuses_what_is_not_a_class(text, message) -> None:
    with pytest.raises(ValueError) as info:
        scl.parse_classes(text)
    assert str(info.value) == message
    # no chained int() traceback under the message
    assert info.value.__cause__ is None
    assert info.value.__context__ is None or info.value.__suppress_context__
