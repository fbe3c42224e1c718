"""The kit in Korean: every `tr` template of mlp_core has a Korean entry (and every entry a template),
and set_language("ko") makes matplotlib draw Hangul without missing glyphs, or says what to install."""
import ast
import string
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pytest

from mlp_core import i18n
from mlp_core.errors import MLPError
from mlp_core.i18n_ko import KOREAN

PACKAGE = Path(i18n.__file__).resolve().parent


def string_constants(trees):
    """{NAME: "..."} for the module-level string constants of the package (tr(PAD_MISSING))."""
    return {t.id: s.value.value for tree in trees for s in tree.body if isinstance(s, ast.Assign)
            and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str)
            for t in s.targets if isinstance(t, ast.Name)}


def templates():
    """{template: first place} for every tr(...) call in mlp_core (tr, i18n.tr, ...); the template is
    a literal, or the name of a module-level constant holding one."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}
    constants, found = string_constants(trees.values()), {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "tr":
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Name) and first.id in constants:
                    first = ast.Constant(constants[first.id])
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), \
                    f"{path.name}:{node.lineno}: tr() takes its English template as a literal, so the table can be checked"
                found.setdefault(first.value, f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


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


def draw_warnings(text):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_title(text)
    ax.set_xlabel("에포크 −1")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    plt.close(fig)
    return [str(w.message) for w in caught]


def test_korean_labels_draw_without_missing_glyphs():
    before = list(matplotlib.rcParams["font.family"])
    matplotlib.rcParams["font.family"] = ["DejaVu Sans"]
    try:
        assert any("missing from font" in w for w in draw_warnings("비용 C")), "the check below could not fail"
        i18n.set_language("ko")
        assert matplotlib.rcParams["font.family"][0] == "DejaVu Sans"
        assert draw_warnings("학습률 η = 0.5, 비용 C(θ)") == []
    finally:
        i18n.set_language("en")
        matplotlib.rcParams["font.family"] = before
    assert matplotlib.rcParams["font.family"] == before


def test_the_font_comes_from_what_requirements_install():
    path = i18n.bundled_font_file()
    assert path is not None and path.name == "NanumGothic.ttf", "requirements.txt installs koreanize-matplotlib"
    assert i18n.hangul_font_name(path) == "NanumGothic"


def test_no_hangul_font_says_what_to_install(monkeypatch):
    monkeypatch.setattr(i18n, "bundled_font_file", lambda: None)
    monkeypatch.setattr(i18n, "SYSTEM_HANGUL_FONTS", ())
    with pytest.raises(MLPError, match="pip install"):
        i18n.set_language("ko")
    assert i18n.language() == "en"
