#!/usr/bin/env bash
# Run qgis_process (QGIS 3.22) with the Terrascope Browser plugin of this checkout loaded.
#
#   scripts/qgis_process.sh run terrascope:physicalvalues -- INPUT=... APPLY_SCL=true OUTPUT=out.tif
#
# qgis_process only loads Python plugins that are enabled in the user's default profile, so this
# wrapper prepares a private HOME with a profile that enables `terrascope_browser`, deploys the
# checkout there as a symlink found through QGIS_PLUGINPATH, and calls the real binary
# (Debian's /usr/bin/qgis_process wrapper injects a flag qgis_process.bin rejects).
# TERRASCOPE_QGIS_HOME=dir keeps that set-up between calls (default: a temporary folder).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="${QGIS_PROCESS_BIN:-/usr/bin/qgis_process.bin}"
keep="${TERRASCOPE_QGIS_HOME:-}"
work="${keep:-$(mktemp -d -t terrascope-qgis-XXXXXX)}"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT

profile="$work/home/.local/share/QGIS/QGIS3/profiles/default"
mkdir -p "$work/plugins" "$profile/QGIS"
ln -sfn "$repo" "$work/plugins/terrascope_browser"
ini="$profile/QGIS/QGIS3.ini"
if ! grep -q '^terrascope_browser=true' "$ini" 2>/dev/null; then
    printf '[PythonPlugins]\nterrascope_browser=true\n' >>"$ini"
fi

# A custom config path (set e.g. by pytest-qgis) would hide the profile prepared above.
unset QGIS_CUSTOM_CONFIG_PATH QGIS_OPTIONS_PATH
export HOME="$work/home"
export QGIS_PLUGINPATH="$work/plugins${QGIS_PLUGINPATH:+:$QGIS_PLUGINPATH}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
"$binary" "$@"
