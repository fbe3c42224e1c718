import numpy as np

import pytest

from mlp_core import checks
from mlp_core.checks import check_array, check_derivative, check_function, check_gradient, check_number
from mlp_core.errors import InputError


def test_check_number(capsys):
    assert checks.check_number(0.5, 0.5)
    assert not checks.check_number(0.6, 0.5)
    assert "expected 0.5" in capsys.readouterr().out.splitlines()[-1]
    assert not checks.check_number(..., 1.0)
    assert "not answered" in capsys.readouterr().out
    assert not checks.check_number([1, 2], 1.0)


def test_check_array_reports_shape_then_value(capsys):
    assert checks.check_array(np.eye(2), np.eye(2))
    assert not checks.check_array(np.eye(3), np.eye(2))
    assert "expected shape (2, 2), got shape (3, 3)" in capsys.readouterr().out
    bad = np.eye(2)
    bad[1, 0] = 7
    assert not checks.check_array(bad, np.eye(2))
    assert "index (1, 0) is 7" in capsys.readouterr().out
    assert not checks.check_array("abc", np.eye(2))
    assert not checks.check_array(np.array([np.nan]), np.array([1.0]))


def test_check_function_runs_every_case_and_survives_errors(capsys):
    ref = lambda z: 1 / (1 + np.exp(-z))
    assert checks.check_function(ref, ref, [0.0, np.array([-1.0, 2.0])])
    assert not checks.check_function(lambda z: z, ref, [0.0])
    assert not checks.check_function(lambda z: 1 / 0, ref, [0.0])
    assert "ZeroDivisionError" in capsys.readouterr().out
    assert not checks.check_function(lambda z: None, ref, [0.0])
    assert not checks.check_function(..., ref, [0.0])
    assert checks.check_function(lambda a, b: a @ b, np.dot, [(np.eye(2), np.ones(2))])


def test_check_derivative_uses_central_differences(capsys):
    assert checks.check_derivative(lambda x: 2 * x, lambda x: x * x, [0.0, 1.5, -3.0])
    assert not checks.check_derivative(lambda x: x, lambda x: x * x, [1.5])
    assert "central difference is 3" in capsys.readouterr().out


def test_check_gradient_against_numerical_gradient():
    w = np.array([3.0, 5.0])
    f = lambda: float(w[0] ** 2 - 4 * w[1])
    assert checks.check_gradient([np.array([6.0, -4.0])], f, [w])
    assert not checks.check_gradient([np.array([6.0, 4.0])], f, [w])
    assert not checks.check_gradient([np.zeros(3)], f, [w])
    assert checks.check_gradient(np.array([6.0, -4.0]), f, w)


def test_check_choice():
    assert checks.check_choice(" Central ", "central")
    assert not checks.check_choice("forward", "central")
    assert not checks.check_choice(None, "central")


def test_check_derivative_unanswered_and_non_numbers(capsys):
    assert not checks.check_derivative(lambda x: ..., lambda x: x * x, [1.0])
    assert "finish the function" in capsys.readouterr().out
    assert not checks.check_derivative(lambda x: "two", lambda x: x * x, [1.0])


def test_check_choice_explains_a_wrong_answer_and_waits_for_an_unanswered_one(capsys):
    why = "The central difference's error shrinks like h squared."
    assert checks.check_choice("Central", "central", why=why)
    assert capsys.readouterr().out.strip() == f"✔ answer: 'Central' is right. {why}"
    wrong = checks.check_choice("forward", "central", name="which difference", why=why)
    out = capsys.readouterr().out.strip()
    assert not wrong and out == wrong.message
    assert out == f"✘ which difference: 'forward' is not it; the answer is 'central'. {why}"
    unanswered = checks.check_choice(..., "central", why=why)
    out = capsys.readouterr().out
    assert not unanswered and "not answered yet" in out and why not in out and "central" not in out
    assert checks.check_choice(3, "3") and not checks.check_choice("", "central")


def test_a_check_displays_nothing_after_its_printed_line(capsys):
    from IPython.core.formatters import DisplayFormatter
    from IPython.core.interactiveshell import InteractiveShell
    check = checks.check_number(0.6, 0.5)
    assert not check and check.ok is False and "expected 0.5" in check.message
    assert "Check(ok=False" in repr(check)
    data, _ = DisplayFormatter().format(check)
    assert data == {}
    shell = InteractiveShell.instance()
    try:
        shell.user_ns["checks"] = checks
        capsys.readouterr()
        right = shell.run_cell("checks.check_number(0.5, 0.5)")
        assert right.success and right.result.ok
        out = capsys.readouterr().out  # a terminal shell adds its "Out[n]:" prompt, a kernel does not
        assert out.startswith("✔ answer: 0.5 is right\n") and out.count("0.5 is right") == 1
        assert "Check(" not in out
        fallback = shell.display_formatter.format(right.result)[0]
        assert fallback == {}
    finally:
        InteractiveShell.clear_instance()


def test_text_and_complex_answers_are_not_numbers(capsys):
    assert not check_number("2", 2.0)
    assert "expected a single number, got str '2'" in capsys.readouterr().out
    assert not check_array(np.array([1 + 0j, 2 + 1j]), [1.0, 2.0])
    assert "expected real numbers, got complex values" in capsys.readouterr().out
    assert not check_array(["1", "2"], [1.0, 2.0])
    assert "expected numbers, got text ['1', '2']" in capsys.readouterr().out
    assert not check_number(True, 1.0)
    assert "expected numbers, got booleans True" in capsys.readouterr().out


def test_a_derivative_off_by_4e_6_shows_the_digits_that_differ(capsys):
    assert not check_derivative(lambda x: 2 * x + 4e-6, lambda x: x ** 2, [1.0])
    out = capsys.readouterr().out
    assert "at x = 1 gives 2.000004, but the central difference is 2" in out


def test_a_value_off_in_the_seventh_digit_shows_it(capsys):
    assert not check_array([1.0000021], [1.0])
    assert "value at index (0,) is 1.000002, expected 1" in capsys.readouterr().out


def test_check_function_gives_each_function_its_own_copy_of_the_arguments(capsys):
    def reference(a):
        return a * 2

    def wrong_and_zeroes_its_argument(a):         # returns 0, and makes the reference say 0 too
        a[...] = 0
        return np.zeros_like(a)
    assert not check_function(wrong_and_zeroes_its_argument, reference, [(np.arange(1.0, 4.0),)])
    assert "test case 1: value at index (0,) is 0, expected 2" in capsys.readouterr().out

    def correct_but_changes_its_argument(a):
        result = a * 2
        a[...] = 0                                # a careless learner zeroes the input afterwards
        return result
    assert check_function(correct_but_changes_its_argument, reference, [(np.arange(3.0),)])
    case = (np.arange(3.0),)
    assert check_function(reference, correct_but_changes_its_argument, [case])
    np.testing.assert_array_equal(case[0], [0.0, 1.0, 2.0])


def test_an_interrupted_gradient_check_leaves_the_parameters_as_they_were():
    W = np.array([1.0, 2.0])
    calls = []

    def f():
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return float(W @ W)
    with pytest.raises(KeyboardInterrupt):
        check_gradient([2 * W], f, W)
    np.testing.assert_array_equal(W, [1.0, 2.0])


def test_a_value_ten_tolerances_off_is_wrong_and_a_tenth_is_right(capsys):
    """np.isclose's band is atol + rtol |expected|: 10 bands off is wrong, a tenth of a band is right."""
    for rtol, atol, expected in ((1e-6, 1e-9, 2.0), (1e-3, 1e-3, -0.1), (1e-6, 1e-9, 0.0), (0.0, 1e-4, 5.0)):
        width = atol + rtol * abs(expected)
        assert not check_number(expected + 10 * width, expected, rtol=rtol, atol=atol)
        assert not check_number(expected - 10 * width, expected, rtol=rtol, atol=atol)
        assert check_number(expected + width / 10, expected, rtol=rtol, atol=atol)
        assert not check_array([expected, expected + 10 * width], [expected, expected], rtol=rtol, atol=atol)
        assert check_array([expected - width / 10] * 2, [expected, expected], rtol=rtol, atol=atol)
    assert not check_number(2.0 * (1 + 1e-5), 2.0) and check_number(2.0 * (1 + 1e-7), 2.0)   # default rtol 1e-6
    assert not check_number(1e-8, 0.0) and check_number(1e-10, 0.0)                            # default atol 1e-9
    assert not check_derivative(lambda x: 3 * x ** 2 + 1e-5 * (1 + 3 * x ** 2), lambda x: x ** 3, [1.0])
    assert check_derivative(lambda x: 3 * x ** 2 + 1e-7 * (1 + 3 * x ** 2), lambda x: x ** 3, [1.0])
    w = np.array([3.0, 4.0])                              # gradient of w.w is 2w, norm 10: ||a - b|| / 20
    assert not check_gradient(2 * w + [0, 20 * 1e-6], lambda: float(w @ w), w)   # relative error 1e-6
    assert check_gradient(2 * w + [0, 20 * 1e-8], lambda: float(w @ w), w)       # 1e-8 < tol 1e-7


def test_a_function_wrong_on_a_later_case_only_is_wrong(capsys):
    cases = [0.5, 1.5, np.array([2.0, 3.0])]

    def wrong_on(k):
        return lambda x: x * x + (1e-4 if same_case(x, cases[k]) else 0.0)
    for k in (1, 2):
        assert not check_function(wrong_on(k), lambda x: x * x, cases)
        assert f"test case {k + 1}: value" in capsys.readouterr().out
    assert not check_derivative(lambda x: 2 * x + (1e-3 if x == 3.0 else 0), lambda x: x * x, [1.0, 2.0, 3.0])
    assert "at x = 3 gives" in capsys.readouterr().out
    w, b = np.array([1.0, 2.0]), np.array([3.0])
    assert not check_gradient([2 * w, 2 * b + 1e-3], lambda: float(w @ w + b @ b), [w, b])


def same_case(x, case):
    return np.shape(x) == np.shape(case) and np.all(np.asarray(x) == case)


def test_a_choice_is_one_option_not_one_containing_it(capsys):
    for wrong in ("bc", "cb", "b c", "b, c", "bb", "", "a", "c", "b)", "(b"):
        assert not checks.check_choice(wrong, "b")
        assert capsys.readouterr().out.startswith("✘ answer:")
    for right in ("b", "B", "  B ", "b\n"):
        assert checks.check_choice(right, "b")
    assert not checks.check_choice("ı", "i") and not checks.check_choice("i", "ı")   # dotless ı is another letter


def test_an_unanswered_exercise_is_never_right(capsys):
    for answer in (..., None):
        assert not check_number(answer, 1.0) and not check_array(answer, [1.0])
        assert not check_function(answer, abs, [1.0]) and not check_derivative(answer, abs, [1.0])
        assert not check_gradient(answer, lambda: 1.0, np.zeros(1))
        assert not checks.check_choice(answer, "b", why="Because.")
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == 6 and all(line.startswith("✘") and "not" in line for line in lines)
        assert "'b'" not in lines[-1] and "Because" not in lines[-1]
    assert not check_function(lambda x: ..., abs, [1.0]) and not check_derivative(lambda x: None, abs, [1.0])
    assert "finish the function" in capsys.readouterr().out


W2 = np.array([3.0, 4.0])
CALLS = {"check_number": (check_number, (1.0, 1.0)), "check_array": (check_array, ([1.0], [1.0])),
         "check_function": (check_function, (abs, abs, [1.0])),
         "check_derivative": (check_derivative, (np.cos, np.sin, [0.5])),
         "check_gradient": (check_gradient, (2 * W2, lambda: float(W2 @ W2), W2))}


@pytest.mark.parametrize("check, tolerance, value, interval", [
    *[(c, t, v, "[0, inf)") for c in ("check_number", "check_array", "check_function") for t in ("rtol", "atol")
      for v in (-1e-9, float("inf"))],
    ("check_number", "atol", "1e-3", None), ("check_derivative", "tol", -1e-6, "[0, inf)"),
    ("check_gradient", "tol", 0.0, "(0, inf)"), ("check_gradient", "tol", float("nan"), "(0, inf)")])
def test_a_tolerance_below_its_range_is_a_mistake_of_the_call_not_of_the_answer(check, tolerance, value, interval):
    """A negative band (or a gradient's tol of 0) would call every answer wrong, even the exact one."""
    fn, args = CALLS[check]
    expected = (f"{check} {tolerance} must be a finite number in {interval}, got {value!r}" if interval else
                f"{check} {tolerance} must be a number, got '1e-3' (str)")
    with pytest.raises(InputError) as raised:
        fn(*args, **{tolerance: value})
    assert str(raised.value) == expected


def test_a_tolerance_of_zero_asks_for_the_exact_value(capsys):
    assert check_number(0.5, 0.5, rtol=0, atol=0) and check_array([0.5], [0.5], rtol=0.0, atol=0.0)
    assert check_function(abs, abs, [-2.0], rtol=0, atol=0) and not check_number(0.5 + 2 ** -53, 0.5, rtol=0, atol=0)
    assert check_derivative(lambda x: 0.0, lambda x: 1.0, [0.5], tol=0)       # the central difference of 1 is 0
    for fn, args in CALLS.values():
        assert fn(*args)                                                    # the default tolerances accept
