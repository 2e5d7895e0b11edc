"""ISO 19139 product metadata of the demo archive: the elements the plugin reads (reference §5)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timedelta

NS = {
    "gmd": "http://www.isotc211.org/2005/gmd",
    "gco": "http://www.isotc211.org/2005/gco",
    "gml": "http://www.opengis.net/gml",
    "gmi": "http://www.isotc211.org/2005/gmi",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


def _q(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _el(parent: ET.Element, path: str, text: str | None = None, **attrib: str) -> ET.Element:
    """Create nested elements ``a/b/c`` under parent; put text in the last one."""
    node = parent
    for tag in path.split("/"):
        node = ET.SubElement(node, _q(tag))
    for key, value in attrib.items():
        node.set(_q(key.replace("__", ":")) if "__" in key else key, value)
    if text is not None:
        node.text = text
    return node


@dataclass(frozen=True)
class XmlInfo:
    root_tag: str  # "gmi:MI_Metadata" | "gmd:MD_Metadata"
    identifier: str
    parent: str
    title: str
    abstract: str
    begin: datetime
    end: datetime
    bbox: tuple[float, ...]  # W, S, E, N
    epsg: int
    platform: str
    instrument: str
    keywords: tuple[str, ...]
    cloud_cover: float | None
    lineage: str


def iso_utc(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def product_xml(info: XmlInfo) -> bytes:
    """A compact ISO 19139 record with the elements the plugin reads (reference section 5)."""
    root = ET.Element(_q(info.root_tag))
    _el(root, "gmd:fileIdentifier/gco:CharacterString", info.identifier)
    _el(root, "gmd:language/gco:CharacterString", "eng")
    _el(root, "gmd:parentIdentifier/gco:CharacterString", info.parent)
    _el(
        root,
        "gmd:hierarchyLevel/gmd:MD_ScopeCode",
        "dataset",
        codeList="http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#MD_ScopeCode",
        codeListValue="dataset",
    )
    contact = _el(root, "gmd:contact/gmd:CI_ResponsibleParty")
    _el(contact, "gmd:organisationName/gco:CharacterString", "VITO")
    _el(contact, "gmd:role/gmd:CI_RoleCode", "pointOfContact", codeListValue="pointOfContact")
    _el(root, "gmd:dateStamp/gco:DateTime", iso_utc(info.begin + timedelta(days=2)))
    _el(root, "gmd:metadataStandardName/gco:CharacterString", "ISO 19115-2:2009 / ISO 19139")
    _el(
        root,
        "gmd:referenceSystemInfo/gmd:MD_ReferenceSystem/gmd:referenceSystemIdentifier/gmd:RS_Identifier/gmd:code/gco:CharacterString",
        f"EPSG:{info.epsg}",
    )
    ident = _el(root, "gmd:identificationInfo/gmd:MD_DataIdentification")
    citation = _el(ident, "gmd:citation/gmd:CI_Citation")
    _el(citation, "gmd:title/gco:CharacterString", info.title)
    cdate = _el(citation, "gmd:date/gmd:CI_Date")
    _el(cdate, "gmd:date/gco:DateTime", iso_utc(info.begin + timedelta(days=2)))
    _el(cdate, "gmd:dateType/gmd:CI_DateTypeCode", "creation", codeListValue="creation")
    _el(citation, "gmd:identifier/gmd:MD_Identifier/gmd:code/gco:CharacterString", info.identifier)
    _el(ident, "gmd:abstract/gco:CharacterString", info.abstract)
    keywords = _el(ident, "gmd:descriptiveKeywords/gmd:MD_Keywords")
    for word in (info.platform, info.instrument, *info.keywords):
        _el(keywords, "gmd:keyword/gco:CharacterString", word)
    _el(ident, "gmd:language/gco:CharacterString", "eng")
    _el(ident, "gmd:topicCategory/gmd:MD_TopicCategoryCode", "imageryBaseMapsEarthCover")
    extent = _el(ident, "gmd:extent/gmd:EX_Extent")
    box = _el(extent, "gmd:geographicElement/gmd:EX_GeographicBoundingBox")
    west, south, east, north = info.bbox
    for tag, value in (
        ("westBoundLongitude", west),
        ("eastBoundLongitude", east),
        ("southBoundLatitude", south),
        ("northBoundLatitude", north),
    ):
        _el(box, f"gmd:{tag}/gco:Decimal", f"{value:.6f}")
    period = _el(extent, "gmd:temporalElement/gmd:EX_TemporalExtent/gmd:extent/gml:TimePeriod", gml__id="T1")
    _el(period, "gml:beginPosition", iso_utc(info.begin))
    _el(period, "gml:endPosition", iso_utc(info.end))
    if info.cloud_cover is not None:
        image = _el(root, "gmd:contentInfo/gmd:MD_ImageDescription")
        _el(image, "gmd:attributeDescription/gco:RecordType", "reflectance")
        _el(
            image,
            "gmd:contentType/gmd:MD_CoverageContentTypeCode",
            "physicalMeasurement",
            codeListValue="physicalMeasurement",
        )
        _el(image, "gmd:cloudCoverPercentage/gco:Real", f"{info.cloud_cover:.4f}")
    _el(
        root,
        "gmd:distributionInfo/gmd:MD_Distribution/gmd:distributionFormat/gmd:MD_Format/gmd:name/gco:CharacterString",
        "GeoTIFF",
    )
    quality = _el(root, "gmd:dataQualityInfo/gmd:DQ_DataQuality")
    _el(quality, "gmd:scope/gmd:DQ_Scope/gmd:level/gmd:MD_ScopeCode", "dataset", codeListValue="dataset")
    lineage = _el(quality, "gmd:lineage/gmd:LI_Lineage")
    _el(lineage, "gmd:statement/gco:CharacterString", info.lineage)
    _el(lineage, "gmd:processStep/gmd:LI_ProcessStep/gmd:description/gco:CharacterString", info.lineage)
    if info.root_tag == "gmi:MI_Metadata":
        platform = _el(
            root, "gmi:acquisitionInformation/gmi:MI_AcquisitionInformation/gmi:platform/gmi:MI_Platform"
        )
        _el(platform, "gmi:identifier/gmd:MD_Identifier/gmd:code/gco:CharacterString", info.platform)
        _el(platform, "gmi:description/gco:CharacterString", info.platform)
        instrument = _el(platform, "gmi:instrument/gmi:MI_Instrument")
        _el(instrument, "gmi:identifier/gmd:MD_Identifier/gmd:code/gco:CharacterString", info.instrument)
        _el(instrument, "gmi:type/gco:CharacterString", "Multi-Spectral Instrument")
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
