# Terrascope Browser: developer commands. See README.md.
# Everything installs what it needs on a fresh Debian 12 machine (apt as root, or via sudo).

SHELL := /bin/bash
PYTHON_SYSTEM := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := qgis python3-qgis qgis-providers python3-gdal python3-lxml gdal-bin xvfb xauth \
                imagemagick python3-venv pyqt5-dev-tools qttools5-dev-tools nginx python3-matplotlib
# rustac: its `rustac serve` is the STAC API the STAC tests start on 127.0.0.1 (nginx serves files).
# jsonschema validates the STAC export offline (schemas in tests/data/stac-schemas); stackstac is the
# real STAC client that loads the exported items into xarray (tests only, never the plugin).
PIP_PACKAGES := pytest pytest-qgis pytest-timeout hypothesis ruff rustac jsonschema stackstac pyspark
# Spark jobs (spark/, tests in local mode): pyspark 4.0.x runs on Java 17 and 21 and Python 3.11-3.13;
# Debian's headless Java: 17 on Debian 12, 21 on Debian 13 (12 has no 21, 13 no 17).
JAVA_PACKAGE := $(shell grep -q '^12' /etc/debian_version 2>/dev/null && echo openjdk-17-jre-headless || echo openjdk-21-jre-headless)
APT_PACKAGES += $(JAVA_PACKAGE)
# Exact versions of the test tools (and their dependencies): a fresh machine gets what CI passed with.
CONSTRAINTS := constraints.txt
BUILD := build
DEMO_DIR := $(BUILD)/demo
PROFILE_DIR := $(BUILD)/qgis-profiles
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)

.PHONY: help deps venv build translations test test-unit test-qgis test-e2e demo bench lint format package deploy clean

help:
	@echo "make demo     generate the demo archive and start QGIS with the plugin on it"
	@echo "make test     install what is missing, then run every test"
	@echo "make bench    benchmarks (peers side by side, ratios)"
	@echo "make mutants  mutation testing of the core's rule modules, score per module (not in make test)"
	@echo "make translations  extract texts into i18n/*.ts and compile them"
	@echo "make spark-zip     build/terrascope_core.zip, the core for spark-submit --py-files"
	@echo "make lint | package | deploy | clean"

# System packages: install only what is missing (apt-get update once, when needed).
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

# The venv sees the system PyQGIS/GDAL; it is (re)filled when the package list or the pinned
# versions change (the stamp holds both: the list and a hash of the constraints file).
venv: deps
	@stamp="$(PIP_PACKAGES) $$(sha256sum $(CONSTRAINTS) | cut -c1-16)"; \
	if [ "$$(cat $(VENV)/.stamp 2>/dev/null)" != "$$stamp" ]; then \
	  [ -x $(PY) ] || $(PYTHON_SYSTEM) -m venv --system-site-packages $(VENV); \
	  $(PY) -m pip install -q --disable-pip-version-check -c $(CONSTRAINTS) $(PIP_PACKAGES) \
	    && echo "$$stamp" > $(VENV)/.stamp; \
	fi

# Build products (not committed): compiled Qt resources.
resources_rc.py: resources.qrc icons/icon.svg | deps
	pyrcc5 -o $@ resources.qrc

# Translations: i18n/*.ts are the sources (committed), *.qm are compiled from them.
LANGUAGES := nl fr
TS_FILES := $(LANGUAGES:%=i18n/terrascope_browser_%.ts)
QM_FILES := $(TS_FILES:.ts=.qm)
I18N_SOURCES = $(sort $(shell find plugin -name '*.py' -not -path '*/__pycache__/*')) $(sort $(wildcard ui/*.ui))
# Debian 12 has qtchooser's 'lrelease'; Debian 13 only the Qt 5 binary folder or 'lrelease-qt5'.
LRELEASE = $(firstword $(wildcard /usr/lib/qt5/bin/lrelease /usr/lib/*/qt5/bin/lrelease) \
                       $(shell command -v lrelease-qt5 lrelease 2>/dev/null))

i18n/%.qm: i18n/%.ts | deps
	@[ -n "$(LRELEASE)" ] || { echo "lrelease not found (package qttools5-dev-tools)"; exit 1; }
	$(LRELEASE) -silent $< -qm $@

# Extract the texts of the sources into the .ts files (new ones unfinished), then compile.
translations: deps
	pylupdate5 -noobsolete $(I18N_SOURCES) -ts $(TS_FILES)
	$(MAKE) --no-print-directory $(QM_FILES)

build: resources_rc.py $(QM_FILES)

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

# Byte-compiled first, as an installed plugin is after its first start (PYTHONDONTWRITEBYTECODE
# in the environment would otherwise make every whole-process row recompile the plugin).
bench: venv build
	$(PY) -m compileall -q plugin demo_archive bench
	$(PY) -m bench.run

# Mutation testing (docs/MUTANTS.md), not part of `make test`: mutmut mutates the core's rule
# modules ([tool.mutmut] in pyproject.toml) and runs the pure-Python tests that reach each mutant.
# The score per module is printed; a mutant neither killed nor explained in docs/MUTANTS.md fails.
# MUTANTS='plugin.core.products.scl.*' runs only the mutants matching that pattern (one module);
# MUTANTS_JOBS=1 leaves a core free. Plugin autoload is off: each mutant starts a pytest session,
# and loading every installed plugin took a third of an empty session's start-up ([tool.mutmut]
# loads the one plugin the tests use).
MUTMUT_VERSION := 3.8.1
MUTANTS ?=
MUTANTS_JOBS ?= 2
.PHONY: mutants
mutants: venv
	@$(PY) -m pip show mutmut 2>/dev/null | grep -qx 'Version: $(MUTMUT_VERSION)' || \
	  $(PY) -m pip install -q --disable-pip-version-check -c $(CONSTRAINTS) mutmut==$(MUTMUT_VERSION)
	rm -rf mutants
	@mkdir -p $(BUILD)
	@echo "mutmut run $(MUTANTS) (log: $(BUILD)/mutmut.log)"
	@set -f; PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 $(VENV)/bin/mutmut run --max-children $(MUTANTS_JOBS) $(MUTANTS) \
	  >$(BUILD)/mutmut.log 2>&1 || \
	  { tail -c 3000 $(BUILD)/mutmut.log; exit 1; }
	@tail -c 200 $(BUILD)/mutmut.log | tr '\r' '\n' | tail -n 2
	@set -f; $(PY) scripts/mutation_score.py $(MUTANTS)

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

# The core for `spark-submit --py-files` (pyspark puts .zip/.egg/.jar on the path, not .whl):
# plugin/core and metadata.txt, nothing of QGIS (spark/build_zip.py refuses a core importing it).
.PHONY: spark-zip
spark-zip:
	$(PYTHON_SYSTEM) spark/build_zip.py $(BUILD)/terrascope_core.zip

clean:
	rm -rf $(BUILD) mutants resources_rc.py i18n/*.qm .pytest_cache .ruff_cache
