"""One Korean term per concept: `i18n/ko/terms.tsv` (English <tab> Korean, one concept a line).

Where the English bolds a listed term (`**gradient descent**`, also its plural), the Korean entry
must use the listed Korean term; at the term's first bolded use in a chapter, the English term
follows in parentheses, e.g. `**경사 하강법**(gradient descent)`."""
import re
from pathlib import Path

TERMS = Path(__file__).resolve().parent / "ko" / "terms.tsv"
BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)


def load(path=TERMS):
    """{english (lower case): korean} from the tab-separated list (header line and # lines skipped)."""
    table = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines()):
        if not line.strip() or line.startswith("#") or n == 0:
            continue
        english, korean = (x.strip() for x in line.split("\t")[:2])
        table[english.lower()] = korean
    return table


def term_of(bold, table):
    """The listed English term that a bolded text names (exactly, or as its plural), or None."""
    word = " ".join(bold.lower().split())
    for candidate in (word, word[:-1] if word.endswith("s") else None, word[:-2] if word.endswith("es") else None):
        if candidate and candidate in table:
            return candidate
    return None


def problems(entries, table):
    """`entries`: (english, korean) Markdown pairs in chapter order, korean None if untranslated."""
    found, seen = [], set()
    for english, korean in entries:
        for bold in BOLD.findall(english):
            term = term_of(bold, table)
            if term is None:
                continue
            first = term not in seen
            seen.add(term)
            if korean is None:
                continue
            if table[term] not in korean:
                found.append(f"**{bold}** is {table[term]!r} (i18n/ko/terms.tsv): {korean[:60]!r}...")
            elif first and not re.search(r"\(\s*" + re.escape(term), korean, re.I):
                found.append(f"first use of {table[term]!r} in the chapter: add ({term}) after it: {korean[:60]!r}...")
    return found
