"""autograd's Bayesian neural net example, re-imagined: black_box_variational_inference
returns (variational_objective, gradient, unpack_params), the objective draws its noise
from npr.RandomState(seed + t) made inside (so each iteration t has its own fixed
draws), the weights of a tanh network are unpacked from a flat sample matrix by a
shapes list, and result() runs adam on the returned gradient with a callback that
formats the ELBO."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.stats.norm as norm
from autograd import grad
from autograd.misc.optimizers import adam


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


def black_box_variational_inference(logprob, D, num_samples, seed=0):
    def unpack_params(params):
        mean, log_std = params[:D], params[D:]
        return mean, log_std

    def gaussian_entropy(log_std):
        return 0.5 * D * (1.0 + np.log(2 * np.pi)) + np.sum(log_std)

    def variational_objective(params, t):
        rs = npr.RandomState(seed + t)
        mean, log_std = unpack_params(params)
        samples = rs.randn(num_samples, D) * np.exp(log_std) + mean
        lower_bound = gaussian_entropy(log_std) + np.mean(logprob(samples, t))
        return -lower_bound

    gradient = grad(variational_objective)
    return variational_objective, gradient, unpack_params


rs = npr.RandomState(2514)
X = np.linspace(-2, 2, 12).reshape((12, 1))
Y = np.cos(X) + 0.1 * rs.randn(12, 1)
num_weights, predictions, logprob = make_nn_funs([1, 5, 1], L2_reg=0.1, noise_variance=0.01)


def log_posterior(weights, t):
    return logprob(weights, X, Y) + np.sum(norm.logpdf(weights, 0, 3.0), axis=1) * 0.0


objective, gradient, unpack_params = black_box_variational_inference(
    log_posterior, num_weights, num_samples=4
)


def loss(params):
    return objective(params, 3)


def inputs():
    r = npr.RandomState(8)
    return (np.concatenate([0.3 * r.randn(num_weights), -2.0 * np.ones(num_weights)]),)


LOG = []


def result():
    def callback(params, t, g):
        LOG.append("Iteration {} lower bound {:.4f}".format(t, -objective(params, t)))  # noqa: UP032

    return adam(gradient, inputs()[0], step_size=0.05, num_iters=6, callback=callback)
