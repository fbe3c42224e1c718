"""The exact line each check prints, branch by branch, with the default names; the line printed is the
Check's message and its verdict. Odd answers (ragged lists, objects, text) give a ✘ line, never an error."""
import re
from decimal import Decimal
from fractions import Fraction

import numpy as np

from mlp_core import checks
from mlp_core.checks import check_array, check_choice, check_derivative, check_function, check_gradient, check_number


def said(capsys, check, *args, **kwargs):
    """The one line a check printed, after checking it is the Check's message and matches its verdict."""
    capsys.readouterr()
    result = check(*args, **kwargs)
    out = capsys.readouterr().out
    assert out == result.message + "\n" and out.count("\n") == 1
    assert result.ok is (out[0] == "✔") and out[0] in "✔✘"
    return result.message


def test_check_number_lines(capsys):
    assert said(capsys, check_number, 0.5, 0.5) == "✔ answer: 0.5 is right"
    assert said(capsys, check_number, 0.6, 0.5) == "✘ answer: value is 0.6, expected 0.5"
    assert said(capsys, check_number, 1.23456789, 2.0) == "✘ answer: value is 1.23457, expected 2"
    assert said(capsys, check_number, ..., 1.0) == "✘ answer: not answered yet: replace the ... with your code"
    assert said(capsys, check_number, [1, 2], 1.0) == "✘ answer: expected a single number, got shape (2,)"
    assert said(capsys, check_number, [[1], [1, 2]], 1.0) == "✘ answer: expected a single number, got list"
    assert said(capsys, check_number, b"2", 2.0) == "✘ answer: expected a single number, got bytes b'2'"
    assert said(capsys, check_number, np.array(3.0), 3.0, name="z") == "✔ z: 3 is right"
    assert said(capsys, check_number, float("inf"), 3.0) == "✘ answer: the answer contains NaN or infinite values"


def test_check_array_lines(capsys):
    assert said(capsys, check_array, np.eye(2), np.eye(2)) == "✔ answer: shape (2, 2) and every value right"
    assert said(capsys, check_array, None, [1.0]) == "✘ answer: not answered yet: replace the ... with your code"
    assert said(capsys, check_array, "12", [1.0]) == "✘ answer: expected numbers, got text '12'"
    assert said(capsys, check_array, [[1], [1, 2]], [1.0]) == "✘ answer: expected numbers, got list"
    assert said(capsys, check_array, [1.0, {}], [1.0, 2.0]) == "✘ answer: expected numbers, got list"
    assert said(capsys, check_array, [1.0, None], [1.0, 2.0]) == "✘ answer: the answer contains NaN or infinite values"
    assert said(capsys, check_array, [np.nan], [1.0]) == "✘ answer: the answer contains NaN or infinite values"
    assert said(capsys, check_array, [1.0, 2.5, 4.0], [1.0, 2.0, 3.0], name="v") == \
        "✘ v: value at index (1,) is 2.5, expected 2"
    assert said(capsys, check_array, 1.0000001, 1.0, rtol=0, atol=0) == "✘ answer: value is 1.0000001, expected 1"


def test_booleans_complex_numbers_and_long_text(capsys):
    assert said(capsys, check_array, [True, False], np.array([True, False])) == \
        "✔ answer: shape (2,) and every value right"
    assert said(capsys, check_array, [True, False], [1.0, 0.0]) == \
        "✘ answer: expected numbers, got booleans [True, False]"
    assert said(capsys, check_array, [1j], [1.0]) == "✘ answer: expected real numbers, got complex values"
    text = said(capsys, check_array, "7" * 300, [1.0])
    assert text == "✘ answer: " + ("expected numbers, got text '" + "7" * 300)[:120]
    flags = said(capsys, check_array, [True] * 100, [1.0] * 100)
    assert flags == "✘ answer: " + ("expected numbers, got booleans " + repr([True] * 100))[:120]


def test_check_function_lines(capsys):
    square = lambda x: x * x                                        # noqa: E731
    assert said(capsys, check_function, square, square, [1.0, 2.0]) == \
        "✔ your function: agrees with the reference on all 2 test cases"
    assert said(capsys, check_function, 5, square, [1.0]) == \
        "✘ your function: not written yet: define the function first"
    assert said(capsys, check_function, lambda x: x * x if x < 2 else 1 / (x - 2), square, [1.0, 2.0]) == \
        "✘ your function: raised ZeroDivisionError: float division by zero on test case 2"
    assert said(capsys, check_function, lambda x: ... if x > 1 else x * x, square, [1.0, 2.0]) == \
        "✘ your function: returned Ellipsis on test case 2: finish the function"
    assert said(capsys, check_function, lambda x: 2 * x, square, [2.0, 3.0], name="f") == \
        "✘ f: test case 2: value is 6, expected 9"
    assert said(capsys, check_function, lambda m, x: m.sqrt(x), lambda m, x: m.sqrt(x), [(np, 4.0)]) == \
        "✔ your function: agrees with the reference on all 1 test cases"   # a module cannot be copied: passed as is


def test_check_derivative_lines(capsys):
    assert said(capsys, check_derivative, np.cos, np.sin, [0.0, 1.0]) == \
        "✔ your derivative: equals the central difference at all 2 points"
    assert said(capsys, check_derivative, 5, np.sin, [0.0]) == \
        "✘ your derivative: not written yet: define the function first"
    assert said(capsys, check_derivative, lambda x: 1 / x, np.sin, [0.0]) == \
        "✘ your derivative: raised ZeroDivisionError: float division by zero at x = 0.0"
    assert said(capsys, check_derivative, lambda x: None, np.sin, [0.5]) == \
        "✘ your derivative: returned None at x = 0.5: finish the function"
    assert said(capsys, check_derivative, lambda x: "one", np.sin, [0.5], name="d") == \
        "✘ d: expected a number at x = 0.5, got str"
    assert said(capsys, check_derivative, lambda x: 2 * x + 1, lambda x: x * x, [1.0], name="d") == \
        "✘ d: at x = 1 gives 3, but the central difference is 2"


def test_check_derivative_tolerance_and_step():
    """The band is tol + tol |central difference|, so it is tol where the derivative is 0; the central
    difference's step 1e-5 has an error of about h^2 f'''/6, here 1e-10 f''' relative: e^(10x) passes at 1e-8."""
    assert check_derivative(lambda x: 2 * x + 9e-7, lambda x: x * x, [0.0])
    assert not check_derivative(lambda x: 2 * x + 1.1e-6, lambda x: x * x, [0.0])
    assert check_derivative(lambda x: 10 * np.exp(10 * x), lambda x: np.exp(10 * x), [0.0, 0.3], tol=1e-8)


def test_check_gradient_lines(capsys):
    w, b = np.array([3.0, 4.0]), np.array([1.0])
    f = lambda: float(w @ np.array([3.0, 4.0]) + 2 * b[0])         # noqa: E731  gradient (3, 4) and (2)
    start = "✘ your gradient: "
    assert said(capsys, check_gradient, ..., f, [w, b]) == start + "not answered yet: replace the ... with your code"
    assert said(capsys, check_gradient, [w], f, [w, b]) == start + "expected 2 arrays, got 1"
    assert said(capsys, check_gradient, 3.0, f, [w, b]) == start + "expected a list of 2 arrays, got float"
    assert said(capsys, check_gradient, [w, [[2.0]]], f, [w, b]) == \
        start + "array 1 has shape (1, 1), expected (1,) (the shape of its parameter)"
    assert said(capsys, check_gradient, [np.array([3.0, 4.0])], f, w) == \
        start + "array 0 has shape (1, 2), expected (2,) (the shape of its parameter)"
    assert said(capsys, check_gradient, [["3", "4"], [2.0]], f, [w, b]) == \
        start + "array 0: expected numbers, got text ['3', '4']"
    assert said(capsys, check_gradient, [w, [{}]], f, [w, b]) == start + "array 1: expected numbers, got list"
    assert said(capsys, check_gradient, [w, [np.inf]], f, [w, b]) == start + "array 1 contains NaN or infinite values"
    assert said(capsys, check_gradient, [w, [None]], f, [w, b]) == start + "array 1 contains NaN or infinite values"
    assert check_gradient([[Decimal(3), Decimal(4)], [Fraction(2)]], f, [w, b])   # other numbers count as floats
    right = said(capsys, check_gradient, [[3, 4], [2]], f, [w, b])
    assert re.fullmatch(r"✔ your gradient: relative error against central differences \d\.\de-1\d \(below 1e-07\)",
                        right)
    off = [np.array([3.0, 4.0 + 2e-5]), np.array([2.0])]             # ||d|| / (||a|| + ||b||) ~ 2e-5 / 10
    expected = np.linalg.norm([0, 2e-5]) / (np.linalg.norm([3, 4 + 2e-5, 2]) + np.linalg.norm([3, 4, 2]))
    assert said(capsys, check_gradient, off, f, [w, b], name="g") == \
        f"✘ g: relative error against central differences {expected:.1e} (above 1e-07)"


def test_a_relative_error_equal_to_tol_is_above_it(capsys):
    w = np.array([3.0, 4.0])
    f = lambda: float(w @ np.array([3.0, 4.0]))                     # noqa: E731
    answer = np.array([3.0, 4.0 + 1e-6])
    error = checks.relative_error([answer], checks.numerical_gradient(f, [w]))
    assert check_gradient(answer, f, w, tol=error * 1.0000001)
    line = said(capsys, check_gradient, answer, f, w, tol=error)
    assert line.startswith("✘ your gradient: ") and line.endswith(f"(above {error:g})")


def test_check_choice_lines(capsys):
    assert said(capsys, check_choice, "b", "b") == "✔ answer: 'b' is right."
    assert said(capsys, check_choice, "a", "b", why="  ") == "✘ answer: 'a' is not it; the answer is 'b'."
    assert said(capsys, check_choice, "a", "b", why=" Because. ") == \
        "✘ answer: 'a' is not it; the answer is 'b'. Because."
    assert said(capsys, check_choice, None, "b", name="p", why="Because.") == \
        "✘ p: not answered yet: put your prediction in place of the ..., then run"
