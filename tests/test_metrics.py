import numpy as np
import pytest

from mlp_core import ShapeError, confusion_matrix


def test_rows_are_labels_and_columns_are_predictions():
    counts = confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 0], n_classes=3)
    expected = np.array([[1, 1, 0],     # label 0: once right, once taken for a 1
                         [0, 1, 0],
                         [2, 0, 1]])    # label 2: twice taken for a 0
    np.testing.assert_array_equal(counts, expected)
    assert counts.dtype == np.int64 and np.trace(counts) == 3 and counts.sum() == 6


def test_default_is_ten_classes_and_empty_is_all_zero():
    assert confusion_matrix([9], [3])[9, 3] == 1 and confusion_matrix([9], [3]).shape == (10, 10)
    np.testing.assert_array_equal(confusion_matrix(np.array([], int), np.array([], int), 2), np.zeros((2, 2)))


@pytest.mark.parametrize("t,p,pattern", [([0, 1], [0], "same length, got 2 and 1"),
                                         ([0, 3], [0, 1], r"y_true must hold integer classes 0..2.*0..3"),
                                         ([0, 1], [-1, 1], r"y_pred must hold integer classes 0..2"),
                                         ([0.0, 1.0], [0, 1], "dtype float64")])
def test_bad_classes_are_refused(t, p, pattern):
    with pytest.raises(ShapeError, match=pattern):
        confusion_matrix(np.array(t), np.array(p), n_classes=3)
