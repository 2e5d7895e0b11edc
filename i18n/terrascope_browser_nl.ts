<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl" sourcelanguage="en">
<context>
    <name>@default</name>
    <message>
        <location filename="../plugin/gui/browser.py" line="71"/>
        <source>Cannot read {}: {}</source>
        <translation>Kan {} niet lezen: {}</translation>
    </message>
    <message>
        <location filename="../plugin/terrascope_plugin.py" line="66"/>
        <source>Terrascope</source>
        <translation>Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="108"/>
        <source>Terrascope archive roots: the mounted archive, your folders, the demo archive</source>
        <translation>Hoofdmappen van het Terrascope-archief: het aangekoppelde archief, uw mappen, het demo-archief</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="114"/>
        <source>No Terrascope archive found: add a folder in the Terrascope dock</source>
        <translation>Geen Terrascope-archief gevonden: voeg een map toe in het Terrascope-paneel</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="132"/>
        <source>{} does not exist or is not mounted</source>
        <translation>{} bestaat niet of is niet aangekoppeld</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="198"/>
        <source>Acquired {} UTC</source>
        <translation>Opgenomen op {} UTC</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="200"/>
        <source>Tile {}</source>
        <translation>Tegel {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="202"/>
        <source>Pass {} · track {}</source>
        <translation>Passage {} · baan {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="204"/>
        <source>Version {}</source>
        <translation>Versie {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="206"/>
        <source>Cloud cover {:.1f} %</source>
        <translation>Bewolking {:.1f} %</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="78"/>
        <source>Cannot read the quicklook {}: {}</source>
        <translation>Kan de quicklook {} niet lezen: {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="73"/>
        <source>The quicklook {} has no raster band</source>
        <translation>De quicklook {} heeft geen rasterband</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="115"/>
        <source>Terrascope quicklook</source>
        <translation>Terrascope-quicklook</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="128"/>
        <source>Cannot read the quicklook {}: {!r}</source>
        <translation>Kan de quicklook {} niet lezen: {!r}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="179"/>
        <source>Metadata ({})</source>
        <translation>Metadata ({})</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="33"/>
        <source>Quicklook</source>
        <translation>Quicklook</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="235"/>
        <source>Select a product to see its quicklook</source>
        <translation>Selecteer een product om de quicklook te zien</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="272"/>
        <source>metadata</source>
        <translation>metadata</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="270"/>
        <source>no XML file in this product</source>
        <translation>geen XML-bestand in dit product</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="272"/>
        <source>reading…</source>
        <translation>bezig met lezen…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="274"/>
        <source>Terrascope metadata</source>
        <translation>Terrascope-metadata</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="289"/>
        <source>error</source>
        <translation>fout</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="290"/>
        <source>Cannot read the metadata {}: {}</source>
        <translation>Kan de metadata {} niet lezen: {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="297"/>
        <source>No quicklook in this product</source>
        <translation>Geen quicklook in dit product</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="299"/>
        <source>Loading quicklook…</source>
        <translation>Quicklook laden…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="311"/>
        <source>Quicklook unreadable</source>
        <translation>Quicklook onleesbaar</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="313"/>
        <source>Cannot read the quicklook {}</source>
        <translation>Kan de quicklook {} niet lezen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="35"/>
        <source>&apos;{}&apos; is not a tile: use MGRS (31UFS) or PROBA-V (X17Y03) tiles, comma-separated</source>
        <translation>'{}' is geen tegel: gebruik MGRS-tegels (31UFS) of PROBA-V-tegels (X17Y03), gescheiden door komma's</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="39"/>
        <source>&apos;{}&apos; is not a tile: UTM zones go from 1 to 60</source>
        <translation>'{}' is geen tegel: UTM-zones lopen van 1 tot 60</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="37"/>
        <source>Terrascope archive</source>
        <translation>Terrascope-archief</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="39"/>
        <source>My public folder</source>
        <translation>Mijn publieke map</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="41"/>
        <source>My private folder</source>
        <translation>Mijn privémap</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="64"/>
        <source>Demo archive</source>
        <translation>Demo-archief</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="73"/>
        <source>no limit</source>
        <translation>geen grens</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="234"/>
        <source>all collections</source>
        <translation>alle collecties</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="93"/>
        <source>Add</source>
        <translation>Toevoegen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="171"/>
        <source>Terrascope: finding archives</source>
        <translation>Terrascope: archieven zoeken</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="178"/>
        <source>Cannot look for the standard archive folders: {}</source>
        <translation>Kan niet zoeken naar de standaardarchiefmappen: {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="191"/>
        <source>No Terrascope archive found on this machine: add a folder with “+”.</source>
        <translation>Geen Terrascope-archief gevonden op deze machine: voeg een map toe met “+”.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="158"/>
        <source>Add a folder to search</source>
        <translation>Een map toevoegen om te doorzoeken</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="108"/>
        <source>Listing the collections of {}…</source>
        <translation>De collecties van {} oplijsten…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="109"/>
        <source>Terrascope: listing {}</source>
        <translation>Terrascope: {} oplijsten</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="120"/>
        <source>Tick the collections to search; none ticked searches them all</source>
        <translation>Vink de te doorzoeken collecties aan; niets aangevinkt doorzoekt ze allemaal</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="122"/>
        <source>Cannot read the archive {}: {}</source>
        <translation>Kan het archief {} niet lezen: {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="132"/>
        <source>No Terrascope collection found in {}</source>
        <translation>Geen Terrascope-collectie gevonden in {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="178"/>
        <source>The start date {} is after the end date {}</source>
        <translation>De begindatum {} ligt na de einddatum {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="183"/>
        <source>The map extent cannot be expressed in longitude/latitude: zoom in or untick it</source>
        <translation>Het kaartbereik kan niet in lengte-/breedtegraad worden uitgedrukt: zoom in of vink het uit</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="205"/>
        <source>MGRS tiles separated by commas, e.g. 31UFS, 31UES; empty for all tiles</source>
        <translation>MGRS-tegels gescheiden door komma's, bv. 31UFS, 31UES; leeg voor alle tegels</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="228"/>
        <source>Choose an archive folder first (“+” adds one).</source>
        <translation>Kies eerst een archiefmap (“+” voegt er een toe).</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="234"/>
        <source> (cancelled)</source>
        <translation> (geannuleerd)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="222"/>
        <source>Search again</source>
        <translation>Opnieuw zoeken</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="248"/>
        <source>Search</source>
        <translation>Zoeken</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="269"/>
        <source>No product matches these filters.</source>
        <translation>Geen enkel product voldoet aan deze filters.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="274"/>
        <source>{} products</source>
        <translation>{} producten</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="274"/>
        <source>1 product</source>
        <translation>1 product</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="276"/>
        <source>, {} skipped paths — &lt;a href='skipped'&gt;details&lt;/a&gt;</source>
        <translation>, {} overgeslagen paden — &lt;a href='skipped'&gt;details&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="280"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="130"/>
        <source>These products have no readable footprint (no raster header or XML bounding box).</source>
        <translation>Deze producten hebben geen leesbare voetafdruk (geen rasterheader of XML-begrenzing).</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="176"/>
        <source>No MGRS tile at {:.4f}, {:.4f}</source>
        <translation>Geen MGRS-tegel op {:.4f}, {:.4f}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="185"/>
        <source>Select one or more products first.</source>
        <translation>Selecteer eerst een of meer producten.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="187"/>
        <source>Cannot load the selection</source>
        <translation>Kan de selectie niet laden</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="193"/>
        <source>Cannot load {}</source>
        <translation>Kan {} niet laden</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/details.py" line="52"/>
        <source>Copy path</source>
        <translation>Pad kopiëren</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="253"/>
        <source>Open folder</source>
        <translation>Map openen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="255"/>
        <source>Zoom to footprint</source>
        <translation>Zoomen naar voetafdruk</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/details.py" line="51"/>
        <source>Add to map</source>
        <translation>Aan kaart toevoegen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="224"/>
        <source>Cannot open {}</source>
        <translation>Kan {} niet openen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="161"/>
        <source>{}: no {} band(s) in {} for the {} composite</source>
        <translation>{}: geen {}-band(en) in {} voor de composiet {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="183"/>
        <source>{}: no quicklook in {}</source>
        <translation>{}: geen quicklook in {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="200"/>
        <source>{}: no raster files in {}</source>
        <translation>{}: geen rasterbestanden in {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="211"/>
        <source>{}: no {} in {}</source>
        <translation>{}: geen {} in {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="247"/>
        <source>GDAL cannot read it</source>
        <translation>GDAL kan het niet lezen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="248"/>
        <source>{} is not a readable raster: {}</source>
        <translation>{} is geen leesbare raster: {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="282"/>
        <source>Loading {} Terrascope layer(s)</source>
        <translation>{} Terrascope-laag/lagen laden</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="303"/>
        <source>Cannot load {}: {!r}</source>
        <translation>Kan {} niet laden: {!r}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="52"/>
        <source>Processing algorithm {} is not available: enable the Terrascope provider in Processing</source>
        <translation>Processing-algoritme {} is niet beschikbaar: schakel de Terrascope-provider in bij Processing</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="551"/>
        <source>No file manager could open {}</source>
        <translation>Geen bestandsbeheerder kon {} openen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="153"/>
        <source>Finest resolution of the product&apos;s data files</source>
        <translation>Fijnste resolutie van de databestanden van het product</translation>
    </message>
    <message>
        <location filename="../plugin/gui/search_task.py" line="73"/>
        <source>Terrascope search</source>
        <translation>Terrascope-zoekopdracht</translation>
    </message>
    <message>
        <location filename="../plugin/gui/search_task.py" line="95"/>
        <source>Search failed: {}</source>
        <translation>Zoeken mislukt: {}</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>No data</source>
        <translation>Geen data</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Saturated or defective</source>
        <translation>Verzadigd of defect</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Dark area pixels / topographic shadows</source>
        <translation>Donkere pixels / topografische schaduwen</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Cloud shadows</source>
        <translation>Wolkenschaduwen</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Vegetation</source>
        <translation>Vegetatie</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Not vegetated</source>
        <translation>Niet begroeid</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Water</source>
        <translation>Water</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Unclassified</source>
        <translation>Niet geclassificeerd</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Cloud, medium probability</source>
        <translation>Wolk, gemiddelde waarschijnlijkheid</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Cloud, high probability</source>
        <translation>Wolk, hoge waarschijnlijkheid</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Thin cirrus</source>
        <translation>Dunne cirrus</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Snow or ice</source>
        <translation>Sneeuw of ijs</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="305"/>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="109"/>
        <source>{0}: {1} is not a raster QGIS can open</source>
        <translation>{0}: {1} is geen raster die QGIS kan openen</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="111"/>
        <source>{0}: layer {1} is not a file raster (provider {2}); save it as GeoTIFF first</source>
        <translation>{0}: laag {1} is geen rasterbestand (provider {2}); sla ze eerst op als GeoTIFF</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="135"/>
        <source>Cancelled: {0}</source>
        <translation>Geannuleerd: {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="180"/>
        <source>No archive root: give ROOT (e.g. /data/MTDA)</source>
        <translation>Geen archiefmap: geef ROOT op (bv. /data/MTDA)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="214"/>
        <source>Cancelled</source>
        <translation>Geannuleerd</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="163"/>
        <source>any</source>
        <translation>alle</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="163"/>
        <source>, at most {0}% cloud</source>
        <translation>, hoogstens {0}% bewolking</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="258"/>
        <source>The archive query found {0} product(s)</source>
        <translation>De archiefzoekopdracht vond {0} product(en)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="285"/>
        <source>{0} is not a file raster</source>
        <translation>{0} is geen rasterbestand</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="296"/>
        <source>Give input rasters (INPUTS) or an archive query (COLLECTION, TILE, dates)</source>
        <translation>Geef invoerrasters (INPUTS) of een archiefzoekopdracht (COLLECTION, TILE, datums)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="301"/>
        <source>{0}: no scene classification found; this date is not masked</source>
        <translation>{0}: geen scèneclassificatie gevonden; deze datum wordt niet gemaskeerd</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="84"/>
        <source>Input rasters (or use the archive query)</source>
        <translation>Invoerrasters (of gebruik de archiefzoekopdracht)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="102"/>
        <source>Inputs are either a list of rasters (INPUTS) or an archive query: ROOT (default /data/MTDA), COLLECTION (e.g. NDVI_V2), TILE, START and END dates, MAX_CLOUD (%) and BAND (the file content, e.g. NDVI or TOC-B04; default: the product&apos;s own biophysical layer).</source>
        <translation>De invoer is ofwel een lijst rasters (INPUTS), ofwel een archiefzoekopdracht: ROOT (standaard /data/MTDA), COLLECTION (bv. NDVI_V2), TILE, de datums START en END, MAX_CLOUD (%) en BAND (de inhoud van het bestand, bv. NDVI of TOC-B04; standaard: de eigen biofysische laag van het product).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="113"/>
        <source>Archive root</source>
        <translation>Archiefmap</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="116"/>
        <source>Collection (e.g. NDVI_V2)</source>
        <translation>Collectie (bv. NDVI_V2)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="117"/>
        <source>Tile (e.g. 31UFS)</source>
        <translation>Tegel (bv. 31UFS)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="118"/>
        <source>Start date</source>
        <translation>Begindatum</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="119"/>
        <source>End date</source>
        <translation>Einddatum</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="120"/>
        <source>Maximum cloud cover (%)</source>
        <translation>Maximale bewolking (%)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="128"/>
        <source>Band / file content (e.g. NDVI, TOC-B04)</source>
        <translation>Band / bestandsinhoud (bv. NDVI, TOC-B04)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="177"/>
        <source>SCL classes to mask</source>
        <translation>Te maskeren SCL-klassen</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="185"/>
        <source>Pixels whose scene classification is one of these classes become nodata.</source>
        <translation>Pixels waarvan de scèneclassificatie een van deze klassen is, worden nodata.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="196"/>
        <source>Mask each date with its scene classification (SCL)</source>
        <translation>Elke datum maskeren met zijn scèneclassificatie (SCL)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="233"/>
        <source>Scale (PV = scale · DN + offset), when the product is unknown and has no tags</source>
        <translation>Schaal (PV = schaal · DN + offset), als het product onbekend is en geen tags heeft</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="234"/>
        <source>Offset, when the product is unknown and has no tags</source>
        <translation>Offset, als het product onbekend is en geen tags heeft</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="235"/>
        <source>Lowest valid DN (default: from the product table)</source>
        <translation>Laagste geldige DN (standaard: uit de producttabel)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="236"/>
        <source>Highest valid DN (default: from the product table)</source>
        <translation>Hoogste geldige DN (standaard: uit de producttabel)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="237"/>
        <source>Extra nodata DN value</source>
        <translation>Extra nodata-waarde (DN)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="263"/>
        <source>Compress the output (DEFLATE with predictor, multi-threaded)</source>
        <translation>De uitvoer comprimeren (DEFLATE met predictor, multithreaded)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/provider.py" line="38"/>
        <source>Terrascope Browser {0}</source>
        <translation>Terrascope Browser {0}</translation>
    </message>
    <message>
        <location filename="../plugin/terrascope_plugin.py" line="56"/>
        <source>A Processing provider with the id &apos;terrascope&apos; is already registered</source>
        <translation>Er is al een Processing-provider met het id 'terrascope' geregistreerd</translation>
    </message>
    <message>
        <location filename="../plugin/terrascope_plugin.py" line="61"/>
        <source>Terrascope Browser</source>
        <translation>Terrascope Browser</translation>
    </message>
    <message>
        <location filename="../plugin/terrascope_plugin.py" line="64"/>
        <source>Browse, load and process the Terrascope archive</source>
        <translation>Het Terrascope-archief doorbladeren, laden en verwerken</translation>
    </message>
    <message>
        <location filename="../plugin/terrascope_plugin.py" line="121"/>
        <source>&amp;Terrascope</source>
        <translation>&amp;Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/terrascope_plugin.py" line="73"/>
        <source>Terrascope Browser loaded</source>
        <translation>Terrascope Browser geladen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="179"/>
        <source>Tiles {} at {:.4f}° E, {:.4f}° N</source>
        <translation>Tegels {} op {:.4f}° O, {:.4f}° N</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="326"/>
        <source>Skipped paths</source>
        <translation>Overgeslagen paden</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="40"/>
        <source>&apos;{}&apos; is not a tile: {}</source>
        <translation>'{}' is geen tegel: {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="241"/>
        <source>≤ {} % cloud</source>
        <translation>≤ {} % bewolking</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="243"/>
        <source>map extent</source>
        <translation>kaartbereik</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="248"/>
        <source>Search: {}</source>
        <translation>Zoeken: {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="65"/>
        <source>True colour</source>
        <translation>Ware kleuren</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="65"/>
        <source>False colour</source>
        <translation>Valse kleuren</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="210"/>
        <source>scene classification (SCL)</source>
        <translation>scèneclassificatie (SCL)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="43"/>
        <source>Mean</source>
        <translation>Gemiddelde</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="44"/>
        <source>Median</source>
        <translation>Mediaan</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="45"/>
        <source>Minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="46"/>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="47"/>
        <source>Standard deviation</source>
        <translation>Standaardafwijking</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="48"/>
        <source>Count of valid dates</source>
        <translation>Aantal geldige datums</translation>
    </message>
    <message>
        <location filename="../plugin/gui/footprints.py" line="27"/>
        <source>Terrascope footprints</source>
        <translation>Terrascope-voetafdrukken</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="78"/>
        <source>Archive folders</source>
        <translation>Archiefmappen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="80"/>
        <source>Folders offered in the dock and the Browser besides /data/MTDA and your /data/users folders</source>
        <translation>Mappen die het paneel en de Browser aanbieden naast /data/MTDA en uw /data/users-mappen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="83"/>
        <source>Add…</source>
        <translation>Toevoegen…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="84"/>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="86"/>
        <source>The dock and the Browser also offer /data/MTDA, your /data/users folders and the demo archive when they exist.</source>
        <translation>Het paneel en de Browser bieden ook /data/MTDA, uw /data/users-mappen en het demo-archief aan als die bestaan.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="109"/>
        <source>Folder listing cache</source>
        <translation>Cache van maplijsten</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="112"/>
        <source>SQLite database (*.sqlite)</source>
        <translation>SQLite-database (*.sqlite)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="114"/>
        <source>Where the listings of archive folders are kept between searches</source>
        <translation>Waar de lijsten van archiefmappen tussen zoekopdrachten bewaard worden</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="134"/>
        <source>Clear</source>
        <translation>Wissen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="118"/>
        <source>Delete the cache: the next search lists the folders again</source>
        <translation>De cache verwijderen: de volgende zoekopdracht lijst de mappen opnieuw op</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="124"/>
        <source>File</source>
        <translation>Bestand</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="125"/>
        <source>Size on disk</source>
        <translation>Grootte op schijf</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="129"/>
        <source>Scene classification mask</source>
        <translation>Scèneclassificatiemasker</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="132"/>
        <source>Classes masked by default when the dock opens a masking algorithm: values 0–11 separated by commas; empty for Terrascope's own mask</source>
        <translation>Klassen die standaard gemaskeerd worden als het paneel een maskeeralgoritme opent: waarden 0–11 gescheiden door komma's; leeg voor het eigen masker van Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="144"/>
        <source>Default classes</source>
        <translation>Standaardklassen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="179"/>
        <source>empty</source>
        <translation>leeg</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="186"/>
        <source>Cannot clear the cache {}: {}</source>
        <translation>Kan de cache {} niet wissen: {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="199"/>
        <source>“{}” is not a list of scene classification classes: give values 0–11 separated by commas</source>
        <translation>“{}” is geen lijst van scèneclassificatieklassen: geef waarden 0–11 gescheiden door komma's</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="217"/>
        <source>Terrascope options: {} (the mask classes were not changed)</source>
        <translation>Terrascope-opties: {} (de maskerklassen zijn niet gewijzigd)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="33"/>
        <source>Add styled layers</source>
        <translation>Lagen met stijl toevoegen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="33"/>
        <source>True colour (B04/B03/B02)</source>
        <translation>Ware kleuren (B04/B03/B02)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="33"/>
        <source>False colour (B08/B04/B03)</source>
        <translation>Valse kleuren (B08/B04/B03)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="33"/>
        <source>Scene classification</source>
        <translation>Scèneclassificatie</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="40"/>
        <source>Physical values…</source>
        <translation>Fysische waarden…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="40"/>
        <source>Mask with scene classification…</source>
        <translation>Maskeren met scèneclassificatie…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="40"/>
        <source>Temporal composite…</source>
        <translation>Temporele composiet…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="23"/>
        <source>Product</source>
        <translation>Product</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="23"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="23"/>
        <source>Tile</source>
        <translation>Tegel</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="23"/>
        <source>Cloud %</source>
        <translation>Bewolking %</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="23"/>
        <source>Version</source>
        <translation>Versie</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="23"/>
        <source>Res.</source>
        <translation>Res.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="23"/>
        <source>Collection</source>
        <translation>Collectie</translation>
    </message>
    <message>
        <location filename="../plugin/styles.py" line="267"/>
        <source> reflectance</source>
        <translation> reflectantie</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="53"/>
        <source>Folder of the demo archive, if any</source>
        <translation>Map van het demo-archief, indien aanwezig</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="54"/>
        <source>Archive folders the user added</source>
        <translation>Archiefmappen die de gebruiker heeft toegevoegd</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="55"/>
        <source>The archive folder searched last</source>
        <translation>De laatst doorzochte archiefmap</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="56"/>
        <source>File of the folder listing cache (empty: the default location)</source>
        <translation>Bestand van de cache van maplijsten (leeg: de standaardlocatie)</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="62"/>
        <source>Scene classification classes masked by default (empty: Terrascope&apos;s own)</source>
        <translation>Standaard gemaskeerde scèneclassificatieklassen (leeg: die van Terrascope)</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="68"/>
        <source>Search: first date (ISO)</source>
        <translation>Zoeken: eerste datum (ISO)</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="69"/>
        <source>Search: last date (ISO)</source>
        <translation>Zoeken: laatste datum (ISO)</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="70"/>
        <source>Search: tiles</source>
        <translation>Zoeken: tegels</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="71"/>
        <source>Search: maximum cloud cover (-1: any)</source>
        <translation>Zoeken: maximale bewolking (-1: alle)</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="77"/>
        <source>Search: within the map extent</source>
        <translation>Zoeken: binnen het kaartbereik</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="78"/>
        <source>Search: newest version only</source>
        <translation>Zoeken: alleen nieuwste versie</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="79"/>
        <source>Search: ticked collections</source>
        <translation>Zoeken: aangevinkte collecties</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="80"/>
        <source>Dock: results/details split</source>
        <translation>Paneel: verdeling resultaten/details</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="86"/>
        <source>Dock: search form collapsed</source>
        <translation>Paneel: zoekformulier ingeklapt</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="92"/>
        <source>Dock: footprints shown on the map</source>
        <translation>Paneel: voetafdrukken op de kaart getoond</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="98"/>
        <source>Dock: first width given</source>
        <translation>Paneel: eerste breedte ingesteld</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/__init__.py" line="23"/>
        <source>The time series plot needs matplotlib ({}). Install it: &apos;sudo apt install python3-matplotlib&apos; (Debian, Ubuntu), the python3-matplotlib package of the OSGeo4W installer (Windows), or &apos;python3 -m pip install matplotlib&apos; for the Python that QGIS runs.</source>
        <translation>De tijdreeksgrafiek heeft matplotlib nodig ({}). Installeer het: 'sudo apt install python3-matplotlib' (Debian, Ubuntu), het pakket python3-matplotlib van het OSGeo4W-installatieprogramma (Windows), of 'python3 -m pip install matplotlib' voor de Python die QGIS gebruikt.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="72"/>
        <source>Terrascope time series</source>
        <translation>Terrascope-tijdreeks</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="109"/>
        <source>Selected polygons</source>
        <translation>Geselecteerde polygonen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="109"/>
        <source>Plot the mean of the selected polygons of the active layer</source>
        <translation>Het gemiddelde van de geselecteerde polygonen van de actieve laag tekenen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="114"/>
        <source>Hide masked</source>
        <translation>Gemaskeerde verbergen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="115"/>
        <source>Hide the dates masked by the scene classification (SCL)</source>
        <translation>De door de scèneclassificatie (SCL) gemaskeerde datums verbergen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="119"/>
        <source>min – max</source>
        <translation>min – max</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="120"/>
        <source>± std</source>
        <translation>± std</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="121"/>
        <source>The band drawn around the mean of a polygon</source>
        <translation>De band rond het gemiddelde van een polygoon</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="124"/>
        <source>Load</source>
        <translation>Laden</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="124"/>
        <source>Load the product of the clicked point</source>
        <translation>Het product van het aangeklikte punt laden</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="128"/>
        <source>Export</source>
        <translation>Exporteren</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="128"/>
        <source>Save the plot as PNG or its data as CSV</source>
        <translation>De grafiek als PNG of de gegevens als CSV opslaan</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="130"/>
        <source>Plot as PNG…</source>
        <translation>Grafiek als PNG…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="131"/>
        <source>Data as CSV…</source>
        <translation>Gegevens als CSV…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="134"/>
        <source>Remove every curve and its map marker</source>
        <translation>Alle curven en hun kaartmarkeringen verwijderen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="150"/>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="150"/>
        <source>Stop reading</source>
        <translation>Stoppen met lezen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="343"/>
        <source>Click the map with the Time series tool, or select polygons.</source>
        <translation>Klik op de kaart met het gereedschap Tijdreeks, of selecteer polygonen.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="217"/>
        <source>Terrascope: time series at {:.5f}, {:.5f}</source>
        <translation>Terrascope: tijdreeks op {:.5f}, {:.5f}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="224"/>
        <source>Select one or more polygons of a vector layer first.</source>
        <translation>Selecteer eerst een of meer polygonen van een vectorlaag.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="233"/>
        <source>Polygon {} {}</source>
        <translation>Polygoon {} {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="255"/>
        <source>Terrascope: time series of {} polygons</source>
        <translation>Terrascope: tijdreeks van {} polygonen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="314"/>
        <source>Reading…</source>
        <translation>Lezen…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="359"/>
        <source>Load {}</source>
        <translation>{} laden</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="382"/>
        <source>The map has no Temporal Controller to move</source>
        <translation>De kaart heeft geen tijdsregelaar om te verplaatsen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="394"/>
        <source>PNG image (*.png)</source>
        <translation>PNG-afbeelding (*.png)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="394"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV-tabel (*.csv)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="395"/>
        <source>Export the time series</source>
        <translation>De tijdreeks exporteren</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="404"/>
        <source>Cannot write {}: {}</source>
        <translation>Kan {} niet schrijven: {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="406"/>
        <source>Saved {}</source>
        <translation>{} opgeslagen</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="454"/>
        <source>Skipped, as they could not be read: {} product(s)</source>
        <translation>Overgeslagen, want onleesbaar: {} product(en)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="456"/>
        <source>… and {} more</source>
        <translation>… en nog {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="257"/>
        <source>unreadable</source>
        <translation>onleesbaar</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="45"/>
        <source>masked</source>
        <translation>gemaskeerd</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="47"/>
        <source>value {:.4g}</source>
        <translation>waarde {:.4g}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="49"/>
        <source>mean {:.4g} (band {:.4g} – {:.4g})</source>
        <translation>gemiddelde {:.4g} (band {:.4g} – {:.4g})</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="52"/>
        <source>SCL {}</source>
        <translation>SCL {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="54"/>
        <source>{:.0%} of the pixels masked</source>
        <translation>{:.0%} van de pixels gemaskeerd</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="119"/>
        <source>Click the map with the Time series tool</source>
        <translation>Klik op de kaart met het gereedschap Tijdreeks</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="142"/>
        <source>Temporal Controller</source>
        <translation>Tijdsregelaar</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="254"/>
        <source>masked by SCL</source>
        <translation>gemaskeerd door SCL</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/task.py" line="162"/>
        <source>Terrascope: time series</source>
        <translation>Terrascope: tijdreeks</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/task.py" line="80"/>
        <source>Reading the time series failed: {}</source>
        <translation>Het lezen van de tijdreeks is mislukt: {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/task.py" line="93"/>
        <source>{}: no product at this place with these filters</source>
        <translation>{}: geen product op deze plaats met deze filters</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/task.py" line="128"/>
        <source>Points {} lie outside every product</source>
        <translation>Punten {} liggen buiten elk product</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/tool.py" line="27"/>
        <source>Choose an archive folder in the Terrascope dock first.</source>
        <translation>Kies eerst een archiefmap in het Terrascope-paneel.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/tool.py" line="31"/>
        <source>Tick the collections to plot in the search form (for example NDVI_V2).</source>
        <translation>Vink de te tekenen collecties aan in het zoekformulier (bijvoorbeeld NDVI_V2).</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/tool.py" line="59"/>
        <source>Time series</source>
        <translation>Tijdreeks</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/tool.py" line="62"/>
        <source>Time series: click the map to plot that pixel&apos;s profile over the search dates</source>
        <translation>Tijdreeks: klik op de kaart om het profiel van die pixel over de zoekdatums te tekenen</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="109"/>
        <source>Time series: hide the dates masked by the SCL</source>
        <translation>Tijdreeks: de door de SCL gemaskeerde datums verbergen</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="112"/>
        <source>Time series: band around a polygon&apos;s mean (minmax or std)</source>
        <translation>Tijdreeks: band rond het gemiddelde van een polygoon (minmax of std)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_roots.py" line="41"/>
        <source>Terrascope STAC (online)</source>
        <translation>Terrascope STAC (online)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_roots.py" line="44"/>
        <source>STAC: {}</source>
        <translation>STAC: {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_roots.py" line="75"/>
        <source>The authentication configuration chosen for {} cannot be read (is the QGIS master password entered? was it deleted?): choose one again in Settings &gt; Options &gt; Terrascope.</source>
        <translation>De voor {} gekozen authenticatieconfiguratie kan niet worden gelezen (is het QGIS-hoofdwachtwoord ingevoerd? is ze verwijderd?): kies er opnieuw een in Instellingen &gt; Opties &gt; Terrascope.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_roots.py" line="82"/>
        <source>The authentication configuration chosen for {} is not of type Basic (user name and password).</source>
        <translation>De voor {} gekozen authenticatieconfiguratie is niet van het type Basic (gebruikersnaam en wachtwoord).</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_roots.py" line="135"/>
        <source>{} (STAC API, online)</source>
        <translation>{} (STAC-API, online)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="19"/>
        <source>Online catalogues (STAC)</source>
        <translation>Online catalogi (STAC)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="20"/>
        <source>Offer “Terrascope STAC (online)” in the dock</source>
        <translation>“Terrascope STAC (online)” aanbieden in het paneel</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="21"/>
        <source>Search {} like the archive; files stream over HTTPS where this machine has no copy</source>
        <translation>{} doorzoeken zoals het archief; bestanden worden via HTTPS gestreamd waar deze machine geen kopie heeft</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="27"/>
        <source>A Basic authentication configuration (your Terrascope user name and password), kept in the QGIS authentication database; it is given only to Terrascope&apos;s hosts</source>
        <translation>Een Basic-authenticatieconfiguratie (uw Terrascope-gebruikersnaam en -wachtwoord), bewaard in de QGIS-authenticatiedatabase; ze wordt alleen aan de servers van Terrascope gegeven</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="35"/>
        <source>Other STAC API addresses offered in the dock, one per line</source>
        <translation>Andere STAC-API-adressen die het paneel aanbiedt, één per regel</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="37"/>
        <source>Credentials: Settings &gt; Options &gt; Authentication &gt; Add (type Basic), then choose the configuration here.</source>
        <translation>Aanmeldgegevens: Instellingen &gt; Opties &gt; Authenticatie &gt; Toevoegen (type Basic), kies de configuratie dan hier.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="47"/>
        <source>Terrascope credentials</source>
        <translation>Terrascope-aanmeldgegevens</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="48"/>
        <source>Other STAC APIs</source>
        <translation>Andere STAC-API’s</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="58"/>
        <source>“{}” is not a STAC API address: give an http(s):// address</source>
        <translation>“{}” is geen STAC-API-adres: geef een http(s)://-adres</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="224"/>
        <source>Terrascope options: {} (left out)</source>
        <translation>Terrascope-opties: {} (weggelaten)</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="99"/>
        <source>Offer Terrascope&apos;s STAC API (online) as an archive root</source>
        <translation>De STAC-API van Terrascope (online) aanbieden als archiefhoofdmap</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="102"/>
        <source>STAC API addresses the user added</source>
        <translation>STAC-API-adressen die de gebruiker toevoegde</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="103"/>
        <source>QGIS authentication configuration (Basic) per STAC API: &apos;URL authcfg-id&apos; entries</source>
        <translation>QGIS-authenticatieconfiguratie (Basic) per STAC-API: items 'URL authcfg-id'</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="348"/>
        <source>Export as STAC</source>
        <translation>Exporteren als STAC</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="282"/>
        <source>Export as STAC…</source>
        <translation>Exporteren als STAC…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="345"/>
        <source>No results to export.</source>
        <translation>Geen resultaten om te exporteren.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="348"/>
        <source>STAC ItemCollection (*.json *.geojson)</source>
        <translation>STAC ItemCollection (*.json *.geojson)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="365"/>
        <source>STAC export to {} failed: {}</source>
        <translation>STAC-export naar {} mislukt: {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="121"/>
        <source>cancelled</source>
        <translation>geannuleerd</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="367"/>
        <source>{} STAC items written to {}</source>
        <translation>{} STAC-items geschreven naar {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="283"/>
        <source>Spark job…</source>
        <translation>Spark-taak…</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="163"/>
        <source>{0} (collection {1}, tile {2}, {3} to {4}{5})</source>
        <translation>{0} (collectie {1}, tegel {2}, {3} tot {4}{5})</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="257"/>
        <source>The archive query found no product in {0}</source>
        <translation>De archiefzoekopdracht vond geen product in {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="315"/>
        <source>Skipped {0}: {1}</source>
        <translation>{0} overgeslagen: {1}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="317"/>
        <source>{0} product(s) of the query could not be read and were skipped</source>
        <translation>{0} product(en) van de zoekopdracht konden niet gelezen worden en zijn overgeslagen</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="301"/>
        <source>Feature {0}: no geometry, left out</source>
        <translation>Object {0}: geen geometrie, weggelaten</translation>
    </message>
</context>
<context>
    <name>ActionsBar</name>
    <message>
        <location filename="../ui/actions.ui" line="32"/>
        <source>Add the selected products to the map, styled (the arrow offers composites)</source>
        <translation>De geselecteerde producten met stijl aan de kaart toevoegen (het pijltje biedt composieten)</translation>
    </message>
    <message>
        <location filename="../ui/actions.ui" line="35"/>
        <source>Add</source>
        <translation>Toevoegen</translation>
    </message>
    <message>
        <location filename="../ui/actions.ui" line="48"/>
        <source>Show the footprints of the results on the map, selection synchronised</source>
        <translation>De voetafdrukken van de resultaten op de kaart tonen, met gesynchroniseerde selectie</translation>
    </message>
    <message>
        <location filename="../ui/actions.ui" line="51"/>
        <source>Footprints</source>
        <translation>Voetafdrukken</translation>
    </message>
</context>
<context>
    <name>CatalogueQueryAlgorithm</name>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="39"/>
        <source>Query the archive catalogue</source>
        <translation>De archiefcatalogus bevragen</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="42"/>
        <source>terrascope,catalogue,search,archive,query,time series</source>
        <translation>terrascope,catalogus,zoeken,archief,zoekopdracht,tijdreeks</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="45"/>
        <source>Finds the data files of the products matching a query, oldest first.

</source>
        <translation>Zoekt de databestanden van de producten die aan een zoekopdracht voldoen, oudste eerst.

</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="45"/>
        <source>

Outputs: FILES (the data files, to feed the temporal composite or the histogram in a model), SCL_FILES (their scene classifications), LATEST (the newest data file, e.g. for the physical values algorithm), COUNT and a table (date, tile, product, path, scl_path, cloud). An empty result is an error, so a model stops early.</source>
        <translation>

Uitvoer: FILES (de databestanden, als invoer voor de temporele composiet of het histogram in een model), SCL_FILES (hun scèneclassificaties), LATEST (het nieuwste databestand, bv. voor het algoritme voor fysische waarden), COUNT en een tabel (date, tile, product, path, scl_path, cloud). Een leeg resultaat is een fout, zodat een model vroeg stopt.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="58"/>
        <source>Products found</source>
        <translation>Gevonden producten</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="67"/>
        <source>Data files</source>
        <translation>Databestanden</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="68"/>
        <source>Scene classification files</source>
        <translation>Scèneclassificatiebestanden</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="71"/>
        <source>Newest data file</source>
        <translation>Nieuwste databestand</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="72"/>
        <source>Number of products</source>
        <translation>Aantal producten</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <location filename="../ui/details.ui" line="31"/>
        <source>Quicklook</source>
        <translation>Quicklook</translation>
    </message>
    <message>
        <location filename="../ui/details.ui" line="72"/>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <location filename="../ui/details.ui" line="136"/>
        <source>Field</source>
        <translation>Veld</translation>
    </message>
    <message>
        <location filename="../ui/details.ui" line="141"/>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <location filename="../ui/details.ui" line="111"/>
        <source>Metadata</source>
        <translation>Metadata</translation>
    </message>
    <message>
        <location filename="../ui/details.ui" line="150"/>
        <source>Files</source>
        <translation>Bestanden</translation>
    </message>
    <message>
        <location filename="../ui/details.ui" line="171"/>
        <source>Double-click a file to load it</source>
        <translation>Dubbelklik op een bestand om het te laden</translation>
    </message>
</context>
<context>
    <name>HistogramAlgorithm</name>
    <message>
        <location filename="../plugin/processing/histogram.py" line="54"/>
        <source>Histogram of physical values</source>
        <translation>Histogram van fysische waarden</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="57"/>
        <source>terrascope,histogram,statistics,distribution,ndvi</source>
        <translation>terrascope,histogram,statistiek,verdeling,ndvi</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="60"/>
        <source>Histogram of the valid physical values of many rasters (tiles and dates), summed: nodata, out-of-range DN and, when masking is ticked, pixels of the chosen SCL classes are left out.

</source>
        <translation>Histogram van de geldige fysische waarden van vele rasters (tegels en datums), opgeteld: nodata, DN buiten het bereik en, als maskeren aangevinkt is, pixels van de gekozen SCL-klassen worden weggelaten.

</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="60"/>
        <source>

Bins are uniform between RANGE_MIN and RANGE_MAX (default: the physical range of the product, e.g. -0.08 to 0.92 for NDVI); the last bin includes its upper edge; values outside the range are reported, not counted.

Outputs: a table without geometry (bin_min, bin_max, count), usable in models, and an HTML page with the chart.</source>
        <translation>

De klassen zijn gelijk verdeeld tussen RANGE_MIN en RANGE_MAX (standaard: het fysische bereik van het product, bv. -0.08 tot 0.92 voor NDVI); de laatste klasse bevat haar bovengrens; waarden buiten het bereik worden gemeld, niet geteld.

Uitvoer: een tabel zonder geometrie (bin_min, bin_max, count), bruikbaar in modellen, en een HTML-pagina met de grafiek.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="85"/>
        <source>Number of bins</source>
        <translation>Aantal klassen</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="95"/>
        <source>Range minimum (default: physical range)</source>
        <translation>Minimum van het bereik (standaard: fysisch bereik)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="95"/>
        <source>Range maximum (default: physical range)</source>
        <translation>Maximum van het bereik (standaard: fysisch bereik)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="105"/>
        <source>Histogram table</source>
        <translation>Histogramtabel</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="110"/>
        <source>Histogram chart</source>
        <translation>Histogramgrafiek</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="110"/>
        <source>HTML files (*.html)</source>
        <translation>HTML-bestanden (*.html)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="115"/>
        <source>Number of pixels counted</source>
        <translation>Aantal getelde pixels</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="126"/>
        <source>Give both RANGE_MIN and RANGE_MAX, or neither</source>
        <translation>Geef zowel RANGE_MIN als RANGE_MAX op, of geen van beide</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="154"/>
        <source>{0} valid values fell outside the range</source>
        <translation>{0} geldige waarden vielen buiten het bereik</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="159"/>
        <source>{0} pixels counted in {1} file(s)</source>
        <translation>{0} pixels geteld in {1} bestand(en)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="168"/>
        <source>Histogram: {0}</source>
        <translation>Histogram: {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="60"/>
        <source>

With an archive query, a product whose file cannot be read (truncated, vanished, permission denied) is left out whole with a warning naming the file and why, and SKIPPED gives their number; the run fails only when no product can be read. Rasters listed in INPUTS must all be readable.</source>
        <translation>

Bij een archiefzoekopdracht wordt een product waarvan het bestand niet gelezen kan worden (afgekapt, verdwenen, toegang geweigerd) in zijn geheel weggelaten, met een waarschuwing die het bestand en de reden noemt, en SKIPPED geeft hun aantal; de uitvoering mislukt alleen als geen enkel product gelezen kan worden. De rasters in INPUTS moeten allemaal leesbaar zijn.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="116"/>
        <source>Number of products skipped</source>
        <translation>Aantal overgeslagen producten</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="158"/>
        <source>{0} product(s) could not be read and were skipped</source>
        <translation>{0} product(en) konden niet gelezen worden en zijn overgeslagen</translation>
    </message>
</context>
<context>
    <name>PhysicalValuesAlgorithm</name>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="50"/>
        <source>Convert to physical values</source>
        <translation>Omzetten naar fysische waarden</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="53"/>
        <source>terrascope,scale,offset,dn,physical,ndvi,fapar,lai,scl,cloud,mask</source>
        <translation>terrascope,schaal,offset,dn,fysisch,ndvi,fapar,lai,scl,wolk,masker</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="56"/>
        <source>Converts the digital numbers (DN) of a Terrascope raster to physical values: PV = scale · DN + offset.

Scaling: GDAL scale/offset tags of the file win when present; otherwise the Terrascope table is used, found from the file name (NDVI, FAPAR, FCOVER, LAI, TOC reflectance...); for other rasters, or products whose scaling is not published (CCC, CWC), give SCALE and OFFSET. The log says which was used.

Nodata DN, DN outside the valid range (e.g. 251–254 for NDVI) and, when masking is ticked, pixels whose scene classification (SCL) is one of the chosen classes become nodata. The SCL is found in the product folder of an archive file, or given as SCL; a 20 m SCL is applied to 10 m data by nearest neighbour on the same grid.

Output format: Float32 physical values (nodata -9999), or the original DN with GDAL scale/offset tags (lossless, a quarter of the size; QGIS shows physical values).

From qgis_process: MASK_CLASSES=3,8,9 gives the class values; OUTPUT_FORMAT=0 (Float32) or 1 (DN).</source>
        <translation>Zet de digitale getallen (DN) van een Terrascope-raster om naar fysische waarden: PV = schaal · DN + offset.

Schaling: de GDAL-tags scale/offset van het bestand hebben voorrang als ze er zijn; anders wordt de Terrascope-tabel gebruikt, gevonden aan de hand van de bestandsnaam (NDVI, FAPAR, FCOVER, LAI, TOC-reflectantie...); geef voor andere rasters, of voor producten waarvan de schaling niet gepubliceerd is (CCC, CWC), SCALE en OFFSET op. Het logboek vermeldt wat gebruikt werd.

Nodata-DN, DN buiten het geldige bereik (bv. 251–254 voor NDVI) en, als maskeren aangevinkt is, pixels waarvan de scèneclassificatie (SCL) een van de gekozen klassen is, worden nodata. De SCL wordt gevonden in de productmap van een archiefbestand, of opgegeven als SCL; een SCL van 20 m wordt op data van 10 m toegepast met naaste buur op hetzelfde grid.

Uitvoerformaat: fysische waarden in Float32 (nodata -9999), of de oorspronkelijke DN met de GDAL-tags scale/offset (verliesloos, een kwart van de grootte; QGIS toont fysische waarden).

Vanuit qgis_process: MASK_CLASSES=3,8,9 geeft de klassenwaarden; OUTPUT_FORMAT=0 (Float32) of 1 (DN).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="74"/>
        <source>Input raster</source>
        <translation>Invoerraster</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="75"/>
        <source>Mask with the scene classification (SCL)</source>
        <translation>Maskeren met de scèneclassificatie (SCL)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="80"/>
        <source>Scene classification (default: the one of the product)</source>
        <translation>Scèneclassificatie (standaard: die van het product)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="86"/>
        <source>Output format</source>
        <translation>Uitvoerformaat</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="86"/>
        <source>Float32 physical values</source>
        <translation>Fysische waarden in Float32</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="86"/>
        <source>Original DN with scale/offset tags (lossless, smaller)</source>
        <translation>Oorspronkelijke DN met scale/offset-tags (verliesloos, kleiner)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="99"/>
        <source>Physical values</source>
        <translation>Fysische waarden</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="109"/>
        <source>Masking SCL classes {0} from {1}</source>
        <translation>SCL-klassen {0} maskeren volgens {1}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="109"/>
        <source>none</source>
        <translation>geen</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="128"/>
        <source>Every pixel of the output is nodata (all masked or invalid)</source>
        <translation>Elke pixel van de uitvoer is nodata (alles gemaskeerd of ongeldig)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="130"/>
        <source>{0} valid pixels written</source>
        <translation>{0} geldige pixels geschreven</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="143"/>
        <source>No scene classification (SCL) found next to {0}: give SCL, or untick the masking</source>
        <translation>Geen scèneclassificatie (SCL) gevonden naast {0}: geef SCL op, of vink het maskeren uit</translation>
    </message>
</context>
<context>
    <name>SclMaskAlgorithm</name>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="33"/>
        <source>Mask by scene classification (SCL)</source>
        <translation>Maskeren volgens scèneclassificatie (SCL)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="36"/>
        <source>terrascope,scl,cloud,mask,scene classification,sentinel-2</source>
        <translation>terrascope,scl,wolk,masker,scèneclassificatie,sentinel-2</translation>
    </message>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="39"/>
        <source>Sets to nodata the pixels of any raster (every band) whose Sentinel-2 scene classification (SCL) is one of the chosen classes: for your own derived layers.

The raster keeps its data type, scale/offset tags and nodata value; a raster without a nodata value needs NODATA (floating-point rasters default to -9999). The SCL must be on the same grid: same origin and a pixel size that is an integer multiple (a 20 m SCL is applied to 10 m data by nearest neighbour). Other grids give an error: warp first.

From qgis_process: MASK_CLASSES=3,8,9 gives the class values.</source>
        <translation>Zet de pixels van een willekeurige raster (elke band) waarvan de Sentinel-2-scèneclassificatie (SCL) een van de gekozen klassen is op nodata: voor uw eigen afgeleide lagen.

De raster behoudt zijn datatype, scale/offset-tags en nodata-waarde; een raster zonder nodata-waarde heeft NODATA nodig (rasters met kommagetallen krijgen standaard -9999). De SCL moet op hetzelfde grid liggen: dezelfde oorsprong en een pixelgrootte die een geheel veelvoud is (een SCL van 20 m wordt op data van 10 m toegepast met naaste buur). Andere grids geven een fout: herprojecteer eerst.

Vanuit qgis_process: MASK_CLASSES=3,8,9 geeft de klassenwaarden.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="50"/>
        <source>Input raster</source>
        <translation>Invoerraster</translation>
    </message>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="51"/>
        <source>Scene classification (SCL)</source>
        <translation>Scèneclassificatie (SCL)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="53"/>
        <source>Nodata value when the input has none</source>
        <translation>Nodata-waarde als de invoer er geen heeft</translation>
    </message>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="62"/>
        <source>Masked raster</source>
        <translation>Gemaskeerde raster</translation>
    </message>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="80"/>
        <source>{0} pixels masked (nodata {1:g}), SCL upsampled ×{2}</source>
        <translation>{0} pixels gemaskeerd (nodata {1:g}), SCL opgeschaald ×{2}</translation>
    </message>
</context>
<context>
    <name>SearchForm</name>
    <message>
        <location filename="../ui/search_form.ui" line="353"/>
        <source>Search</source>
        <translation>Zoeken</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="48"/>
        <source>Archive</source>
        <translation>Archief</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="75"/>
        <source>Folder to search: the Terrascope archive, your Public/Private folders or any folder you added</source>
        <translation>Te doorzoeken map: het Terrascope-archief, uw Public/Private-mappen of een map die u hebt toegevoegd</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="82"/>
        <source>Add a folder to search…</source>
        <translation>Een map toevoegen om te doorzoeken…</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="85"/>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="95"/>
        <source>Remove this folder from the list</source>
        <translation>Deze map uit de lijst verwijderen</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="98"/>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="110"/>
        <source>Collections</source>
        <translation>Collecties</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="137"/>
        <source>Tick the collections to search; none ticked searches them all</source>
        <translation>Vink de te doorzoeken collecties aan; niets aangevinkt doorzoekt ze allemaal</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="144"/>
        <source>List the collections of the archive again</source>
        <translation>De collecties van het archief opnieuw oplijsten</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="147"/>
        <source>↻</source>
        <translation>↻</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="159"/>
        <source>Dates</source>
        <translation>Datums</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="180"/>
        <source>First acquisition date (inclusive); clear it for no lower bound</source>
        <translation>Eerste opnamedatum (inclusief); maak leeg voor geen ondergrens</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="212"/>
        <source>yyyy-MM-dd</source>
        <translation>yyyy-MM-dd</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="193"/>
        <source>to</source>
        <translation>tot</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="206"/>
        <source>Last acquisition date (inclusive); clear it for no upper bound</source>
        <translation>Laatste opnamedatum (inclusief); maak leeg voor geen bovengrens</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="221"/>
        <source>Tiles</source>
        <translation>Tegels</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="236"/>
        <source>MGRS tiles separated by commas, e.g. 31UFS, 31UES (PROBA-V: X17Y03); empty for all tiles</source>
        <translation>MGRS-tegels gescheiden door komma's, bv. 31UFS, 31UES (PROBA-V: X17Y03); leeg voor alle tegels</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="239"/>
        <source>all tiles, or e.g. 31UFS, 31UES</source>
        <translation>alle tegels, of bv. 31UFS, 31UES</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="249"/>
        <source>Pick tiles by clicking the map (Shift+click adds to the list)</source>
        <translation>Tegels kiezen door op de kaart te klikken (Shift+klik voegt toe aan de lijst)</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="252"/>
        <source>Pick</source>
        <translation>Kiezen</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="267"/>
        <source>Max. cloud</source>
        <translation>Max. bewolking</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="282"/>
        <source>Highest cloud cover (from the product metadata); &quot;any&quot; does not filter</source>
        <translation>Hoogste bewolking (uit de metadata van het product); &quot;alle&quot; filtert niet</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="285"/>
        <source>any</source>
        <translation>alle</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="288"/>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="304"/>
        <source>Show only the newest processing version when several exist (e.g. V210 over V200)</source>
        <translation>Alleen de nieuwste verwerkingsversie tonen als er meerdere zijn (bv. V210 boven V200)</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="307"/>
        <source>Newest version only</source>
        <translation>Alleen nieuwste versie</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="332"/>
        <source>Only products whose footprint intersects the current map extent</source>
        <translation>Alleen producten waarvan de voetafdruk het huidige kaartbereik snijdt</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="335"/>
        <source>Intersects the map extent</source>
        <translation>Snijdt het kaartbereik</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="350"/>
        <source>Search the archive with these filters</source>
        <translation>Het archief doorzoeken met deze filters</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="366"/>
        <source>Stop the running search</source>
        <translation>De lopende zoekopdracht stoppen</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="369"/>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
</context>
<context>
    <name>SkippedPanel</name>
    <message>
        <location filename="../ui/skipped.ui" line="30"/>
        <source>Paths the catalogue skipped during the search, and why</source>
        <translation>Paden die de catalogus tijdens het zoeken oversloeg, en waarom</translation>
    </message>
    <message>
        <location filename="../ui/skipped.ui" line="34"/>
        <source>Skipped because</source>
        <translation>Overgeslagen omdat</translation>
    </message>
    <message>
        <location filename="../ui/skipped.ui" line="39"/>
        <source>Path</source>
        <translation>Pad</translation>
    </message>
</context>
<context>
    <name>SparkJobAlgorithm</name>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="127"/>
        <source>Spark job for the Terrascope cluster (histogram, composite, time series)</source>
        <translation>Spark-taak voor de Terrascope-cluster (histogram, composiet, tijdreeks)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="130"/>
        <source>terrascope,spark,cluster,yarn,histogram,composite,time series,batch</source>
        <translation>terrascope,spark,cluster,yarn,histogram,composiet,tijdreeks,batch</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="133"/>
        <source>Writes a job folder that runs a histogram, a temporal composite or a time series of points on the Terrascope Spark cluster, with the same results as the desktop algorithms.

The query (ROOT, COLLECTION, TILE, START, END, MAX_CLOUD, BAND, BBOX as W,S,E,N in degrees) is run here once: its products are listed in inputs.jsonl, so the cluster does not scan the archive again. The folder also holds the driver terrascope_spark.py, terrascope_core.zip (the plugin&apos;s core, nothing of QGIS) and two scripts:
- submit.sh: run it from the folder on a Terrascope VM after kinit; it submits the job to YARN in cluster mode, in Docker containers with the archive mounted read-only. Fill in the Docker image and its Python when the script asks for them.
- run-local.sh: the same job in Spark local mode on this machine (needs Java and pyspark).

The folder must be on a disk the cluster sees (e.g. your folder under /data/users/Private) for cluster runs. No password or token is written to the folder.</source>
        <translation>Schrijft een taakmap die een histogram, een temporeel composiet of een tijdreeks van punten uitvoert op de Spark-cluster van Terrascope, met dezelfde resultaten als de desktopalgoritmen.

De zoekopdracht (ROOT, COLLECTION, TILE, START, END, MAX_CLOUD, BAND, BBOX als W,Z,O,N in graden) wordt hier één keer uitgevoerd: de producten staan in inputs.jsonl, zodat de cluster het archief niet opnieuw doorzoekt. De map bevat ook het stuurprogramma terrascope_spark.py, terrascope_core.zip (de kern van de plugin, niets van QGIS) en twee scripts:
- submit.sh: voer het uit vanuit de map op een Terrascope-VM na kinit; het dient de taak in bij YARN in clustermodus, in Docker-containers met het archief alleen-lezen gekoppeld. Vul het Docker-image en zijn Python in wanneer het script erom vraagt.
- run-local.sh: dezelfde taak in lokale Spark-modus op deze machine (vereist Java en pyspark).

Voor clusterruns moet de map op een schijf staan die de cluster ziet (bv. uw map onder /data/users/Private). Er wordt geen wachtwoord of token in de map geschreven.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="149"/>
        <source>Job</source>
        <translation>Taak</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="149"/>
        <source>Histogram</source>
        <translation>Histogram</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="149"/>
        <source>Temporal composite</source>
        <translation>Temporeel composiet</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="149"/>
        <source>Time series of points or polygons</source>
        <translation>Tijdreeks van punten of polygonen</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="162"/>
        <source>Bounding box W,S,E,N in degrees</source>
        <translation>Begrenzingsvak W,Z,O,N in graden</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="165"/>
        <source>Keep older versions (default: newest only)</source>
        <translation>Oudere versies behouden (standaard: alleen de nieuwste)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="171"/>
        <source>Composite: statistics</source>
        <translation>Composiet: statistieken</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="171"/>
        <source>Mean</source>
        <translation>Gemiddelde</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="171"/>
        <source>Median</source>
        <translation>Mediaan</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="171"/>
        <source>Minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="171"/>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="171"/>
        <source>Standard deviation</source>
        <translation>Standaardafwijking</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="171"/>
        <source>Count of valid dates</source>
        <translation>Aantal geldige datums</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="187"/>
        <source>Composite: compress the GeoTIFFs</source>
        <translation>Composiet: de GeoTIFF's comprimeren</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="190"/>
        <source>Histogram: number of bins</source>
        <translation>Histogram: aantal klassen</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="195"/>
        <source>Histogram: lowest bin edge (default: the product&apos;s valid range)</source>
        <translation>Histogram: laagste klassegrens (standaard: het geldige bereik van het product)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="195"/>
        <source>Histogram: highest bin edge (default: the product&apos;s valid range)</source>
        <translation>Histogram: hoogste klassegrens (standaard: het geldige bereik van het product)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="202"/>
        <source>Time series: points or polygons (GeoJSON, or CSV with lon,lat)</source>
        <translation>Tijdreeks: punten of polygonen (GeoJSON, of CSV met lon,lat)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="202"/>
        <source>GeoJSON or CSV (*.geojson *.json *.csv)</source>
        <translation>GeoJSON of CSV (*.geojson *.json *.csv)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="211"/>
        <source>Job folder</source>
        <translation>Taakmap</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="212"/>
        <source>Number of products listed</source>
        <translation>Aantal opgesomde producten</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="213"/>
        <source>Cluster submit script</source>
        <translation>Script om bij de cluster in te dienen</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="214"/>
        <source>Local run script</source>
        <translation>Script voor een lokale run</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="221"/>
        <source>Cluster: Spark installation</source>
        <translation>Cluster: Spark-installatie</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="221"/>
        <source>Spark 3.5 (/opt/spark3_5_0)</source>
        <translation>Spark 3.5 (/opt/spark3_5_0)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="221"/>
        <source>Spark 4.0 (/opt/spark4_0_1, Java 17)</source>
        <translation>Spark 4.0 (/opt/spark4_0_1, Java 17)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="227"/>
        <source>Cluster: Docker image (Python 3.11 with numpy, GDAL, lxml)</source>
        <translation>Cluster: Docker-image (Python 3.11 met numpy, GDAL, lxml)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="228"/>
        <source>Cluster: Python inside the image</source>
        <translation>Cluster: Python in het image</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="229"/>
        <source>Cluster: executor memory (JVM)</source>
        <translation>Cluster: geheugen per executor (JVM)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="230"/>
        <source>Cluster: memory overhead (Python workers)</source>
        <translation>Cluster: extra geheugen (Python-workers)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="231"/>
        <source>Cluster: cores per executor</source>
        <translation>Cluster: kernen per executor</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="232"/>
        <source>Cluster: most executors</source>
        <translation>Cluster: maximaal aantal executors</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="233"/>
        <source>Cluster: output folder seen by the cluster (default: the folder output in the job folder)</source>
        <translation>Cluster: uitvoermap die de cluster ziet (standaard: de map output in de taakmap)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="246"/>
        <source>A time-series job needs POINTS: a GeoJSON or CSV file</source>
        <translation>Een tijdreekstaak heeft POINTS nodig: een GeoJSON- of CSV-bestand</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="257"/>
        <source>{0}: {1} files of the plugin&apos;s core</source>
        <translation>{0}: {1} bestanden van de kern van de plugin</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="262"/>
        <source>Cluster: cd {0} &amp;&amp; kinit &amp;&amp; ./{1}</source>
        <translation>Cluster: cd {0} &amp;&amp; kinit &amp;&amp; ./{1}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="263"/>
        <source>This machine: {0}</source>
        <translation>Deze machine: {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="265"/>
        <source>submit.sh asks for the Docker image and its Python: set IMAGE and PYSPARK_PYTHON</source>
        <translation>submit.sh vraagt om het Docker-image en zijn Python: stel IMAGE en PYSPARK_PYTHON in</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="282"/>
        <source>Give an archive query: COLLECTION, TILE or dates</source>
        <translation>Geef een archiefzoekopdracht: COLLECTION, TILE of datums</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="285"/>
        <source>A Spark job reads the mounted archive: choose a folder as ROOT, not {0}</source>
        <translation>Een Spark-taak leest het gekoppelde archief: kies een map als ROOT, niet {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="320"/>
        <source>BBOX {0}: expected W,S,E,N in degrees, e.g. 4.2,50.7,4.6,51.0</source>
        <translation>BBOX {0}: verwacht W,Z,O,N in graden, bv. 4.2,50.7,4.6,51.0</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="338"/>
        <source>{0} products listed</source>
        <translation>{0} producten opgesomd</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="342"/>
        <source>Cancelled</source>
        <translation>Geannuleerd</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="344"/>
        <source>The archive query found no product in {0}</source>
        <translation>De archiefzoekopdracht vond geen product in {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="349"/>
        <source>{0}: {1} product(s)</source>
        <translation>{0}: {1} product(en)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="380"/>
        <source>Give both RANGE_MIN and RANGE_MAX, MIN below MAX</source>
        <translation>Geef zowel RANGE_MIN als RANGE_MAX, MIN kleiner dan MAX</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="400"/>
        <source>{0}: {1} is not a memory size such as 2g or 512m</source>
        <translation>{0}: {1} is geen geheugengrootte zoals 2g of 512m</translation>
    </message>
</context>
<context>
    <name>TemporalCompositeAlgorithm</name>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="64"/>
        <source>Temporal composite (mean, median, min, max, std, count)</source>
        <translation>Temporele composiet (gemiddelde, mediaan, min, max, std, aantal)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="67"/>
        <source>terrascope,composite,time series,mean,median,temporal,statistics</source>
        <translation>terrascope,composiet,tijdreeks,gemiddelde,mediaan,temporeel,statistiek</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="70"/>
        <source>Per-pixel mean, median, minimum, maximum, standard deviation (population) and count of the valid physical values of a time series on one grid (one tile).

</source>
        <translation>Gemiddelde, mediaan, minimum, maximum, standaardafwijking (populatie) en aantal van de geldige fysische waarden van een tijdreeks op één grid (één tegel), per pixel.

</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="70"/>
        <source>

Each date is converted to physical values (nodata and out-of-range DN dropped) and, when masking is ticked, masked with its own scene classification from its product folder. Memory stays bounded whatever the number of dates: the rasters are processed window by window (the median too).

Outputs: one single-band GeoTIFF per statistic (Float32, nodata -9999; count is UInt16, 0 = no valid date). Mean and median are written by default; set or skip the others. Pixels without any valid date are nodata.</source>
        <translation>

Elke datum wordt omgezet naar fysische waarden (nodata en DN buiten het bereik vallen weg) en, als maskeren aangevinkt is, gemaskeerd met zijn eigen scèneclassificatie uit zijn productmap. Het geheugengebruik blijft begrensd, hoeveel datums er ook zijn: de rasters worden venster per venster verwerkt (ook de mediaan).

Uitvoer: één GeoTIFF met één band per statistiek (Float32, nodata -9999; het aantal is UInt16, 0 = geen geldige datum). Gemiddelde en mediaan worden standaard geschreven; stel de andere in of sla ze over. Pixels zonder enige geldige datum zijn nodata.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="122"/>
        <source>Choose at least one statistic to write (an output)</source>
        <translation>Kies minstens één statistiek om te schrijven (een uitvoer)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="124"/>
        <source>Compositing {0} date(s): {1}</source>
        <translation>Composiet van {0} datum(s): {1}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="135"/>
        <source>Windows of {0}×{0} pixels</source>
        <translation>Vensters van {0}×{0} pixels</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="70"/>
        <source>

With an archive query, a product whose file cannot be read (truncated, vanished, permission denied) is left out with a warning naming the file and why; DATES gives the number of dates composited and SKIPPED the number left out. The run fails only when no product can be read. Rasters listed in INPUTS must all be readable.</source>
        <translation>

Bij een archiefzoekopdracht wordt een product waarvan het bestand niet gelezen kan worden (afgekapt, verdwenen, toegang geweigerd) weggelaten, met een waarschuwing die het bestand en de reden noemt; DATES geeft het aantal datums in de composiet en SKIPPED het aantal weggelaten producten. De uitvoering mislukt alleen als geen enkel product gelezen kan worden. De rasters in INPUTS moeten allemaal leesbaar zijn.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="108"/>
        <source>Number of dates composited</source>
        <translation>Aantal datums in de composiet</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="109"/>
        <source>Number of products skipped</source>
        <translation>Aantal overgeslagen producten</translation>
    </message>
</context>
<context>
    <name>TimeSeriesAlgorithm</name>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="77"/>
        <source>Time series of points or polygons</source>
        <translation>Tijdreeks van punten of polygonen</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="80"/>
        <source>terrascope,time series,profile,zonal,statistics,ndvi,field,pixel</source>
        <translation>terrascope,tijdreeks,profiel,zonaal,statistiek,ndvi,perceel,pixel</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="83"/>
        <source>This algorithm follows places through time in the Terrascope archive. For every feature of the input layer (points or polygons, in any coordinate system) and every acquisition found by the archive query (ROOT, COLLECTION, START, END, MAX_CLOUD; TILE and BAND narrow it further), it computes statistics of the physical values (scale · DN + offset) of that acquisition.

A point takes the pixel it falls in: count is 1, valid and masked are 0 or 1, and mean, median, minimum and maximum are its value when it is valid. A polygon takes the pixels whose centre lies inside it, as QGIS's zonal statistics counts them: count, valid (not masked, not nodata, within the valid range), masked (by the SCL), mean, median, standard deviation (population), minimum and maximum of the valid values. Only the pixel or the polygon's window is read from each file. Where tiles overlap, each piece of ground is taken from the tile in which it lies deepest; a polygon across two tiles or UTM zones is combined into one row.

When APPLY_SCL is ticked, pixels whose scene classification is one of MASK_CLASSES are masked and not counted as valid.

Products whose file cannot be read (truncated, vanished, permission denied) are left out with a warning naming the file, and counted in SKIPPED; features outside every product are named in the log.

Outputs: a table without geometry with one row per feature and acquisition, oldest first (feature_id, date in UTC, product, tile, count, valid, masked, mean, median, std, min, max) and, optionally, an HTML page plotting the mean of each feature over time.</source>
        <translation>Dit algoritme volgt plaatsen door de tijd in het Terrascope-archief. Voor elk object van de invoerlaag (punten of polygonen, in om het even welk coördinatenstelsel) en elke opname die de archiefzoekopdracht vindt (ROOT, COLLECTION, START, END, MAX_CLOUD; TILE en BAND beperken ze verder), berekent het statistieken van de fysische waarden (schaal · DN + offset) van die opname.

Een punt neemt de pixel waarin het valt: count is 1, valid en masked zijn 0 of 1, en gemiddelde, mediaan, minimum en maximum zijn de waarde van die pixel als ze geldig is. Een polygoon neemt de pixels waarvan het middelpunt erin ligt, zoals de zonale statistieken van QGIS ze tellen: count, valid (niet gemaskeerd, geen nodata, binnen het geldige bereik), masked (door de SCL), gemiddelde, mediaan, standaardafwijking (populatie), minimum en maximum van de geldige waarden. Uit elk bestand wordt alleen de pixel of het venster van de polygoon gelezen. Waar tegels overlappen, wordt elk stuk grond genomen uit de tegel waarin het het diepst ligt; een polygoon over twee tegels of UTM-zones heen wordt samengevoegd tot één rij.

Als APPLY_SCL aangevinkt is, worden pixels waarvan de scèneclassificatie een van MASK_CLASSES is gemaskeerd en niet als geldig geteld.

Producten waarvan het bestand niet gelezen kan worden (afgekapt, verdwenen, toegang geweigerd) worden weggelaten met een waarschuwing die het bestand noemt, en geteld in SKIPPED; objecten buiten elk product worden in het logboek genoemd.

Uitvoer: een tabel zonder geometrie met één rij per object en opname, oudste eerst (feature_id, date in UTC, product, tile, count, valid, masked, mean, median, std, min, max) en, optioneel, een HTML-pagina met het verloop van het gemiddelde van elk object in de tijd.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="108"/>
        <source>Points or polygons</source>
        <translation>Punten of polygonen</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="118"/>
        <source>Time series</source>
        <translation>Tijdreeks</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="121"/>
        <source>Time series plot</source>
        <translation>Tijdreeksgrafiek</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="121"/>
        <source>HTML files (*.html)</source>
        <translation>HTML-bestanden (*.html)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="126"/>
        <source>Number of rows</source>
        <translation>Aantal rijen</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="127"/>
        <source>Number of products skipped</source>
        <translation>Aantal overgeslagen producten</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="136"/>
        <source>Give COLLECTION, the collection to follow (e.g. NDVI_V2)</source>
        <translation>Geef COLLECTION op, de te volgen collectie (bv. NDVI_V2)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="145"/>
        <source>The input layer has no feature with a geometry</source>
        <translation>De invoerlaag heeft geen object met een geometrie</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="161"/>
        <source>Cancelled: no output was written</source>
        <translation>Geannuleerd: er is geen uitvoer geschreven</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="163"/>
        <source>Outside every product of the query (no rows): feature(s) {0}</source>
        <translation>Buiten elk product van de zoekopdracht (geen rijen): object(en) {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="178"/>
        <source>Time series: {0}</source>
        <translation>Tijdreeks: {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="182"/>
        <source>{0} row(s) for {1} feature(s)</source>
        <translation>{0} rij(en) voor {1} object(en)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="203"/>
        <source>Feature {0}: several points, the first one is used</source>
        <translation>Object {0}: meerdere punten, het eerste wordt gebruikt</translation>
    </message>
</context>
</TS>
