"""The language of every label the kit draws and every message it shows (English by default).

    set_language("ko")        # the Korean chapters call this once, in their import cell
    tr("cost C")              # -> "비용 C" after set_language("ko"), "cost C" in English
    tr("epoch {k} of {n}", k=3, n=30)   # templates keep their {fields}; the fields are filled after lookup

Every string the kit shows to a learner goes through `tr`, written as its English template; the
Korean table holds one entry per template."""
_LANGUAGES = ("en", "ko")
_state = {"language": "en"}
KOREAN = {}     # English template -> Korean template


def language():
    """The current language code: 'en' or 'ko'."""
    return _state["language"]


def set_language(code):
    """Switch the kit's labels to `code` ('en' or 'ko')."""
    if code not in _LANGUAGES:
        from .errors import InputError
        raise InputError(f"set_language: language={code!r}; expected one of {', '.join(_LANGUAGES)}")
    _state["language"] = code


def tr(template, **fields):
    """`template` in the current language, with `fields` filled in by str.format."""
    text = KOREAN.get(template, template) if _state["language"] == "ko" else template
    return text.format(**fields) if fields else text
