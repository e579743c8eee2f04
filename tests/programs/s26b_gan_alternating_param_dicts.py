"""A 1-D GAN from a tutorial: generator and discriminator are MLPs whose parameters are
dicts ("W0", "b0", ... built in a loop with f-string keys), the discriminator loss and
the non-saturating generator loss are separate functions of (gen_params, disc_params),
and result() alternates k discriminator steps with one generator step using adam-style
moment dicts kept per network. loss is the discriminator loss in its own parameters."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

HPARAMS = {"latent": 2, "hidden": 8, "batch": 16, "k_disc": 2, "lr": 0.02, "steps": 4}


def init_mlp(rs, sizes, scale=0.5):
    params = {}
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        params[f"W{i}"] = scale * rs.randn(m, n) / np.sqrt(m)
        params[f"b{i}"] = np.zeros(n)
    return params


def n_layers(params):
    return len([k for k in params if k.startswith("W")])


def leaky_relu(x, alpha=0.2):
    return np.where(x > 0, x, alpha * x)


def mlp(params, x, final=None):
    L = n_layers(params)
    for i in range(L):
        x = np.dot(x, params[f"W{i}"]) + params[f"b{i}"]
        if i < L - 1:
            x = leaky_relu(x)
    return x if final is None else final(x)


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def generator(gen_params, z):
    return mlp(gen_params, z)


def discriminator(disc_params, x):
    return mlp(disc_params, x)


def disc_loss(disc_params, gen_params, real, z):
    fake = generator(gen_params, z)
    real_term = log_sigmoid(discriminator(disc_params, real))
    fake_term = log_sigmoid(-discriminator(disc_params, fake))
    return -np.mean(real_term) - np.mean(fake_term)


def gen_loss(gen_params, disc_params, z):
    fake = generator(gen_params, z)
    return -np.mean(log_sigmoid(discriminator(disc_params, fake)))


def adam_update(params, grads, state, lr, b1=0.5, b2=0.999, eps=1e-8):
    state["t"] += 1
    t = state["t"]
    for k in params:
        state["m"][k] = b1 * state["m"][k] + (1 - b1) * grads[k]
        state["v"][k] = b2 * state["v"][k] + (1 - b2) * grads[k] ** 2
        mhat = state["m"][k] / (1 - b1**t)
        vhat = state["v"][k] / (1 - b2**t)
        params[k] = params[k] - lr * mhat / (np.sqrt(vhat) + eps)
    return params


def adam_state(params):
    return {
        "t": 0,
        "m": {k: np.zeros_like(v) for k, v in params.items()},
        "v": {k: np.zeros_like(v) for k, v in params.items()},
    }


def sample_real(rs, n):
    return (2.0 + 0.5 * rs.randn(n))[:, None]


rs = npr.RandomState(2646)
GEN = init_mlp(rs, [HPARAMS["latent"], HPARAMS["hidden"], 1])
DISC = init_mlp(rs, [1, HPARAMS["hidden"], HPARAMS["hidden"], 1])
REAL = sample_real(rs, HPARAMS["batch"])
Z = rs.randn(HPARAMS["batch"], HPARAMS["latent"])


def loss(disc_params):
    return disc_loss(disc_params, GEN, REAL, Z)


def inputs():
    return ({k: v.copy() for k, v in DISC.items()},)


def result():
    data_rs = npr.RandomState(0)
    gen, disc = dict(GEN), dict(DISC)
    d_state, g_state = adam_state(disc), adam_state(gen)
    d_grad, g_grad = grad(disc_loss), grad(gen_loss)
    log = []
    for step in range(HPARAMS["steps"]):
        for _ in range(HPARAMS["k_disc"]):
            real = sample_real(data_rs, HPARAMS["batch"])
            z = data_rs.randn(HPARAMS["batch"], HPARAMS["latent"])
            disc = adam_update(disc, d_grad(disc, gen, real, z), d_state, HPARAMS["lr"])
        z = data_rs.randn(HPARAMS["batch"], HPARAMS["latent"])
        gen = adam_update(gen, g_grad(gen, disc, z), g_state, HPARAMS["lr"])
        log.append((disc_loss(disc, gen, real, z), gen_loss(gen, disc, z)))
    return gen, disc, np.array(log)
