"""Real programs as written (session 13, issue 12): classes of constructs found by the
programs in tests/programs/s13_*.py, checked in every mode against central finite
differences (and autograd, in check_all_modes)."""

import numpy as np
import pytest
from gradcheck import check_all_modes

X = np.array([0.3, -1.2, 0.8])


def _step(a, b):
    return a + 0.1 * np.sin(b), b


def _midpoint(f, y, *args):
    k1 = f(y, *args)
    return y + 0.05 * f(y + 0.05 * k1, *args)


def _field(y, c):
    return -c * y + np.cos(y)


# 1. a trajectory list appended to in a loop, whose items come from a user function that
# may return what it is given: the appended item is no alias of the list


def trajectory_tuple_step(x):
    traj = [x]
    y = x
    for _ in range(3):
        y, v = _step(y, y)
        traj.append(y)
    return np.sum(np.stack(traj) ** 2) + np.sum(v)


def trajectory_star_args(x):
    ys = [x]
    y = x
    for _ in range(4):
        y = _midpoint(_field, y, 0.7)
        ys.append(y)
    return np.sum(np.array(ys)[:, 0] * np.arange(5.0)) + np.sum(ys[-1] ** 3)


def trajectory_insert_and_item(x):
    hist = [x * 1.0]
    y = x
    for i in range(3):
        y, _ = _step(y, hist[-1])
        hist.insert(0, y)
    return np.sum(hist[0] * hist[-1]) + np.sum(np.stack(hist))


@pytest.mark.parametrize(
    "f", [trajectory_tuple_step, trajectory_star_args, trajectory_insert_and_item]
)
def test_appended_items_are_no_alias_of_the_list(f):
    check_all_modes(f, X)


def _same(a):
    return a


def appended_then_changed(x):
    # the item itself changed in place after it was appended: still an error
    y = x * 1.0
    ys = [y]
    z = _same(y)
    ys.append(z)
    z[0] = 0.0
    return np.sum(np.stack(ys))


def test_item_changed_after_append_still_rejected():
    from gradcheck import check_rejected

    check_rejected(appended_then_changed, X, "may share memory")
