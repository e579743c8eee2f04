"""Tables kept as lists of new rows, written cell by cell (``R[i][j] = v``,
``R[i][j] += v``; normalize.rows), against finite differences and autograd; tables whose
rows may be shared keep s2sgrad's error."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import assert_tree_close, check_grads, numerical_grad

import s2sgrad
from s2sgrad.errors import UnsupportedSyntaxError

ag = pytest.importorskip("autograd")
import autograd.numpy as anp  # noqa: E402


def programs(np):
    """The same functions over ``np`` (NumPy for s2sgrad, autograd.numpy for the oracle)."""

    def softmin(values, gamma):
        vals = np.array([-v / gamma for v in values])
        m = np.max(vals)
        return -gamma * (m + np.log(np.sum(np.exp(vals - m))))

    def soft_dtw(x, y, gamma=0.5):
        n, m = x.shape[0], y.shape[0]
        D = np.sum((x[:, None, :] - y[None, :, :]) ** 2, axis=-1)
        R = [[1e10] * (m + 1) for _ in range(n + 1)]
        R[0][0] = 0.0
        for i in range(1, n + 1):
            for j in range(1, m + 1):
                best = softmin([R[i - 1][j], R[i][j - 1], R[i - 1][j - 1]], gamma)
                R[i][j] = D[i - 1, j - 1] + best
        return R[n][m]

    def accumulated(x, y):  # R[i][j] += v, rows made by a comprehension of comprehensions
        n = x.shape[0]
        R = [[0.0 for _ in range(n)] for _ in range(n)]
        for i in range(n):
            for j in range(n):
                R[i][j] += x[i] * y[j]
                if i > 0:
                    R[i][j] += 0.5 * np.sin(R[i - 1][j])
        return sum(R[i][j] ** 2 for i in range(len(R)) for j in range(len(R[i])))

    def display(x, y):  # a display of rows, cells holding arrays
        T = [[x, y], [y * 0.0, x * 0.0]]
        T[1][0] = T[0][0] * T[0][1]
        T[1][1] = np.tanh(T[1][0] + T[0][1])
        T[0][1] = T[1][1] * 2.0  # a written cell written again
        return np.sum(T[0][1] * T[1][0])

    def appended(x, y):  # rows appended as new lists, the table read whole by NumPy
        R = []
        for i in range(3):
            R.append([0.0] * x.shape[0])
        for i in range(3):
            for j in range(x.shape[0]):
                R[i][j] = x[j] * (i + 1.0) + (R[i - 1][j] * y[j] if i > 0 else 0.0)
        return np.sum(np.array(R) ** 2) + sum(R[1]) * max(R[2])

    return {
        "soft_dtw": soft_dtw,
        "accumulated": accumulated,
        "display": display,
        "appended": appended,
    }


OURS, THEIRS = programs(np), programs(anp)
RS = np.random.RandomState(60)
ARGS = {
    "soft_dtw": (RS.randn(5, 2), RS.randn(4, 2)),
    "accumulated": (RS.randn(4), RS.randn(4)),
    "display": (RS.randn(3), RS.randn(3)),
    "appended": (RS.randn(3), RS.randn(3)),
}


@pytest.mark.parametrize("name", sorted(OURS))
def test_table_written_by_cell(name):
    args = ARGS[name]
    g = check_grads(OURS[name], *args, argnums=(0, 1), rtol=1e-5)
    assert_tree_close(g, ag.grad(THEIRS[name], (0, 1))(*args), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", sorted(OURS))
def test_forward_mode(name):
    x, y = ARGS[name]
    f = OURS[name]
    v = np.random.RandomState(1).randn(*x.shape)
    value, dot = s2sgrad.jvp(lambda a: f(a, y), (x,), (v,))
    assert np.isclose(value, f(x, y))
    assert np.isclose(dot, np.sum(numerical_grad(f, (x, y), 0) * v), rtol=1e-6)


def shared_rows(x):
    R = [[0.0] * 2] * 2  # one row twice: R[0][0] = v changes R[1][0] too
    R[0][0] = x[0]
    return R[1][0] * x[1]


def row_alias(x):
    R = [[0.0] * 2 for _ in range(2)]
    row = R[0]  # another name holds the row
    R[0][0] = x[0]
    return row[0] * x[1]


def row_passed(x):
    R = [[0.0] * 2 for _ in range(2)]
    R[0][1] = x[0]
    return _total(R[0]) * x[1]  # a user function may keep the row


def _total(row):
    return row[0] + row[1]


def max_row(x):
    R = [[0.0] * 2 for _ in range(2)]
    top = max(R)  # a row itself
    R[0][0] = x[0]
    return top[0] * x[1]


def copied_table(x):
    R = [[0.0] * 2 for _ in range(2)]
    S = list(R)  # a new list holding the same rows
    R[0][0] = x[0]
    return S[0][0] * x[1]


@pytest.mark.parametrize("fun", [shared_rows, row_alias, row_passed, max_row, copied_table])
def test_rows_that_may_be_shared_keep_the_error(fun):
    with pytest.raises(UnsupportedSyntaxError, match="nested container changed in place"):
        s2sgrad.grad(fun)(np.array([0.3, -1.2]))
