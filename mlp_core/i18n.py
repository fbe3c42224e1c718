"""The language of every label the kit draws and every message it shows (English by default).

    set_language("ko")        # the Korean chapters call this once, in their import cell
    tr("cost C")              # -> "비용 C" after set_language("ko"), "cost C" in English
    tr("epoch {k} of {n}", k=3, n=30)   # templates keep their {fields}; the fields are filled after lookup

Every string the kit shows to a learner goes through `tr`, written as its English template; the
Korean table (`i18n_ko.KOREAN`) holds one entry per template, and a test keeps the two in step. A
template kept elsewhere before it reaches `tr` (in a table of markers, say) is written
`template("class 0")` where it is defined, so the test still finds it.

Korean needs a Hangul font in matplotlib: `set_language("ko")` puts one first in `font.family`,
DejaVu Sans second (see `i18n_font` for where the font comes from and why it goes first), and
`set_language("en")` puts the previous families back."""
from .i18n_font import hangul_font_name
from .i18n_ko import KOREAN     # English template -> Korean template

_LANGUAGES = ("en", "ko")
_state = {"language": "en", "font_family": None}
LATIN_FONT = "DejaVu Sans"


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


def template(text):
    """Marks `text` as an English template that reaches `tr` later; returns it unchanged."""
    return text


def _use_hangul_font():
    import matplotlib
    name = hangul_font_name()
    if _state["font_family"] is None:
        _state["font_family"] = list(matplotlib.rcParams["font.family"])
    matplotlib.rcParams["font.family"] = [name, LATIN_FONT]
