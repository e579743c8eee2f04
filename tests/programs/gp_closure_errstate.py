"""GP with a kernel closure and a noise lambda defined inside the objective, errstate, assert."""

import autograd.numpy as np
import numpy as onp


def nll(log_hyp, X, y):
    sf2 = np.exp(2 * log_hyp[0])
    ell = np.exp(log_hyp[1])

    def k(a, b):
        return sf2 * np.exp(-0.5 * np.sum((a[:, None, :] - b[None, :, :]) ** 2, axis=-1) / ell**2)

    noise = lambda n: np.exp(2 * log_hyp[2]) * np.eye(n)  # noqa: E731
    K = k(X, X) + noise(len(y))
    L = np.linalg.cholesky(K + 1e-8 * np.eye(len(y)))
    with onp.errstate(divide="ignore"):
        alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    assert np.all(np.isfinite(alpha))
    return 0.5 * np.dot(y, alpha) + np.sum(np.log(np.diag(L)))


loss = nll


def inputs():
    rs = np.random.RandomState(50)
    X = rs.rand(9, 2)
    return np.array([0.0, -0.5, -2.0]), X, np.sin(3 * X[:, 0]) * X[:, 1]
