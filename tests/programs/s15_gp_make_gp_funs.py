"""Gaussian process regression written as a factory of closures, as in autograd's
examples: make_gp_funs(cov_func, num_cov_params) returns the number of parameters, a
predict function and the log marginal likelihood (multivariate_normal.logpdf); the
objective is a module-level lambda of the flat parameter vector."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.stats.multivariate_normal as mvn
from autograd import value_and_grad
from autograd.numpy.linalg import solve


def make_gp_funs(cov_func, num_cov_params):
    def unpack_kernel_params(params):
        mean = params[0]
        cov_params = params[2:]
        noise_scale = np.exp(params[1]) + 0.0001
        return mean, cov_params, noise_scale

    def predict(params, x, y, xstar):
        mean, cov_params, noise_scale = unpack_kernel_params(params)
        cov_f_f = cov_func(cov_params, xstar, xstar)
        cov_y_f = cov_func(cov_params, x, xstar)
        cov_y_y = cov_func(cov_params, x, x) + noise_scale * np.eye(len(y))
        pred_mean = mean + np.dot(solve(cov_y_y, cov_y_f).T, y - mean)
        pred_cov = cov_f_f - np.dot(solve(cov_y_y, cov_y_f).T, cov_y_f)
        return pred_mean, pred_cov

    def log_marginal_likelihood(params, x, y):
        mean, cov_params, noise_scale = unpack_kernel_params(params)
        cov_y_y = cov_func(cov_params, x, x) + noise_scale * np.eye(len(y))
        prior_mean = mean * np.ones(len(y))
        return mvn.logpdf(y, prior_mean, cov_y_y)

    return num_cov_params + 2, predict, log_marginal_likelihood


def rbf_covariance(kernel_params, x, xp):
    output_scale = np.exp(kernel_params[0])
    lengthscales = np.exp(kernel_params[1:])
    diffs = np.expand_dims(x / lengthscales, 1) - np.expand_dims(xp / lengthscales, 0)
    return output_scale * np.exp(-0.5 * np.sum(diffs**2, axis=2))


def build_toy_dataset(D=1, n_data=12, noise_std=0.1):
    rs = npr.RandomState(1511)
    inputs = np.concatenate(
        [np.linspace(0, 3, num=n_data // 2), np.linspace(6, 8, num=n_data // 2)]
    )
    targets = (np.cos(inputs) + rs.randn(n_data) * noise_std) / 2.0
    inputs = (inputs - 4.0) / 2.0
    return inputs.reshape((len(inputs), D)), targets


X, Y = build_toy_dataset()
num_params, predict, log_marginal_likelihood = make_gp_funs(rbf_covariance, num_cov_params=2)
loss = lambda params: -log_marginal_likelihood(params, X, Y)  # noqa: E731


def inputs():
    return (0.1 * npr.RandomState(15111).randn(num_params),)


def result():
    params = inputs()[0]
    for _ in range(5):
        value, g = value_and_grad(loss)(params)
        params = params - 0.05 * g
    mean, cov = predict(params, X, Y, np.linspace(-2, 2, 5).reshape(5, 1))
    return value, params, mean, np.diag(cov)
