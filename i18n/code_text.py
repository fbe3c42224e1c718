"""The translatable text of a Python cell: its comments and the string literals a learner reads.

- A run of whole-line comments at one indentation is one entry (its lines joined by newlines); a
  line `# alt: ...` starts a new run; a comment after code is one entry that must stay one line.
  `# NBVAL_...` markers and comments without letters stay as they are.
- A string literal is an entry (context "code", without its prefix and quotes) when a learner reads
  it: it has words (letters and a space, outside `{fields}` and `$maths$`), or it is the value of a
  label keyword (`title=`, `xlabel=`, `why=`, ...), the argument of `print`/`set_title`/..., or an
  item of a list of labels (`xticklabels=["one", "two"]`).
  Values of other keywords (`loc="upper left"`, `cmap=...`) and subscripts stay English. Adjacent
  literals that Python joins are taken together. `literals=False` (cells whose output nbval compares)
  takes comments only."""
import io
import re
import tokenize

from .pieces import Piece, cut

MAGIC = re.compile(r"^[ \t]*[%!]")
LETTER = re.compile(r"[^\W\d_]")
FIELD = re.compile(r"\{[^{}]*\}")
MATHS = re.compile(r"\$[^$]*\$")
PREFIX = re.compile(r"^([A-Za-z]*)('''|\"\"\"|'|\")")
COMMENT_PREFIX = re.compile(r"^#+ ?")
LABEL_KEYWORDS = {"title", "xlabel", "ylabel", "label", "suptitle", "description", "why", "text",
                  "message", "hint", "placeholder", "header", "caption", "name"}
LABEL_CALLS = {"print", "set_title", "set_xlabel", "set_ylabel", "suptitle", "title", "xlabel", "ylabel",
               "Label", "HTML", "Markdown", "set_text", "annotate", "text"}
FSTART = getattr(tokenize, "FSTRING_START", None)   # Python >= 3.12 splits f-strings into tokens
FEND = getattr(tokenize, "FSTRING_END", None)
LABEL_LIST = "[labels]"
LABEL_LIST_KEYWORDS = {"xticklabels", "yticklabels", "labels", "titles", "names", "tick_labels", "legend_labels"}
LABEL_LIST_CALLS = {"set_xticklabels", "set_yticklabels", "legend"}
KEYWORDS_BEFORE_LIST = {"in", "return", "and", "or", "not", "if", "else", "yield", "is", "lambda", "for", "assert"}
SKIP = {tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT}


def masked(source):
    """`source` with IPython magics (`%...`, `!...`) blanked, same length, so Python can read it."""
    return "".join(" " * (len(line.rstrip("\n"))) + ("\n" if line.endswith("\n") else "")
                   if MAGIC.match(line) else line for line in source.splitlines(True))


def _offsets(source):
    starts, at = [0], 0
    for line in source.splitlines(True):
        at += len(line)
        starts.append(at)
    return lambda pos: starts[pos[0] - 1] + pos[1]


def _tokens(source):
    """(type, text, start, end, line) for each token, an f-string (3.12) gathered into one STRING."""
    out, depth, first = [], 0, None
    for tok in tokenize.generate_tokens(io.StringIO(masked(source)).readline):
        if FSTART is not None and tok.type == FSTART:
            depth += 1
            first = first or tok
            continue
        if depth:
            if tok.type == FEND:
                depth -= 1
                if not depth:
                    out.append((tokenize.STRING, None, first.start, tok.end, first.line))
                    first = None
            continue
        out.append((tok.type, tok.string, tok.start, tok.end, tok.line))
    return out


def words(body, is_f):
    text = FIELD.sub("", body) if is_f else body
    return MATHS.sub(" ", text)


def literal_piece(text, line):
    """A Piece for one literal written as `text`, or None for bytes literals."""
    m = PREFIX.match(text)
    prefix, quote = m.group(1), m.group(2)
    if "b" in prefix.lower():
        return None
    body = text[len(prefix) + len(quote):len(text) - len(quote)]
    return Piece("code", body, lambda s, a=prefix + quote, z=quote: a + s + z, note=line.strip(),
                 extra={"prefix": prefix, "quote": quote})


def _wanted(body, prefix, before, call):
    """Does a learner read this literal? `before` holds the three significant tokens before it,
    `call` the name of the call whose parentheses directly hold it (or None)."""
    plain = words(body, "f" in prefix.lower())
    if not LETTER.search(plain):
        return False
    b1, b2, b3 = (before + [None, None, None])[:3]
    if b1 == "=" and b2 and b2.isidentifier() and b3 in ("(", ","):
        return b2 in LABEL_KEYWORDS and (b2 != "name" or " " in plain.strip())
    if is_subscript(before):
        return False
    if b1 in ("(", ",") and call in LABEL_CALLS:
        return True
    if b1 in ("[", ",") and call == LABEL_LIST:
        return True
    return bool(re.search(r"\S\s+\S", plain))


def is_subscript(before):
    """Does the literal open a subscript (`d["key"]`), not a list (`["a", "b"]`)?"""
    b1, b2 = (before + [None, None])[:2]
    return b1 == "[" and b2 is not None and (b2.isidentifier() and b2 not in KEYWORDS_BEFORE_LIST
                                              or b2 in (")", "]", "''") or b2[:1] in "\"'")


def _owner(bracket, sig, closed=None):
    """What an opening bracket belongs to: a call's name for `(`, LABEL_LIST for a list of labels
    (`xticklabels=[...]`, `titles=[...]`, `set_yticklabels([...])`), else None."""
    last = sig[-1] if sig else None
    if bracket == "(":
        return last if last and last.isidentifier() else None
    if bracket == "[" and len(sig) >= 2 and last == "=" and sig[-2] in LABEL_LIST_KEYWORDS:
        return LABEL_LIST
    if bracket == "[" and len(sig) >= 2 and last == "(" and sig[-2] in LABEL_LIST_CALLS:
        return LABEL_LIST
    if bracket == "[" and last == "+" and closed == LABEL_LIST:     # [f"..." for k in K] + ["average"]
        return LABEL_LIST
    return None


def literal_groups(tokens):
    """Runs of adjacent literals (Python joins them), each (start, end, line, tokens before, call)."""
    groups, current, sig, brackets, closed = [], [], [], [], None
    for kind, text, start, end, line in tokens:
        if kind == tokenize.OP and text in "([{":
            brackets.append(_owner(text, sig, closed))
        elif kind == tokenize.OP and text in ")]}" and brackets:
            closed = brackets.pop()
        if kind == tokenize.STRING:
            current.append((start, end, line, list(reversed(sig[-3:])), brackets[-1] if brackets else None))
        elif kind not in SKIP and current:
            groups.append(current)
            current = []
        if kind not in SKIP:
            sig.append(text if text is not None else "''")
    if current:
        groups.append(current)
    return groups


def literal_spans(source, tokens, at):
    """(start, end, Piece, wanted, tokens before) for every str literal, adjacent ones decided together."""
    found = []
    for group in literal_groups(tokens):
        made = []
        for start, end, line, before, call in group:
            piece = literal_piece(source[at(start):at(end)], line)
            if piece:
                made.append((at(start), at(end), piece, before, call))
        wanted = any(_wanted(p.msgid, p.extra["prefix"], b, c) for _, _, p, b, c in made)
        found.extend((s, e, p, wanted, b) for s, e, p, b, _ in made)
    return found


def code_pieces(source, literals=True):
    """The pieces (see pieces.py) of one Python cell's source."""
    at = _offsets(source)
    try:
        tokens = _tokens(source)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return [source]
    spans = comment_spans(source, tokens, at)
    if literals:
        spans.extend((s, e, p) for s, e, p, wanted, _ in literal_spans(source, tokens, at) if wanted)
    spans.sort(key=lambda s: s[0])
    return cut(source, spans)


def value_literals(source):
    """The bodies of the literals the code looks up by subscript (`results["plain SGD"]`): where the
    same text is a translated entry elsewhere (the dictionary's key), it has to stay English."""
    try:
        spans = literal_spans(source, _tokens(source), _offsets(source))
        return {p.msgid for _, _, p, wanted, before in spans if not wanted and is_subscript(before)}
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return set()


def comment_spans(source, tokens, at):
    """(start, end, Piece) for comments: runs of whole-line comments, and trailing comments."""
    runs = []
    for kind, text, start, end, line in tokens:
        if kind != tokenize.COMMENT or not LETTER.search(text) or text.lstrip("# ").startswith("NBVAL_"):
            continue
        prefix = COMMENT_PREFIX.match(text).group(0)
        whole = not line[:start[1]].strip()
        prev = runs[-1] if runs else None
        if (whole and prev and prev["whole"] and prev["row"] + 1 == start[0] and prev["col"] == start[1]
                and prev["prefix"] == prefix and not text[len(prefix):].startswith("alt:")):
            prev["lines"].append(text[len(prefix):])
            prev["row"], prev["end"] = start[0], at(end)
            continue
        runs.append({"whole": whole, "row": start[0], "col": start[1], "prefix": prefix, "indent": line[:start[1]],
                     "start": at(start), "end": at(end), "lines": [text[len(prefix):]], "code": line.strip()})
    spans = []
    for r in runs:
        sep = "\n" + r["indent"] + r["prefix"]
        def render(s, p=r["prefix"], sep=sep):
            return p + s.replace("\n", sep)
        note = "" if r["whole"] else r["code"]
        spans.append((r["start"], r["end"], Piece("comment", "\n".join(r["lines"]), render, note=note,
                                                  extra={"trailing": not r["whole"]})))
    return spans
