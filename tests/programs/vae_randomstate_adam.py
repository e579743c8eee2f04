"""VAE as in autograd's examples/variational_autoencoder.py: a RandomState passed into the
objective draws the reparameterisation noise; Gaussian encoder, Bernoulli decoder, params a
list of (W, b) pairs; trained with autograd.misc.optimizers.adam and a callback."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam

STATEFUL = True


def init_net_params(scale, layer_sizes, rs=npr.RandomState(0)):  # noqa: B008
    return [
        (scale * rs.randn(m, n), scale * rs.randn(n))
        for m, n in zip(layer_sizes[:-1], layer_sizes[1:])
    ]


def relu(x):
    return np.maximum(0, x)


def softplus(x):
    return np.logaddexp(0.0, x)


def neural_net_predict(params, inputs):
    for W, b in params:
        outputs = np.dot(inputs, W) + b
        inputs = softplus(outputs)
    return outputs


def diag_gaussian_log_density(x, mu, log_std):
    return np.sum(
        -0.5 * ((x - mu) / np.exp(log_std)) ** 2 - log_std - 0.5 * np.log(2 * np.pi), axis=-1
    )


def unpack_gaussian_params(params):
    D = np.shape(params)[-1] // 2
    mean, log_std = params[:, :D], params[:, D:]
    return mean, log_std


def sample_diag_gaussian(mean, log_std, rs):
    return rs.randn(*mean.shape) * np.exp(log_std) + mean


def bernoulli_log_density(targets, unnormalized_logprobs):
    label_probabilities = -np.logaddexp(0, -unnormalized_logprobs * (targets * 2 - 1))
    return np.sum(label_probabilities, axis=-1)


def vae_lower_bound(gen_params, rec_params, data, rs):
    q_means, q_log_stds = unpack_gaussian_params(neural_net_predict(rec_params, data))
    latents = sample_diag_gaussian(q_means, q_log_stds, rs)
    q_latents = diag_gaussian_log_density(latents, q_means, q_log_stds)
    p_latents = diag_gaussian_log_density(latents, 0, 0)
    logits = neural_net_predict(gen_params, latents)
    p_data = bernoulli_log_density(data, logits)
    return np.mean(p_latents + p_data - q_latents)


def loss(combined_params, data, rs):
    gen_params, rec_params = combined_params
    return -vae_lower_bound(gen_params, rec_params, data, rs)


def inputs():
    rs = npr.RandomState(3)
    gen = init_net_params(0.3, [2, 5, 6], rs)
    rec = init_net_params(0.3, [6, 5, 4], rs)
    data = (rs.rand(5, 6) > 0.5).astype(float)
    return (gen, rec), data, npr.RandomState(11)


def result():
    params, data, rs = inputs()
    bounds = []

    def objective(params, t):
        return loss(params, data, rs)

    def callback(params, t, g):
        bounds.append(-objective(params, t))

    trained = adam(grad(objective), params, step_size=0.05, num_iters=6, callback=callback)
    return trained, np.array(bounds)
