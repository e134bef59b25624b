"""The bundled CJK font: found in the mplfonts package, registered once, renders Chinese."""

from __future__ import annotations

import io
import warnings

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, fontManager

from scoring.outputs.html_report.fonts import (
    CJK_FONT_FILE,
    cjk_font_family,
    cjk_font_path,
    cjk_rc,
    use_cjk_font,
)


def _render(text: str) -> list[str]:
    """Draw ``text`` to PNG and return the messages of the warnings raised meanwhile."""
    figure = Figure(figsize=(3, 1), dpi=50)
    FigureCanvasAgg(figure)
    figure.text(0.1, 0.5, text)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(io.BytesIO(), format="png")
    return [str(warning.message) for warning in caught]


def test_font_file_is_shipped_by_mplfonts() -> None:
    """The font is the Noto Sans CJK SC file inside the installed mplfonts package."""
    path = cjk_font_path()
    assert path.is_file()
    assert path.name == CJK_FONT_FILE == "NotoSansCJKsc-Regular.otf"
    assert path.parent.name == "fonts"
    assert path.parent.parent.name == "mplfonts"


def test_family_is_registered_with_matplotlib() -> None:
    """The returned family name resolves, through matplotlib, to a font of that family."""
    family = cjk_font_family()
    assert family == "Noto Sans CJK SC"
    found = findfont(FontProperties(family=family), fallback_to_default=False)
    assert FontProperties(fname=found).get_name() == family


def test_font_is_registered_once() -> None:
    """Asking for the family again does not add the font file to matplotlib a second time."""
    path = str(cjk_font_path())
    cjk_font_family()
    registered = sum(entry.fname == path for entry in fontManager.ttflist)
    cjk_font_family()
    assert registered >= 1
    assert sum(entry.fname == path for entry in fontManager.ttflist) == registered


def test_chinese_renders_without_missing_glyphs() -> None:
    """产出指标 drawn with the CJK settings raises no "Glyph missing" warning."""
    with matplotlib.rc_context(cjk_rc()):
        messages = _render("产出指标 ≥95% −3")
    assert not [message for message in messages if "missing from font" in message]


def test_chinese_without_the_font_reports_missing_glyphs() -> None:
    """The check above can fail: with only DejaVu Sans the same text warns of missing glyphs."""
    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        messages = _render("产出指标")
    assert [message for message in messages if "missing from font" in message]


def test_use_cjk_font_puts_the_family_first() -> None:
    """use_cjk_font makes the CJK family the first sans-serif font and turns off unicode minus."""
    with matplotlib.rc_context():
        family = use_cjk_font()
        assert matplotlib.rcParams["font.family"] == ["sans-serif"]
        assert matplotlib.rcParams["font.sans-serif"][0] == family
        assert matplotlib.rcParams["axes.unicode_minus"] is False
