"""The catalog tools of the Korean edition (i18n/) on small made-up chapters: what becomes an entry,
how a changed English text turns fuzzy, how the generator falls back, what the checks refuse."""
import re
import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from i18n import catalog, invariants, terms                          # noqa: E402
from i18n.code_text import code_pieces                               # noqa: E402
from i18n.markdown_text import markdown_pieces                       # noqa: E402
from i18n.notebook import BANNER_ID, translate_notebook              # noqa: E402
from i18n.pieces import Piece, join                                  # noqa: E402

MARKDOWN = """<a id="sec-x"></a>
## 2. A heading

A paragraph with $z = Wx$ and `code`,
over two lines.

$$C = \\frac{1}{m}\\sum_i C_i$$

- item one
- item two

| a | b |
| --- | --- |
| 1 | 2 |

<details><summary>Solution</summary>

```python
x = f(1)   # one step
print(f"cost {c:.3f} after the step")
```

</details>
"""

CODE = '''%matplotlib inline
# alt: A curve falling
# towards zero.
fig, ax = plt.subplots(layout="constrained")   # one panel
ax.set(title="The cost", xlabel="step", ylabel="C", cmap="gray_r")
ax.legend(loc="upper left")
print(f"after {n} steps: {c:.3f}", "done")
answer = "c"
d = {"k": 1}["k"]
'''


def texts(pieces, ctx=...):
    return [p.msgid for p in pieces if isinstance(p, Piece) and (ctx is ... or p.msgctxt == ctx)]


def test_markdown_blocks():
    pieces = markdown_pieces(MARKDOWN)
    assert join(pieces) == MARKDOWN
    assert texts(pieces, None) == ["## 2. A heading", "A paragraph with $z = Wx$ and `code`,\nover two lines.",
                                   "- item one\n- item two", "| a | b |\n| --- | --- |\n| 1 | 2 |",
                                   "<details><summary>Solution</summary>"]
    assert texts(pieces, "comment") == ["one step"]
    assert texts(pieces, "code") == ["cost {c:.3f} after the step"]


def test_code_comments_and_learner_visible_literals():
    pieces = code_pieces(CODE)
    assert join(pieces) == CODE
    assert texts(pieces, "comment") == ["alt: A curve falling\ntowards zero.", "one panel"]
    assert texts(pieces, "code") == ["The cost", "step", "C", "after {n} steps: {c:.3f}", "done"]
    assert texts(code_pieces(CODE, literals=False), "code") == []
    korean = join(pieces, lambda p: {"one panel": "패널 하나",
                                     "alt: A curve falling\ntowards zero.": "alt: 떨어지는\n곡선"}.get(p.msgid))
    assert "# alt: 떨어지는\n# 곡선\n" in korean and "   # 패널 하나\n" in korean


def _catalog(pairs):
    po = catalog.new_catalog()
    for msgid, msgstr in pairs:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    return po


def _units(*texts_):
    return {(None, t): (Piece(None, t, lambda s: s), ["cell"]) for t in texts_}


def test_merge_keeps_marks_fuzzy_and_retires():
    old = _catalog([("The cost falls quickly at first.", "비용은 처음에 빠르게 줄어든다."),
                    ("Same text.", "같은 글."), ("A paragraph that was removed entirely.", "지워진 문단.")])
    new = catalog.merge(old, _units("Same text.", "The cost falls very quickly at first.", "Brand new.", "Shared."),
                        shared={(None, "Shared."): "공유."})
    by_id = {e.msgid: e for e in new}
    assert by_id["Same text."].msgstr == "같은 글." and not by_id["Same text."].flags
    changed = by_id["The cost falls very quickly at first."]
    assert changed.flags == ["fuzzy"] and changed.previous_msgid == "The cost falls quickly at first."
    assert changed.msgstr == "비용은 처음에 빠르게 줄어든다."
    assert by_id["Brand new."].msgstr == "" and by_id["Shared."].msgstr == "공유."
    assert by_id["A paragraph that was removed entirely."].obsolete
    assert "#| msgid \"The cost falls quickly at first.\"" in catalog.text(new)
    again = catalog.merge(polib.pofile(catalog.text(new), wrapwidth=0),
                          _units("Same text.", "The cost falls very quickly at first.", "Brand new.", "Shared."))
    assert catalog.text(again) == catalog.text(new), "merging an up-to-date catalog changes nothing"


def test_untranslated_entries_fall_back_to_english_under_a_banner():
    nb = {"cells": [{"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["One.\n", "\n", "Two."]},
                    {"cell_type": "code", "id": "b", "metadata": {}, "outputs": [], "execution_count": None,
                     "source": ["from mlp_core import checks\n", "x = 1  # the start"]}], "metadata": {}}
    korean, missing = translate_notebook(nb, lambda p: {"One.": "하나."}.get(p.msgid), "x.po")
    assert missing == (1, 1)
    assert korean["cells"][0]["id"] == BANNER_ID and "문단 1개" in "".join(korean["cells"][0]["source"])
    assert "".join(korean["cells"][1]["source"]) == "하나.\n\nTwo."
    assert 'set_language("ko")' in "".join(korean["cells"][2]["source"])
    full, missing = translate_notebook(nb, lambda p: "번역", "x.po")
    assert missing == (0, 0) and full["cells"][0]["id"] == "a"


def test_invariants_refuse_broken_translations():
    md = "Pixel $(r, c)$ lands at `x[k]`, see [the card](notation.md) and <a id=\"sec\"></a>."
    assert invariants.markdown_problems(md, "픽셀 $(r, c)$는 `x[k]`, [카드](notation.md) <a id=\"sec\"></a>.") == []
    assert invariants.markdown_problems(md, "픽셀 $(r,c)$는 `x[k]`, [카드](notation.md) <a id=\"sec\"></a>.") == []
    for broken in ("픽셀 $(c, r)$는 `x[k]`, [카드](notation.md) <a id=\"sec\"></a>.",
                   "픽셀 $(r, c)$는 `x[j]`, [카드](notation.md) <a id=\"sec\"></a>.",
                   "픽셀 $(r, c)$는 `x[k]`, [카드](notation.html) <a id=\"sec\"></a>.",
                   "픽셀 $(r, c)$는 `x[k]`, [카드](notation.md)."):
        assert invariants.markdown_problems(md, broken), broken
    assert invariants.markdown_problems("Move `learning rate`.", "`학습률`을 움직입니다.") == []
    assert invariants.markdown_problems("Move `lr`.", "`학습률`을 움직입니다.")
    assert invariants.markdown_problems("## 3. Title", "3. 제목")
    assert invariants.markdown_problems("- a\n- b", "- 가, 나")
    assert invariants.literal_problems("cost {c:.3f} at {k}", "{k}에서 비용 {c:.3f}", "f", '"') == []
    assert invariants.literal_problems("cost {c:.3f}", "비용 {c:.2f}", "f", '"')
    assert invariants.literal_problems("the cost", '"비용"', "", '"')
    assert invariants.comment_problems("one step", "한\n걸음", trailing=True)
    assert invariants.comment_problems("alt: a curve", "곡선", trailing=False)
    assert invariants.comment_problems("alt: a curve\nfalling", "alt: 떨어지는\n곡선", trailing=False) == []


def test_terms_listed_korean_and_english_at_first_use():
    table = {"gradient descent": "경사 하강법", "epoch": "에포크"}
    entries = [("We run **gradient descent** for one **epoch**.",
                "**경사 하강법**(gradient descent)을 한 **에포크**(epoch) 동안 돌린다."),
               ("Then more **epochs**.", "그리고 **에포크**를 더.")]
    assert terms.problems(entries, table) == []
    assert terms.problems([(entries[0][0], "**경사 하강법**을 한 **에포크**(epoch) 동안.")], table)
    assert terms.problems([entries[0], ("Then more **epochs**.", "그리고 **에폭**을 더.")], table)
    listed = terms.load()
    assert listed["epoch"] == "에포크" and listed["weight decay"] == "가중치 감소" and len(listed) > 50


def card_terms():
    """(english, korean) pairs of the notation card's "One Korean term per concept" table."""
    card = (Path(__file__).resolve().parent.parent / "notebooks" / "notation.md").read_text(encoding="utf-8")
    table = card.split("## One Korean term per concept", 1)[1]
    pairs = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or cells[0] in ("English", "---"):
            continue
        english, korean = (re.sub(r"\s*\([^)]*\)", "", c).split(", ") for c in cells)
        assert len(english) == len(korean), line
        pairs += list(zip(english, korean))
    return pairs


def test_term_list_agrees_with_the_notation_card():
    listed = terms.load()
    pairs = card_terms()
    assert len(pairs) > 40
    assert [(e, k) for e, k in pairs if listed.get(e.lower()) != k] == []


def test_korean_readme_links_lead_to_files():
    root = Path(__file__).resolve().parent.parent
    text = (root / "README.ko.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)]+)\)", text)
    local = [t for t in targets if not t.startswith("http")]
    hosted = [re.search(r"(notebooks/ko/[\w.]+\.ipynb)", t).group(1) for t in targets
              if "mybinder.org" in t or "colab.research.google.com" in t]
    assert len(local) >= 7 and len(hosted) >= 2
    assert [t for t in local + hosted if not (root / t).is_file()] == []


def test_a_key_the_code_looks_up_stays_english():
    from i18n.code_text import value_literals
    code = ('runs = {"plain SGD": 1, "with momentum": 2}\nprint(runs["plain SGD"], "the runs")\n'
            'ax.set(aspect="equal")\n'
            'names = ["one model", "two models"]\nfor name in ["three models"]: pass\n'
            'ax.set(yticklabels=[f"x{k}" for k in K] + ["average"], xticks=["a"])')
    assert value_literals(code) == {"plain SGD"}
    assert texts(code_pieces(code), "code") == ["plain SGD", "with momentum", "the runs", "one model",
                                               "two models", "three models", "x{k}", "average"]
