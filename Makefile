# Terrascope Browser: developer commands. See README.md.
# Everything installs what it needs on a fresh Debian 12 machine (apt as root, or via sudo).

SHELL := /bin/bash
PYTHON_SYSTEM := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := qgis python3-qgis qgis-providers python3-gdal python3-lxml gdal-bin xvfb xauth \
                imagemagick python3-venv pyqt5-dev-tools
PIP_PACKAGES := pytest pytest-qgis pytest-timeout hypothesis ruff
BUILD := build
DEMO_DIR := $(BUILD)/demo
PROFILE_DIR := $(BUILD)/qgis-profiles
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)

.PHONY: help deps venv build test test-unit test-qgis test-e2e demo bench lint format package deploy clean

help:
	@echo "make demo     generate the demo archive and start QGIS with the plugin on it"
	@echo "make test     install what is missing, then run every test"
	@echo "make bench    benchmarks (peers side by side, ratios)"
	@echo "make lint | package | deploy | clean"

# System packages: install only what is missing (apt-get update once, when needed).
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

# The venv sees the system PyQGIS/GDAL; it is (re)filled when the package list changes.
venv: deps
	@if [ "$$(cat $(VENV)/.stamp 2>/dev/null)" != "$(PIP_PACKAGES)" ]; then \
	  [ -x $(PY) ] || $(PYTHON_SYSTEM) -m venv --system-site-packages $(VENV); \
	  $(PY) -m pip install -q --disable-pip-version-check $(PIP_PACKAGES) && echo "$(PIP_PACKAGES)" > $(VENV)/.stamp; \
	fi

# Build products (not committed): compiled Qt resources.
resources_rc.py: resources.qrc icons/icon.svg | deps
	pyrcc5 -o $@ resources.qrc

build: resources_rc.py

# Three runs: pure-Python tests without QGIS loaded, QGIS tests offscreen, desktop tests on Xvfb.
test: test-unit test-qgis test-e2e

test-unit: venv
	$(PY) -m pytest -p no:qgis tests/unit

test-qgis: venv build
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/qgis

test-e2e: venv build
	$(PY) -m pytest -p no:qgis tests/e2e

$(DEMO_DIR)/DEMO_MANIFEST.json: | venv
	$(PY) -m demo_archive $(DEMO_DIR) --force

demo: venv build $(DEMO_DIR)/DEMO_MANIFEST.json
	$(PY) scripts/qgis_desktop.py demo --archive $(DEMO_DIR) --profiles $(PROFILE_DIR) \
	    --screenshots $(BUILD)/screenshots

bench: venv build
	$(PY) -m bench.run

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

package: build
	$(PYTHON_SYSTEM) scripts/deploy.py --zip $(BUILD)/terrascope_browser-$(VERSION).zip

# Deploy into the default QGIS profile of the current user (or PLUGINS_DIR=...).
PLUGINS_DIR ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default/python/plugins
deploy: build
	$(PYTHON_SYSTEM) scripts/deploy.py --plugins-dir $(PLUGINS_DIR)

clean:
	rm -rf $(BUILD) resources_rc.py .pytest_cache .ruff_cache
