"""Mutation score per module after `mutmut run` (called by `make mutants`).

    .venv/bin/python scripts/mutation_score.py [--doc docs/MUTANTS.md] [PATTERN ...]

Reads the results through mutmut's own command line (`mutmut results --all=True`), prints one
line per module (mutants, killed, survived, score) and every mutant that was not killed. Exits
non-zero when a mutant that was not killed is missing from the doc, where each one must be
listed with the reason it is equivalent or harmless. PATTERNs (mutmut name globs, as given to
`mutmut run`) restrict the report to the mutants that run checked.
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = Path(sys.executable).with_name("mutmut")
KILLED = {"killed", "timeout", "caught by type check"}
RESULT_LINE = re.compile(r"^\s+(?P<key>\S+): (?P<status>.+?)\s*$")


def results() -> dict[str, str]:
    """Mutant key -> status, as mutmut reports it."""
    completed = subprocess.run(
        [str(MUTMUT), "results", "--all=True"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    found = {}
    for line in completed.stdout.splitlines():
        match = RESULT_LINE.match(line)
        if match:
            found[match["key"]] = match["status"]
    return found


def module_of(key: str) -> str:
    # plugin.core.products.scl.x_parse_classes__mutmut_3 -> plugin.core.products.scl
    return key.rsplit(".", 1)[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "MUTANTS.md")
    parser.add_argument("patterns", nargs="*", help="mutant name globs, e.g. 'plugin.core.products.scl.*'")
    args = parser.parse_args()
    statuses = {
        key: status
        for key, status in results().items()
        if not args.patterns or any(fnmatch.fnmatchcase(key, p) for p in args.patterns)
    }
    if not statuses:
        print("No mutation results: run `make mutants` (mutmut run) first.")
        return 1
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for key, status in statuses.items():
        by_module[module_of(key)][status] += 1
    print(f"{'module':40} {'mutants':>8} {'killed':>7} {'survived':>9} {'other':>6} {'score':>7}")
    total: Counter[str] = Counter()
    for module in sorted(by_module):
        counts = by_module[module]
        total.update(counts)
        print(_row(module, counts))
    print(_row("all", total))
    explained = _explained(args.doc)
    left = sorted((k, s) for k, s in statuses.items() if s not in KILLED)
    unexplained = [(k, s) for k, s in left if not any(fnmatch.fnmatchcase(k, e) for e in explained)]
    unchecked = [k for k, s in left if s == "not checked"]
    if unchecked:
        print(f"\n{len(unchecked)} mutant(s) not checked: run `make mutants` for their modules")
    shown = [(k, s) for k, s in left if s != "not checked"]
    if shown:
        print(f"\nNot killed ({len(shown)}):")
        for key, status in shown:
            note = "" if (key, status) not in unexplained else f"   <- not explained in {args.doc.name}"
            print(f"  {status:10} {key}{note}")
    if unexplained:
        print(
            f"\n{len(unexplained)} mutant(s) neither killed nor explained: add a test, or list them in {args.doc}"
        )
        return 1
    return 0


def _explained(doc: Path) -> list[str]:
    """Mutant names (or globs such as ``...x__s2_bodies__mutmut_*``) quoted in the doc."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else ""
    return re.findall(r"`(plugin\.[^`\s]+__mutmut_[^`\s]+)`", text)


def _row(module: str, counts: Counter[str]) -> str:
    mutants = sum(counts.values())
    killed = sum(counts[s] for s in KILLED)
    survived = counts["survived"]
    other = mutants - killed - survived
    score = 100.0 * killed / mutants if mutants else 0.0
    return f"{module:40} {mutants:8d} {killed:7d} {survived:9d} {other:6d} {score:6.1f}%"


if __name__ == "__main__":
    sys.exit(main())
