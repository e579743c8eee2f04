"""Tricky programs, each checked against finite differences: reassignment, aliasing,
nested control flow, tuples, trees, in-place writes, early exits in callees."""

import numpy as np
import pytest
from gradcheck import check_grads

G = np.array([1.0, 2.0, 3.0])

rng_a_ = np.random.default_rng(1)


def a_f1(x):
    last = x[0]
    for i in range(x.shape[0]):
        if x[i] > 0:
            last = x[i] * 2.0
    return last * last


def a_f2(x):
    s = 0.0
    for i in range(3):
        j = 0
        y = x[i]
        while y < 5.0 and j < 4:
            y = y * 1.7 + 0.1
            j += 1
        s = s + y
    return s


def a_f3(X):
    s = 0.0
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            if X[i, j] > 1.0:
                break
            s = s + X[i, j] ** 2
    return s


def a_g4(v):
    for k in range(3):
        if v * k > 1.0:
            return v * k
    return -v


def a_f4(x):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + a_g4(x[i])
    return s


def a_f5(x):
    ys = []
    for i in range(x.shape[0]):
        if x[i] > 0:
            ys.append(x * x[i])
        else:
            ys.append(np.sin(x))
    return np.sum(np.stack(ys) ** 2)


def a_f6(x):
    Y = np.zeros((2, 3))
    for i in range(2):
        for j in range(3):
            Y[i, j] = x[i] * x[j] + (Y[i, j - 1] if j > 0 else 0.0)
    return np.sum(Y**2)


def a_f7(x):
    ys = [x * 1.0, x * 2.0]
    for i in range(2):
        ys[i] += np.sin(x) * i
    return np.sum(ys[0] * ys[1])


def a_g8(a):
    return np.sin(a), np.cos(a) * a


def a_f8(x):
    s, c = a_g8(x)
    t = a_g8(s)
    return np.sum(s * c + t[0] * t[1])


def a_g9(a):
    if np.sum(a) > 0:
        return np.sum(a * a)
    return a * 2.0


def a_f9(x):
    return np.sum(a_g9(x) + a_g9(-x))


def a_f10(x, y):
    z = x.T @ y
    return np.sum(z * z) + np.trace(x @ x.T)


def a_f11(x):
    acc = x
    i = 0
    while True:
        acc = np.tanh(acc) * 1.5
        i += 1
        if i >= 4:
            break
    return np.sum(acc)


def a_f12(x):
    total = 0.0
    for a, b in zip(x[:-1], x[1:]):
        total += (b - a) ** 2
    for k, v in enumerate(reversed(x)):
        total += k * v
    return total


def a_f13(p):
    h = p["x"]
    for w in p["ws"]:
        h = np.tanh(h @ w)
    return np.sum(h)


def a_f14(x):
    m = np.max(x, axis=1, keepdims=True)
    e = np.exp(x - m)
    p = e / np.sum(e, axis=1, keepdims=True)
    return -np.sum(np.log(p[np.arange(x.shape[0]), np.array([0, 2, 1])]))


def a_f15(x):
    y = x.copy()
    y[1:] = y[1:] * y[:-1]
    y[0] += 3.0
    return np.sum(y * y)


cases_a_ = [
    (a_f1, (rng_a_.normal(size=5),), 0),
    (a_f2, (np.abs(rng_a_.normal(size=3)) + 0.3,), 0),
    (a_f3, (rng_a_.normal(size=(3, 4)),), 0),
    (a_f4, (np.array([0.3, 0.7, 1.3, -0.5]),), 0),
    (a_f5, (rng_a_.normal(size=4),), 0),
    (a_f6, (rng_a_.normal(size=3),), 0),
    (a_f7, (rng_a_.normal(size=3),), 0),
    (a_f8, (rng_a_.normal(size=3),), 0),
    (a_f9, (rng_a_.normal(size=3),), 0),
    (a_f10, (rng_a_.normal(size=(3, 4)), rng_a_.normal(size=(3, 2))), (0, 1)),
    (a_f11, (rng_a_.normal(size=3),), 0),
    (a_f12, (rng_a_.normal(size=5),), 0),
    (
        a_f13,
        (
            {
                "x": rng_a_.normal(size=(2, 3)),
                "ws": [rng_a_.normal(size=(3, 3)), rng_a_.normal(size=(3, 2))],
            },
        ),
        0,
    ),
    (a_f14, (rng_a_.normal(size=(3, 4)),), 0),
    (a_f15, (rng_a_.normal(size=4),), 0),
]

rng_b_ = np.random.default_rng(2)


def b_f1(x):
    a = x
    a = a * 2.0
    return np.sum(a * x)


def b_f2(x, y):
    for i in range(3):
        x, y = y * 1.1, x - 0.2 * y
    return np.sum(x * y)


def b_f3(x):
    for i in range(2):
        x = x[1:] * 2.0 + x[:-1]
    return np.sum(x**2)


def b_f4(x):
    return np.sum(x * G)


W5 = np.array([0.5, -1.0, 2.0])


def b_f5(x, w=W5):
    return np.sum(np.where(x > 0, x * w, x**2))


def b_f6(x):
    y = x.copy()
    y[y > 0] = 0.0
    return np.sum(y * x)


def b_f7(x):
    return np.sum(x @ x) + np.sum(x / x) + np.sum(np.abs(x) ** x)


def b_f8(a, b):
    return max(a, b) * abs(a - b) + min(a * a, b)


def b_f9(x, y):
    return np.linalg.norm(x - y) + np.linalg.norm(x, axis=0).sum()


def b_f10(x):
    s = 0.0
    i = 0
    while i < x.shape[0]:
        if x[i] < 0:
            i += 1
            continue
        s = s + x[i] ** 3
        i += 1
    return s


def b_f11(x):
    out = x
    for k in range(3):
        out = out + (out if k % 2 == 0 else -out) * 0.5
    return np.sum(out)


def b_f12(x):
    n = 0
    y = x
    while np.max(np.abs(y)) > 0.1:
        y = y / 2.0
        n += 1
    return np.sum(y) * n


def b_f13(x):
    parts = [x[i] ** (i + 1) for i in range(x.shape[0]) if i != 1]
    return sum(parts)


cases_b_ = [
    (b_f1, (rng_b_.normal(size=3),), 0),
    (b_f2, (rng_b_.normal(size=3), rng_b_.normal(size=3)), (0, 1)),
    (b_f3, (rng_b_.normal(size=5),), 0),
    (b_f4, (rng_b_.normal(size=3),), 0),
    (b_f5, (rng_b_.normal(size=3),), 0),
    (b_f6, (rng_b_.normal(size=4),), 0),
    (b_f7, (np.abs(rng_b_.normal(size=(3, 3))) + 0.2,), 0),
    (b_f8, (0.7, -0.3), (0, 1)),
    (b_f8, (-0.7, 0.3), (0, 1)),
    (b_f9, (rng_b_.normal(size=(3, 2)), rng_b_.normal(size=(3, 2))), (0, 1)),
    (b_f10, (rng_b_.normal(size=5),), 0),
    (b_f11, (rng_b_.normal(size=3),), 0),
    (b_f12, (rng_b_.normal(size=3),), 0),
    (b_f13, (rng_b_.normal(size=4),), 0),
]


CASES = cases_a_ + cases_b_


@pytest.mark.parametrize(
    "fun, args, argnums", CASES, ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)]
)
def test_tricky_program(fun, args, argnums):
    check_grads(fun, *args, argnums=argnums)


# found by the fuzzer: an adjoint that is the 0.0 placeholder on the branch not taken
def _placeholder_h0(p0, p1):
    v1 = 0.0 * p1
    k2 = 0
    while k2 < 1 and np.sum(v1) < 2.4:
        v1 = np.tanh(v1) + p0
        k2 += 1
    return v1 + p1


def _placeholder_h1(p0, p1):
    return p1 * p0


def placeholder_f(x0, x1):
    v3 = _placeholder_h0(x1, x0)
    v4 = x0[0]
    v5 = x1[-1]
    v6 = x0 * v5
    v7 = v6[0]
    v8 = v3
    if np.sum(x1) > 0.0:
        _placeholder_h1(v7, v6)
        v8 = np.sin(v3) * v6
    return np.sum(v4) + np.mean(v8)


@pytest.mark.parametrize("s0, s1", [((3,), (3,)), ((2, 3), (3,)), ((2, 3), (2, 3)), ((1,), (1,))])
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_adjoint_placeholder_on_untaken_branch(s0, s1, sign):
    x0 = np.random.default_rng(0).normal(size=s0)
    x1 = sign * np.abs(np.random.default_rng(1).normal(size=s1))
    check_grads(placeholder_f, x0, x1, argnums=(0, 1))
