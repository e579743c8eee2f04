"""GP regression with composable kernels, GPy-style from scratch: a Kernel base class
with __add__ and __mul__ returning Sum/Product kernels, RBF, Periodic and Linear
kernels whose hyperparameters are read from a dict by prefixed names (f"{self.name}_ell"),
a kernel tree built once at module level (RBF * Periodic + Linear), and the negative log
marginal likelihood via Cholesky solves; result() fits with adam and predicts."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam


class Kernel:
    def __add__(self, other):
        return Sum(self, other)

    def __mul__(self, other):
        return Product(self, other)

    def __call__(self, hypers, A, B):
        raise NotImplementedError

    def names(self):
        return []


class Sum(Kernel):
    def __init__(self, k1, k2):
        self.k1, self.k2 = k1, k2

    def __call__(self, hypers, A, B):
        return self.k1(hypers, A, B) + self.k2(hypers, A, B)

    def names(self):
        return self.k1.names() + self.k2.names()


class Product(Sum):
    def __call__(self, hypers, A, B):
        return self.k1(hypers, A, B) * self.k2(hypers, A, B)


def sqdist(A, B):
    return (A[:, None] - B[None, :]) ** 2


class RBF(Kernel):
    def __init__(self, name="rbf"):
        self.name = name

    def __call__(self, hypers, A, B):
        ell = np.exp(hypers[f"{self.name}_log_ell"])
        var = np.exp(hypers[f"{self.name}_log_var"])
        return var * np.exp(-0.5 * sqdist(A, B) / ell**2)

    def names(self):
        return [f"{self.name}_log_ell", f"{self.name}_log_var"]


class Periodic(Kernel):
    def __init__(self, name="per", period=1.0):
        self.name = name
        self.period = period

    def __call__(self, hypers, A, B):
        ell = np.exp(hypers[f"{self.name}_log_ell"])
        r = np.pi * np.abs(A[:, None] - B[None, :]) / self.period
        return np.exp(-2.0 * np.sin(r) ** 2 / ell**2)

    def names(self):
        return [f"{self.name}_log_ell"]


class Linear(Kernel):
    def __init__(self, name="lin"):
        self.name = name

    def __call__(self, hypers, A, B):
        return np.exp(hypers[f"{self.name}_log_var"]) * np.outer(A, B)

    def names(self):
        return [f"{self.name}_log_var"]


KERNEL = RBF() * Periodic(period=2.0) + Linear()


def neg_log_marginal(hypers, X, y, kernel=KERNEL):
    K = kernel(hypers, X, X) + (np.exp(hypers["log_noise"]) + 1e-6) * np.eye(len(X))
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(L))) + 0.5 * len(X) * np.log(2 * np.pi)


def predict(hypers, X, y, Xs, kernel=KERNEL):
    K = kernel(hypers, X, X) + (np.exp(hypers["log_noise"]) + 1e-6) * np.eye(len(X))
    return kernel(hypers, Xs, X) @ np.linalg.solve(K, y)


rs = npr.RandomState(2664)
X = np.sort(rs.uniform(-3, 3, 18))
Y = np.sin(np.pi * X) * np.exp(-0.1 * X**2) + 0.3 * X + 0.1 * rs.randn(18)


def loss(hypers):
    return neg_log_marginal(hypers, X, Y)


def inputs():
    hypers = {name: 0.1 * (i - 1) for i, name in enumerate(KERNEL.names())}
    hypers["log_noise"] = np.log(0.05)
    return (hypers,)


def result():
    objective = lambda h, t: loss(h)  # noqa: E731
    hypers = adam(grad(objective), inputs()[0], step_size=0.05, num_iters=10)
    return hypers, predict(hypers, X, Y, np.linspace(-3, 3, 5))
