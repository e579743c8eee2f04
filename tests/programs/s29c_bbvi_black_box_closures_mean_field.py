"""Black-box variational inference as in autograd's example: black_box_variational_inference
takes a log density and returns (variational_objective, gradient, unpack_params) closures,
the approximation is a mean-field Gaussian over params = [means, log stds], and the
entropy is analytic. Here the Monte Carlo draws come from a RandomState seeded inside the
objective, so the estimate is deterministic; the target is a banana-shaped density."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam


def black_box_variational_inference(logprob, D, num_samples):
    def unpack_params(params):
        mean, log_std = params[:D], params[D:]
        return mean, log_std

    def gaussian_entropy(log_std):
        return 0.5 * D * (1.0 + np.log(2 * np.pi)) + np.sum(log_std)

    def variational_objective(params, t):
        mean, log_std = unpack_params(params)
        rs = npr.RandomState(t)
        samples = rs.randn(num_samples, D) * np.exp(log_std) + mean
        lower_bound = gaussian_entropy(log_std) + np.mean(logprob(samples, t))
        return -lower_bound

    gradient = grad(variational_objective)
    return variational_objective, gradient, unpack_params


def log_density(x, t):
    mu, log_sigma = x[:, 0], x[:, 1]
    sigma_density = -0.5 * (log_sigma / 1.35) ** 2
    mu_density = -0.5 * (mu / np.exp(log_sigma)) ** 2 - log_sigma
    return sigma_density + mu_density


objective, gradient, unpack_params = black_box_variational_inference(
    log_density, D=2, num_samples=20
)


def loss(params):
    return objective(params, 0)


def inputs():
    return (np.array([-1.0, -1.0, -5.0, -5.0]) * 0.2,)


def result():
    return adam(gradient, inputs()[0], step_size=0.1, num_iters=15)
