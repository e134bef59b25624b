"""Hostile and broken inputs, generated in the tests (nothing large is committed)."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

JIXIAO = Path(sys.executable).with_name("jixiao")

#: A clean flat CSV of one project: every row scores, nothing to report.
HEADER = "project,level1,level2,indicator,target,actual,weight,budget,spent,year"
ROWS: tuple[str, ...] = (
    "测试项目,产出指标,数量指标,培训人次,≥100人次,100人次,20,100,95,2024",
    "测试项目,产出指标,质量指标,合格率,≥95%,96%,15,100,95,2024",
    "测试项目,产出指标,时效指标,完成时间,12月31日前完成,2024年12月20日,15,100,95,2024",
    "测试项目,效益指标,社会效益指标,受益人数,≥500人,500人,30,100,95,2024",
    "测试项目,满意度指标,服务对象满意度指标,满意度,≥90%,92%,10,100,95,2024",
)


def flat_csv(path: Path, rows: tuple[str, ...] | list[str] = ROWS, header: str = HEADER) -> Path:
    """A flat CSV of ``rows`` under ``header``, UTF-8."""
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def replace_cell(row: str, column: str, value: str, header: str = HEADER) -> str:
    """``row`` with the cell of ``column`` replaced by ``value`` (written as is)."""
    cells = row.split(",")
    cells[header.split(",").index(column)] = value
    return ",".join(cells)


def folder(root: Path, toml: str = 'title = "测试"\nyear = 2024\n') -> Path:
    """An evaluation folder with evaluation.toml, indicators.csv and projects.csv."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "evaluation.toml").write_text(toml, encoding="utf-8")
    lines = ["project_id,project,seq,level1,level2,indicator,target,actual,weight"]
    for seq, row in enumerate(ROWS, start=1):
        cells = row.split(",")
        lines.append(",".join(["P01", cells[0], str(seq), *cells[1:7]]))
    (root / "indicators.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "projects.csv").write_text("project_id,project,budget,spent\nP01,测试项目,100,95\n",
                                       encoding="utf-8")
    return root


@dataclass(frozen=True)
class Run:
    """A finished ``jixiao`` process: exit code, output, wall seconds and CPU seconds (user +
    system; the bound the tests check, as wall time on a loaded machine says little)."""

    code: int
    out: str
    err: str
    seconds: float
    cpu: float


def run(*args: str | Path, stdin: bytes | None = None, timeout: float = 60,
        memory: int | None = None) -> Run:
    """Run ``jixiao`` in a child process; ``memory`` caps its address space in bytes."""
    def limit() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([str(JIXIAO), *map(str, args)], input=stdin, capture_output=True,
                          timeout=timeout, preexec_fn=limit)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(done.returncode, done.stdout.decode("utf-8", "replace"),
               done.stderr.decode("utf-8", "replace"), seconds, cpu)


def rewrite_zip(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of a zip file with each member passed through ``change`` (None drops it)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = change(item.filename, zin.read(item.filename))
            if data is not None:
                zout.writestr(item, data)
    return target


def in_member(name: str, edit: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes]:
    """A ``change`` that edits one member and keeps the others."""
    return lambda member, data: edit(data) if member == name else data


def add_merge(ref: str) -> Callable[[bytes], bytes]:
    """An edit of a sheet part adding one merged range."""
    def edit(data: bytes) -> bytes:
        return re.sub(rb'<mergeCells count="(\d+)">',
                      lambda m: b'<mergeCells count="' + str(int(m.group(1)) + 1).encode()
                      + b'"><mergeCell ref="' + ref.encode() + b'"/>', data, count=1)
    return edit
