"""Bayesian neural net with black-box VI (autograd's examples/bayesian_neural_net.py):
the weights of many samples at once are parsed out of one flat array by a generator
that yields (W, b) with a leading sample axis; the variational objective draws
with an explicit RandomState."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam

STATEFUL = True


def make_nn_funs(layer_sizes, L2_reg, noise_variance, nonlinearity=np.tanh):
    shapes = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    num_weights = sum((m + 1) * n for m, n in shapes)

    def unpack_layers(weights):
        num_weight_sets = len(weights)
        for m, n in shapes:
            yield (
                weights[:, : m * n].reshape((num_weight_sets, m, n)),
                weights[:, m * n : m * n + n].reshape((num_weight_sets, 1, n)),
            )
            weights = weights[:, (m + 1) * n :]

    def predictions(weights, inputs):
        inputs = np.expand_dims(inputs, 0)
        for W, b in unpack_layers(weights):
            outputs = np.einsum("mnd,mdo->mno", inputs, W) + b
            inputs = nonlinearity(outputs)
        return outputs

    def logprob(weights, inputs, targets):
        log_prior = -L2_reg * np.sum(weights**2, axis=1)
        preds = predictions(weights, inputs)
        log_lik = -np.sum((preds - targets) ** 2, axis=1)[:, 0] / noise_variance
        return log_prior + log_lik

    return num_weights, predictions, logprob


def black_box_variational_inference(logprob, D, num_samples):
    def unpack_params(params):
        mean, log_std = params[:D], params[D:]
        return mean, log_std

    def gaussian_entropy(log_std):
        return 0.5 * D * (1.0 + np.log(2 * np.pi)) + np.sum(log_std)

    def variational_objective(params, t, rs):
        mean, log_std = unpack_params(params)
        samples = rs.randn(num_samples, D) * np.exp(log_std) + mean
        lower_bound = gaussian_entropy(log_std) + np.mean(logprob(samples, t))
        return -lower_bound

    return variational_objective, unpack_params


X = np.linspace(-2, 2, 8).reshape((8, 1))
y = np.sin(X) + 0.1 * np.cos(3 * X)
num_weights, predictions, logprob = make_nn_funs([1, 4, 1], L2_reg=0.1, noise_variance=0.01)


def log_posterior(weights, t):
    return logprob(weights, X, y)


objective, unpack_params = black_box_variational_inference(
    log_posterior, num_weights, num_samples=5
)


def loss(params, t, rs):
    return objective(params, t, rs)


def inputs():
    rs = npr.RandomState(0)
    init_mean = 0.3 * rs.randn(num_weights)
    init_log_std = -3 * np.ones(num_weights)
    return np.concatenate([init_mean, init_log_std]), 0, npr.RandomState(5)


def result():
    params, _, rs = inputs()
    values = []

    def callback(params, t, g):
        values.append(objective(params, t, npr.RandomState(t)))

    out = adam(
        grad(lambda p, t: objective(p, t, rs)),
        params,
        step_size=0.05,
        num_iters=5,
        callback=callback,
    )
    return out, np.array(values)
