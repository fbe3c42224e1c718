"""The kit in Korean: every `tr` template of mlp_core has a Korean entry (and every entry a template),
and set_language("ko") makes matplotlib draw Hangul without missing glyphs, or says what to install."""
import ast
import logging
import string
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pytest

from mlp_core import i18n, i18n_font
from mlp_core.errors import MLPError
from mlp_core.i18n_ko import KOREAN

PACKAGE = Path(i18n.__file__).resolve().parent


def string_constants(trees):
    """{NAME: "..."} for the module-level string constants of the package (tr(PAD_MISSING))."""
    return {t.id: s.value.value for tree in trees for s in tree.body if isinstance(s, ast.Assign)
            and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str)
            for t in s.targets if isinstance(t, ast.Name)}


def templates():
    """{template: first place} for every English template of mlp_core: the literal (or module-level
    constant) passed to tr(...), and every literal marked template(...) (see mlp_core.i18n)."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}
    constants, found = string_constants(trees.values()), {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            name = getattr(node.func, "id", getattr(node.func, "attr", None)) if isinstance(node, ast.Call) else None
            if name not in ("tr", "template") or path.name == "i18n.py":
                continue
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Name) and first.id in constants:
                first = ast.Constant(constants[first.id])
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, f"{path.relative_to(PACKAGE)}:{node.lineno}")
            else:
                assert name == "tr" and marked(trees), f"{path.name}:{node.lineno}: {name}() needs a literal"
    return found


def marked(trees):
    """Some template(...) marks exist, for tr() calls whose template is held in a variable."""
    return any(isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", None)) == "template"
               for tree in trees.values() for n in ast.walk(tree))


def fields(text):
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)


def test_every_template_has_a_korean_entry_with_the_same_fields():
    used = templates()
    missing = {t: where for t, where in used.items() if t not in KOREAN}
    assert not missing, f"templates without a Korean entry in mlp_core/i18n_ko.py: {missing}"
    for english, korean in KOREAN.items():
        assert fields(korean) == fields(english), english


def test_every_korean_entry_is_used():
    unused = sorted(set(KOREAN) - set(templates()))
    assert not unused, f"entries of mlp_core/i18n_ko.py that no tr() call uses: {unused}"


def test_tr_follows_the_language():
    template = next(iter(KOREAN), None)
    try:
        i18n.set_language("ko")
        assert i18n.tr("no such template {n}", n=3) == "no such template 3"
        if template is not None:
            assert i18n.tr(template) == KOREAN[template] or fields(template)
    finally:
        i18n.set_language("en")
    if template is not None and not fields(template):
        assert i18n.tr(template) == template


class Logged(logging.Handler):
    """Collects matplotlib's log messages: maths text reports a missing glyph there, not as a warning."""
    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def missing_glyphs(title):
    """What matplotlib says is missing when it draws `title`, a mixed text-and-maths label, a
    negative number and a log axis with negative exponents (its ticks are maths text)."""
    fig, (ax, log) = plt.subplots(1, 2, figsize=(5, 2))
    ax.set_title(title, fontweight="bold")
    ax.set_xlabel("픽셀 값 $x$ (잉크 없음 = 0)")
    ax.plot([-1, 1], [-2, 3])
    log.loglog([1e-4, 1], [1e-3, 1])
    log.set_ylabel("로그 손실 $C(\\theta_0, \\theta_1)$ −1")
    handler = Logged()
    logging.getLogger("matplotlib").addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.canvas.draw()
    finally:
        logging.getLogger("matplotlib").removeHandler(handler)
        plt.close(fig)
    said = [str(w.message) for w in caught] + handler.messages
    return [m for m in said if "glyph" in m.lower() or "findfont" in m.lower()]


def test_korean_labels_draw_without_missing_glyphs():
    before = list(matplotlib.rcParams["font.family"])
    matplotlib.rcParams["font.family"] = ["DejaVu Sans"]
    try:
        assert missing_glyphs("비용 C"), "the check below could not fail"
        i18n.set_language("ko")
        assert matplotlib.rcParams["font.family"][-1] == "DejaVu Sans"
        assert missing_glyphs("학습률 η = 0.5, 비용 $C(\\theta)$ −2") == []
    finally:
        i18n.set_language("en")
        matplotlib.rcParams["font.family"] = before
    assert matplotlib.rcParams["font.family"] == before


def test_the_font_comes_from_what_requirements_install(tmp_path):
    path = i18n_font.bundled_font_file()
    assert path is not None and path.name == "NanumGothic.ttf", "requirements.txt installs koreanize-matplotlib"
    copy = i18n_font.with_minus_sign(path, tmp_path)
    from matplotlib.ft2font import FT2Font
    assert FT2Font(str(path)).get_char_index(0x2212) == 0, "the original has no minus sign"
    assert FT2Font(str(copy)).get_char_index(0x2212) != 0 and FT2Font(str(copy)).family_name == i18n_font.HANGUL_FAMILY
    assert i18n_font.with_minus_sign(path, tmp_path) == copy, "written once"


def test_no_hangul_font_says_what_to_install(monkeypatch):
    monkeypatch.setattr(i18n_font, "bundled_font_file", lambda: None)
    monkeypatch.setattr(i18n_font, "SYSTEM_HANGUL_FONTS", ())
    with pytest.raises(MLPError, match="pip install"):
        i18n.set_language("ko")
    assert i18n.language() == "en"
