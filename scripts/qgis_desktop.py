#!/usr/bin/env python3
"""Start the real QGIS desktop with Terrascope Browser deployed into a private profile.

Used by ``make demo`` and by the end-to-end tests. With no ``$DISPLAY`` it runs under Xvfb,
plays a scenario (open the dock on the demo archive, search, load layers), writes
screenshots and quits. With a display it leaves QGIS open for you.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import deploy  # noqa: E402

SCENARIO = ROOT / "scripts" / "qgis_scenario.py"
QGIS_BIN = "/usr/bin/qgis"
SCREEN = "1280x800x24"
STARTUP_TIMEOUT = 90.0


def prepare_profile(profiles_dir: Path, archive: Path | None) -> Path:
    """A fresh 'default' profile with the plugin deployed and enabled, and no first-run noise."""
    profile = profiles_dir / "profiles" / "default"
    if profile.exists():
        shutil.rmtree(profile)
    (profile / "QGIS").mkdir(parents=True)
    deploy.deploy(profile / "python" / "plugins")
    lines = [
        "[PythonPlugins]",
        "terrascope_browser=true",
        "",
        "[qgis]",
        "checkVersion=false",
        "showTips322=false",
        "allowVersionCheck=false",
        "",
        "[core]",
        "first_run_done=true",
    ]
    if archive is not None:
        lines += ["", "[terrascope_browser]", f"demo_root={archive.resolve()}"]
    (profile / "QGIS" / "QGIS3.ini").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return profile


def free_display() -> int:
    for number in range(90, 200):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise RuntimeError("no free X display number between :90 and :199")


def start_xvfb() -> tuple[subprocess.Popen, str]:
    number = free_display()
    xvfb = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", SCREEN, "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    display = f":{number}"
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if xvfb.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"Xvfb did not start on {display}")
        time.sleep(0.05)
    return xvfb, display


def _supervise(
    proc: subprocess.Popen,
    status_file: Path,
    display: str,
    screenshots: Path,
    timeout: float,
    keep_open: bool,
) -> str | None:
    """Wait for QGIS. A start-up that never reaches the scenario means a modal dialog (a plugin
    that failed to load shows one before the main window): photograph it and stop."""
    if keep_open:
        proc.wait()
        return None
    started_by = time.monotonic() + STARTUP_TIMEOUT
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        now = time.monotonic()
        started = status_file.stat().st_size > 0
        if now > deadline or (not started and now > started_by):
            shot = screenshots / "blocked.png"
            subprocess.run(["import", "-display", display, "-window", "root", str(shot)], check=False)
            proc.kill()
            proc.wait()
            what = "did not finish the scenario" if started else "never reached the scenario (modal dialog?)"
            return f"QGIS {what} within the time limit; screen at {shot}"
        time.sleep(0.2)
    return None


def run_qgis(
    profiles_dir: Path,
    archive: Path | None,
    scenario: str,
    screenshots: Path,
    timeout: float = 240.0,
    keep_open: bool = False,
) -> dict:
    """Run QGIS with the scenario script; returns its status report (see qgis_scenario.py)."""
    profiles_dir = profiles_dir.resolve()
    prepare_profile(profiles_dir, archive)
    screenshots.mkdir(parents=True, exist_ok=True)
    status_file = Path(tempfile.mkstemp(prefix="terrascope-status-", suffix=".json")[1])
    env = dict(os.environ)
    env.update(
        TERRASCOPE_SCENARIO=scenario,
        TERRASCOPE_ARCHIVE=str(archive.resolve()) if archive else "",
        TERRASCOPE_SCREENSHOTS=str(screenshots.resolve()),
        TERRASCOPE_STATUS=str(status_file),
        TERRASCOPE_QUIT="0" if keep_open else "1",
    )
    env.pop("QT_QPA_PLATFORM", None)  # a real window, on a real (or virtual) X server
    xvfb = None
    if not env.get("DISPLAY"):
        xvfb, env["DISPLAY"] = start_xvfb()
    command = [QGIS_BIN, "--profiles-path", str(profiles_dir), "--profile", "default"]
    command += ["--nologo", "--noversioncheck", "--code", str(SCENARIO)]
    log_path = screenshots / f"qgis-{scenario}.log"
    try:
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
            problem = _supervise(proc, status_file, env["DISPLAY"], screenshots, timeout, keep_open)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()
    try:
        report = json.loads(status_file.read_text(encoding="utf-8") or "{}")
    except json.JSONDecodeError:
        report = {}
    finally:
        status_file.unlink(missing_ok=True)
    if problem:
        report.setdefault("errors", []).append(problem)
    report["returncode"] = proc.returncode
    report["log"] = str(log_path)
    report["stdout"] = log_path.read_text(encoding="utf-8", errors="replace")
    if "Traceback (most recent call last)" in report["stdout"]:
        report.setdefault("errors", []).append(f"Python traceback on QGIS's output; see {log_path}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", choices=["demo", "smoke", "e2e"], help="what to do in QGIS")
    parser.add_argument("--archive", type=Path, help="demo archive folder")
    parser.add_argument("--profiles", type=Path, default=ROOT / "build" / "qgis-profiles")
    parser.add_argument("--screenshots", type=Path, default=ROOT / "build" / "screenshots")
    args = parser.parse_args(argv)
    interactive = bool(os.environ.get("DISPLAY")) and args.scenario == "demo"
    report = run_qgis(args.profiles, args.archive, args.scenario, args.screenshots, keep_open=interactive)
    for line in report.get("messages", []):
        print(line)
    print("checks:", json.dumps(report.get("checks", {})))
    for shot in report.get("screenshots", []):
        print(f"screenshot: {shot}")
    errors = report.get("errors", [])
    for error in errors:
        print(f"ERROR: {error}", file=sys.stderr)
    if not interactive and not report.get("done"):
        print(f"QGIS did not complete the scenario; see {report['log']}", file=sys.stderr)
        return 1
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
