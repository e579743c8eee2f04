"""Black-box VI written like the autograd example: a factory returns the variational
objective, its gradient and unpack_params; the log density uses autograd.scipy.stats.norm
and the objective draws its own noise from a RandomState it closes over; loss is the same
objective written inline with the RandomState as an argument."""

import autograd.numpy as np
import autograd.numpy.random as npr
import autograd.scipy.stats.norm as norm
from autograd import grad
from autograd.misc.optimizers import adam


def black_box_variational_inference(logprob, D, num_samples, seed):
    rs = npr.RandomState(seed)

    def unpack_params(params):
        mean, log_std = params[:D], params[D:]
        return mean, log_std

    def gaussian_entropy(log_std):
        return 0.5 * D * (1.0 + np.log(2 * np.pi)) + np.sum(log_std)

    def variational_objective(params, t):
        mean, log_std = unpack_params(params)
        samples = rs.randn(num_samples, D) * np.exp(log_std) + mean
        lower_bound = gaussian_entropy(log_std) + np.mean(logprob(samples, t))
        return -lower_bound

    gradient = grad(variational_objective)
    return variational_objective, gradient, unpack_params


def log_density(x, t):
    mu, log_sigma = x[:, 0], x[:, 1]
    sigma_density = norm.logpdf(log_sigma, 0, 1.35)
    mu_density = norm.logpdf(mu, 0, np.exp(log_sigma))
    return sigma_density + mu_density


STATEFUL = True  # the RandomState argument draws new samples on each call


def loss(params, rs, num_samples=10):
    mean, log_std = params[:2], params[2:]
    samples = rs.randn(num_samples, 2) * np.exp(log_std) + mean
    entropy = 0.5 * 2 * (1.0 + np.log(2 * np.pi)) + np.sum(log_std)
    return -(entropy + np.mean(log_density(samples, 0)))


def inputs():
    return np.array([-1.0, -1.0, -5.0, -5.0]), npr.RandomState(137)


def result():
    objective, gradient, unpack_params = black_box_variational_inference(log_density, 2, 10, 137)
    elbos = []

    def callback(params, t, g):
        elbos.append(-objective(params, t))

    params = adam(
        gradient, np.array([-1.0, -1.0, -5.0, -5.0]), step_size=0.1, num_iters=6, callback=callback
    )
    return unpack_params(params), len(elbos)
