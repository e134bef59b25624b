"""Where a subcommand may write: never over a file it read, and a clear line when it cannot."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from scoring.model.evaluation import Evaluation


def files_read(evaluation: Evaluation, scheme: str | None) -> set[Path]:
    """Every file the run reads: the evaluation's files and the scheme file with its
    ``extends`` chain (``scheme`` as given on the command line, else the evaluation's own)."""
    from weights import scheme_files

    read = set(evaluation.inputs)
    if evaluation.source is not None and evaluation.source.is_file():
        read.add(evaluation.source.resolve())
    read.update(scheme_files(scheme if scheme is not None else evaluation.scheme))
    return read


def overwrites(target: Path, read: Iterable[Path]) -> bool:
    """Whether writing ``target`` would replace one of the files ``read``."""
    resolved = target.resolve()
    return any(resolved == path for path in read)


def refusal(target: Path, evaluation: Evaluation, scheme: str | None) -> str | None:
    """Why ``target`` must not be written (it is a file the run read), else None."""
    if overwrites(target, files_read(evaluation, scheme)):
        return (f"{target} is a file this run reads (an input or a scheme file); inputs are "
                f"never written: choose another --out")
    return None


def write_failure(target: Path, exc: OSError) -> str:
    """One line saying why ``target`` could not be written."""
    reason = exc.strerror or type(exc).__name__
    return f"cannot write {target}: {reason} (choose an --out in a writable folder)"
