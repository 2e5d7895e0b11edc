"""STAC in and out: search results as STAC Items (:mod:`.export`), STAC items as product records."""
