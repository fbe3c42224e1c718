"""The language of every label the kit draws and every message it shows (English by default).

    set_language("ko")        # the Korean chapters call this once, in their import cell
    tr("cost C")              # -> "비용 C" after set_language("ko"), "cost C" in English
    tr("epoch {k} of {n}", k=3, n=30)   # templates keep their {fields}; the fields are filled after lookup

Every string the kit shows to a learner goes through `tr`, written as its English template; the
Korean table (`i18n_ko.KOREAN`) holds one entry per template, and a test keeps the two in step.

Korean needs a Hangul font in matplotlib: `set_language("ko")` puts DejaVu Sans first (Latin letters,
digits, the minus sign) and a Hangul font second (matplotlib takes each glyph from the first family
that has it). The font is NanumGothic (SIL Open Font License) from the `koreanize-matplotlib` wheel,
which `requirements.txt` installs; its files are read without importing that package (its import
fails on Python 3.12). A Korean system font (Nanum, Noto Sans CJK, Malgun Gothic, Apple SD Gothic
Neo) is used when the wheel is missing; with neither, `set_language("ko")` raises DataError saying
what to install."""
import importlib.util
from pathlib import Path

from .i18n_ko import KOREAN     # English template -> Korean template

_LANGUAGES = ("en", "ko")
_state = {"language": "en", "font_family": None}
LATIN_FONT = "DejaVu Sans"
SYSTEM_HANGUL_FONTS = ("NanumGothic", "NanumBarunGothic", "Noto Sans CJK KR", "Noto Sans KR",
                       "Noto Sans CJK JP", "Malgun Gothic", "Apple SD Gothic Neo", "AppleGothic")
INSTALL = 'pip install "koreanize-matplotlib==0.1.1"   (or: pip install -r requirements.txt)'


def language():
    """The current language code: 'en' or 'ko'."""
    return _state["language"]


def set_language(code):
    """Switch the kit's labels to `code` ('en' or 'ko'); 'ko' also makes matplotlib draw Hangul."""
    if code not in _LANGUAGES:
        from .errors import InputError
        raise InputError(f"set_language: language={code!r}; expected one of {', '.join(_LANGUAGES)}")
    if code == "ko":
        _use_hangul_font()
    elif _state["font_family"] is not None:
        import matplotlib
        matplotlib.rcParams["font.family"] = _state["font_family"]
        _state["font_family"] = None
    _state["language"] = code


def tr(template, **fields):
    """`template` in the current language, with `fields` filled in by str.format."""
    text = KOREAN.get(template, template) if _state["language"] == "ko" else template
    return text.format(**fields) if fields else text


def bundled_font_file():
    """NanumGothic.ttf inside the installed koreanize-matplotlib wheel, or None (not imported)."""
    try:
        spec = importlib.util.find_spec("koreanize_matplotlib")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "fonts" / "NanumGothic.ttf"
        if path.is_file():
            return path
    return None


def hangul_font_name(font_file=None):
    """The family name of a Hangul font registered with matplotlib (added from `font_file`, by
    default the wheel's NanumGothic), or of a Korean system font; DataError when there is none."""
    from matplotlib import font_manager
    path = bundled_font_file() if font_file is None else Path(font_file)
    if path is not None and Path(path).is_file():
        font_manager.fontManager.addfont(str(path))
        return font_manager.FontProperties(fname=str(path)).get_name()
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in SYSTEM_HANGUL_FONTS:
        if name in installed:
            return name
    from .errors import DataError
    raise DataError(f"set_language('ko'): no Hangul font found for matplotlib (looked for the NanumGothic "
                    f"file of the koreanize-matplotlib package and for {', '.join(SYSTEM_HANGUL_FONTS)}); "
                    f"without one every Korean label is drawn as empty boxes. Install it with\n    {INSTALL}\n"
                    f"then restart the kernel.")


def _use_hangul_font():
    import matplotlib
    name = hangul_font_name()
    if _state["font_family"] is None:
        _state["font_family"] = list(matplotlib.rcParams["font.family"])
    matplotlib.rcParams["font.family"] = [LATIN_FONT, name]
