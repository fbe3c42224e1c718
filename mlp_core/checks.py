"""Instant checks for the chapters' exercises.

Each check prints one line, starting with ✔ (right) or ✘ (not yet) and saying what is right or
wrong (type, shape, value, or a property such as 'equals the central difference'), and returns a
Check that is truthy when right. The printed line is the only thing a notebook shows: a Check left as
a cell's last value displays nothing, so the verdict never appears twice. A wrong or unfinished answer
never raises, so a notebook always runs top to bottom."""
import copy
from typing import NamedTuple

import numpy as np

from . import validation
from .gradient_check import numerical_derivative, numerical_gradient, relative_error


class Check(NamedTuple):
    """The verdict of a check: ok (right or not) and message (the line it printed)."""
    ok: bool
    message: str

    def __bool__(self):
        return self.ok

    def _ipython_display_(self):
        """Show nothing in a notebook: the check has already printed its line."""

    def _repr_pretty_(self, printer, cycle):
        """Show nothing in IPython's plain-text display (the line is already printed)."""


def _report(ok, name, detail):
    line = f"{'✔' if ok else '✘'} {name}: {detail}"
    print(line)
    return Check(bool(ok), line)


def _unanswered(answer):
    return answer is None or answer is Ellipsis


def _pair(got, want):
    """got and want printed with just enough digits (6 to 17) to show that they differ."""
    for digits in range(6, 18):
        a, b = f"{got:.{digits}g}", f"{want:.{digits}g}"
        if a != b:
            return a, b
    return a, b


def _kind_problem(answer, expected):
    """What is wrong with the kind of answer (text, complex numbers, booleans for numbers), or None."""
    try:
        kind = "U" if isinstance(answer, (str, bytes)) else np.asarray(answer).dtype.kind
    except (TypeError, ValueError):
        return f"expected numbers, got {type(answer).__name__}"
    if kind in "US":
        return f"expected numbers, got text {answer!r}"[:120]
    if kind == "c":
        return "expected real numbers, got complex values"
    if kind == "b" and np.asarray(expected).dtype.kind != "b":
        return f"expected numbers, got booleans {answer!r}"[:120]
    return None


def _band(check, rtol, atol):
    """rtol and atol of a check as floats >= 0 (InputError otherwise): a negative band would call every
    answer wrong, even the exact one."""
    return validation.number(f"{check} rtol", rtol, low=0), validation.number(f"{check} atol", atol, low=0)


def _compare(answer, expected, rtol, atol):
    """None when answer matches expected (type, shape, values), else what differs."""
    expected = np.asarray(expected)
    problem = _kind_problem(answer, expected)
    if problem:
        return problem
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return f"expected numbers, got {type(answer).__name__}"
    if got.shape != expected.shape:
        return f"expected shape {expected.shape}, got shape {got.shape}"
    if not np.all(np.isfinite(got)):
        return "the answer contains NaN or infinite values"
    close = np.isclose(got, expected, rtol=rtol, atol=atol)
    if not close.all():
        where = tuple(int(i) for i in np.argwhere(~close)[0])
        at = f" at index {where}" if got.ndim else ""
        shown, wanted = _pair(float(got[where]), float(expected[where]))
        return f"value{at} is {shown}, expected {wanted}"
    return None


def check_number(answer, expected, name="answer", rtol=1e-6, atol=1e-9):
    """Right when answer is one number close to expected: |answer - expected| <= atol + rtol |expected|."""
    rtol, atol = _band("check_number", rtol, atol)
    if _unanswered(answer):
        return _report(False, name, "not answered yet: replace the ... with your code")
    what = _not_single(answer)
    if what:
        return _report(False, name, f"expected a single number, got {what}")
    problem = _compare(answer, expected, rtol, atol)
    return _report(problem is None, name, problem or f"{float(answer):.6g} is right")


def _not_single(answer):
    """What answer is when it is not one value (text, an array's shape, a ragged list), else None."""
    if isinstance(answer, (str, bytes)):
        return f"{type(answer).__name__} {answer!r}"
    try:
        shape = np.shape(answer)
    except ValueError:  # a ragged list, e.g. [[1], [1, 2]]
        return type(answer).__name__
    return f"shape {shape}" if shape else None


def check_array(answer, expected, name="answer", rtol=1e-6, atol=1e-9):
    """Right when answer has expected's shape and every entry is within atol + rtol |expected| of expected's."""
    rtol, atol = _band("check_array", rtol, atol)
    if _unanswered(answer):
        return _report(False, name, "not answered yet: replace the ... with your code")
    problem = _compare(answer, expected, rtol, atol)
    return _report(problem is None, name, problem or f"shape {np.shape(expected)} and every value right")


def check_function(fn, reference, cases, name="your function", rtol=1e-6, atol=1e-9):
    """Right when fn(*case) equals reference(*case) within atol + rtol |reference(*case)| for every case (a
    tuple of arguments), the cases tried in order up to the first wrong one.
    Each function gets its own copy of the arguments, so neither sees what the other changed in place."""
    rtol, atol = _band("check_function", rtol, atol)
    if _unanswered(fn) or not callable(fn):
        return _report(False, name, "not written yet: define the function first")
    for i, case in enumerate(cases):
        case = case if isinstance(case, tuple) else (case,)
        want = reference(*_fresh(case))
        try:
            got = fn(*_fresh(case))
        except Exception as e:  # the learner's code: report, don't crash the notebook
            return _report(False, name, f"raised {type(e).__name__}: {e} on test case {i + 1}")
        if _unanswered(got):
            return _report(False, name, f"returned {got!r} on test case {i + 1}: finish the function")
        problem = _compare(got, want, rtol, atol)
        if problem:
            return _report(False, name, f"test case {i + 1}: {problem}")
    return _report(True, name, f"agrees with the reference on all {len(cases)} test cases")


def check_derivative(df, f, points, name="your derivative", tol=1e-6):
    """Right when df(x) is within tol + tol |c| of c = (f(x + h) - f(x - h)) / 2h, h = 1e-5, at every x in points
    (tol >= 0)."""
    tol = validation.number("check_derivative tol", tol, low=0)
    if _unanswered(df) or not callable(df):
        return _report(False, name, "not written yet: define the function first")
    for x in points:
        try:
            got = df(x)
        except Exception as e:
            return _report(False, name, f"raised {type(e).__name__}: {e} at x = {x}")
        if _unanswered(got):
            return _report(False, name, f"returned {got!r} at x = {x}: finish the function")
        try:
            got = float(got)
        except (TypeError, ValueError):
            return _report(False, name, f"expected a number at x = {x}, got {type(got).__name__}")
        want = numerical_derivative(f, x, 1e-5)
        if not np.isclose(got, want, rtol=tol, atol=tol):
            shown, wanted = _pair(got, want)
            return _report(False, name, f"at x = {x:g} gives {shown}, but the central difference is {wanted}")
    return _report(True, name, f"equals the central difference at all {len(points)} points")


def check_gradient(grads, f, params, name="your gradient", tol=1e-7):
    """Right when grads (list like params) equals the central-difference gradient of f() over params:
    ||grads - numeric|| / (||grads|| + ||numeric||) < tol over all entries (tol > 0)."""
    tol = validation.number("check_gradient tol", tol, low=0, low_open=True)
    if _unanswered(grads):
        return _report(False, name, "not answered yet: replace the ... with your code")
    numeric = numerical_gradient(f, params)
    single = isinstance(params, np.ndarray)
    numeric_list = [numeric] if single else numeric
    try:
        grads_list = [grads] if single else list(grads)
    except TypeError:
        return _report(False, name, f"expected a list of {len(numeric_list)} arrays, got {type(grads).__name__}")
    if len(grads_list) != len(numeric_list):
        return _report(False, name, f"expected {len(numeric_list)} arrays, got {len(grads_list)}")
    for i, (g, n) in enumerate(zip(grads_list, numeric_list)):
        problem = _gradient_problem(i, g, n)
        if problem:
            return _report(False, name, problem)
    err = relative_error([np.asarray(g, float) for g in grads_list], numeric_list)
    return _report(err < tol, name, f"relative error against central differences {err:.1e} "
                   f"({'below' if err < tol else 'above'} {tol:g})")


def _gradient_problem(i, g, numeric):
    """What is wrong with array i of a gradient (kind, shape, entries that are not finite numbers), or None."""
    problem = _kind_problem(g, numeric)
    if problem:
        return f"array {i}: {problem}"
    if np.shape(g) != numeric.shape:
        return f"array {i} has shape {np.shape(g)}, expected {numeric.shape} (the shape of its parameter)"
    try:
        finite = np.all(np.isfinite(np.asarray(g, dtype=float)))
    except (TypeError, ValueError):
        return f"array {i}: expected numbers, got {type(g).__name__}"
    return None if finite else f"array {i} contains NaN or infinite values"


def check_choice(answer, correct, name="answer", why=""):
    """Right when answer equals the correct option (strings compared without case or surrounding spaces).

    For "predict, then run" questions: a wrong answer is told the right one and why; an unanswered
    one (None or ...) is asked for a prediction and not told the answer."""
    if _unanswered(answer):
        return _report(False, name, "not answered yet: put your prediction in place of the ..., then run")
    if _normal(answer) == _normal(correct):
        return _report(True, name, f"{answer!r} is right.{_then(why)}")
    return _report(False, name, f"{answer!r} is not it; the answer is {correct!r}.{_then(why)}")


def _fresh(case):
    """A deep copy of the arguments (the arguments themselves when they cannot be copied)."""
    try:
        return copy.deepcopy(case)
    except Exception:  # e.g. a generator or a module among the arguments
        return case


def _normal(option):
    """An option as compared: a string without case or surrounding spaces."""
    return str(option).strip().lower()


def _then(why):
    """' why' with a leading space, or '' when there is no explanation."""
    return f" {why.strip()}" if why and why.strip() else ""
