"""Hand-labelled 指标值 forms and how the parser reads them.

Hand-labelled 指标值 forms and how the parser reads them: read as labelled, refused (a clear
error), or read wrong — and then whether the reading carries a flag that sends the row to review.

Used by ``tests/test_target_expectations.py`` and ``benchmarks/labelled_forms_report.py``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import units
from scoring.model.codes import TARGET_PREFIX, WARNING_FLAGS
from units._model import Kind, Target

DATA = Path(__file__).resolve().parent / "data"
REAL = DATA / "target_expectations_real.tsv"
COLUMNS = [
    "source", "text", "printed", "year", "indicator", "kind", "value", "upper", "unit",
    "deadline", "scale", "inferred", "note",
]
#: Outcomes of one labelled form.
AS_LABELLED, REFUSED, WRONG_FLAGGED, WRONG_SILENT = (
    "as_labelled", "refused", "wrong_flagged", "wrong_silent")


@dataclass(frozen=True)
class Label:
    """One expert reading of a 指标值 form."""

    line: int
    source: str
    text: str
    year: int | None
    indicator: str
    kind: Kind
    value: Decimal | None
    upper: Decimal | None
    unit: str
    deadline: str
    scale: tuple[str, ...]
    inferred: bool
    note: str


def read_labels(path: Path = REAL) -> list[Label]:
    """The labelled forms of a TSV in the columns of ``target_expectations.tsv``."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        assert reader.fieldnames == COLUMNS, f"{path}: header must be {COLUMNS}"
        return [
            Label(
                line=line,
                source=row["source"],
                text=row["text"],
                year=int(row["year"]) if row["year"] else None,
                indicator=row["indicator"],
                kind=Kind(row["kind"]),
                value=Decimal(row["value"]) if row["value"] else None,
                upper=Decimal(row["upper"]) if row["upper"] else None,
                unit=row["unit"],
                deadline=row["deadline"],
                scale=tuple(row["scale"].split("/")) if row["scale"] else (),
                inferred={"true": True, "false": False}[row["inferred"]],
                note=row["note"],
            )
            for line, row in enumerate(reader, start=2)
        ]


def _same_amount(got: units.Exact | None, unit: str, wanted: Decimal | None, wanted_unit: str
                 ) -> bool:
    if got is None or wanted is None:
        return got is None and wanted is None
    if unit == wanted_unit:
        return got == wanted
    try:
        return units.convert(got, unit, wanted_unit) == wanted
    except units.ParseError:
        return False


def _same_kind(target: Target, label: Label) -> bool:
    """Kinds agree; a zero cap reads the same as = 0 (both score a ≤ 0 as met, else 0)."""
    if target.kind is label.kind:
        return True
    zero_caps = {Kind.AT_MOST, Kind.EQUAL}
    return {target.kind, label.kind} <= zero_caps and target.value == 0 == label.value


def differences(target: Target, label: Label) -> list[str]:
    """How the reading differs from the label (empty when it reads as labelled)."""
    found: list[str] = []
    if not _same_kind(target, label):
        found.append(f"kind {target.kind.value} ≠ {label.kind.value}")
    if not _same_amount(target.value, target.unit, label.value, label.unit):
        found.append(f"value {target.value} {target.unit} ≠ {label.value} {label.unit}")
    if not _same_amount(target.upper, target.unit, label.upper, label.unit):
        found.append(f"upper {target.upper} ≠ {label.upper}")
    shown = target.deadline.isoformat() if target.deadline is not None else ""
    if shown != label.deadline:
        found.append(f"deadline {shown or '-'} ≠ {label.deadline or '-'}")
    if tuple(target.scale) != label.scale:
        found.append(f"scale {'/'.join(target.scale) or '-'} ≠ {'/'.join(label.scale) or '-'}")
    if target.inferred is not label.inferred:
        found.append(f"inferred {target.inferred} ≠ {label.inferred}")
    return found


def flagged(target: Target) -> bool:
    """Whether a scored row with this target is sent to review (status warning at least)."""
    return target.inferred or any(TARGET_PREFIX + flag in WARNING_FLAGS for flag in target.flags)


@dataclass(frozen=True)
class Reading:
    """What the parser made of one labelled form."""

    label: Label
    outcome: str
    detail: str


def read_as(label: Label) -> Reading:
    """Parse a labelled form and judge the reading against its label."""
    try:
        target = units.parse_target(label.text, year=label.year, indicator=label.indicator)
    except units.ParseError as error:
        outcome = AS_LABELLED if label.kind is Kind.UNSCORABLE else REFUSED
        return Reading(label, outcome, str(error))
    if label.kind is Kind.UNSCORABLE:
        found = [f"read as {target!r}, labelled unscorable"]
    else:
        found = differences(target, label)
    if not found:
        return Reading(label, AS_LABELLED, repr(target))
    outcome = WRONG_FLAGGED if flagged(target) else WRONG_SILENT
    return Reading(label, outcome, f"{target!r} flags={list(target.flags)}: " + "; ".join(found))
