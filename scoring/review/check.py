"""Re-check a filled table's own published scores against the scores of the rules.

A filled 自评表 carries its own 得分 per indicator (``published_score``), and per project
its 执行率 得分 (``published_exec_score``) and 总分 (``published_total``). ``check_result``
lines each published number up with jixiao's score of the same row and says which differ by
more than ``TOLERANCE`` (half a cent: two 2-place scores either agree or differ by ≥ 0.01).
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from scoring.engine.execution import parse_amount
from scoring.model.result import Result
from scoring.review.published import REVIEW_COLUMNS, compare_published

#: Largest difference still counted as agreement.
TOLERANCE = Decimal("0.005")

#: Columns of the table ``check_result`` returns.
CHECK_COLUMNS: tuple[str, ...] = (
    "level", "project_id", "source", "row", "seq", "indicator", "published", "jixiao",
    "difference", "differs", "note",
)

#: (published column, jixiao column, level name) of the project lines compared.
_PROJECT_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("published_exec_score", "execution_score", "execution"),
    ("published_total", "total", "total"),
)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _jixiao(value: object) -> Decimal | None:
    """A score of the result as a Decimal, None when the row has none."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    if isinstance(value, Decimal):
        return value
    return parse_amount(str(value))


def _compare(published_text: str, computed: Decimal | None) -> dict[str, object]:
    """published, jixiao, difference, differs and note of one comparison."""
    try:
        published = parse_amount(published_text)
    except ValueError:
        published = None
    if published is None:
        return {"published": None, "jixiao": computed, "difference": None, "differs": True,
                "note": f"published score {published_text!r} is not a number"}
    if computed is None:
        return {"published": published, "jixiao": None, "difference": None, "differs": True,
                "note": "jixiao gives no score (不适用 or an error row)"}
    difference = published - computed
    return {"published": published, "jixiao": computed, "difference": difference,
            "differs": abs(difference) > TOLERANCE, "note": ""}


def _indicator_checks(result: Result) -> list[dict[str, object]]:
    """The indicator rows with a published 得分, paired by ``published.compare_published``."""
    rows = result.indicators
    if "published_score" not in rows.columns:
        return []
    compared = compare_published(result, review=pd.DataFrame(columns=list(REVIEW_COLUMNS)))
    located = {
        (_cell(pid), _cell(seq)): (_cell(source), _cell(row))
        for pid, seq, source, row in zip(
            rows["project_id"], rows["seq"],
            rows["source_file"] if "source_file" in rows.columns else [""] * len(rows),
            rows["source_row"] if "source_row" in rows.columns else [""] * len(rows),
            strict=True)
    }
    printed = rows["published_score"].map(_cell)
    if "published_score_raw" in rows.columns:
        printed = printed.where(printed != "", rows["published_score_raw"].map(_cell))
    raw = dict(zip(zip(rows["project_id"].map(_cell), rows["seq"].map(_cell), strict=True),
                   printed, strict=True))
    records: list[dict[str, object]] = []
    for record in compared.to_dict("records"):
        key = (_cell(record["project_id"]), _cell(record["seq"]))
        source, row = located.get(key, ("", ""))
        records.append({
            "level": "indicator", "project_id": key[0], "source": source, "row": row,
            "seq": key[1], "indicator": _cell(record["indicator"]),
            **_compare(raw.get(key, ""), _jixiao(record["rule_score"])),
        })
    return records


def check_result(result: Result) -> pd.DataFrame:
    """Every published score of ``result`` next to jixiao's, one row each (``CHECK_COLUMNS``).

    ``level`` is ``indicator``, ``execution`` (执行率 得分) or ``total`` (总分). Rows without a
    published number are left out; ``difference`` is published − jixiao; ``differs`` is True
    when they differ by more than ``TOLERANCE``, when jixiao gives no score, or when the
    published cell is not a number (``note`` says which). Indicator rows are paired with their
    rule score by ``published.compare_published``.
    """
    records = _indicator_checks(result)
    for record in result.projects.to_dict("records"):
        for published_column, column, level in _PROJECT_PAIRS:
            text = _cell(record.get(published_column))
            if not text:
                continue
            records.append({
                "level": level,
                "project_id": _cell(record.get("project_id")),
                "source": "",
                "row": _cell(record.get("source_row")),
                "seq": "",
                "indicator": _cell(record.get("project")),
                **_compare(text, _jixiao(record.get(column))),
            })
    return pd.DataFrame(records, columns=list(CHECK_COLUMNS))


def cell_text(value: object) -> str:
    """A cell of the check's table as text: None and NaN empty, a Decimal in plain notation."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)
