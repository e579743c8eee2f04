"""A random-intercept regression fitted by penalised least squares, written the way
people group records: the residual of each observation is appended to its subject's list
with groups.setdefault(subject, []).append(r), and the loss adds, for each subject, the
squared mean of its residuals (a crude shrinkage of the per-subject offsets) to the
overall squared error."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(29052)
SUBJECTS = [0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 3, 0]
X = rs.randn(len(SUBJECTS), 2)
Y = (
    X.dot(np.array([1.0, -0.5]))
    + np.array([0.5, -0.3, 0.2, 0.0])[SUBJECTS]
    + 0.1 * rs.randn(len(SUBJECTS))
)


def loss(beta):
    groups = {}
    for subject, x, y in zip(SUBJECTS, X, Y):
        r = y - np.dot(x, beta)
        groups.setdefault(subject, []).append(r)
    total = 0.0
    for subject, residuals in groups.items():
        total = total + np.sum(np.array(residuals) ** 2) + 2.0 * np.mean(np.array(residuals)) ** 2
    return total


def inputs():
    return (np.zeros(2),)
