"""The report of how the parser reads the hand-labelled real 指标值 forms.

How the parser reads the hand-labelled real 指标值 forms: the share read as labelled and the
count read WRONG WITHOUT A FLAG (a wrong reading on a row whose status would be ok).

    python benchmarks/labelled_forms_report.py [--tsv PATH] [--all]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from labelled_forms import (  # noqa: E402
    AS_LABELLED,
    REAL,
    REFUSED,
    WRONG_FLAGGED,
    WRONG_SILENT,
    read_as,
    read_labels,
)


def main() -> int:
    """Print the report; exit 1 when a form is read wrong without a flag."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tsv", type=Path, default=REAL)
    parser.add_argument("--all", action="store_true", help="list every form not read as labelled")
    args = parser.parse_args()
    readings = [read_as(label) for label in read_labels(args.tsv)]
    counts = Counter(reading.outcome for reading in readings)
    total = len(readings)
    print(f"labelled forms: {total} ({args.tsv.name})")
    print(f"read as labelled: {counts[AS_LABELLED]}/{total} = {counts[AS_LABELLED] / total:.1%}")
    print(f"refused with a clear error (labelled scorable): {counts[REFUSED]}")
    print(f"read differently, flagged for review: {counts[WRONG_FLAGGED]}")
    print(f"read WRONG WITHOUT A FLAG: {counts[WRONG_SILENT]}")
    shown = (REFUSED, WRONG_FLAGGED, WRONG_SILENT) if args.all else (WRONG_SILENT,)
    for reading in readings:
        if reading.outcome in shown:
            label = reading.label
            print(f"  [{reading.outcome}] line {label.line} {label.text!r} "
                  f"({label.indicator}): {reading.detail}")
    return 1 if counts[WRONG_SILENT] else 0


if __name__ == "__main__":
    raise SystemExit(main())
