<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>@default</name>
    <message>
        <location filename="../plugin/gui/browser.py" line="71"/>
        <source>Cannot read {}: {}</source>
        <translation>Impossible de lire {} : {}</translation>
    </message>
    <message>
        <location filename="../plugin/terrascope_plugin.py" line="66"/>
        <source>Terrascope</source>
        <translation>Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="108"/>
        <source>Terrascope archive roots: the mounted archive, your folders, the demo archive</source>
        <translation>Racines de l'archive Terrascope : l'archive montée, vos dossiers, l'archive de démonstration</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="114"/>
        <source>No Terrascope archive found: add a folder in the Terrascope dock</source>
        <translation>Aucune archive Terrascope trouvée : ajoutez un dossier dans le panneau Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="132"/>
        <source>{} does not exist or is not mounted</source>
        <translation>{} n'existe pas ou n'est pas monté</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="198"/>
        <source>Acquired {} UTC</source>
        <translation>Acquis le {} UTC</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="200"/>
        <source>Tile {}</source>
        <translation>Tuile {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="202"/>
        <source>Pass {} · track {}</source>
        <translation>Passage {} · orbite {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="204"/>
        <source>Version {}</source>
        <translation>Version {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/browser.py" line="206"/>
        <source>Cloud cover {:.1f} %</source>
        <translation>Couverture nuageuse {:.1f} %</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="78"/>
        <source>Cannot read the quicklook {}: {}</source>
        <translation>Impossible de lire l'aperçu {} : {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="73"/>
        <source>The quicklook {} has no raster band</source>
        <translation>L'aperçu {} n'a aucune bande raster</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="115"/>
        <source>Terrascope quicklook</source>
        <translation>Aperçu Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="128"/>
        <source>Cannot read the quicklook {}: {!r}</source>
        <translation>Impossible de lire l'aperçu {} : {!r}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="179"/>
        <source>Metadata ({})</source>
        <translation>Métadonnées ({})</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="33"/>
        <source>Quicklook</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="235"/>
        <source>Select a product to see its quicklook</source>
        <translation>Sélectionnez un produit pour voir son aperçu</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="272"/>
        <source>metadata</source>
        <translation>métadonnées</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="270"/>
        <source>no XML file in this product</source>
        <translation>aucun fichier XML dans ce produit</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="272"/>
        <source>reading…</source>
        <translation>lecture…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="274"/>
        <source>Terrascope metadata</source>
        <translation>Métadonnées Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="289"/>
        <source>error</source>
        <translation>erreur</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="290"/>
        <source>Cannot read the metadata {}: {}</source>
        <translation>Impossible de lire les métadonnées {} : {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="297"/>
        <source>No quicklook in this product</source>
        <translation>Aucun aperçu dans ce produit</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="299"/>
        <source>Loading quicklook…</source>
        <translation>Chargement de l'aperçu…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="311"/>
        <source>Quicklook unreadable</source>
        <translation>Aperçu illisible</translation>
    </message>
    <message>
        <location filename="../plugin/gui/details.py" line="313"/>
        <source>Cannot read the quicklook {}</source>
        <translation>Impossible de lire l'aperçu {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="35"/>
        <source>&apos;{}&apos; is not a tile: use MGRS (31UFS) or PROBA-V (X17Y03) tiles, comma-separated</source>
        <translation>'{}' n'est pas une tuile : utilisez des tuiles MGRS (31UFS) ou PROBA-V (X17Y03), séparées par des virgules</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="39"/>
        <source>&apos;{}&apos; is not a tile: UTM zones go from 1 to 60</source>
        <translation>'{}' n'est pas une tuile : les zones UTM vont de 1 à 60</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="37"/>
        <source>Terrascope archive</source>
        <translation>Archive Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="39"/>
        <source>My public folder</source>
        <translation>Mon dossier public</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="41"/>
        <source>My private folder</source>
        <translation>Mon dossier privé</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="64"/>
        <source>Demo archive</source>
        <translation>Archive de démonstration</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="73"/>
        <source>no limit</source>
        <translation>aucune limite</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="234"/>
        <source>all collections</source>
        <translation>toutes les collections</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="93"/>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="171"/>
        <source>Terrascope: finding archives</source>
        <translation>Terrascope : recherche des archives</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="178"/>
        <source>Cannot look for the standard archive folders: {}</source>
        <translation>Impossible de chercher les dossiers d'archive standard : {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="191"/>
        <source>No Terrascope archive found on this machine: add a folder with “+”.</source>
        <translation>Aucune archive Terrascope trouvée sur cette machine : ajoutez un dossier avec « + ».</translation>
    </message>
    <message>
        <location filename="../plugin/gui/roots.py" line="158"/>
        <source>Add a folder to search</source>
        <translation>Ajouter un dossier à rechercher</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="108"/>
        <source>Listing the collections of {}…</source>
        <translation>Liste des collections de {}…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="109"/>
        <source>Terrascope: listing {}</source>
        <translation>Terrascope : liste de {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="120"/>
        <source>Tick the collections to search; none ticked searches them all</source>
        <translation>Cochez les collections à rechercher ; si aucune n'est cochée, toutes sont recherchées</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="122"/>
        <source>Cannot read the archive {}: {}</source>
        <translation>Impossible de lire l'archive {} : {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="132"/>
        <source>No Terrascope collection found in {}</source>
        <translation>Aucune collection Terrascope trouvée dans {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="178"/>
        <source>The start date {} is after the end date {}</source>
        <translation>La date de début {} est postérieure à la date de fin {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="183"/>
        <source>The map extent cannot be expressed in longitude/latitude: zoom in or untick it</source>
        <translation>L'emprise de la carte ne peut pas être exprimée en longitude/latitude : zoomez ou décochez l'option</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="205"/>
        <source>MGRS tiles separated by commas, e.g. 31UFS, 31UES; empty for all tiles</source>
        <translation>Tuiles MGRS séparées par des virgules, p. ex. 31UFS, 31UES ; vide pour toutes les tuiles</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="228"/>
        <source>Choose an archive folder first (“+” adds one).</source>
        <translation>Choisissez d'abord un dossier d'archive (« + » en ajoute un).</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="234"/>
        <source> (cancelled)</source>
        <translation> (annulée)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="222"/>
        <source>Search again</source>
        <translation>Relancer la recherche</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="248"/>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="269"/>
        <source>No product matches these filters.</source>
        <translation>Aucun produit ne correspond à ces filtres.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="274"/>
        <source>{} products</source>
        <translation>{} produits</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="274"/>
        <source>1 product</source>
        <translation>1 produit</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="276"/>
        <source>, {} skipped paths — &lt;a href='skipped'&gt;details&lt;/a&gt;</source>
        <translation>, {} chemins ignorés — &lt;a href='skipped'&gt;détails&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="280"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="130"/>
        <source>These products have no readable footprint (no raster header or XML bounding box).</source>
        <translation>Ces produits n'ont pas d'emprise lisible (ni en-tête raster ni emprise XML).</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="176"/>
        <source>No MGRS tile at {:.4f}, {:.4f}</source>
        <translation>Aucune tuile MGRS en {:.4f}, {:.4f}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="185"/>
        <source>Select one or more products first.</source>
        <translation>Sélectionnez d'abord un ou plusieurs produits.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="187"/>
        <source>Cannot load the selection</source>
        <translation>Impossible de charger la sélection</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="193"/>
        <source>Cannot load {}</source>
        <translation>Impossible de charger {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/details.py" line="52"/>
        <source>Copy path</source>
        <translation>Copier le chemin</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="253"/>
        <source>Open folder</source>
        <translation>Ouvrir le dossier</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="255"/>
        <source>Zoom to footprint</source>
        <translation>Zoomer sur l'emprise</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/details.py" line="51"/>
        <source>Add to map</source>
        <translation>Ajouter à la carte</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="224"/>
        <source>Cannot open {}</source>
        <translation>Impossible d'ouvrir {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="161"/>
        <source>{}: no {} band(s) in {} for the {} composite</source>
        <translation>{} : aucune bande {} dans {} pour la composition {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="183"/>
        <source>{}: no quicklook in {}</source>
        <translation>{} : aucun aperçu dans {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="200"/>
        <source>{}: no raster files in {}</source>
        <translation>{} : aucun fichier raster dans {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="211"/>
        <source>{}: no {} in {}</source>
        <translation>{} : pas de {} dans {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="247"/>
        <source>GDAL cannot read it</source>
        <translation>GDAL ne peut pas le lire</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="248"/>
        <source>{} is not a readable raster: {}</source>
        <translation>{} n'est pas un raster lisible : {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="282"/>
        <source>Loading {} Terrascope layer(s)</source>
        <translation>Chargement de {} couche(s) Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="303"/>
        <source>Cannot load {}: {!r}</source>
        <translation>Impossible de charger {} : {!r}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="52"/>
        <source>Processing algorithm {} is not available: enable the Terrascope provider in Processing</source>
        <translation>L'algorithme de traitement {} n'est pas disponible : activez le fournisseur Terrascope dans Traitement</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="551"/>
        <source>No file manager could open {}</source>
        <translation>Aucun gestionnaire de fichiers n'a pu ouvrir {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="153"/>
        <source>Finest resolution of the product&apos;s data files</source>
        <translation>Résolution la plus fine des fichiers de données du produit</translation>
    </message>
    <message>
        <location filename="../plugin/gui/search_task.py" line="73"/>
        <source>Terrascope search</source>
        <translation>Recherche Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/gui/search_task.py" line="95"/>
        <source>Search failed: {}</source>
        <translation>La recherche a échoué : {}</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>No data</source>
        <translation>Pas de données</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Saturated or defective</source>
        <translation>Saturé ou défectueux</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Dark area pixels / topographic shadows</source>
        <translation>Pixels sombres / ombres topographiques</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Cloud shadows</source>
        <translation>Ombres de nuages</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Vegetation</source>
        <translation>Végétation</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Not vegetated</source>
        <translation>Non végétalisé</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Water</source>
        <translation>Eau</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Unclassified</source>
        <translation>Non classé</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Cloud, medium probability</source>
        <translation>Nuage, probabilité moyenne</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Cloud, high probability</source>
        <translation>Nuage, probabilité élevée</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Thin cirrus</source>
        <translation>Cirrus fins</translation>
    </message>
    <message>
        <location filename="../plugin/i18n.py" line="23"/>
        <source>Snow or ice</source>
        <translation>Neige ou glace</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="305"/>
        <source>{0}: {1}</source>
        <translation>{0} : {1}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="109"/>
        <source>{0}: {1} is not a raster QGIS can open</source>
        <translation>{0} : {1} n'est pas un raster que QGIS peut ouvrir</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="111"/>
        <source>{0}: layer {1} is not a file raster (provider {2}); save it as GeoTIFF first</source>
        <translation>{0} : la couche {1} n'est pas un raster fichier (fournisseur {2}) ; enregistrez-la d'abord en GeoTIFF</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="135"/>
        <source>Cancelled: {0}</source>
        <translation>Annulé : {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="180"/>
        <source>No archive root: give ROOT (e.g. /data/MTDA)</source>
        <translation>Aucune racine d'archive : indiquez ROOT (p. ex. /data/MTDA)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="214"/>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="163"/>
        <source>any</source>
        <translation>toutes</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="163"/>
        <source>, at most {0}% cloud</source>
        <translation>, au plus {0} % de nuages</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="258"/>
        <source>The archive query found {0} product(s)</source>
        <translation>La requête d'archive a trouvé {0} produit(s)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="285"/>
        <source>{0} is not a file raster</source>
        <translation>{0} n'est pas un raster fichier</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="296"/>
        <source>Give input rasters (INPUTS) or an archive query (COLLECTION, TILE, dates)</source>
        <translation>Indiquez des rasters en entrée (INPUTS) ou une requête d'archive (COLLECTION, TILE, dates)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="301"/>
        <source>{0}: no scene classification found; this date is not masked</source>
        <translation>{0} : aucune classification de scène trouvée ; cette date n'est pas masquée</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="84"/>
        <source>Input rasters (or use the archive query)</source>
        <translation>Rasters en entrée (ou utilisez la requête d'archive)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="102"/>
        <source>Inputs are either a list of rasters (INPUTS) or an archive query: ROOT (default /data/MTDA), COLLECTION (e.g. NDVI_V2), TILE, START and END dates, MAX_CLOUD (%) and BAND (the file content, e.g. NDVI or TOC-B04; default: the product&apos;s own biophysical layer).</source>
        <translation>Les entrées sont soit une liste de rasters (INPUTS), soit une requête d'archive : ROOT (par défaut /data/MTDA), COLLECTION (p. ex. NDVI_V2), TILE, les dates START et END, MAX_CLOUD (%) et BAND (le contenu du fichier, p. ex. NDVI ou TOC-B04 ; par défaut : la couche biophysique propre au produit).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="113"/>
        <source>Archive root</source>
        <translation>Racine de l'archive</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="116"/>
        <source>Collection (e.g. NDVI_V2)</source>
        <translation>Collection (p. ex. NDVI_V2)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="117"/>
        <source>Tile (e.g. 31UFS)</source>
        <translation>Tuile (p. ex. 31UFS)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="118"/>
        <source>Start date</source>
        <translation>Date de début</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="119"/>
        <source>End date</source>
        <translation>Date de fin</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="120"/>
        <source>Maximum cloud cover (%)</source>
        <translation>Couverture nuageuse maximale (%)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="128"/>
        <source>Band / file content (e.g. NDVI, TOC-B04)</source>
        <translation>Bande / contenu du fichier (p. ex. NDVI, TOC-B04)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="177"/>
        <source>SCL classes to mask</source>
        <translation>Classes SCL à masquer</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="185"/>
        <source>Pixels whose scene classification is one of these classes become nodata.</source>
        <translation>Les pixels dont la classification de scène est l'une de ces classes deviennent nodata.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="196"/>
        <source>Mask each date with its scene classification (SCL)</source>
        <translation>Masquer chaque date avec sa classification de scène (SCL)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="233"/>
        <source>Scale (PV = scale · DN + offset), when the product is unknown and has no tags</source>
        <translation>Échelle (PV = échelle · DN + décalage), quand le produit est inconnu et n'a pas d'étiquettes</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="234"/>
        <source>Offset, when the product is unknown and has no tags</source>
        <translation>Décalage, quand le produit est inconnu et n'a pas d'étiquettes</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="235"/>
        <source>Lowest valid DN (default: from the product table)</source>
        <translation>DN valide minimal (par défaut : d'après la table des produits)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="236"/>
        <source>Highest valid DN (default: from the product table)</source>
        <translation>DN valide maximal (par défaut : d'après la table des produits)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="237"/>
        <source>Extra nodata DN value</source>
        <translation>Valeur nodata supplémentaire (DN)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/parameters.py" line="263"/>
        <source>Compress the output (DEFLATE with predictor, multi-threaded)</source>
        <translation>Compresser la sortie (DEFLATE avec prédicteur, multithread)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/provider.py" line="38"/>
        <source>Terrascope Browser {0}</source>
        <translation>Terrascope Browser {0}</translation>
    </message>
    <message>
        <location filename="../plugin/terrascope_plugin.py" line="56"/>
        <source>A Processing provider with the id &apos;terrascope&apos; is already registered</source>
        <translation>Un fournisseur de traitements avec l'identifiant 'terrascope' est déjà enregistré</translation>
    </message>
    <message>
        <location filename="../plugin/terrascope_plugin.py" line="61"/>
        <source>Terrascope Browser</source>
        <translation>Terrascope Browser</translation>
    </message>
    <message>
        <location filename="../plugin/terrascope_plugin.py" line="64"/>
        <source>Browse, load and process the Terrascope archive</source>
        <translation>Parcourir, charger et traiter l'archive Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/terrascope_plugin.py" line="121"/>
        <source>&amp;Terrascope</source>
        <translation>&amp;Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/terrascope_plugin.py" line="73"/>
        <source>Terrascope Browser loaded</source>
        <translation>Terrascope Browser chargé</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="179"/>
        <source>Tiles {} at {:.4f}° E, {:.4f}° N</source>
        <translation>Tuiles {} en {:.4f}° E, {:.4f}° N</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="326"/>
        <source>Skipped paths</source>
        <translation>Chemins ignorés</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="40"/>
        <source>&apos;{}&apos; is not a tile: {}</source>
        <translation>'{}' n'est pas une tuile : {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="241"/>
        <source>≤ {} % cloud</source>
        <translation>≤ {} % de nuages</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="243"/>
        <source>map extent</source>
        <translation>emprise de la carte</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/search_form.py" line="248"/>
        <source>Search: {}</source>
        <translation>Recherche : {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="65"/>
        <source>True colour</source>
        <translation>Couleurs naturelles</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="65"/>
        <source>False colour</source>
        <translation>Fausses couleurs</translation>
    </message>
    <message>
        <location filename="../plugin/gui/loading.py" line="210"/>
        <source>scene classification (SCL)</source>
        <translation>classification de scène (SCL)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="43"/>
        <source>Mean</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="44"/>
        <source>Median</source>
        <translation>Médiane</translation>
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
        <translation>Écart-type</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="48"/>
        <source>Count of valid dates</source>
        <translation>Nombre de dates valides</translation>
    </message>
    <message>
        <location filename="../plugin/gui/footprints.py" line="27"/>
        <source>Terrascope footprints</source>
        <translation>Emprises Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="78"/>
        <source>Archive folders</source>
        <translation>Dossiers d'archive</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="80"/>
        <source>Folders offered in the dock and the Browser besides /data/MTDA and your /data/users folders</source>
        <translation>Dossiers proposés dans le panneau et l'Explorateur en plus de /data/MTDA et de vos dossiers /data/users</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="83"/>
        <source>Add…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="84"/>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="86"/>
        <source>The dock and the Browser also offer /data/MTDA, your /data/users folders and the demo archive when they exist.</source>
        <translation>Le panneau et l'Explorateur proposent aussi /data/MTDA, vos dossiers /data/users et l'archive de démonstration s'ils existent.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="109"/>
        <source>Folder listing cache</source>
        <translation>Cache des listes de dossiers</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="112"/>
        <source>SQLite database (*.sqlite)</source>
        <translation>Base de données SQLite (*.sqlite)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="114"/>
        <source>Where the listings of archive folders are kept between searches</source>
        <translation>Où les listes des dossiers d'archive sont conservées d'une recherche à l'autre</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="134"/>
        <source>Clear</source>
        <translation>Vider</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="118"/>
        <source>Delete the cache: the next search lists the folders again</source>
        <translation>Supprimer le cache : la prochaine recherche listera à nouveau les dossiers</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="124"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="125"/>
        <source>Size on disk</source>
        <translation>Taille sur le disque</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="129"/>
        <source>Scene classification mask</source>
        <translation>Masque de classification de scène</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="132"/>
        <source>Classes masked by default when the dock opens a masking algorithm: values 0–11 separated by commas; empty for Terrascope's own mask</source>
        <translation>Classes masquées par défaut quand le panneau ouvre un algorithme de masquage : valeurs 0–11 séparées par des virgules ; vide pour le masque propre à Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="144"/>
        <source>Default classes</source>
        <translation>Classes par défaut</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="179"/>
        <source>empty</source>
        <translation>vide</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="186"/>
        <source>Cannot clear the cache {}: {}</source>
        <translation>Impossible de vider le cache {} : {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="199"/>
        <source>“{}” is not a list of scene classification classes: give values 0–11 separated by commas</source>
        <translation>« {} » n'est pas une liste de classes de classification de scène : donnez des valeurs 0–11 séparées par des virgules</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="217"/>
        <source>Terrascope options: {} (the mask classes were not changed)</source>
        <translation>Options Terrascope : {} (les classes de masque n'ont pas été modifiées)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="33"/>
        <source>Add styled layers</source>
        <translation>Ajouter les couches avec style</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="33"/>
        <source>True colour (B04/B03/B02)</source>
        <translation>Couleurs naturelles (B04/B03/B02)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="33"/>
        <source>False colour (B08/B04/B03)</source>
        <translation>Fausses couleurs (B08/B04/B03)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="33"/>
        <source>Scene classification</source>
        <translation>Classification de scène</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="40"/>
        <source>Physical values…</source>
        <translation>Valeurs physiques…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="40"/>
        <source>Mask with scene classification…</source>
        <translation>Masquer avec la classification de scène…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/actions.py" line="40"/>
        <source>Temporal composite…</source>
        <translation>Composite temporel…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="23"/>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="23"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="23"/>
        <source>Tile</source>
        <translation>Tuile</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="23"/>
        <source>Cloud %</source>
        <translation>Nuages %</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="23"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="23"/>
        <source>Res.</source>
        <translation>Rés.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/results_model.py" line="23"/>
        <source>Collection</source>
        <translation>Collection</translation>
    </message>
    <message>
        <location filename="../plugin/styles.py" line="267"/>
        <source> reflectance</source>
        <translation> réflectance</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="53"/>
        <source>Folder of the demo archive, if any</source>
        <translation>Dossier de l'archive de démonstration, le cas échéant</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="54"/>
        <source>Archive folders the user added</source>
        <translation>Dossiers d'archive ajoutés par l'utilisateur</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="55"/>
        <source>The archive folder searched last</source>
        <translation>Le dernier dossier d'archive recherché</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="56"/>
        <source>File of the folder listing cache (empty: the default location)</source>
        <translation>Fichier du cache des listes de dossiers (vide : l'emplacement par défaut)</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="62"/>
        <source>Scene classification classes masked by default (empty: Terrascope&apos;s own)</source>
        <translation>Classes de la classification de scène masquées par défaut (vide : celles de Terrascope)</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="68"/>
        <source>Search: first date (ISO)</source>
        <translation>Recherche : première date (ISO)</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="69"/>
        <source>Search: last date (ISO)</source>
        <translation>Recherche : dernière date (ISO)</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="70"/>
        <source>Search: tiles</source>
        <translation>Recherche : tuiles</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="71"/>
        <source>Search: maximum cloud cover (-1: any)</source>
        <translation>Recherche : couverture nuageuse maximale (-1 : toutes)</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="77"/>
        <source>Search: within the map extent</source>
        <translation>Recherche : dans l'emprise de la carte</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="78"/>
        <source>Search: newest version only</source>
        <translation>Recherche : version la plus récente seulement</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="79"/>
        <source>Search: ticked collections</source>
        <translation>Recherche : collections cochées</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="80"/>
        <source>Dock: results/details split</source>
        <translation>Panneau : partage résultats/détails</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="86"/>
        <source>Dock: search form collapsed</source>
        <translation>Panneau : formulaire de recherche replié</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="92"/>
        <source>Dock: footprints shown on the map</source>
        <translation>Panneau : emprises affichées sur la carte</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="98"/>
        <source>Dock: first width given</source>
        <translation>Panneau : première largeur donnée</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/__init__.py" line="23"/>
        <source>The time series plot needs matplotlib ({}). Install it: &apos;sudo apt install python3-matplotlib&apos; (Debian, Ubuntu), the python3-matplotlib package of the OSGeo4W installer (Windows), or &apos;python3 -m pip install matplotlib&apos; for the Python that QGIS runs.</source>
        <translation>Le graphique des séries temporelles a besoin de matplotlib ({}). Installez-le : 'sudo apt install python3-matplotlib' (Debian, Ubuntu), le paquet python3-matplotlib de l'installateur OSGeo4W (Windows), ou 'python3 -m pip install matplotlib' pour le Python qu'utilise QGIS.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="72"/>
        <source>Terrascope time series</source>
        <translation>Série temporelle Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="109"/>
        <source>Selected polygons</source>
        <translation>Polygones sélectionnés</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="109"/>
        <source>Plot the mean of the selected polygons of the active layer</source>
        <translation>Tracer la moyenne des polygones sélectionnés de la couche active</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="114"/>
        <source>Hide masked</source>
        <translation>Masquer les dates masquées</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="115"/>
        <source>Hide the dates masked by the scene classification (SCL)</source>
        <translation>Masquer les dates masquées par la classification de scène (SCL)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="119"/>
        <source>min – max</source>
        <translation>min – max</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="120"/>
        <source>± std</source>
        <translation>± écart type</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="121"/>
        <source>The band drawn around the mean of a polygon</source>
        <translation>La bande tracée autour de la moyenne d'un polygone</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="124"/>
        <source>Load</source>
        <translation>Charger</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="124"/>
        <source>Load the product of the clicked point</source>
        <translation>Charger le produit du point cliqué</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="128"/>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="128"/>
        <source>Save the plot as PNG or its data as CSV</source>
        <translation>Enregistrer le graphique en PNG ou ses données en CSV</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="130"/>
        <source>Plot as PNG…</source>
        <translation>Graphique en PNG…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="131"/>
        <source>Data as CSV…</source>
        <translation>Données en CSV…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="134"/>
        <source>Remove every curve and its map marker</source>
        <translation>Retirer toutes les courbes et leurs marqueurs sur la carte</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="150"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="150"/>
        <source>Stop reading</source>
        <translation>Arrêter la lecture</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="343"/>
        <source>Click the map with the Time series tool, or select polygons.</source>
        <translation>Cliquez sur la carte avec l'outil Série temporelle, ou sélectionnez des polygones.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="217"/>
        <source>Terrascope: time series at {:.5f}, {:.5f}</source>
        <translation>Terrascope : série temporelle en {:.5f}, {:.5f}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="224"/>
        <source>Select one or more polygons of a vector layer first.</source>
        <translation>Sélectionnez d'abord un ou plusieurs polygones d'une couche vecteur.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="233"/>
        <source>Polygon {} {}</source>
        <translation>Polygone {} {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="255"/>
        <source>Terrascope: time series of {} polygons</source>
        <translation>Terrascope : série temporelle de {} polygones</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="314"/>
        <source>Reading…</source>
        <translation>Lecture…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="359"/>
        <source>Load {}</source>
        <translation>Charger {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="382"/>
        <source>The map has no Temporal Controller to move</source>
        <translation>La carte n'a pas de contrôleur temporel à déplacer</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="394"/>
        <source>PNG image (*.png)</source>
        <translation>Image PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="394"/>
        <source>CSV table (*.csv)</source>
        <translation>Tableau CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="395"/>
        <source>Export the time series</source>
        <translation>Exporter la série temporelle</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="404"/>
        <source>Cannot write {}: {}</source>
        <translation>Impossible d'écrire {} : {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="406"/>
        <source>Saved {}</source>
        <translation>{} enregistré</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="454"/>
        <source>Skipped, as they could not be read: {} product(s)</source>
        <translation>Ignorés car illisibles : {} produit(s)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/panel.py" line="456"/>
        <source>… and {} more</source>
        <translation>… et {} de plus</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="257"/>
        <source>unreadable</source>
        <translation>illisible</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="45"/>
        <source>masked</source>
        <translation>masqué</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="47"/>
        <source>value {:.4g}</source>
        <translation>valeur {:.4g}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="49"/>
        <source>mean {:.4g} (band {:.4g} – {:.4g})</source>
        <translation>moyenne {:.4g} (bande {:.4g} – {:.4g})</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="52"/>
        <source>SCL {}</source>
        <translation>SCL {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="54"/>
        <source>{:.0%} of the pixels masked</source>
        <translation>{:.0%} des pixels masqués</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="119"/>
        <source>Click the map with the Time series tool</source>
        <translation>Cliquez sur la carte avec l'outil Série temporelle</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="142"/>
        <source>Temporal Controller</source>
        <translation>Contrôleur temporel</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/plot.py" line="254"/>
        <source>masked by SCL</source>
        <translation>masqué par la SCL</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/task.py" line="162"/>
        <source>Terrascope: time series</source>
        <translation>Terrascope : série temporelle</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/task.py" line="80"/>
        <source>Reading the time series failed: {}</source>
        <translation>La lecture de la série temporelle a échoué : {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/task.py" line="93"/>
        <source>{}: no product at this place with these filters</source>
        <translation>{} : aucun produit à cet endroit avec ces filtres</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/task.py" line="128"/>
        <source>Points {} lie outside every product</source>
        <translation>Les points {} sont hors de tout produit</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/tool.py" line="27"/>
        <source>Choose an archive folder in the Terrascope dock first.</source>
        <translation>Choisissez d'abord un dossier d'archive dans le panneau Terrascope.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/tool.py" line="31"/>
        <source>Tick the collections to plot in the search form (for example NDVI_V2).</source>
        <translation>Cochez les collections à tracer dans le formulaire de recherche (par exemple NDVI_V2).</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/tool.py" line="59"/>
        <source>Time series</source>
        <translation>Série temporelle</translation>
    </message>
    <message>
        <location filename="../plugin/gui/timeseries/tool.py" line="62"/>
        <source>Time series: click the map to plot that pixel&apos;s profile over the search dates</source>
        <translation>Série temporelle : cliquez sur la carte pour tracer le profil de ce pixel sur les dates de la recherche</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="109"/>
        <source>Time series: hide the dates masked by the SCL</source>
        <translation>Série temporelle : masquer les dates masquées par la SCL</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="112"/>
        <source>Time series: band around a polygon&apos;s mean (minmax or std)</source>
        <translation>Série temporelle : bande autour de la moyenne d'un polygone (minmax ou std)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_roots.py" line="41"/>
        <source>Terrascope STAC (online)</source>
        <translation>Terrascope STAC (en ligne)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_roots.py" line="44"/>
        <source>STAC: {}</source>
        <translation>STAC : {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_roots.py" line="75"/>
        <source>The authentication configuration chosen for {} cannot be read (is the QGIS master password entered? was it deleted?): choose one again in Settings &gt; Options &gt; Terrascope.</source>
        <translation>La configuration d'authentification choisie pour {} est illisible (le mot de passe principal de QGIS est-il saisi ? a-t-elle été supprimée ?) : choisissez-en une à nouveau dans Préférences &gt; Options &gt; Terrascope.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_roots.py" line="82"/>
        <source>The authentication configuration chosen for {} is not of type Basic (user name and password).</source>
        <translation>La configuration d'authentification choisie pour {} n'est pas de type Basic (nom d'utilisateur et mot de passe).</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_roots.py" line="135"/>
        <source>{} (STAC API, online)</source>
        <translation>{} (API STAC, en ligne)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="19"/>
        <source>Online catalogues (STAC)</source>
        <translation>Catalogues en ligne (STAC)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="20"/>
        <source>Offer “Terrascope STAC (online)” in the dock</source>
        <translation>Proposer « Terrascope STAC (en ligne) » dans le panneau</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="21"/>
        <source>Search {} like the archive; files stream over HTTPS where this machine has no copy</source>
        <translation>Chercher dans {} comme dans l'archive ; les fichiers sont lus par HTTPS là où cette machine n'en a pas de copie</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="27"/>
        <source>A Basic authentication configuration (your Terrascope user name and password), kept in the QGIS authentication database; it is given only to Terrascope&apos;s hosts</source>
        <translation>Une configuration d'authentification Basic (votre nom d'utilisateur et mot de passe Terrascope), conservée dans la base d'authentification de QGIS ; elle n'est transmise qu'aux serveurs de Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="35"/>
        <source>Other STAC API addresses offered in the dock, one per line</source>
        <translation>Autres adresses d'API STAC proposées dans le panneau, une par ligne</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="37"/>
        <source>Credentials: Settings &gt; Options &gt; Authentication &gt; Add (type Basic), then choose the configuration here.</source>
        <translation>Identifiants : Préférences &gt; Options &gt; Authentification &gt; Ajouter (type Basic), puis choisissez la configuration ici.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="47"/>
        <source>Terrascope credentials</source>
        <translation>Identifiants Terrascope</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="48"/>
        <source>Other STAC APIs</source>
        <translation>Autres API STAC</translation>
    </message>
    <message>
        <location filename="../plugin/gui/stac_options.py" line="58"/>
        <source>“{}” is not a STAC API address: give an http(s):// address</source>
        <translation>« {} » n’est pas une adresse d’API STAC : donnez une adresse http(s)://</translation>
    </message>
    <message>
        <location filename="../plugin/gui/options.py" line="224"/>
        <source>Terrascope options: {} (left out)</source>
        <translation>Options Terrascope : {} (ignoré)</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="99"/>
        <source>Offer Terrascope&apos;s STAC API (online) as an archive root</source>
        <translation>Proposer l'API STAC de Terrascope (en ligne) comme racine d'archive</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="102"/>
        <source>STAC API addresses the user added</source>
        <translation>Adresses d'API STAC ajoutées par l'utilisateur</translation>
    </message>
    <message>
        <location filename="../plugin/settings.py" line="103"/>
        <source>QGIS authentication configuration (Basic) per STAC API: &apos;URL authcfg-id&apos; entries</source>
        <translation>Configuration d'authentification QGIS (Basic) par API STAC : entrées 'URL authcfg-id'</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="348"/>
        <source>Export as STAC</source>
        <translation>Exporter en STAC</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="282"/>
        <source>Export as STAC…</source>
        <translation>Exporter en STAC…</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="345"/>
        <source>No results to export.</source>
        <translation>Aucun résultat à exporter.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="348"/>
        <source>STAC ItemCollection (*.json *.geojson)</source>
        <translation>STAC ItemCollection (*.json *.geojson)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="365"/>
        <source>STAC export to {} failed: {}</source>
        <translation>L’export STAC vers {} a échoué : {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="121"/>
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
    <message>
        <location filename="../plugin/gui/panels/results.py" line="367"/>
        <source>{} STAC items written to {}</source>
        <translation>{} items STAC écrits dans {}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="283"/>
        <source>Spark job…</source>
        <translation>Tâche Spark…</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="163"/>
        <source>{0} (collection {1}, tile {2}, {3} to {4}{5})</source>
        <translation>{0} (collection {1}, tuile {2}, du {3} au {4}{5})</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="257"/>
        <source>The archive query found no product in {0}</source>
        <translation>La requête d'archive n'a trouvé aucun produit dans {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="315"/>
        <source>Skipped {0}: {1}</source>
        <translation>{0} ignoré : {1}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="317"/>
        <source>{0} product(s) of the query could not be read and were skipped</source>
        <translation>{0} produit(s) de la requête n'ont pas pu être lus et ont été ignorés</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="301"/>
        <source>Feature {0}: no geometry, left out</source>
        <translation>Entité {0} : aucune géométrie, exclue</translation>
    </message>
</context>
<context>
    <name>ActionsBar</name>
    <message>
        <location filename="../ui/actions.ui" line="32"/>
        <source>Add the selected products to the map, styled (the arrow offers composites)</source>
        <translation>Ajouter les produits sélectionnés à la carte, avec leur style (la flèche propose des compositions)</translation>
    </message>
    <message>
        <location filename="../ui/actions.ui" line="35"/>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location filename="../ui/actions.ui" line="48"/>
        <source>Show the footprints of the results on the map, selection synchronised</source>
        <translation>Afficher les emprises des résultats sur la carte, sélection synchronisée</translation>
    </message>
    <message>
        <location filename="../ui/actions.ui" line="51"/>
        <source>Footprints</source>
        <translation>Emprises</translation>
    </message>
</context>
<context>
    <name>CatalogueQueryAlgorithm</name>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="39"/>
        <source>Query the archive catalogue</source>
        <translation>Interroger le catalogue de l'archive</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="42"/>
        <source>terrascope,catalogue,search,archive,query,time series</source>
        <translation>terrascope,catalogue,recherche,archive,requête,série temporelle</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="45"/>
        <source>Finds the data files of the products matching a query, oldest first.

</source>
        <translation>Trouve les fichiers de données des produits qui répondent à une requête, du plus ancien au plus récent.

</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="45"/>
        <source>

Outputs: FILES (the data files, to feed the temporal composite or the histogram in a model), SCL_FILES (their scene classifications), LATEST (the newest data file, e.g. for the physical values algorithm), COUNT and a table (date, tile, product, path, scl_path, cloud). An empty result is an error, so a model stops early.</source>
        <translation>

Sorties : FILES (les fichiers de données, pour alimenter le composite temporel ou l'histogramme dans un modèle), SCL_FILES (leurs classifications de scène), LATEST (le fichier de données le plus récent, p. ex. pour l'algorithme des valeurs physiques), COUNT et une table (date, tile, product, path, scl_path, cloud). Un résultat vide est une erreur, de sorte qu'un modèle s'arrête tôt.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="58"/>
        <source>Products found</source>
        <translation>Produits trouvés</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="67"/>
        <source>Data files</source>
        <translation>Fichiers de données</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="68"/>
        <source>Scene classification files</source>
        <translation>Fichiers de classification de scène</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="71"/>
        <source>Newest data file</source>
        <translation>Fichier de données le plus récent</translation>
    </message>
    <message>
        <location filename="../plugin/processing/catalogue_query.py" line="72"/>
        <source>Number of products</source>
        <translation>Nombre de produits</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <location filename="../ui/details.ui" line="31"/>
        <source>Quicklook</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <location filename="../ui/details.ui" line="72"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../ui/details.ui" line="136"/>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <location filename="../ui/details.ui" line="141"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location filename="../ui/details.ui" line="111"/>
        <source>Metadata</source>
        <translation>Métadonnées</translation>
    </message>
    <message>
        <location filename="../ui/details.ui" line="150"/>
        <source>Files</source>
        <translation>Fichiers</translation>
    </message>
    <message>
        <location filename="../ui/details.ui" line="171"/>
        <source>Double-click a file to load it</source>
        <translation>Double-cliquez sur un fichier pour le charger</translation>
    </message>
</context>
<context>
    <name>HistogramAlgorithm</name>
    <message>
        <location filename="../plugin/processing/histogram.py" line="54"/>
        <source>Histogram of physical values</source>
        <translation>Histogramme des valeurs physiques</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="57"/>
        <source>terrascope,histogram,statistics,distribution,ndvi</source>
        <translation>terrascope,histogramme,statistiques,distribution,ndvi</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="60"/>
        <source>Histogram of the valid physical values of many rasters (tiles and dates), summed: nodata, out-of-range DN and, when masking is ticked, pixels of the chosen SCL classes are left out.

</source>
        <translation>Histogramme des valeurs physiques valides de nombreux rasters (tuiles et dates), cumulé : les nodata, les DN hors plage et, si le masquage est coché, les pixels des classes SCL choisies sont exclus.

</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="60"/>
        <source>

Bins are uniform between RANGE_MIN and RANGE_MAX (default: the physical range of the product, e.g. -0.08 to 0.92 for NDVI); the last bin includes its upper edge; values outside the range are reported, not counted.

Outputs: a table without geometry (bin_min, bin_max, count), usable in models, and an HTML page with the chart.</source>
        <translation>

Les classes sont uniformes entre RANGE_MIN et RANGE_MAX (par défaut : la plage physique du produit, p. ex. -0.08 à 0.92 pour le NDVI) ; la dernière classe inclut sa borne supérieure ; les valeurs hors plage sont signalées, pas comptées.

Sorties : une table sans géométrie (bin_min, bin_max, count), utilisable dans les modèles, et une page HTML avec le graphique.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="85"/>
        <source>Number of bins</source>
        <translation>Nombre de classes</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="95"/>
        <source>Range minimum (default: physical range)</source>
        <translation>Minimum de la plage (par défaut : plage physique)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="95"/>
        <source>Range maximum (default: physical range)</source>
        <translation>Maximum de la plage (par défaut : plage physique)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="105"/>
        <source>Histogram table</source>
        <translation>Table de l'histogramme</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="110"/>
        <source>Histogram chart</source>
        <translation>Graphique de l'histogramme</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="110"/>
        <source>HTML files (*.html)</source>
        <translation>Fichiers HTML (*.html)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="115"/>
        <source>Number of pixels counted</source>
        <translation>Nombre de pixels comptés</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="126"/>
        <source>Give both RANGE_MIN and RANGE_MAX, or neither</source>
        <translation>Indiquez RANGE_MIN et RANGE_MAX, ou aucun des deux</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="154"/>
        <source>{0} valid values fell outside the range</source>
        <translation>{0} valeurs valides sont hors de la plage</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="159"/>
        <source>{0} pixels counted in {1} file(s)</source>
        <translation>{0} pixels comptés dans {1} fichier(s)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="168"/>
        <source>Histogram: {0}</source>
        <translation>Histogramme : {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="60"/>
        <source>

With an archive query, a product whose file cannot be read (truncated, vanished, permission denied) is left out whole with a warning naming the file and why, and SKIPPED gives their number; the run fails only when no product can be read. Rasters listed in INPUTS must all be readable.</source>
        <translation>

Avec une requête d'archive, un produit dont le fichier ne peut pas être lu (tronqué, disparu, permission refusée) est exclu en entier, avec un avertissement qui nomme le fichier et la raison, et SKIPPED en donne le nombre ; l'exécution n'échoue que si aucun produit ne peut être lu. Les rasters listés dans INPUTS doivent tous être lisibles.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="116"/>
        <source>Number of products skipped</source>
        <translation>Nombre de produits ignorés</translation>
    </message>
    <message>
        <location filename="../plugin/processing/histogram.py" line="158"/>
        <source>{0} product(s) could not be read and were skipped</source>
        <translation>{0} produit(s) n'ont pas pu être lus et ont été ignorés</translation>
    </message>
</context>
<context>
    <name>PhysicalValuesAlgorithm</name>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="50"/>
        <source>Convert to physical values</source>
        <translation>Convertir en valeurs physiques</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="53"/>
        <source>terrascope,scale,offset,dn,physical,ndvi,fapar,lai,scl,cloud,mask</source>
        <translation>terrascope,échelle,décalage,dn,physique,ndvi,fapar,lai,scl,nuage,masque</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="56"/>
        <source>Converts the digital numbers (DN) of a Terrascope raster to physical values: PV = scale · DN + offset.

Scaling: GDAL scale/offset tags of the file win when present; otherwise the Terrascope table is used, found from the file name (NDVI, FAPAR, FCOVER, LAI, TOC reflectance...); for other rasters, or products whose scaling is not published (CCC, CWC), give SCALE and OFFSET. The log says which was used.

Nodata DN, DN outside the valid range (e.g. 251–254 for NDVI) and, when masking is ticked, pixels whose scene classification (SCL) is one of the chosen classes become nodata. The SCL is found in the product folder of an archive file, or given as SCL; a 20 m SCL is applied to 10 m data by nearest neighbour on the same grid.

Output format: Float32 physical values (nodata -9999), or the original DN with GDAL scale/offset tags (lossless, a quarter of the size; QGIS shows physical values).

From qgis_process: MASK_CLASSES=3,8,9 gives the class values; OUTPUT_FORMAT=0 (Float32) or 1 (DN).</source>
        <translation>Convertit les valeurs numériques (DN) d'un raster Terrascope en valeurs physiques : PV = échelle · DN + décalage.

Mise à l'échelle : les étiquettes GDAL scale/offset du fichier priment lorsqu'elles sont présentes ; sinon, la table Terrascope est utilisée, trouvée d'après le nom du fichier (NDVI, FAPAR, FCOVER, LAI, réflectance TOC...) ; pour les autres rasters, ou les produits dont la mise à l'échelle n'est pas publiée (CCC, CWC), indiquez SCALE et OFFSET. Le journal indique ce qui a été utilisé.

Les DN nodata, les DN hors de la plage valide (p. ex. 251–254 pour le NDVI) et, si le masquage est coché, les pixels dont la classification de scène (SCL) est l'une des classes choisies deviennent nodata. La SCL est trouvée dans le dossier produit d'un fichier de l'archive, ou donnée par SCL ; une SCL à 20 m est appliquée aux données à 10 m par plus proche voisin sur la même grille.

Format de sortie : valeurs physiques en Float32 (nodata -9999), ou les DN d'origine avec les étiquettes GDAL scale/offset (sans perte, quatre fois plus petit ; QGIS affiche les valeurs physiques).

Depuis qgis_process : MASK_CLASSES=3,8,9 donne les valeurs des classes ; OUTPUT_FORMAT=0 (Float32) ou 1 (DN).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="74"/>
        <source>Input raster</source>
        <translation>Raster en entrée</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="75"/>
        <source>Mask with the scene classification (SCL)</source>
        <translation>Masquer avec la classification de scène (SCL)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="80"/>
        <source>Scene classification (default: the one of the product)</source>
        <translation>Classification de scène (par défaut : celle du produit)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="86"/>
        <source>Output format</source>
        <translation>Format de sortie</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="86"/>
        <source>Float32 physical values</source>
        <translation>Valeurs physiques en Float32</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="86"/>
        <source>Original DN with scale/offset tags (lossless, smaller)</source>
        <translation>DN d'origine avec étiquettes scale/offset (sans perte, plus petit)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="99"/>
        <source>Physical values</source>
        <translation>Valeurs physiques</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="109"/>
        <source>Masking SCL classes {0} from {1}</source>
        <translation>Masquage des classes SCL {0} d'après {1}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="109"/>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="128"/>
        <source>Every pixel of the output is nodata (all masked or invalid)</source>
        <translation>Tous les pixels de la sortie sont nodata (tous masqués ou invalides)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="130"/>
        <source>{0} valid pixels written</source>
        <translation>{0} pixels valides écrits</translation>
    </message>
    <message>
        <location filename="../plugin/processing/physical_values.py" line="143"/>
        <source>No scene classification (SCL) found next to {0}: give SCL, or untick the masking</source>
        <translation>Aucune classification de scène (SCL) trouvée à côté de {0} : indiquez SCL, ou décochez le masquage</translation>
    </message>
</context>
<context>
    <name>SclMaskAlgorithm</name>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="33"/>
        <source>Mask by scene classification (SCL)</source>
        <translation>Masquer selon la classification de scène (SCL)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="36"/>
        <source>terrascope,scl,cloud,mask,scene classification,sentinel-2</source>
        <translation>terrascope,scl,nuage,masque,classification de scène,sentinel-2</translation>
    </message>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="39"/>
        <source>Sets to nodata the pixels of any raster (every band) whose Sentinel-2 scene classification (SCL) is one of the chosen classes: for your own derived layers.

The raster keeps its data type, scale/offset tags and nodata value; a raster without a nodata value needs NODATA (floating-point rasters default to -9999). The SCL must be on the same grid: same origin and a pixel size that is an integer multiple (a 20 m SCL is applied to 10 m data by nearest neighbour). Other grids give an error: warp first.

From qgis_process: MASK_CLASSES=3,8,9 gives the class values.</source>
        <translation>Met à nodata les pixels de n'importe quel raster (toutes les bandes) dont la classification de scène Sentinel-2 (SCL) est l'une des classes choisies : pour vos propres couches dérivées.

Le raster conserve son type de données, ses étiquettes scale/offset et sa valeur nodata ; un raster sans valeur nodata nécessite NODATA (les rasters à virgule flottante prennent -9999 par défaut). La SCL doit être sur la même grille : même origine et une taille de pixel multiple entier (une SCL à 20 m est appliquée aux données à 10 m par plus proche voisin). Les autres grilles donnent une erreur : reprojetez d'abord.

Depuis qgis_process : MASK_CLASSES=3,8,9 donne les valeurs des classes.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="50"/>
        <source>Input raster</source>
        <translation>Raster en entrée</translation>
    </message>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="51"/>
        <source>Scene classification (SCL)</source>
        <translation>Classification de scène (SCL)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="53"/>
        <source>Nodata value when the input has none</source>
        <translation>Valeur nodata si l'entrée n'en a pas</translation>
    </message>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="62"/>
        <source>Masked raster</source>
        <translation>Raster masqué</translation>
    </message>
    <message>
        <location filename="../plugin/processing/scl_mask.py" line="80"/>
        <source>{0} pixels masked (nodata {1:g}), SCL upsampled ×{2}</source>
        <translation>{0} pixels masqués (nodata {1:g}), SCL suréchantillonnée ×{2}</translation>
    </message>
</context>
<context>
    <name>SearchForm</name>
    <message>
        <location filename="../ui/search_form.ui" line="353"/>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="48"/>
        <source>Archive</source>
        <translation>Archive</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="75"/>
        <source>Folder to search: the Terrascope archive, your Public/Private folders or any folder you added</source>
        <translation>Dossier à rechercher : l'archive Terrascope, vos dossiers Public/Private ou tout dossier que vous avez ajouté</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="82"/>
        <source>Add a folder to search…</source>
        <translation>Ajouter un dossier à rechercher…</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="85"/>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="95"/>
        <source>Remove this folder from the list</source>
        <translation>Retirer ce dossier de la liste</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="98"/>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="110"/>
        <source>Collections</source>
        <translation>Collections</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="137"/>
        <source>Tick the collections to search; none ticked searches them all</source>
        <translation>Cochez les collections à rechercher ; si aucune n'est cochée, toutes sont recherchées</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="144"/>
        <source>List the collections of the archive again</source>
        <translation>Lister à nouveau les collections de l'archive</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="147"/>
        <source>↻</source>
        <translation>↻</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="159"/>
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="180"/>
        <source>First acquisition date (inclusive); clear it for no lower bound</source>
        <translation>Première date d'acquisition (incluse) ; videz-la pour ne pas fixer de borne inférieure</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="212"/>
        <source>yyyy-MM-dd</source>
        <translation>yyyy-MM-dd</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="193"/>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="206"/>
        <source>Last acquisition date (inclusive); clear it for no upper bound</source>
        <translation>Dernière date d'acquisition (incluse) ; videz-la pour ne pas fixer de borne supérieure</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="221"/>
        <source>Tiles</source>
        <translation>Tuiles</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="236"/>
        <source>MGRS tiles separated by commas, e.g. 31UFS, 31UES (PROBA-V: X17Y03); empty for all tiles</source>
        <translation>Tuiles MGRS séparées par des virgules, p. ex. 31UFS, 31UES (PROBA-V : X17Y03) ; vide pour toutes les tuiles</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="239"/>
        <source>all tiles, or e.g. 31UFS, 31UES</source>
        <translation>toutes les tuiles, ou p. ex. 31UFS, 31UES</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="249"/>
        <source>Pick tiles by clicking the map (Shift+click adds to the list)</source>
        <translation>Choisir des tuiles en cliquant sur la carte (Maj+clic ajoute à la liste)</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="252"/>
        <source>Pick</source>
        <translation>Choisir</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="267"/>
        <source>Max. cloud</source>
        <translation>Nuages max.</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="282"/>
        <source>Highest cloud cover (from the product metadata); &quot;any&quot; does not filter</source>
        <translation>Couverture nuageuse maximale (d'après les métadonnées du produit) ; « toutes » ne filtre pas</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="285"/>
        <source>any</source>
        <translation>toutes</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="288"/>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="304"/>
        <source>Show only the newest processing version when several exist (e.g. V210 over V200)</source>
        <translation>N'afficher que la version de traitement la plus récente s'il y en a plusieurs (p. ex. V210 plutôt que V200)</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="307"/>
        <source>Newest version only</source>
        <translation>Version la plus récente seulement</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="332"/>
        <source>Only products whose footprint intersects the current map extent</source>
        <translation>Seulement les produits dont l'emprise recoupe l'emprise actuelle de la carte</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="335"/>
        <source>Intersects the map extent</source>
        <translation>Recoupe l'emprise de la carte</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="350"/>
        <source>Search the archive with these filters</source>
        <translation>Rechercher dans l'archive avec ces filtres</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="366"/>
        <source>Stop the running search</source>
        <translation>Arrêter la recherche en cours</translation>
    </message>
    <message>
        <location filename="../ui/search_form.ui" line="369"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>SkippedPanel</name>
    <message>
        <location filename="../ui/skipped.ui" line="30"/>
        <source>Paths the catalogue skipped during the search, and why</source>
        <translation>Chemins que le catalogue a ignorés pendant la recherche, et pourquoi</translation>
    </message>
    <message>
        <location filename="../ui/skipped.ui" line="34"/>
        <source>Skipped because</source>
        <translation>Ignoré parce que</translation>
    </message>
    <message>
        <location filename="../ui/skipped.ui" line="39"/>
        <source>Path</source>
        <translation>Chemin</translation>
    </message>
</context>
<context>
    <name>SparkJobAlgorithm</name>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="127"/>
        <source>Spark job for the Terrascope cluster (histogram, composite, time series)</source>
        <translation>Tâche Spark pour le cluster Terrascope (histogramme, composite, série temporelle)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="130"/>
        <source>terrascope,spark,cluster,yarn,histogram,composite,time series,batch</source>
        <translation>terrascope,spark,cluster,yarn,histogramme,composite,série temporelle,lot</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="133"/>
        <source>Writes a job folder that runs a histogram, a temporal composite or a time series of points on the Terrascope Spark cluster, with the same results as the desktop algorithms.

The query (ROOT, COLLECTION, TILE, START, END, MAX_CLOUD, BAND, BBOX as W,S,E,N in degrees) is run here once: its products are listed in inputs.jsonl, so the cluster does not scan the archive again. The folder also holds the driver terrascope_spark.py, terrascope_core.zip (the plugin&apos;s core, nothing of QGIS) and two scripts:
- submit.sh: run it from the folder on a Terrascope VM after kinit; it submits the job to YARN in cluster mode, in Docker containers with the archive mounted read-only. Fill in the Docker image and its Python when the script asks for them.
- run-local.sh: the same job in Spark local mode on this machine (needs Java and pyspark).

The folder must be on a disk the cluster sees (e.g. your folder under /data/users/Private) for cluster runs. No password or token is written to the folder.</source>
        <translation>Écrit un dossier de tâche qui exécute un histogramme, un composite temporel ou une série temporelle de points sur le cluster Spark de Terrascope, avec les mêmes résultats que les algorithmes du bureau.

La requête (ROOT, COLLECTION, TILE, START, END, MAX_CLOUD, BAND, BBOX en O,S,E,N en degrés) est exécutée ici une fois : ses produits sont listés dans inputs.jsonl, pour que le cluster ne parcoure pas l'archive à nouveau. Le dossier contient aussi le pilote terrascope_spark.py, terrascope_core.zip (le cœur de l'extension, rien de QGIS) et deux scripts :
- submit.sh : lancez-le depuis le dossier sur une VM Terrascope après kinit ; il soumet la tâche à YARN en mode cluster, dans des conteneurs Docker avec l'archive montée en lecture seule. Indiquez l'image Docker et son Python quand le script les demande.
- run-local.sh : la même tâche en mode local Spark sur cette machine (Java et pyspark requis).

Pour le cluster, le dossier doit être sur un disque que le cluster voit (p. ex. votre dossier sous /data/users/Private). Aucun mot de passe ni jeton n'est écrit dans le dossier.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="149"/>
        <source>Job</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="149"/>
        <source>Histogram</source>
        <translation>Histogramme</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="149"/>
        <source>Temporal composite</source>
        <translation>Composite temporel</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="149"/>
        <source>Time series of points or polygons</source>
        <translation>Série temporelle de points ou de polygones</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="162"/>
        <source>Bounding box W,S,E,N in degrees</source>
        <translation>Emprise O,S,E,N en degrés</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="165"/>
        <source>Keep older versions (default: newest only)</source>
        <translation>Garder les anciennes versions (par défaut : la plus récente seulement)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="171"/>
        <source>Composite: statistics</source>
        <translation>Composite : statistiques</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="171"/>
        <source>Mean</source>
        <translation>Moyenne</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="171"/>
        <source>Median</source>
        <translation>Médiane</translation>
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
        <translation>Écart-type</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="171"/>
        <source>Count of valid dates</source>
        <translation>Nombre de dates valides</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="187"/>
        <source>Composite: compress the GeoTIFFs</source>
        <translation>Composite : compresser les GeoTIFF</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="190"/>
        <source>Histogram: number of bins</source>
        <translation>Histogramme : nombre de classes</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="195"/>
        <source>Histogram: lowest bin edge (default: the product&apos;s valid range)</source>
        <translation>Histogramme : borne inférieure (par défaut : la plage valide du produit)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="195"/>
        <source>Histogram: highest bin edge (default: the product&apos;s valid range)</source>
        <translation>Histogramme : borne supérieure (par défaut : la plage valide du produit)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="202"/>
        <source>Time series: points or polygons (GeoJSON, or CSV with lon,lat)</source>
        <translation>Série temporelle : points ou polygones (GeoJSON, ou CSV avec lon,lat)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="202"/>
        <source>GeoJSON or CSV (*.geojson *.json *.csv)</source>
        <translation>GeoJSON ou CSV (*.geojson *.json *.csv)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="211"/>
        <source>Job folder</source>
        <translation>Dossier de la tâche</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="212"/>
        <source>Number of products listed</source>
        <translation>Nombre de produits listés</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="213"/>
        <source>Cluster submit script</source>
        <translation>Script de soumission au cluster</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="214"/>
        <source>Local run script</source>
        <translation>Script d'exécution locale</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="221"/>
        <source>Cluster: Spark installation</source>
        <translation>Cluster : installation de Spark</translation>
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
        <translation>Cluster : image Docker (Python 3.11 avec numpy, GDAL, lxml)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="228"/>
        <source>Cluster: Python inside the image</source>
        <translation>Cluster : Python dans l'image</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="229"/>
        <source>Cluster: executor memory (JVM)</source>
        <translation>Cluster : mémoire par exécuteur (JVM)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="230"/>
        <source>Cluster: memory overhead (Python workers)</source>
        <translation>Cluster : mémoire supplémentaire (workers Python)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="231"/>
        <source>Cluster: cores per executor</source>
        <translation>Cluster : cœurs par exécuteur</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="232"/>
        <source>Cluster: most executors</source>
        <translation>Cluster : nombre maximal d'exécuteurs</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="233"/>
        <source>Cluster: output folder seen by the cluster (default: the folder output in the job folder)</source>
        <translation>Cluster : dossier de sortie vu par le cluster (par défaut : le dossier output du dossier de la tâche)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="246"/>
        <source>A time-series job needs POINTS: a GeoJSON or CSV file</source>
        <translation>Une tâche de série temporelle a besoin de POINTS : un fichier GeoJSON ou CSV</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="257"/>
        <source>{0}: {1} files of the plugin&apos;s core</source>
        <translation>{0} : {1} fichiers du cœur de l'extension</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="262"/>
        <source>Cluster: cd {0} &amp;&amp; kinit &amp;&amp; ./{1}</source>
        <translation>Cluster : cd {0} &amp;&amp; kinit &amp;&amp; ./{1}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="263"/>
        <source>This machine: {0}</source>
        <translation>Cette machine : {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="265"/>
        <source>submit.sh asks for the Docker image and its Python: set IMAGE and PYSPARK_PYTHON</source>
        <translation>submit.sh demande l'image Docker et son Python : définissez IMAGE et PYSPARK_PYTHON</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="282"/>
        <source>Give an archive query: COLLECTION, TILE or dates</source>
        <translation>Donnez une requête d'archive : COLLECTION, TILE ou des dates</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="285"/>
        <source>A Spark job reads the mounted archive: choose a folder as ROOT, not {0}</source>
        <translation>Une tâche Spark lit l'archive montée : choisissez un dossier comme ROOT, pas {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="320"/>
        <source>BBOX {0}: expected W,S,E,N in degrees, e.g. 4.2,50.7,4.6,51.0</source>
        <translation>BBOX {0} : attendu O,S,E,N en degrés, p. ex. 4.2,50.7,4.6,51.0</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="338"/>
        <source>{0} products listed</source>
        <translation>{0} produits listés</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="342"/>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="344"/>
        <source>The archive query found no product in {0}</source>
        <translation>La requête d'archive n'a trouvé aucun produit dans {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="349"/>
        <source>{0}: {1} product(s)</source>
        <translation>{0} : {1} produit(s)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="380"/>
        <source>Give both RANGE_MIN and RANGE_MAX, MIN below MAX</source>
        <translation>Donnez RANGE_MIN et RANGE_MAX, MIN inférieur à MAX</translation>
    </message>
    <message>
        <location filename="../plugin/processing/spark_job.py" line="400"/>
        <source>{0}: {1} is not a memory size such as 2g or 512m</source>
        <translation>{0} : {1} n'est pas une taille mémoire comme 2g ou 512m</translation>
    </message>
</context>
<context>
    <name>TemporalCompositeAlgorithm</name>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="64"/>
        <source>Temporal composite (mean, median, min, max, std, count)</source>
        <translation>Composite temporel (moyenne, médiane, min, max, écart-type, nombre)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="67"/>
        <source>terrascope,composite,time series,mean,median,temporal,statistics</source>
        <translation>terrascope,composite,série temporelle,moyenne,médiane,temporel,statistiques</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="70"/>
        <source>Per-pixel mean, median, minimum, maximum, standard deviation (population) and count of the valid physical values of a time series on one grid (one tile).

</source>
        <translation>Moyenne, médiane, minimum, maximum, écart-type (de la population) et nombre des valeurs physiques valides d'une série temporelle sur une grille (une tuile), pixel par pixel.

</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="70"/>
        <source>

Each date is converted to physical values (nodata and out-of-range DN dropped) and, when masking is ticked, masked with its own scene classification from its product folder. Memory stays bounded whatever the number of dates: the rasters are processed window by window (the median too).

Outputs: one single-band GeoTIFF per statistic (Float32, nodata -9999; count is UInt16, 0 = no valid date). Mean and median are written by default; set or skip the others. Pixels without any valid date are nodata.</source>
        <translation>

Chaque date est convertie en valeurs physiques (nodata et DN hors plage écartés) et, si le masquage est coché, masquée avec sa propre classification de scène, prise dans son dossier produit. La mémoire reste bornée quel que soit le nombre de dates : les rasters sont traités fenêtre par fenêtre (la médiane aussi).

Sorties : un GeoTIFF à une bande par statistique (Float32, nodata -9999 ; le nombre est en UInt16, 0 = aucune date valide). La moyenne et la médiane sont écrites par défaut ; définissez ou ignorez les autres. Les pixels sans aucune date valide sont nodata.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="122"/>
        <source>Choose at least one statistic to write (an output)</source>
        <translation>Choisissez au moins une statistique à écrire (une sortie)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="124"/>
        <source>Compositing {0} date(s): {1}</source>
        <translation>Composition de {0} date(s) : {1}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="135"/>
        <source>Windows of {0}×{0} pixels</source>
        <translation>Fenêtres de {0}×{0} pixels</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="70"/>
        <source>

With an archive query, a product whose file cannot be read (truncated, vanished, permission denied) is left out with a warning naming the file and why; DATES gives the number of dates composited and SKIPPED the number left out. The run fails only when no product can be read. Rasters listed in INPUTS must all be readable.</source>
        <translation>

Avec une requête d'archive, un produit dont le fichier ne peut pas être lu (tronqué, disparu, permission refusée) est exclu, avec un avertissement qui nomme le fichier et la raison ; DATES donne le nombre de dates du composite et SKIPPED le nombre de produits exclus. L'exécution n'échoue que si aucun produit ne peut être lu. Les rasters listés dans INPUTS doivent tous être lisibles.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="108"/>
        <source>Number of dates composited</source>
        <translation>Nombre de dates du composite</translation>
    </message>
    <message>
        <location filename="../plugin/processing/temporal_composite.py" line="109"/>
        <source>Number of products skipped</source>
        <translation>Nombre de produits ignorés</translation>
    </message>
</context>
<context>
    <name>TimeSeriesAlgorithm</name>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="77"/>
        <source>Time series of points or polygons</source>
        <translation>Série temporelle de points ou de polygones</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="80"/>
        <source>terrascope,time series,profile,zonal,statistics,ndvi,field,pixel</source>
        <translation>terrascope,série temporelle,profil,zonal,statistiques,ndvi,parcelle,pixel</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="83"/>
        <source>This algorithm follows places through time in the Terrascope archive. For every feature of the input layer (points or polygons, in any coordinate system) and every acquisition found by the archive query (ROOT, COLLECTION, START, END, MAX_CLOUD; TILE and BAND narrow it further), it computes statistics of the physical values (scale · DN + offset) of that acquisition.

A point takes the pixel it falls in: count is 1, valid and masked are 0 or 1, and mean, median, minimum and maximum are its value when it is valid. A polygon takes the pixels whose centre lies inside it, as QGIS's zonal statistics counts them: count, valid (not masked, not nodata, within the valid range), masked (by the SCL), mean, median, standard deviation (population), minimum and maximum of the valid values. Only the pixel or the polygon's window is read from each file. Where tiles overlap, each piece of ground is taken from the tile in which it lies deepest; a polygon across two tiles or UTM zones is combined into one row.

When APPLY_SCL is ticked, pixels whose scene classification is one of MASK_CLASSES are masked and not counted as valid.

Products whose file cannot be read (truncated, vanished, permission denied) are left out with a warning naming the file, and counted in SKIPPED; features outside every product are named in the log.

Outputs: a table without geometry with one row per feature and acquisition, oldest first (feature_id, date in UTC, product, tile, count, valid, masked, mean, median, std, min, max) and, optionally, an HTML page plotting the mean of each feature over time.</source>
        <translation>Cet algorithme suit des lieux dans le temps dans l'archive Terrascope. Pour chaque entité de la couche en entrée (points ou polygones, dans n'importe quel système de coordonnées) et chaque acquisition trouvée par la requête d'archive (ROOT, COLLECTION, START, END, MAX_CLOUD ; TILE et BAND la restreignent davantage), il calcule des statistiques des valeurs physiques (échelle · DN + décalage) de cette acquisition.

Un point prend le pixel dans lequel il tombe : count vaut 1, valid et masked valent 0 ou 1, et la moyenne, la médiane, le minimum et le maximum sont la valeur de ce pixel lorsqu'elle est valide. Un polygone prend les pixels dont le centre se trouve à l'intérieur, comme les compte l'algorithme Statistiques de zone de QGIS : count, valid (non masqués, non nodata, dans la plage valide), masked (par la SCL), moyenne, médiane, écart-type (de la population), minimum et maximum des valeurs valides. Seul le pixel ou la fenêtre du polygone est lu dans chaque fichier. Là où des tuiles se chevauchent, chaque portion de terrain est prise dans la tuile à l'intérieur de laquelle elle se trouve le plus profondément ; un polygone à cheval sur deux tuiles ou zones UTM est regroupé en une seule ligne.

Si APPLY_SCL est coché, les pixels dont la classification de scène est l'une des MASK_CLASSES sont masqués et ne sont pas comptés comme valides.

Les produits dont le fichier ne peut pas être lu (tronqué, disparu, permission refusée) sont exclus avec un avertissement qui nomme le fichier, et comptés dans SKIPPED ; les entités hors de tout produit sont nommées dans le journal.

Sorties : une table sans géométrie avec une ligne par entité et par acquisition, de la plus ancienne à la plus récente (feature_id, date en UTC, product, tile, count, valid, masked, mean, median, std, min, max) et, en option, une page HTML traçant la moyenne de chaque entité au fil du temps.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="108"/>
        <source>Points or polygons</source>
        <translation>Points ou polygones</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="118"/>
        <source>Time series</source>
        <translation>Série temporelle</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="121"/>
        <source>Time series plot</source>
        <translation>Graphique de la série temporelle</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="121"/>
        <source>HTML files (*.html)</source>
        <translation>Fichiers HTML (*.html)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="126"/>
        <source>Number of rows</source>
        <translation>Nombre de lignes</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="127"/>
        <source>Number of products skipped</source>
        <translation>Nombre de produits ignorés</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="136"/>
        <source>Give COLLECTION, the collection to follow (e.g. NDVI_V2)</source>
        <translation>Indiquez COLLECTION, la collection à suivre (p. ex. NDVI_V2)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="145"/>
        <source>The input layer has no feature with a geometry</source>
        <translation>La couche en entrée n'a aucune entité avec une géométrie</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="161"/>
        <source>Cancelled: no output was written</source>
        <translation>Annulé : aucune sortie n'a été écrite</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="163"/>
        <source>Outside every product of the query (no rows): feature(s) {0}</source>
        <translation>Hors de tout produit de la requête (aucune ligne) : entité(s) {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="178"/>
        <source>Time series: {0}</source>
        <translation>Série temporelle : {0}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="182"/>
        <source>{0} row(s) for {1} feature(s)</source>
        <translation>{0} ligne(s) pour {1} entité(s)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/timeseries.py" line="203"/>
        <source>Feature {0}: several points, the first one is used</source>
        <translation>Entité {0} : plusieurs points, le premier est utilisé</translation>
    </message>
</context>
</TS>
