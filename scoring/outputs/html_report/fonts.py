"""The CJK font charts are drawn with: Noto Sans CJK SC shipped by the ``mplfonts`` package."""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path
from typing import Any

#: The font file inside the ``mplfonts`` package.
CJK_FONT_PACKAGE = "mplfonts"
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"

#: Tried after the CJK font for glyphs it lacks; bundled with matplotlib itself.
FALLBACK_FAMILY = "DejaVu Sans"


def cjk_font_path() -> Path:
    """The path of the bundled CJK font file; raises FileNotFoundError if it is not installed."""
    resource = importlib.resources.files(CJK_FONT_PACKAGE).joinpath("fonts", CJK_FONT_FILE)
    path = Path(str(resource))
    if not path.is_file():
        raise FileNotFoundError(
            f"CJK font {CJK_FONT_FILE} not found at {path}: the {CJK_FONT_PACKAGE} package "
            "must be installed as plain files"
        )
    return path


@functools.cache
def cjk_font_family() -> str:
    """Register the bundled CJK font with matplotlib (once) and return its family name."""
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return str(font_manager.FontProperties(fname=str(path)).get_name())


def cjk_rc() -> dict[Any, Any]:
    """The rcParams (name → value) that make matplotlib draw Chinese text with the bundled font."""
    family = cjk_font_family()
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [family, FALLBACK_FAMILY],
        "axes.unicode_minus": False,
    }


def use_cjk_font() -> str:
    """Make the bundled CJK font matplotlib's default sans-serif font; return its family name."""
    import matplotlib

    matplotlib.rcParams.update(cjk_rc())
    return cjk_font_family()
