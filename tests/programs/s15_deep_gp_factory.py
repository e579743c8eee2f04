"""A two-layer deep Gaussian process in the style of autograd's examples: two GP layers
from one factory, the hidden layer's values at a few inducing inputs are parameters, the
first layer's predictive mean feeds the second layer, and the objective adds both
layers' log marginal likelihoods."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.stats.multivariate_normal as mvn
from autograd.numpy.linalg import solve


def rbf(kernel_params, x, xp):
    scale, length = np.exp(kernel_params[0]), np.exp(kernel_params[1])
    d = (x[:, None, :] - xp[None, :, :]) / length
    return scale * np.exp(-0.5 * np.sum(d**2, axis=2))


def make_gp_layer(cov_func):
    def unpack(params):
        return params[0], params[1:3], np.exp(params[3]) + 1e-4

    def predict(params, x, y, xstar):
        mean, cov_params, noise = unpack(params)
        K = cov_func(cov_params, x, x) + noise * np.eye(len(y))
        Ks = cov_func(cov_params, x, xstar)
        return mean + np.dot(solve(K, Ks).T, y - mean)

    def log_marginal_likelihood(params, x, y):
        mean, cov_params, noise = unpack(params)
        K = cov_func(cov_params, x, x) + noise * np.eye(len(y))
        return mvn.logpdf(y, mean * np.ones(len(y)), K)

    return 4, predict, log_marginal_likelihood


def build_deep_gp(num_inducing, cov_func):
    n_layer, predict_layer, lml_layer = make_gp_layer(cov_func)
    inducing_x = np.linspace(-2, 2, num_inducing).reshape(num_inducing, 1)

    def unpack_all(params):
        layer1 = params[:n_layer]
        hidden_y = params[n_layer : n_layer + num_inducing]
        layer2 = params[n_layer + num_inducing :]
        return layer1, hidden_y, layer2

    def log_marginal_likelihood(params, x, y):
        layer1, hidden_y, layer2 = unpack_all(params)
        hidden = predict_layer(layer1, inducing_x, hidden_y, x).reshape(len(x), 1)
        return lml_layer(layer1, inducing_x, hidden_y) + lml_layer(layer2, hidden, y)

    return 2 * n_layer + num_inducing, log_marginal_likelihood


def data():
    rs = npr.RandomState(1512)
    x = np.sort(rs.uniform(-2, 2, 10)).reshape(10, 1)
    y = np.sign(x[:, 0]) * 0.8 + 0.05 * rs.randn(10)
    return x, y


X, Y = data()
NUM_PARAMS, deep_lml = build_deep_gp(5, rbf)


def loss(params):
    return -deep_lml(params, X, Y)


def inputs():
    return (0.2 * npr.RandomState(15121).randn(NUM_PARAMS),)
