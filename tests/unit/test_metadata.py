"""Secure XML metadata: ISO 19139 product XML, S1 manifest.safe, and every attack/garbage case."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from plugin.core.products.metadata import (
    MetadataError,
    read_manifest_safe,
    read_product_xml,
)

PRODUCT_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<gmi:MI_Metadata xmlns:gmi="http://www.isotc211.org/2005/gmi" xmlns:gmd="http://www.isotc211.org/2005/gmd"
    xmlns:gco="http://www.isotc211.org/2005/gco" xmlns:gml="http://www.opengis.net/gml">
  <gmd:fileIdentifier><gco:CharacterString>urn:eop:VITO:TOC:S2B_20180814T105019_31UDS_TOC_V200</gco:CharacterString></gmd:fileIdentifier>
  <gmd:identificationInfo><gmd:MD_DataIdentification>
    <gmd:citation><gmd:CI_Citation><gmd:title><gco:CharacterString>S2B_20180814T105019_31UDS_TOC_V200</gco:CharacterString></gmd:title></gmd:CI_Citation></gmd:citation>
    <gmd:descriptiveKeywords><gmd:MD_Keywords><gmd:keyword><gco:CharacterString>relative orbit 51</gco:CharacterString></gmd:keyword></gmd:MD_Keywords></gmd:descriptiveKeywords>
    <gmd:extent><gmd:EX_Extent>
      <gmd:geographicElement><gmd:EX_GeographicBoundingBox>
        <gmd:westBoundLongitude><gco:Decimal>3.0</gco:Decimal></gmd:westBoundLongitude>
        <gmd:eastBoundLongitude><gco:Decimal>4.5</gco:Decimal></gmd:eastBoundLongitude>
        <gmd:southBoundLatitude><gco:Decimal>50.4</gco:Decimal></gmd:southBoundLatitude>
        <gmd:northBoundLatitude><gco:Decimal>51.4</gco:Decimal></gmd:northBoundLatitude>
      </gmd:EX_GeographicBoundingBox></gmd:geographicElement>
      <gmd:temporalElement><gmd:EX_TemporalExtent><gmd:extent><gml:TimePeriod gml:id="t">
        <gml:beginPosition>2018-08-14T10:50:19Z</gml:beginPosition>
        <gml:endPosition>2018-08-14T10:50:19.123456789Z</gml:endPosition>
      </gml:TimePeriod></gmd:extent></gmd:EX_TemporalExtent></gmd:temporalElement>
    </gmd:EX_Extent></gmd:extent>
  </gmd:MD_DataIdentification></gmd:identificationInfo>
  <gmd:contentInfo><gmd:MD_ImageDescription><gmd:cloudCoverPercentage><gco:Real>12.5</gco:Real></gmd:cloudCoverPercentage></gmd:MD_ImageDescription></gmd:contentInfo>
  <gmd:dataQualityInfo><gmd:DQ_DataQuality><gmd:lineage><gmd:LI_Lineage><gmd:statement>
    <gco:CharacterString>Sen2Cor, processing baseline 02.09</gco:CharacterString></gmd:statement></gmd:LI_Lineage></gmd:lineage></gmd:DQ_DataQuality></gmd:dataQualityInfo>
  <gmi:acquisitionInformation><gmi:MI_AcquisitionInformation><gmi:platform><gmi:MI_Platform><gmi:identifier><gmd:MD_Identifier>
    <gmd:code><gco:CharacterString>Sentinel-2B</gco:CharacterString></gmd:code></gmd:MD_Identifier></gmi:identifier></gmi:MI_Platform></gmi:platform>
  </gmi:MI_AcquisitionInformation></gmi:acquisitionInformation>
</gmi:MI_Metadata>
"""

MANIFEST = b"""<?xml version="1.0" encoding="UTF-8"?>
<xfdu:XFDU xmlns:xfdu="urn:ccsds:schema:xfdu:1" xmlns:safe="http://www.esa.int/safe/sentinel-1.0"
    xmlns:s1="http://www.esa.int/safe/sentinel-1.0/sentinel-1" xmlns:s1sarl1="http://www.esa.int/safe/sentinel-1.0/sentinel-1/sar/level-1"
    xmlns:gml="http://www.opengis.net/gml">
  <metadataSection><metadataObject ID="platform"><metadataWrap><xmlData>
    <safe:platform><safe:familyName>SENTINEL-1</safe:familyName><safe:number>A</safe:number>
      <safe:instrument><safe:extension><s1sarl1:instrumentMode><s1sarl1:mode>IW</s1sarl1:mode></s1sarl1:instrumentMode></safe:extension></safe:instrument>
    </safe:platform></xmlData></metadataWrap></metadataObject>
  <metadataObject ID="generalProductInformation"><metadataWrap><xmlData><s1sarl1:standAloneProductInformation>
    <s1sarl1:productType>GRD</s1sarl1:productType>
    <s1sarl1:transmitterReceiverPolarisation>VV</s1sarl1:transmitterReceiverPolarisation>
    <s1sarl1:transmitterReceiverPolarisation>VH</s1sarl1:transmitterReceiverPolarisation>
  </s1sarl1:standAloneProductInformation></xmlData></metadataWrap></metadataObject>
  <metadataObject ID="acquisitionPeriod"><metadataWrap><xmlData><safe:acquisitionPeriod>
    <safe:startTime>2019-03-07T17:24:35.123456</safe:startTime><safe:stopTime>2019-03-07T17:25:00.000000</safe:stopTime>
  </safe:acquisitionPeriod></xmlData></metadataWrap></metadataObject>
  <metadataObject ID="measurementOrbitReference"><metadataWrap><xmlData><safe:orbitReference>
    <safe:orbitNumber type="start">26262</safe:orbitNumber><safe:orbitNumber type="stop">26262</safe:orbitNumber>
    <safe:relativeOrbitNumber type="start">88</safe:relativeOrbitNumber><safe:relativeOrbitNumber type="stop">88</safe:relativeOrbitNumber>
    <safe:extension><s1:orbitProperties><s1:pass>ASCENDING</s1:pass></s1:orbitProperties></safe:extension>
  </safe:orbitReference></xmlData></metadataWrap></metadataObject>
  <metadataObject ID="measurementFrameSet"><metadataWrap><xmlData><safe:frameSet><safe:frame><safe:footPrint>
    <gml:coordinates>50.1,3.2 50.5,6.9 52.0,6.5 51.6,2.8</gml:coordinates>
  </safe:footPrint></safe:frame></safe:frameSet></xmlData></metadataWrap></metadataObject>
  </metadataSection>
</xfdu:XFDU>
"""


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo archive, generated once per test session (shared by name with test_archive)."""
    from demo_archive import generator as demo

    out = tmp_path_factory.getbasetemp() / "demo_archive"
    if not (out / "DEMO_MANIFEST.json").exists():
        demo.generate(str(out), force=True)
    return out


def test_product_xml_fields(tmp_path: Path) -> None:
    path = tmp_path / "S2B_20180814T105019_31UDS_TOC_V200.xml"
    path.write_bytes(PRODUCT_XML)
    meta = read_product_xml(path)
    assert meta.title == "S2B_20180814T105019_31UDS_TOC_V200"
    assert meta.identifier == "urn:eop:VITO:TOC:S2B_20180814T105019_31UDS_TOC_V200"
    assert meta.start == datetime(2018, 8, 14, 10, 50, 19, tzinfo=UTC)
    assert meta.end == datetime(2018, 8, 14, 10, 50, 19, 123456, tzinfo=UTC)
    assert meta.bbox == (3.0, 50.4, 4.5, 51.4)
    assert meta.cloud_cover == 12.5
    assert meta.platform == "Sentinel-2B"
    assert meta.processing_baseline == "02.09"
    assert meta.orbit == 51
    assert meta.to_json()["start"] == "2018-08-14T10:50:19+00:00"


def test_unknown_prefixes_and_missing_elements_give_none() -> None:
    text = b"""<x:Root xmlns:x="urn:other" xmlns:y="urn:else"><y:cloudCoverPercentage><y:Real>3</y:Real>
    </y:cloudCoverPercentage><y:title>T</y:title></x:Root>"""
    meta = read_product_xml(text)
    assert meta.cloud_cover == 3.0
    assert meta.title == "T"
    assert meta.bbox is None and meta.start is None and meta.identifier is None and meta.platform is None


def test_manifest_safe_fields() -> None:
    manifest = read_manifest_safe(MANIFEST)
    assert manifest.mission == "S1A"
    assert manifest.platform == "SENTINEL-1A"
    assert manifest.mode == "IW"
    assert manifest.product_type == "GRD"
    assert manifest.polarisations == ("VV", "VH")
    assert manifest.start == datetime(2019, 3, 7, 17, 24, 35, 123456, tzinfo=UTC)
    assert manifest.stop == datetime(2019, 3, 7, 17, 25, tzinfo=UTC)
    assert manifest.orbit == 26262
    assert manifest.relative_orbit == 88
    assert manifest.pass_direction == "ASCENDING"
    assert manifest.footprint[0] == (3.2, 50.1)
    assert manifest.bbox == (2.8, 50.1, 6.9, 52.0)


def test_manifest_rejects_other_documents() -> None:
    with pytest.raises(MetadataError, match="not a SAFE manifest"):
        read_manifest_safe(PRODUCT_XML)


def test_demo_xml_matches_manifest_cloud_cover(demo_archive: Path) -> None:
    import json

    manifest = json.loads((demo_archive / "DEMO_MANIFEST.json").read_text())
    checked = 0
    for product in manifest["products"]:
        xmls = [f for f in product["files"] if f.endswith(".xml")]
        if not xmls or product.get("cloud_cover") is None:
            continue
        meta = read_product_xml(demo_archive / xmls[0])
        assert meta.cloud_cover == pytest.approx(product["cloud_cover"])
        assert meta.bbox is not None and meta.start is not None
        checked += 1
    assert checked > 10


# --------------------------------------------------------------------------- attacks and garbage
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<r><title>&xxe;</title></r>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz><title>&lol3;</title></lolz>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE r SYSTEM "http://example.invalid/evil.dtd">
<r><title>x</title></r>"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (XXE, "entities"),
        (BILLION_LAUGHS, "entities"),
        (EXTERNAL_DTD, "DOCTYPE"),
        (b"<r><title>unclosed</r>", "not well-formed"),
        (b"<?xml version='1.0' encoding='UTF-8'?><r><title>caf\xe9</title></r>", "not well-formed"),
        (b"", "empty"),
        (b"   \n", "empty"),
    ],
    ids=["xxe", "billion-laughs", "external-dtd", "malformed", "non-utf8", "empty", "blank"],
)
def test_hostile_or_broken_xml_is_a_clear_error(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(data)
    with pytest.raises(MetadataError, match=message) as info:
        read_product_xml(path)
    assert str(path) in str(info.value)
    assert "root:" not in str(info.value)  # nothing of /etc/passwd leaks into the message
    assert isinstance(info.value, ValueError)


# Network access, FIFOs, marker files and every encoding: tests/unit/test_metadata_security.py.


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_entities_are_refused_before_parsing(codec: str) -> None:
    """A byte scan cannot see a UTF-16 ``<!ENTITY``: the check runs on the decoded text."""
    name = "UTF-16" if codec == "utf-16" else codec.upper().replace("-LE", "LE").replace("-BE", "BE")
    data = XXE.decode().replace('version="1.0"', f'version="1.0" encoding="{name}"').encode(codec)
    assert b"<!ENTITY" not in data and b"<!DOCTYPE" not in data
    with pytest.raises(MetadataError) as info:
        read_product_xml(data)
    assert str(info.value) == "<bytes>: refused, the document declares XML entities (possible XXE attack)"


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with open(path, "wb") as handle:
        handle.write(b"<r>")
        handle.truncate(20 * 1024 * 1024)  # sparse: costs nothing
    with pytest.raises(MetadataError, match="limit"):
        read_product_xml(path)
    with pytest.raises(MetadataError, match="limit"):
        read_product_xml(b"<r>" + b" " * 2000 + b"</r>", limit=1000)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MetadataError, match="cannot read"):
        read_product_xml(tmp_path / "nope.xml")


@pytest.mark.timeout(20)
def test_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "product.xml"
    os.mkfifo(fifo)  # opening it for reading would block until a writer comes
    with pytest.raises(MetadataError, match="not a regular file"):
        read_product_xml(fifo)


@pytest.mark.parametrize("value", ["NaN", "inf", "-Infinity"])
def test_non_finite_numbers_are_unknown(value: str) -> None:
    data = PRODUCT_XML.replace(b"<gco:Real>12.5</gco:Real>", f"<gco:Real>{value}</gco:Real>".encode())
    data = data.replace(b"<gco:Decimal>3.0</gco:Decimal>", f"<gco:Decimal>{value}</gco:Decimal>".encode())
    metadata = read_product_xml(data)
    assert metadata.cloud_cover is None
    assert metadata.bbox is None
    json.dumps(metadata.to_json(), allow_nan=False)  # strict JSON, as the command line prints
