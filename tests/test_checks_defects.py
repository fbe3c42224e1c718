"""The probe of tests/test_checks_probe.py finds defective checks: checks.py functions with each of four
defects (a tolerance 100 times looser, only the first test case tried, a choice accepted when it contains
the right letter, ✔ for an unanswered `...`), and check cells that are defective themselves; the real
checks on a right answer show no problem."""
import types

import numpy as np

from mlp_core import checks
from test_checks_probe import check_calls, options_in, probe_call, same


def probe(source, checks_module=checks, **names):
    """Probe the single check call of source, with names (the cell's variables) in its namespace."""
    [call] = check_calls(source)
    variants, problems = probe_call({"checks": checks_module, "np": np, **names}, call, options_in(source))
    assert variants >= 5
    return problems


def defective(**functions):
    """A stand-in for mlp_core.checks with some functions replaced."""
    module = types.SimpleNamespace(**{name: getattr(checks, name) for name in dir(checks) if name.startswith("check_")})
    for name, function in functions.items():
        setattr(module, name, function)
    return module


def loose_number(answer, expected, name="answer", rtol=1e-6, atol=1e-9):
    return checks.check_number(answer, expected, name, rtol * 100, atol * 100)


def loose_array(answer, expected, name="answer", rtol=1e-6, atol=1e-9):
    return checks.check_array(answer, expected, name, rtol * 100, atol * 100)


def first_case_only(fn, reference, cases, name="your function", rtol=1e-6, atol=1e-9):
    return checks.check_function(fn, reference, list(cases)[:1], name, rtol, atol)


def first_point_only(df, f, points, name="your derivative", tol=1e-6):
    return checks.check_derivative(df, f, list(points)[:1], name, tol)


def first_array_only(grads, f, params, name="your gradient", tol=1e-7):
    if grads is None or grads is Ellipsis:
        return checks.check_gradient(grads, f, params, name, tol)
    return checks.check_gradient(list(grads)[:1], f, list(params)[:1], name, tol)


def letter_inside(answer, correct, name="answer", why=""):
    if answer is None or answer is Ellipsis:
        return checks.check_choice(answer, correct, name, why)
    inside = str(correct).strip().lower() in str(answer).strip().lower()
    return checks.check_choice(correct if inside else "?", correct, name, why)


def unanswered_is_right(answer, expected, name="answer", rtol=1e-6, atol=1e-9):
    return checks.check_number(expected if answer is Ellipsis else answer, expected, name, rtol, atol)


def tells_the_answer(answer, correct, name="answer", why=""):
    return checks.check_choice("?" if answer is None or answer is Ellipsis else answer, correct, name, why)


CELLS = {
    "number": ("checks.check_number(z, -0.1, name='z', rtol=1e-3, atol=1e-3)", {"z": -0.1}),
    "array": ("checks.check_array(theta, np.array([0.885, -1.85]))", {"theta": np.array([0.885, -1.85])}),
    "function": ("checks.check_function(square, lambda x: x * x, [1.0, np.arange(3.0), -2.5])",
                 {"square": lambda x: x * x}),
    "derivative": ("checks.check_derivative(df, np.sin, [0.0, 1.0, 2.0])", {"df": np.cos}),
    "choice": ('answer = ...  # your choice: "a", "b" or "c"\nchecks.check_choice(answer, "b", why="Because.")',
               {"answer": "b"}),
    "gradient": ("checks.check_gradient(2 * w, lambda: float(w @ w), w)", {"w": np.array([1.0, -2.0, 0.5])}),
}


def test_the_real_checks_show_no_problem_on_right_answers():
    for kind, (source, names) in CELLS.items():
        assert probe(source, **names) == [], kind


def test_a_100_times_looser_tolerance_is_found():
    for kind, stand_in in (("number", defective(check_number=loose_number)),
                           ("array", defective(check_array=loose_array))):
        source, names = CELLS[kind]
        problems = probe(source, stand_in, **names)
        assert any(p.startswith("10 bands above") or p.startswith("every entry 10 bands") for p in problems), problems


def test_a_check_trying_only_its_first_case_is_found():
    source, names = CELLS["function"]
    problems = probe(source, defective(check_function=first_case_only), **names)
    assert [p.split(":")[0] for p in problems] == ["wrong on test case 2 of 3 only", "wrong on test case 3 of 3 only"]
    source, names = CELLS["derivative"]
    problems = probe(source, defective(check_derivative=first_point_only), **names)
    assert [p.split(":")[0] for p in problems] == ["wrong at x = 1 only", "wrong at x = 2 only"]
    w, b = np.array([1.0, -2.0]), np.array([0.5])
    problems = probe("checks.check_gradient([2 * w, 2 * b], lambda: float(w @ w + b @ b), [w, b])",
                     defective(check_gradient=first_array_only), w=w, b=b)
    assert [p.split(":")[0] for p in problems] == ["the last entry of the last array 10 tol off",
                                                   "the last array missing"]


def test_a_choice_containing_the_right_letter_is_found():
    source, names = CELLS["choice"]
    problems = probe(source, defective(check_choice=letter_inside), **names)
    found = {p.split(":")[0] for p in problems}
    assert {"'ba'", "'ab'", "'b c'", "'b, c'", "'bb'"} <= found and "option 'a'" not in found


def test_a_right_verdict_for_an_unanswered_answer_is_found():
    source, names = CELLS["number"]
    problems = probe(source, defective(check_number=unanswered_is_right), **names)
    assert [p.split(":")[0] for p in problems] == ["..."]


def test_an_unanswered_prediction_told_the_answer_is_found():
    source, names = CELLS["choice"]
    problems = probe(source, defective(check_choice=tells_the_answer), **names)
    assert [p.split(":")[0] for p in problems] == ["...", "None"]
    assert "told the answer" in problems[0]


def test_defective_cells_are_found():
    assert probe("checks.check_array(theta, theta * 1)", theta=np.ones(2)) != []   # expected made from the answer
    loose = probe("checks.check_number(z, 2.0, rtol=0.1)", z=2.0)
    assert loose == ["rtol = 0.1 is looser than 0.001"]
    assert probe("checks.check_number(z, 1e-5, atol=1e-4)", z=1e-5) == [
        "atol = 0.0001 is more than a hundredth of the expected size 1e-05"]
    assert probe("checks.check_derivative(df, np.sin, [0.0], tol=1e-2)", df=np.cos) == [
        "tol = 0.01 is looser than 0.0001"]


def test_a_check_stricter_than_its_tolerance_is_found():
    def exact(answer, expected, name="answer", rtol=1e-6, atol=1e-9):
        return checks.check_number(answer, expected, name, 0.0, 0.0)
    source, names = CELLS["number"]
    problems = probe(source, defective(check_number=exact), **names)
    assert [p.split(":")[0] for p in problems] == ["a tenth of a band above", "a tenth of a band below"]


def test_expressions_as_answers_are_replaced_and_names_restored():
    w = np.array([3.0, 4.0])
    assert probe("checks.check_array(w * 2, np.array([6.0, 8.0]))", w=w) == []
    names = {"f": np.cos}
    [call] = check_calls("checks.check_derivative(f, np.sin, [0.5])")
    probe_call({"checks": checks, "np": np, **names}, call)
    assert names["f"] is np.cos


def test_calls_and_options_are_read_from_the_source():
    source = 'checks.check_number(a, 1)\nx = 2\n_ = checks.check_array(b, [1])\nprint(check_number)\n'
    assert [c.func.attr for c in check_calls(source)] == ["check_number", "check_array"]
    assert options_in('answer = ...   # your choice: "a", "b", "c" or "d"') == ["a", "b", "c", "d"]
    assert options_in("answer = ...") == ["a", "b", "c", "d"]
    assert options_in('x = ...  # your choice: "up" or "down"') == ["up", "down"]
    assert same(([1, 2], np.arange(2.0)), ([1, 2], np.array([0.0, 1.0]))) and not same((1,), (1, 2))
    assert not same(np.zeros(2), np.zeros(3)) and same(None, None)
