"""A Bayesian neural network by black-box variational inference (after autograd's own
example, rewritten as a small class): the variational parameters are one flat vector
[means, log_stds] over all weights, a WeightsParser-like helper gives the shapes, a
reparameterised Monte Carlo ELBO draws num_samples weight vectors at once and the
network is evaluated on all of them by batched matmuls (np.einsum). The noise is a fixed
array so the objective is deterministic; result() runs adam with a callback."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam


class BNN:
    def __init__(self, layer_sizes, noise_var=0.01, prior_var=1.0, nonlinearity=np.tanh):
        self.shapes = list(zip(layer_sizes[:-1], layer_sizes[1:]))
        self.num_weights = sum((m + 1) * n for m, n in self.shapes)
        self.noise_var = noise_var
        self.prior_var = prior_var
        self.nonlinearity = nonlinearity

    def unpack_layers(self, weights):
        num_samples = len(weights)
        for m, n in self.shapes:
            yield (
                weights[:, : m * n].reshape((num_samples, m, n)),
                weights[:, m * n : m * n + n].reshape((num_samples, 1, n)),
            )
            weights = weights[:, (m + 1) * n :]

    def predictions(self, weights, inputs):
        x = np.expand_dims(inputs, 0)
        for W, b in self.unpack_layers(weights):
            outputs = np.einsum("mnd,mdo->mno", x, W) + b
            x = self.nonlinearity(outputs)
        return outputs

    def logprob(self, weights, inputs, targets):
        log_prior = -np.sum(weights**2, axis=1) / (2 * self.prior_var)
        preds = self.predictions(weights, inputs)
        log_lik = -np.sum((preds - targets) ** 2, axis=(1, 2)) / (2 * self.noise_var)
        return log_prior + log_lik


def gaussian_entropy(log_std):
    return 0.5 * log_std.size * (1.0 + np.log(2 * np.pi)) + np.sum(log_std)


def make_elbo(model, inputs, targets, noise):
    D = model.num_weights

    def elbo(params):
        mean, log_std = params[:D], params[D:]
        samples = noise * np.exp(log_std) + mean
        return np.mean(model.logprob(samples, inputs, targets)) + gaussian_entropy(log_std)

    return elbo


def build_toy_dataset(n_data=16, noise_std=0.1, seed=2653):
    rs = npr.RandomState(seed)
    inputs = np.concatenate(
        [np.linspace(0, 2, num=n_data // 2), np.linspace(6, 8, num=n_data // 2)]
    )
    targets = np.cos(inputs) + rs.randn(n_data) * noise_std
    inputs = (inputs - 4.0) / 4.0
    return inputs.reshape((len(inputs), 1)), targets.reshape((len(targets), 1))


MODEL = BNN([1, 6, 1], noise_var=0.05)
X, Y = build_toy_dataset()
NUM_SAMPLES = 4
NOISE = npr.RandomState(0).randn(NUM_SAMPLES, MODEL.num_weights)
ELBO = make_elbo(MODEL, X, Y, NOISE)


def loss(params):
    return -ELBO(params) / len(X)


def inputs():
    D = MODEL.num_weights
    return (np.concatenate([0.3 * npr.RandomState(1).randn(D), -3 * np.ones(D)]),)


def result():
    history = []

    def callback(params, t, g):
        history.append(-loss(params))
        if t % 5 == 0:
            print(f"Iteration {t} lower bound {history[-1]:.3f}")

    def objective(params, t):
        return loss(params)

    params = adam(grad(objective), inputs()[0], step_size=0.05, num_iters=10, callback=callback)
    return params, np.array(history)
