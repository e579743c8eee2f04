"""A Bayesian neural network fitted by black-box variational inference, as in autograd's
examples/bayesian_neural_net.py: a mean-field Gaussian over the flat weight vector,
reparametrised draws from a RandomState, the weights of each layer cut from the draws by a
generator over the layer shapes, the log joint with norm.logpdf, and adam in result()."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam
from autograd.scipy.stats import norm

LAYER_SIZES = [1, 6, 1]
SHAPES = list(zip(LAYER_SIZES[:-1], LAYER_SIZES[1:]))
N_WEIGHTS = sum((m + 1) * n for m, n in SHAPES)

rs = npr.RandomState(2201)
X = np.linspace(-2, 2, 14)[:, None]
Y = np.cos(1.5 * X) + 0.1 * rs.randn(14, 1)


def unpack_layers(weights):
    num_samples = len(weights)
    for m, n in SHAPES:
        yield (
            weights[:, : m * n].reshape((num_samples, m, n)),
            weights[:, m * n : m * n + n].reshape((num_samples, 1, n)),
        )
        weights = weights[:, (m + 1) * n :]


def predictions(weights, inputs):
    inputs = np.expand_dims(inputs, 0)
    for W, b in unpack_layers(weights):
        outputs = np.einsum("mnd,mdo->mno", inputs, W) + b
        inputs = np.tanh(outputs)
    return outputs


def logprob(weights, inputs, targets, noise_std=0.1):
    log_prior = np.sum(norm.logpdf(weights, 0.0, 1.0), axis=1)
    preds = predictions(weights, inputs)
    log_lik = -np.sum((preds - targets) ** 2, axis=(1, 2)) / (2 * noise_std**2)
    return log_prior + log_lik


def gaussian_entropy(log_std):
    return 0.5 * N_WEIGHTS * (1.0 + np.log(2 * np.pi)) + np.sum(log_std)


def variational_objective(params, t, num_samples=5):
    mean, log_std = params[:N_WEIGHTS], params[N_WEIGHTS:]
    noise = npr.RandomState(t).randn(num_samples, N_WEIGHTS)
    samples = noise * np.exp(log_std) + mean
    return -(gaussian_entropy(log_std) + np.mean(logprob(samples, X, Y)))


def loss(params, t):
    return variational_objective(params, t) / 100.0


def inputs():
    init = npr.RandomState(7)
    return np.concatenate([0.3 * init.randn(N_WEIGHTS), -2.0 * np.ones(N_WEIGHTS)]), 4


def result():
    trace = []

    def callback(params, it, g):
        trace.append(np.sum(g**2))

    out = adam(grad(loss), inputs()[0], step_size=0.05, num_iters=5, callback=callback)
    return out, np.array(trace)
