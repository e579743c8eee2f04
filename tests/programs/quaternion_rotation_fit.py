"""Fitting a rotation between two point sets with a unit quaternion: the Hamilton product
written with np.array of the component expressions, normalisation by np.linalg.norm,
rotating each point as q p q*, unpacking the quaternion with tuple assignment."""

import autograd.numpy as np
import autograd.numpy.random as npr


def qmul(a, b):
    w1, x1, y1, z1 = a[0], a[1], a[2], a[3]
    w2, x2, y2, z2 = b[0], b[1], b[2], b[3]
    return np.array(
        [
            w1 * w2 - x1 * x2 - y1 * y2 - z1 * z2,
            w1 * x2 + x1 * w2 + y1 * z2 - z1 * y2,
            w1 * y2 - x1 * z2 + y1 * w2 + z1 * x2,
            w1 * z2 + x1 * y2 - y1 * x2 + z1 * w2,
        ]
    )


def rotate(q, p):
    q = q / np.linalg.norm(q)
    conj = q * np.array([1.0, -1.0, -1.0, -1.0])
    return qmul(qmul(q, np.concatenate([np.zeros(1), p])), conj)[1:]


def loss(q, src, dst):
    rotated = [rotate(q, p) for p in src]
    return sum(np.sum((r - d) ** 2) for r, d in zip(rotated, dst))


def inputs():
    rs = npr.RandomState(92)
    src = rs.randn(5, 3)
    true_q = np.array([0.9, 0.1, -0.3, 0.2])
    true_q = true_q / np.sqrt(np.sum(true_q**2))
    w, v = true_q[0], true_q[1:]
    dst = np.array([p + 2 * w * np.cross(v, p) + 2 * np.cross(v, np.cross(v, p)) for p in src])
    return np.array([1.0, 0.0, 0.0, 0.1]), src, dst
