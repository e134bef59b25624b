"""Build the ``published-frameworks`` evaluation folder from its transcribed source TSVs.

Run ``python evaluations/published-frameworks/build.py [OUT_DIR]`` (default: this folder). It
reads ``source/framework_rows.tsv`` and ``source/framework_projects.tsv`` and writes
``projects.csv`` and ``indicators.csv``; the same sources always give byte-identical files.

The layout is the one of ``evaluations/published-tables`` (same columns, same cleaning, same
project ids), plus a ``framework`` column naming the indicator tree each table prints. The
cleaning functions are that folder's own ``build.py``, loaded from beside this folder, so the two
folders cannot drift apart.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
SHARED_BUILD = HERE.parent / "published-tables" / "build.py"

#: Source columns carried into both generated CSVs after the published-tables columns.
PASSTHROUGH: tuple[str, ...] = ("framework",)


def shared_build() -> ModuleType:
    """``evaluations/published-tables/build.py`` as a module (its cleaning functions)."""
    spec = importlib.util.spec_from_file_location("published_tables_build", SHARED_BUILD)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {SHARED_BUILD}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(source_dir: Path, out_dir: Path) -> list[Path]:
    """Write ``projects.csv`` and ``indicators.csv`` built from ``source_dir`` into ``out_dir``."""
    shared = shared_build()
    out_dir.mkdir(parents=True, exist_ok=True)
    projects = shared.read_tsv(source_dir / "framework_projects.tsv")
    rows = shared.read_tsv(source_dir / "framework_rows.tsv")
    tables = {
        "projects.csv": shared.build_projects(projects, passthrough=PASSTHROUGH),
        "indicators.csv": shared.build_indicators(rows, passthrough=PASSTHROUGH),
    }
    written: list[Path] = shared.write_tables(tables, out_dir)
    return written


def main(argv: list[str]) -> int:
    """Build into ``argv[0]`` (default: this folder)."""
    out = Path(argv[0]) if argv else HERE
    for path in build(HERE / "source", out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
