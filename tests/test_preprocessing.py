"""mnist_like and area_resize_matrix on drawings small enough to follow by hand.

Each expected frame is built in the test from the steps the docstring states: crop the ink's box,
scale its longer side to 20 pixels by area averaging, place it at ((28 - h) // 2, (28 - w) // 2),
shift it by whole pixels (np.rint, halves to even) towards a centre of mass at (14, 14) without
letting the block leave the frame, and divide by the darkest pixel."""
import numpy as np
import pytest

from mlp_core import InputError, ShapeError
from mlp_core.preprocessing import area_resize_matrix, mnist_like


def frame(*blocks):
    """A 28x28 frame of zeros with value v written on rows r0:r1 and columns c0:c1 of each block."""
    f = np.zeros((28, 28))
    for r0, r1, c0, c1, v in blocks:
        f[r0:r1, c0:c1] = v
    return f


@pytest.mark.parametrize("n_from,n_to,expected", [
    (4, 2, [[1 / 2, 1 / 2, 0, 0], [0, 0, 1 / 2, 1 / 2]]),       # each target cell covers two whole cells
    (3, 2, [[2 / 3, 1 / 3, 0], [0, 1 / 3, 2 / 3]]),             # cells of 1.5: one whole cell and half the next
    (2, 3, [[1, 0], [1 / 2, 1 / 2], [0, 1]]),                   # cells of 2/3: the middle one straddles the edge
    (3, 3, np.eye(3)),
    (1, 1, [[1]]),
    (1, 3, [[1], [1], [1]]),
])
def test_area_resize_matrix_holds_the_share_of_each_source_cell(n_from, n_to, expected):
    assert np.allclose(area_resize_matrix(n_from, n_to), expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("args,pattern", [
    ((0, 3), r"^n_from must be an integer >= 1, got 0$"),
    ((3, 0), r"^n_to must be an integer >= 1, got 0$"),
    ((2.0, 3), r"^n_from must be an integer >= 1, got 2.0 \(float\)$"),
    ((2, True), r"^n_to must be an integer >= 1, got True \(bool\)$"),
])
def test_area_resize_matrix_refuses_counts_below_one(args, pattern):
    with pytest.raises(InputError, match=pattern):
        area_resize_matrix(*args)


def test_one_inked_pixel_becomes_a_centred_20x20_block():
    image = np.zeros((5, 5))
    image[1, 3] = 0.4
    # crop 1x1 -> 20x20 of 0.4 at (4, 4); centre of mass 13.5, shift rint(0.5) = 0; darkest pixel -> 1
    assert np.array_equal(mnist_like(image).reshape(28, 28), frame((4, 24, 4, 24, 1)))


def test_a_pixel_at_the_threshold_is_paper():
    image = np.zeros((5, 5))
    image[2, 2], image[2, 4], image[4, 2] = 1, 0.25, 0.25
    # only (2, 2) is above 0.25: the box is that one pixel
    assert np.array_equal(mnist_like(image, threshold=0.25).reshape(28, 28), frame((4, 24, 4, 24, 1)))


def test_a_drawing_whose_ink_is_at_most_the_threshold_gives_zeros():
    image = np.full((6, 9), 0.3)
    assert np.array_equal(mnist_like(image, threshold=0.3), np.zeros(784))
    assert np.array_equal(mnist_like(np.zeros((28, 28)), threshold=0), np.zeros(784))


def test_a_two_pixel_bar_is_stretched_and_moved_by_its_centre_of_mass():
    image = np.zeros((7, 6))
    image[3, 1], image[4, 1] = 0.5, 0.25
    # crop 2x1 (1 over 0.5 after scaling) -> 20x10 at (4, 9): rows 4..13 hold 1 and rows 14..23 hold 0.5.
    # Row centre of mass (10 * 85 + 0.5 * 10 * 185) / (10 * 10 + 0.5 * 10 * 10) = 11.83 -> shift rint(2.17) = 2;
    # columns 9..18 have centre 13.5 -> shift rint(0.5) = 0
    expected = frame((6, 16, 9, 19, 1), (16, 26, 9, 19, 0.5))
    assert np.array_equal(mnist_like(image).reshape(28, 28), expected)
    assert np.array_equal(mnist_like(image.T).reshape(28, 28), expected.T)


def test_a_shift_is_limited_so_the_block_stays_inside_the_frame():
    image = np.zeros((5, 4))
    image[1:4, 2] = [0.001, 0, 1]
    # threshold 0 keeps the faint pixel in the box: crop 3x1 -> 20x7 at (4, 10), each source row 20/3 rows
    # tall: rows 4..9 hold 0.001, row 10 2/3 * 0.001, rows 11..16 0, row 17 2/3, rows 18..23 1. Their centre
    # of mass (0.001 * 39 + 0.001 * 2/3 * 10 + 2/3 * 17 + 123) / (0.006 + 0.001 * 2/3 + 2/3 + 6) = 20.14
    # wants a shift of -6, but only the 4 rows above the block are free: the block starts on row 0 (no row
    # wraps round to the bottom). Columns 10..16 have centre 13: shift 1
    up = frame((0, 6, 11, 18, 0.001), (6, 7, 11, 18, 0.001 * 2 / 3), (13, 14, 11, 18, 2 / 3), (14, 20, 11, 18, 1))
    for drawing, expected in [(image, up), (image[::-1], up[::-1]), (image.T, up.T), (image[::-1].T, up[::-1].T)]:
        assert np.allclose(mnist_like(drawing, threshold=0).reshape(28, 28), expected, rtol=0, atol=1e-12)


def test_the_shorter_side_is_rounded_and_placed_with_integer_division():
    image = np.zeros((3, 5))
    image[:, 2] = 1
    # crop 3x1 -> 20 x round(20 / 3) = 20x7, at column (28 - 7) // 2 = 10; columns 10..16 have centre 13,
    # shift 1; rows 4..23 have centre 13.5, shift 0
    assert np.array_equal(mnist_like(image).reshape(28, 28), frame((4, 24, 11, 18, 1)))


def test_a_long_thin_stroke_keeps_at_least_one_row():
    image = np.zeros((3, 50))
    image[1, :] = 0.8
    # crop 1x50 -> max(1, round(0.4)) = 1 row of 20 at (13, 4); row centre 13 -> shift 1
    assert np.array_equal(mnist_like(image).reshape(28, 28), frame((14, 15, 4, 24, 1)))


def test_area_averaging_turns_the_edges_of_a_gap_grey():
    image = np.zeros((3, 5))
    image[1, 1:4] = [1, 0, 1]
    # crop 1x3 -> 7x20 (columns of 3/20 source cells each) at (10, 4), then row shift 1 (centre 13).
    # Column 6 of the block covers [0.9, 1.05]: 2/3 in the first cell (ink), 1/3 in the gap; column 13
    # covers [1.95, 2.1]: 1/3 in the gap and 2/3 in the ink; columns 7..12 lie in the gap
    expected = frame((11, 18, 4, 10, 1), (11, 18, 10, 11, 2 / 3), (11, 18, 17, 18, 2 / 3), (11, 18, 18, 24, 1))
    assert np.allclose(mnist_like(image).reshape(28, 28), expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("threshold,pattern", [
    (-1, r"^mnist_like threshold must be a finite number in \[0, 1\), got -1.0$"),
    (1, r"^mnist_like threshold must be a finite number in \[0, 1\), got 1.0$"),
    (np.nan, r"^mnist_like threshold must be a finite number in \[0, 1\), got nan$"),
    ("0.1", r"^mnist_like threshold must be a number, got '0.1' \(str\)$"),
])
def test_the_threshold_must_lie_in_0_to_1(threshold, pattern):
    with pytest.raises(InputError, match=pattern):
        mnist_like(np.zeros((28, 28)), threshold=threshold)


def test_a_0_255_drawing_is_refused_not_clipped_to_full_ink():
    image = np.zeros((28, 28))
    image[10:18, 12:15] = 200
    with pytest.raises(InputError, match=r"^mnist_like image holds values up to 200: pixels must lie in 0..1; "
                                         r"for 0..255 pixels pass mnist_like image / 255$"):
        mnist_like(image)
    # the hint works: an 8x3 block -> 20 x round(7.5) = 20x8 of ones at (4, 10), centred already
    assert np.allclose(mnist_like(image / 255).reshape(28, 28), frame((4, 24, 10, 18, 1)), rtol=0, atol=1e-12)


def test_a_drawing_of_the_wrong_shape_is_a_shape_error():
    with pytest.raises(ShapeError, match=r"^mnist_like image must be an image of a 2-D array"):
        mnist_like(np.zeros(784))
