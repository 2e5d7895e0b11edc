"""Metadata reading rules held to the reference (section 5: ISO 19139 element places, the fields of
a Sentinel-1 ``manifest.safe``) and to documents written here, one per element place the reader
accepts, checked field by field: these tests kill the mutants `make mutants` makes of
plugin/core/products/metadata.py (see docs/MUTANTS.md).

Also here: that the reader parses with the hardened parser (its comment and processing-instruction
removal shows in the values read), the exact size limits (limit - 1, limit, limit + 1 bytes) and
the exact error messages.
"""

from __future__ import annotations

import os
import subprocess
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from plugin.core.products.metadata import (
    MAX_XML_BYTES,
    MetadataError,
    ProductMetadata,
    SafeManifest,
    read_manifest_safe,
    read_product_xml,
)

NAMESPACES = (
    'xmlns:gmi="http://www.isotc211.org/2005/gmi" xmlns:gmd="http://www.isotc211.org/2005/gmd" '
    'xmlns:gco="http://www.isotc211.org/2005/gco" xmlns:gml="http://www.opengis.net/gml"'
)


def iso(body: str) -> bytes:
    """An ISO 19139 document (reference section 5 namespaces) around ``body``."""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<gmi:MI_Metadata {NAMESPACES}>{body}</gmi:MI_Metadata>'.encode()


def cs(text: str) -> str:
    return f"<gco:CharacterString>{text}</gco:CharacterString>"


# The reference system block comes before identificationInfo in ISO 19139; its authority title
# and its code are the first ``title`` and ``code`` of the document: decoys the reader must skip.
REFERENCE_SYSTEM = (
    "<gmd:referenceSystemInfo><gmd:MD_ReferenceSystem><gmd:referenceSystemIdentifier><gmd:RS_Identifier>"
    f"<gmd:authority><gmd:CI_Citation><gmd:title>{cs('EPSG Geodetic Parameter Dataset')}</gmd:title>"
    f"</gmd:CI_Citation></gmd:authority><gmd:code>{cs('EPSG:32631')}</gmd:code>"
    "</gmd:RS_Identifier></gmd:referenceSystemIdentifier></gmd:MD_ReferenceSystem></gmd:referenceSystemInfo>"
)


def identifier_with_authority(authority: str, code: str) -> str:
    """``gmi:identifier/gmd:MD_Identifier``: the authority's title comes before the code."""
    return (
        f"<gmi:identifier><gmd:MD_Identifier><gmd:authority><gmd:CI_Citation><gmd:title>{cs(authority)}"
        f"</gmd:title></gmd:CI_Citation></gmd:authority><gmd:code>{cs(code)}</gmd:code>"
        "</gmd:MD_Identifier></gmi:identifier>"
    )


FULL_PRODUCT = iso(
    f"<gmd:fileIdentifier>{cs('urn:eop:VITO:TOC:S2B_20180814T105019_31UDS_TOC_V200')}</gmd:fileIdentifier>"
    "<gmd:contact><gmd:CI_ResponsibleParty>"
    f"<gmd:organisationName>{cs('VITO')}</gmd:organisationName>"
    "</gmd:CI_ResponsibleParty></gmd:contact>"
    + REFERENCE_SYSTEM
    + "<gmd:identificationInfo><gmd:MD_DataIdentification>"
    "<gmd:citation><gmd:CI_Citation>"
    f"<gmd:title>{cs('S2B_20180814T105019_31UDS_TOC_V200')}</gmd:title>"
    "</gmd:CI_Citation></gmd:citation>"
    f"<gmd:abstract>{cs('Top-of-canopy reflectance, Sentinel-2B, tile 31UDS')}</gmd:abstract>"
    "<gmd:extent><gmd:EX_Extent><gmd:geographicElement><gmd:EX_GeographicBoundingBox>"
    "<gmd:westBoundLongitude><gco:Decimal>3.0</gco:Decimal></gmd:westBoundLongitude>"
    "<gmd:eastBoundLongitude><gco:Decimal>4.5</gco:Decimal></gmd:eastBoundLongitude>"
    "<gmd:southBoundLatitude><gco:Decimal>50.4</gco:Decimal></gmd:southBoundLatitude>"
    "<gmd:northBoundLatitude><gco:Decimal>51.4</gco:Decimal></gmd:northBoundLatitude>"
    "</gmd:EX_GeographicBoundingBox></gmd:geographicElement>"
    '<gmd:temporalElement><gmd:EX_TemporalExtent><gmd:extent><gml:TimePeriod gml:id="t">'
    "<gml:beginPosition>2018-08-14T12:50:19+02:00</gml:beginPosition>"
    "<gml:endPosition>2018-08-14T10:50:20Z</gml:endPosition>"
    "</gml:TimePeriod></gmd:extent></gmd:EX_TemporalExtent></gmd:temporalElement>"
    "</gmd:EX_Extent></gmd:extent>"
    "</gmd:MD_DataIdentification></gmd:identificationInfo>"
    "<gmd:contentInfo><gmd:MD_ImageDescription><gmd:cloudCoverPercentage><gco:Real>12.5</gco:Real>"
    "</gmd:cloudCoverPercentage></gmd:MD_ImageDescription></gmd:contentInfo>"
    "<gmi:acquisitionInformation><gmi:MI_AcquisitionInformation>"
    "<gmi:platform><gmi:MI_Platform>"
    + identifier_with_authority("European Space Agency", "Sentinel-2B")
    + f"<gmi:description>{cs('Sentinel-2B satellite')}</gmi:description>"
    "</gmi:MI_Platform></gmi:platform>"
    "<gmi:instrument><gmi:MI_Instrument>"
    + identifier_with_authority("European Space Agency", "MSI")
    + f"<gmi:description>{cs('MultiSpectral Instrument')}</gmi:description>"
    "</gmi:MI_Instrument></gmi:instrument>"
    "</gmi:MI_AcquisitionInformation></gmi:acquisitionInformation>"
)


def test_full_product_xml_field_by_field() -> None:
    """Every field from its ISO 19139 place, past the decoys of the reference system block."""
    assert read_product_xml(FULL_PRODUCT) == ProductMetadata(
        title="S2B_20180814T105019_31UDS_TOC_V200",
        identifier="urn:eop:VITO:TOC:S2B_20180814T105019_31UDS_TOC_V200",
        start=datetime(2018, 8, 14, 10, 50, 19, tzinfo=UTC),
        end=datetime(2018, 8, 14, 10, 50, 20, tzinfo=UTC),
        bbox=(3.0, 50.4, 4.5, 51.4),
        cloud_cover=12.5,
        platform="Sentinel-2B",
        instrument="MSI",
        processing_baseline=None,
        orbit=None,
        orbit_direction=None,
        organisation="VITO",
        abstract="Top-of-canopy reflectance, Sentinel-2B, tile 31UDS",
    )


def test_product_to_json_is_plain_json_values() -> None:
    assert read_product_xml(FULL_PRODUCT).to_json() == {
        "title": "S2B_20180814T105019_31UDS_TOC_V200",
        "identifier": "urn:eop:VITO:TOC:S2B_20180814T105019_31UDS_TOC_V200",
        "start": "2018-08-14T10:50:19+00:00",
        "end": "2018-08-14T10:50:20+00:00",
        "bbox": [3.0, 50.4, 4.5, 51.4],
        "cloud_cover": 12.5,
        "platform": "Sentinel-2B",
        "instrument": "MSI",
        "processing_baseline": None,
        "orbit": None,
        "orbit_direction": None,
        "organisation": "VITO",
        "abstract": "Top-of-canopy reflectance, Sentinel-2B, tile 31UDS",
    }


# --------------------------------------------------------------------------- the hardened parser


def test_the_reader_parses_with_the_hardened_parser() -> None:
    """``remove_comments`` and ``remove_pis`` (PARSER_OPTIONS) show in the values read: a title
    split by a comment or a processing instruction reads whole (the XPath string value). lxml's
    default parser keeps both nodes, and the text before them is all the element's ``text``."""
    title = "S2B_20180814T105019_<!-- tile follows -->31UDS_<?vito step?>TOC_V200"
    data = iso(
        f"<gmd:identificationInfo><gmd:citation><gmd:title>{cs(title)}</gmd:title></gmd:citation></gmd:identificationInfo>"
    )
    assert read_product_xml(data).title == "S2B_20180814T105019_31UDS_TOC_V200"
    leading = iso(f"<gmd:abstract><!-- c -->{cs('<?pi x?>TOC')}</gmd:abstract>")
    assert read_product_xml(leading).abstract == "TOC"


def test_the_manifest_reader_parses_with_the_hardened_parser() -> None:
    data = manifest(
        platform="<safe:familyName><!-- c -->SENTINEL-<?pi x?>1</safe:familyName><safe:number>A</safe:number>",
        mode="<?pi x?>IW",
    )
    parsed = read_manifest_safe(data)
    assert (parsed.platform, parsed.mission, parsed.mode) == ("SENTINEL-1A", "S1A", "IW")


# --------------------------------------------------------------------------- fallbacks, one document each


def test_identifier_from_the_citation_when_there_is_no_file_identifier() -> None:
    # A platform identifier first in the document, outside any citation: not the product's.
    data = iso(
        "<gmi:acquisitionInformation><gmi:MI_AcquisitionInformation><gmi:platform><gmi:MI_Platform>"
        f"<gmi:identifier><gmd:MD_Identifier><gmd:code>{cs('Sentinel-2B')}</gmd:code></gmd:MD_Identifier></gmi:identifier>"
        "</gmi:MI_Platform></gmi:platform></gmi:MI_AcquisitionInformation></gmi:acquisitionInformation>"
        "<gmd:identificationInfo><gmd:MD_DataIdentification><gmd:citation><gmd:CI_Citation>"
        f"<gmd:title>{cs('S2B_20180814T105019_31UDS_TOC_V200')}</gmd:title>"
        "<gmd:identifier><gmd:MD_Identifier>"
        f"<gmd:code>{cs('urn:eop:VITO:TOC:S2B_20180814T105019_31UDS_TOC_V200')}</gmd:code>"
        "</gmd:MD_Identifier></gmd:identifier>"
        "</gmd:CI_Citation></gmd:citation></gmd:MD_DataIdentification></gmd:identificationInfo>"
    )
    meta = read_product_xml(data)
    assert meta.identifier == "urn:eop:VITO:TOC:S2B_20180814T105019_31UDS_TOC_V200"
    assert meta.platform == "Sentinel-2B"


def test_title_outside_identification_info_is_the_last_resort() -> None:
    data = iso(f"<gmd:contentInfo><gmd:title>{cs('Only title')}</gmd:title></gmd:contentInfo>")
    assert read_product_xml(data).title == "Only title"


@pytest.mark.parametrize("within", ["platform", "instrument"])
def test_platform_and_instrument_from_their_identifier_text(within: str) -> None:
    """No ``code``: the identifier's own text, before the description."""
    data = iso(
        f"<gmi:{within}><gmi:MI_Thing><gmi:identifier>{cs('Sentinel-2A')}</gmi:identifier>"
        f"<gmi:description>{cs('described')}</gmi:description></gmi:MI_Thing></gmi:{within}>"
    )
    meta = read_product_xml(data)
    assert (meta.platform, meta.instrument) == (
        ("Sentinel-2A", None) if within == "platform" else (None, "Sentinel-2A")
    )


@pytest.mark.parametrize("within", ["platform", "instrument"])
def test_platform_and_instrument_from_their_description(within: str) -> None:
    data = iso(
        f"<gmi:{within}><gmi:MI_Thing><gmi:description>{cs('Sentinel-2A')}</gmi:description></gmi:MI_Thing></gmi:{within}>"
    )
    meta = read_product_xml(data)
    assert (meta.platform, meta.instrument) == (
        ("Sentinel-2A", None) if within == "platform" else (None, "Sentinel-2A")
    )


def test_platform_from_a_keyword_that_is_exactly_a_platform_name() -> None:
    keywords = "".join(
        f"<gmd:keyword>{cs(word)}</gmd:keyword>"
        for word in ("Sentinel-2 MSI Level-2A", "Relative orbit: 8", "sentinel-2a", "PROBA-V")
    )
    meta = read_product_xml(
        iso(
            f"<gmd:descriptiveKeywords><gmd:MD_Keywords>{keywords}</gmd:MD_Keywords></gmd:descriptiveKeywords>"
        )
    )
    assert (meta.platform, meta.orbit) == ("sentinel-2a", 8)


def test_no_platform_anywhere_is_none() -> None:
    meta = read_product_xml(iso(f"<gmd:keyword>{cs('Sentinel-2 MSI Level-2A')}</gmd:keyword><gmd:keyword/>"))
    assert (meta.platform, meta.instrument, meta.orbit) == (None, None, None)


@pytest.mark.parametrize("name", ["relativeOrbitNumber", "orbitNumber", "relativeOrbit", "orbit"])
def test_orbit_from_each_element_name(name: str) -> None:
    assert read_product_xml(iso(f"<gmi:{name}>137</gmi:{name}>")).orbit == 137


def test_relative_orbit_number_comes_before_the_absolute_one() -> None:
    data = iso(
        "<gmi:orbitNumber>16578</gmi:orbitNumber><gmi:relativeOrbitNumber>51</gmi:relativeOrbitNumber>"
    )
    assert read_product_xml(data).orbit == 51
    data = iso(
        "<gmi:orbit>3</gmi:orbit><gmi:relativeOrbit>2</gmi:relativeOrbit><gmi:orbitNumber>1</gmi:orbitNumber>"
    )
    assert read_product_xml(data).orbit == 1
    data = iso("<gmi:orbit>3</gmi:orbit><gmi:relativeOrbit>2</gmi:relativeOrbit>")
    assert read_product_xml(data).orbit == 2


@pytest.mark.parametrize(("name", "value"), [("orbitDirection", "DESCENDING"), ("pass", "ASCENDING")])
def test_orbit_direction_from_each_element_name(name: str, value: str) -> None:
    assert read_product_xml(iso(f"<gmi:{name}>{value}</gmi:{name}>")).orbit_direction == value


def test_orbit_direction_comes_before_pass() -> None:
    data = iso("<gmi:pass>ASCENDING</gmi:pass><gmi:orbitDirection>DESCENDING</gmi:orbitDirection>")
    assert read_product_xml(data).orbit_direction == "DESCENDING"


def test_gml_begin_and_end_instants() -> None:
    """GML 3.2 ``TimePeriod/begin|end/TimeInstant/timePosition``."""
    data = iso(
        '<gml:TimePeriod gml:id="t">'
        '<gml:begin><gml:TimeInstant gml:id="b"><gml:timePosition>2019-03-07T10:50:21Z</gml:timePosition></gml:TimeInstant></gml:begin>'
        '<gml:end><gml:TimeInstant gml:id="e"><gml:timePosition>2019-03-07T10:51:00Z</gml:timePosition></gml:TimeInstant></gml:end>'
        "</gml:TimePeriod>"
    )
    meta = read_product_xml(data)
    assert (meta.start, meta.end) == (
        datetime(2019, 3, 7, 10, 50, 21, tzinfo=UTC),
        datetime(2019, 3, 7, 10, 51, tzinfo=UTC),
    )


def test_begin_and_end_holding_the_time_as_text() -> None:
    data = iso("<gml:begin>2019-03-07T10:50:21Z</gml:begin><gml:end>2019-03-07T10:51:00Z</gml:end>")
    meta = read_product_xml(data)
    assert (meta.start, meta.end) == (
        datetime(2019, 3, 7, 10, 50, 21, tzinfo=UTC),
        datetime(2019, 3, 7, 10, 51, tzinfo=UTC),
    )


def test_a_single_time_instant_is_start_and_end() -> None:
    data = iso(
        '<gml:TimeInstant gml:id="i"><gml:timePosition>2019-03-07T10:50:21Z</gml:timePosition></gml:TimeInstant>'
    )
    meta = read_product_xml(data)
    assert meta.start == meta.end == datetime(2019, 3, 7, 10, 50, 21, tzinfo=UTC)


def test_a_begin_without_an_end_is_both() -> None:
    meta = read_product_xml(iso("<gml:beginPosition>2019-03-07T10:50:21Z</gml:beginPosition>"))
    assert meta.start == meta.end == datetime(2019, 3, 7, 10, 50, 21, tzinfo=UTC)


def test_baseline_element_comes_before_the_lineage_text() -> None:
    data = iso(
        "<gmd:statement>" + cs("Sen2Cor, processing baseline 02.09") + "</gmd:statement>"
        "<gmi:PROCESSING_BASELINE/><gmi:processingBaseline>" + cs("02.14") + "</gmi:processingBaseline>"
    )
    assert read_product_xml(data).processing_baseline == "02.14"


def test_baseline_from_a_process_step_description() -> None:
    data = iso(
        "<gmd:statement/><gmd:statement>" + cs("Atmospheric correction with iCOR") + "</gmd:statement>"
        "<gmd:processStep><gmd:LI_ProcessStep><gmd:description>"
        + cs("L1C input, Processing Baseline: 04.00")
        + "</gmd:description></gmd:LI_ProcessStep></gmd:processStep>"
    )
    assert read_product_xml(data).processing_baseline == "04.00"


def test_no_baseline_is_none() -> None:
    data = iso("<gmd:statement/><gmd:description>" + cs("no baseline here") + "</gmd:description>")
    assert read_product_xml(data).processing_baseline is None


# --------------------------------------------------------------------------- dates


@pytest.fixture
def local_zone_utc_plus_5(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's local zone at UTC+5: times must not depend on it."""
    monkeypatch.setenv("TZ", "TST-5")  # POSIX TZ: needs no tz database
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("local_zone_utc_plus_5")
def test_times_are_utc_whatever_the_local_zone() -> None:
    meta = read_product_xml(FULL_PRODUCT)
    assert meta.to_json()["start"] == "2018-08-14T10:50:19+00:00"  # from +02:00
    assert meta.to_json()["end"] == "2018-08-14T10:50:20+00:00"  # from Z
    parsed = read_manifest_safe(MANIFEST)  # S1 times have no zone: UTC (reference section 5)
    assert parsed.to_json()["start"] == "2019-03-07T17:24:35.123456+00:00"
    assert parsed.to_json()["stop"] == "2019-03-07T17:25:00+00:00"


def test_a_lower_case_z_is_utc() -> None:
    meta = read_product_xml(iso("<gml:beginPosition>2019-03-07T10:50:21.5z</gml:beginPosition>"))
    assert meta.start == datetime(2019, 3, 7, 10, 50, 21, 500000, tzinfo=UTC)
    assert meta.to_json()["start"] == "2019-03-07T10:50:21.500000+00:00"


@pytest.mark.parametrize("text", ["", "   ", "yesterday", "2019-13-07T10:50:21Z"])
def test_unreadable_times_are_none(text: str) -> None:
    meta = read_product_xml(iso(f"<gml:beginPosition>{text}</gml:beginPosition>"))
    assert (meta.start, meta.end) == (None, None)


# --------------------------------------------------------------------------- manifest.safe


def manifest(
    *,
    platform: str = "<safe:familyName>SENTINEL-1</safe:familyName><safe:number>A</safe:number>",
    mode: str = "IW",
    orbits: str = (
        '<safe:orbitNumber type="stop">26263</safe:orbitNumber><safe:orbitNumber type="start">26262</safe:orbitNumber>'
        '<safe:relativeOrbitNumber type="stop">89</safe:relativeOrbitNumber>'
        '<safe:relativeOrbitNumber type="start">88</safe:relativeOrbitNumber>'
    ),
    footprint: str = "<gml:coordinates>50.1,3.2 50.5,6.9 52.0,6.5 51.6,2.8</gml:coordinates>",
    decoys: str = "",
    instrument: str = '<safe:familyName abbreviation="SAR">Synthetic Aperture Radar</safe:familyName>',
) -> bytes:
    """A ``manifest.safe`` with the element places of reference section 5."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xfdu:XFDU xmlns:xfdu="urn:ccsds:schema:xfdu:1" xmlns:safe="http://www.esa.int/safe/sentinel-1.0" '
        'xmlns:s1="http://www.esa.int/safe/sentinel-1.0/sentinel-1" '
        'xmlns:s1sarl1="http://www.esa.int/safe/sentinel-1.0/sentinel-1/sar/level-1" '
        'xmlns:gml="http://www.opengis.net/gml"><metadataSection>'
        f'<metadataObject ID="decoys"><metadataWrap><xmlData>{decoys}</xmlData></metadataWrap></metadataObject>'
        '<metadataObject ID="platform"><metadataWrap><xmlData><safe:platform>'
        f"<safe:nssdcIdentifier>2014-016A</safe:nssdcIdentifier>{platform}"
        f"<safe:instrument>{instrument}"
        f"<safe:extension><s1sarl1:instrumentMode><s1sarl1:mode>{mode}</s1sarl1:mode>"
        "</s1sarl1:instrumentMode></safe:extension></safe:instrument>"
        "</safe:platform></xmlData></metadataWrap></metadataObject>"
        '<metadataObject ID="generalProductInformation"><metadataWrap><xmlData><s1sarl1:standAloneProductInformation>'
        "<s1sarl1:productType>GRD</s1sarl1:productType>"
        "<s1sarl1:transmitterReceiverPolarisation>VV</s1sarl1:transmitterReceiverPolarisation>"
        "<s1sarl1:transmitterReceiverPolarisation/>"
        "<s1sarl1:transmitterReceiverPolarisation>VH</s1sarl1:transmitterReceiverPolarisation>"
        "</s1sarl1:standAloneProductInformation></xmlData></metadataWrap></metadataObject>"
        '<metadataObject ID="acquisitionPeriod"><metadataWrap><xmlData><safe:acquisitionPeriod>'
        "<safe:startTime>2019-03-07T17:24:35.123456</safe:startTime><safe:stopTime>2019-03-07T17:25:00.000000</safe:stopTime>"
        "</safe:acquisitionPeriod></xmlData></metadataWrap></metadataObject>"
        '<metadataObject ID="measurementOrbitReference"><metadataWrap><xmlData><safe:orbitReference>'
        f"{orbits}<safe:extension><s1:orbitProperties><s1:pass>ASCENDING</s1:pass></s1:orbitProperties></safe:extension>"
        "</safe:orbitReference></xmlData></metadataWrap></metadataObject>"
        '<metadataObject ID="measurementFrameSet"><metadataWrap><xmlData><safe:frameSet><safe:frame>'
        f"<safe:footPrint>{footprint}</safe:footPrint>"
        "</safe:frame></safe:frameSet></xmlData></metadataWrap></metadataObject>"
        "</metadataSection></xfdu:XFDU>"
    ).encode()


MANIFEST = manifest()

# Elements with the names the reader looks for, outside the parents it must look in, first in the
# document: a reader that ignores the parent takes these.
DECOYS = (
    "<safe:familyName>DECOY</safe:familyName><safe:number>9</safe:number><s1sarl1:mode>EW</s1sarl1:mode>"
    "<safe:startTime>2000-01-01T00:00:00</safe:startTime><safe:stopTime>2000-01-02T00:00:00</safe:stopTime>"
    "<gml:coordinates>10,10 11,11 12,10</gml:coordinates>"
)

EXPECTED_MANIFEST = SafeManifest(
    mission="S1A",
    platform="SENTINEL-1A",
    mode="IW",
    product_type="GRD",
    polarisations=("VV", "VH"),
    start=datetime(2019, 3, 7, 17, 24, 35, 123456, tzinfo=UTC),
    stop=datetime(2019, 3, 7, 17, 25, tzinfo=UTC),
    orbit=26262,
    relative_orbit=88,
    pass_direction="ASCENDING",
    footprint=((3.2, 50.1), (6.9, 50.5), (6.5, 52.0), (2.8, 51.6)),
    bbox=(2.8, 50.1, 6.9, 52.0),
)


@pytest.mark.parametrize("decoys", ["", DECOYS], ids=["plain", "decoys"])
def test_manifest_field_by_field(decoys: str) -> None:
    """The ``type="start"`` orbit even when the stop one comes first; nothing from the decoys."""
    assert read_manifest_safe(manifest(decoys=decoys)) == EXPECTED_MANIFEST


def test_manifest_to_json_is_plain_json_values() -> None:
    assert read_manifest_safe(MANIFEST).to_json() == {
        "mission": "S1A",
        "platform": "SENTINEL-1A",
        "mode": "IW",
        "product_type": "GRD",
        "polarisations": ["VV", "VH"],
        "start": "2019-03-07T17:24:35.123456+00:00",
        "stop": "2019-03-07T17:25:00+00:00",
        "orbit": 26262,
        "relative_orbit": 88,
        "pass_direction": "ASCENDING",
        "footprint": [[3.2, 50.1], [6.9, 50.5], [6.5, 52.0], [2.8, 51.6]],
        "bbox": [2.8, 50.1, 6.9, 52.0],
    }


def test_an_orbit_without_a_type_is_the_start_orbit() -> None:
    parsed = read_manifest_safe(
        manifest(
            orbits="<safe:orbitNumber>26262</safe:orbitNumber><safe:relativeOrbitNumber>88</safe:relativeOrbitNumber>"
        )
    )
    assert (parsed.orbit, parsed.relative_orbit) == (26262, 88)


def test_orbits_of_another_type_only_are_none() -> None:
    parsed = read_manifest_safe(manifest(orbits='<safe:orbitNumber type="stop">26263</safe:orbitNumber>'))
    assert (parsed.orbit, parsed.relative_orbit) == (None, None)


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("<safe:familyName>SENTINEL-1</safe:familyName>", ("SENTINEL-1", None)),
        ("<safe:number>A</safe:number>", (None, None)),
        ("<safe:familyName>ENVISAT</safe:familyName><safe:number>1</safe:number>", ("ENVISAT1", None)),
        ("<safe:familyName>Sentinel-1</safe:familyName><safe:number>B</safe:number>", ("Sentinel-1B", "S1B")),
    ],
    ids=["no-number", "no-family", "not-sentinel", "mixed-case"],
)
def test_manifest_platform_and_mission(platform: str, expected: tuple[str | None, str | None]) -> None:
    # Without the instrument's familyName ("Synthetic Aperture Radar", also inside safe:platform),
    # which the reader would take for a missing platform familyName (see docs/MUTANTS.md).
    parsed = read_manifest_safe(manifest(platform=platform, instrument=""))
    assert (parsed.platform, parsed.mission) == expected


@pytest.mark.parametrize(
    "footprint",
    ["", "<gml:coordinates>50.1,abc 50.5,6.9</gml:coordinates>", "<gml:coordinates>x,3.2</gml:coordinates>"],
    ids=["none", "bad-lon", "bad-lat"],
)
def test_a_missing_or_malformed_footprint_gives_no_bbox(footprint: str) -> None:
    parsed = read_manifest_safe(manifest(footprint=footprint))
    assert parsed.footprint == ()
    assert parsed.bbox is None


def test_manifest_root_must_be_xfdu() -> None:
    with pytest.raises(MetadataError) as info:
        read_manifest_safe(FULL_PRODUCT)
    assert str(info.value) == "<bytes>: not a SAFE manifest (root element 'MI_Metadata')"


# --------------------------------------------------------------------------- size limits

MINIMAL = b"<r><title>x</title></r>"  # the last byte matters: a truncated read is not well-formed


@pytest.mark.parametrize("reader", [read_product_xml, read_manifest_safe])
def test_bytes_limit_is_exact(reader: Callable[..., object]) -> None:
    data = MANIFEST if reader is read_manifest_safe else FULL_PRODUCT
    size = len(data)
    reader(data, limit=size)
    reader(data, limit=size + 1)
    with pytest.raises(MetadataError) as info:
        reader(data, limit=size - 1)
    assert str(info.value) == f"<bytes>: larger than the {size - 1}-byte metadata limit"


def test_file_limit_is_exact(tmp_path: Path) -> None:
    path = tmp_path / "product.xml"
    path.write_bytes(MINIMAL)
    size = len(MINIMAL)
    assert read_product_xml(path, limit=size).title == "x"
    assert read_product_xml(path, limit=size + 1).title == "x"
    with pytest.raises(MetadataError) as info:
        read_product_xml(path, limit=size - 1)
    assert str(info.value) == f"{path}: {size} bytes is larger than the {size - 1}-byte metadata limit"


def test_default_limit_is_16_mib() -> None:
    assert MAX_XML_BYTES == 16 * 1024 * 1024


def test_file_larger_than_its_size_says_is_read_only_up_to_the_limit() -> None:
    """/proc files report a size of 0: the reader stops after ``limit + 1`` bytes (it does not
    load the whole file to find out) and refuses it by what it read."""
    chunk = "a" * 100_000
    env = {f"TERRASCOPE_FILLER_{n}": chunk for n in range(4)}  # about 400 KB of environment
    child = subprocess.Popen(["sleep", "60"], env=env)
    try:
        path = f"/proc/{child.pid}/environ"
        deadline = time.monotonic() + 10  # the environment shows once the exec has finished
        while len(Path(path).read_bytes()) < 400_000 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert os.stat(path).st_size == 0 and len(Path(path).read_bytes()) > 400_000
        tracemalloc.start()
        try:
            with pytest.raises(MetadataError) as info:
                read_product_xml(path, limit=1000)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    finally:
        child.kill()
        child.wait()
    assert str(info.value) == f"{path}: larger than the 1000-byte metadata limit"
    assert peak < 200_000, peak  # reading the whole file would need over 400 KB


# --------------------------------------------------------------------------- error messages


def test_missing_file_message(tmp_path: Path) -> None:
    path = tmp_path / "nope.xml"
    with pytest.raises(MetadataError) as info:
        read_product_xml(path)
    assert str(info.value) == f"{path}: cannot read the file (No such file or directory)"


@pytest.mark.timeout(20)
def test_fifo_message(tmp_path: Path) -> None:
    fifo = tmp_path / "manifest.safe"
    os.mkfifo(fifo)
    with pytest.raises(MetadataError) as info:
        read_manifest_safe(fifo)
    assert str(info.value) == f"{fifo}: not a regular file, expected an XML document"


@pytest.mark.parametrize("data", [b"", b" \n\t"])
def test_empty_message(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.xml"
    path.write_bytes(data)
    with pytest.raises(MetadataError) as info:
        read_product_xml(path)
    assert str(info.value) == f"{path}: the file is empty, expected an XML document"


def test_undeclared_non_utf8_message() -> None:
    with pytest.raises(MetadataError) as info:
        read_product_xml(b"<r>caf\xe9</r>")
    assert str(info.value) == (
        "<bytes>: not well-formed XML (not valid utf-8: 'utf-8' codec can't decode byte 0xe9 "
        "in position 6: invalid continuation byte)"
    )


@pytest.mark.parametrize("name", ["UTF-32", "utf-32le", "UTF-32BE", "UTF-16", "utf-16le"])
def test_wide_encoding_declared_on_narrow_bytes_message(name: str) -> None:
    with pytest.raises(MetadataError) as info:
        read_product_xml(f'<?xml version="1.0" encoding="{name}"?><r/>'.encode("ascii"))
    assert str(info.value) == f"<bytes>: declared as {name} but the bytes are not {name}"


def test_declaration_is_read_from_the_first_1024_bytes() -> None:
    """A declaration ending at byte 1024 is honoured (Latin-1 "é" reads); one ending at byte 1025
    is not seen, so the document is UTF-8, the XML default, and the Latin-1 byte is an error."""
    body = "<title>caf\u00e9</title>".encode("latin-1")

    def document(length: int) -> bytes:
        head = b'<?xml version="1.0" encoding="ISO-8859-1"'
        return head + b" " * (length - len(head) - 2) + b"?>" + body

    assert read_product_xml(document(1024)).title == "caf\u00e9"
    with pytest.raises(MetadataError) as info:
        read_product_xml(document(1025))
    assert str(info.value).startswith("<bytes>: not well-formed XML (not valid utf-8: ")


def test_a_byte_order_mark_at_the_end_is_not_well_formed() -> None:
    """U+FEFF after the root element is character data where XML allows none."""
    with pytest.raises(MetadataError) as info:
        read_product_xml("\ufeff<r/>\ufeff".encode())
    assert str(info.value).startswith(
        "<bytes>: not well-formed XML (Extra content at the end of the document"
    )


def test_text_lxml_refuses_to_decode_message() -> None:
    """A declaration the reader does not recognise (form feed after ``<?xml``) stays in the text,
    and lxml refuses text that names an encoding: a MetadataError that says so."""
    with pytest.raises(MetadataError) as info:
        read_product_xml(b'<?xml\x0cversion="1.0" encoding="UTF-8"?><r/>')
    message = str(info.value)
    assert message.startswith("<bytes>: cannot decode the XML (") and message.endswith(")")
    assert "encoding declaration" in message
