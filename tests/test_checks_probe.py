"""Probing a chapter's exercise checks with wrong answers (the probe, and tests that it finds defects).

tests/test_notebooks.py runs each chapter with its solutions and, right after every cell that calls
`checks.check_*`, runs `probe_cell` in the same kernel: each check call is run again with its answer (the
first argument) replaced by variants, and each must print one line starting with ✘ (wrong) or ✔ (harmless).
A name given as the answer (`z_ex`, `my_one_hot`, `answer_lazy`) is rebound in the namespace and the call
re-run whole, so a check whose expected value is computed from the answer is caught too; any other
expression is replaced by the variant. The band of a value is atol + rtol |expected| (np.isclose's).
Wrong: 10 bands off (one entry, the first or the last, or all), a function right on every test case but
one (each in turn), a derivative off at one point, a gradient whose relative error is 10 tol, every other
option of a choice and the right one joined to another ("bc", "b c"), `...` and None (which must not be
told a choice's answer). Harmless: a tenth of a band off, an option in capitals with spaces."""
import ast
import contextlib
import copy
import inspect
import io
import json
import re
import time

import numpy as np

UNANSWERED = [("...", ..., False), ("None", None, False)]
MAX_RTOL, MAX_ATOL, MAX_TOL = 1e-3, 1e-3, 1e-4   # looser stated tolerances are reported as defects


def check_calls(source):
    """The `checks.check_*(...)` calls of a cell's source, in the order they appear."""
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and node.func.attr.startswith("check_")
             and isinstance(node.func.value, ast.Name) and node.func.value.id == "checks"]
    return sorted(calls, key=lambda node: (node.lineno, node.col_offset))


def probe_cell(ns, cell, source):
    """Probe every check call of a cell in the namespace ns; print one 'PROBE {json}' line per call."""
    for k, call in enumerate(check_calls(source)):
        start = time.perf_counter()
        variants, problems = probe_call(ns, call, options_in(source))
        print("PROBE " + json.dumps({"cell": cell, "call": k, "check": call.func.attr, "variants": variants,
                                     "problems": problems, "seconds": round(time.perf_counter() - start, 3)},
                                    ensure_ascii=False))


def options_in(source):
    """The options a prediction offers, from its comment '# your choice: "a", "b" or "c"'."""
    said = re.search(r"#\s*your choice:(.*)", source)
    return re.findall(r'"([^"]+)"', said.group(1)) if said else ["a", "b", "c", "d"]


def probe_call(ns, call, options=("a", "b", "c", "d")):
    """Run one check call with each variant of its answer; return (number of variants, problems)."""
    check = getattr(ns["checks"], call.func.attr)
    args = _arguments(ns, call, check)
    variants = VARIANTS[call.func.attr](args, options)
    problems = loose_tolerances(call.func.attr, args)
    for label, answer, right in variants:
        try:
            out, verdict = _run(ns, call, answer)
        except Exception as e:  # noqa: BLE001 - a check must never raise on a learner's answer
            problems.append(f"{label}: the check raised {type(e).__name__}: {e}")
            continue
        lines = out.splitlines()
        if len(lines) != 1 or not lines[0].startswith("✔" if right else "✘") or bool(verdict) != right:
            problems.append(f"{label}: expected {'✔' if right else '✘'}, printed {out!r}")
        elif call.func.attr == "check_choice" and answer in (None, ...) and _told(lines[0], args):
            problems.append(f"{label}: an unanswered prediction is told the answer: {lines[0]!r}")
    return len(variants), problems


def _arguments(ns, call, check):
    """The check's arguments as the cell gives them (defaults filled in), by name."""
    recorder = ast.Call(func=ast.Name("__probe_record__", ast.Load()), args=call.args, keywords=call.keywords)
    args, kwargs = _evaluate(ns, recorder, {"__probe_record__": lambda *a, **k: (a, k)})
    bound = inspect.signature(check).bind(*args, **kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


def _evaluate(ns, node, local):
    expression = ast.fix_missing_locations(ast.Expression(node))
    return eval(compile(expression, "<check cell>", "eval"), ns, local)


def _run(ns, call, answer):
    """Run the call with answer in place of its first argument; return (what it printed, its result)."""
    first = call.args[0]
    buffer = io.StringIO()
    if isinstance(first, ast.Name):                  # rebind the name, so every argument sees the answer
        kept = ns[first.id]
        ns[first.id] = answer
        try:
            with contextlib.redirect_stdout(buffer):
                result = _evaluate(ns, call, {})
        finally:
            ns[first.id] = kept
    else:
        placeholder = ast.Call(func=call.func, args=[ast.Name("__probe_answer__", ast.Load()), *call.args[1:]],
                               keywords=call.keywords)
        with contextlib.redirect_stdout(buffer):
            result = _evaluate(ns, placeholder, {"__probe_answer__": answer})
    return buffer.getvalue(), result


def _told(line, args):
    """Whether a line gives away a choice's answer (the option quoted, or the explanation)."""
    why = str(args.get("why") or "").strip()
    return repr(args["correct"]) in line or "the answer is" in line or bool(why and why in line)


def loose_tolerances(kind, args):
    """The check's stated tolerances that are looser than MAX_RTOL, MAX_ATOL (and atol beyond a hundredth of
    the expected value's size) or MAX_TOL."""
    if kind in ("check_derivative", "check_gradient"):
        return [f"tol = {args['tol']:g} is looser than {MAX_TOL:g}"] if args["tol"] > MAX_TOL else []
    if kind == "check_choice":
        return []
    problems = [f"{name} = {args[name]:g} is looser than {limit:g}"
                for name, limit in (("rtol", MAX_RTOL), ("atol", MAX_ATOL)) if args[name] > limit]
    size = np.max(np.abs(np.asarray(args["expected"], float)), initial=0) if "expected" in args else 0
    if size and args["atol"] > size / 100:
        problems.append(f"atol = {args['atol']:g} is more than a hundredth of the expected size {size:g}")
    return problems


def band(expected, rtol, atol):
    """expected as floats, and how far each entry may be off: atol + rtol |expected| (np.isclose)."""
    expected = np.asarray(expected, float)
    return expected, atol + rtol * np.abs(expected)


def number_variants(args, options):
    e, b = band(args["expected"], args["rtol"], args["atol"])
    e, b = float(e), float(b)
    return [("10 bands above", e + 10 * b, False), ("10 bands below", e - 10 * b, False),
            ("a tenth of a band above", e + b / 10, True), ("a tenth of a band below", e - b / 10, True),
            ("in a list", [e], False), *UNANSWERED]


def array_variants(args, options):
    e, b = band(args["expected"], args["rtol"], args["atol"])
    first, last = np.zeros(e.shape), np.zeros(e.shape)
    first.flat[0], last.flat[-1] = 1, 1
    return [("every entry 10 bands off", e + 10 * b, False), ("the last entry 10 bands off", e + 10 * b * last, False),
            ("the first entry 10 bands below", e - 10 * b * first, False), ("an extra axis", e[..., None], False),
            ("a tenth of a band off", e + b / 10, True), ("a list a tenth of a band off", (e - b / 10).tolist(), True),
            *UNANSWERED]


def function_variants(args, options):
    cases = [case if isinstance(case, tuple) else (case,) for case in args["cases"]]
    shifted = [(f"wrong on test case {k + 1} of {len(cases)} only", _answering(args, cases[k], 10), False)
               for k in range(len(cases))]
    return [*shifted, ("a tenth of a band off on every case", _answering(args, None, 0.1), True),
            ("returns ...", lambda *a: ..., False), ("raises", lambda *a: 1 / 0, False), *UNANSWERED]


def _answering(args, wrong_case, bands):
    """A function giving the reference's answer, with its last entry moved by `bands` bands on the case
    wrong_case (or on every case when it is None)."""
    def answer(*case):
        want = np.array(args["reference"](*copy.deepcopy(case)), dtype=float)
        if wrong_case is None or same(case, wrong_case):
            want.flat[-1] += bands * band(want.flat[-1], args["rtol"], args["atol"])[1]
        return want
    return answer


def same(x, y):
    """Whether two arguments are equal: nested lists and tuples entry by entry, arrays and numbers by value."""
    if isinstance(x, (list, tuple)) and isinstance(y, (list, tuple)):
        return len(x) == len(y) and all(same(p, q) for p, q in zip(x, y))
    try:
        return bool(np.array_equal(x, y))
    except Exception:  # noqa: BLE001 - objects numpy cannot compare
        return x is y


def derivative_variants(args, options):
    df, points, tol = args["df"], list(args["points"]), args["tol"]

    def moved(point, bands):
        def derivative(x):
            got = float(df(x))
            return got + bands * (tol + tol * abs(got)) if point is None or x == point else got
        return derivative
    shifted = [(f"wrong at x = {x:g} only", moved(x, 10), False) for x in points]
    return [*shifted, ("a tenth of a band off at every point", moved(None, 0.1), True),
            ("returns ...", lambda x: ..., False), ("raises", lambda x: 1 / 0, False), *UNANSWERED]


def gradient_variants(args, options):
    single = isinstance(args["params"], np.ndarray)
    arrays = [np.array(g, dtype=float) for g in ([args["grads"]] if single else args["grads"])]
    size = np.linalg.norm(np.concatenate([g.ravel() for g in arrays]))

    def moved(index, entry, error):   # one entry moved so the relative error ||a - b|| / (||a|| + ||b||) ~ error
        out = [g.copy() for g in arrays]
        out[index].flat[entry] += 2 * error * size
        return out[0] if single else out
    tol = args["tol"]
    variants = [("the last entry of the last array 10 tol off", moved(-1, -1, 10 * tol), False),
                ("the first entry of the first array 10 tol off", moved(0, 0, 10 * tol), False),
                ("a tenth of tol off", moved(-1, -1, tol / 10), True), *UNANSWERED]
    if not single:
        variants.append(("the last array missing", arrays[:-1], False))
    return variants


def choice_variants(args, options):
    right = str(args["correct"])
    others = [o for o in options if o.strip().lower() != right.strip().lower()]
    joined = [v for o in others for v in (right + o, o + right, f"{right} {o}", f"{right}, {o}")]
    return [*((f"option {o!r}", o, False) for o in others), *((repr(v), v, False) for v in joined),
            ("''", "", False), (repr(right * 2), right * 2, False),
            (repr(right.upper()), right.upper(), True), (repr(f"  {right.upper()} "), f"  {right.upper()} ", True),
            *UNANSWERED]


VARIANTS = {"check_number": number_variants, "check_array": array_variants, "check_function": function_variants,
            "check_derivative": derivative_variants, "check_gradient": gradient_variants,
            "check_choice": choice_variants}
