"""GAN training as in autograd's examples: generator and discriminator parameter lists,
two gradients taken in alternation, each step with its own hand-written Adam state."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

ARGNUM = 1


def init_params(sizes, scale, rs):
    return [(scale * rs.randn(m, n), scale * rs.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])]


def net(params, x):
    for W, b in params[:-1]:
        x = np.tanh(np.dot(x, W) + b)
    W, b = params[-1]
    return np.dot(x, W) + b


def logsigmoid(x):
    return x - np.logaddexp(0, x)


def gan_objective(gen_params, dsc_params, real_data, noise):
    fake_data = net(gen_params, noise)
    logprobs_fake = logsigmoid(net(dsc_params, fake_data))
    logprobs_real = logsigmoid(net(dsc_params, real_data))
    return np.mean(logprobs_real) - np.mean(logprobs_fake)


def loss(gen_params, dsc_params, real_data, noise):
    return -gan_objective(gen_params, dsc_params, real_data, noise)


def inputs():
    rs = npr.RandomState(101)
    gen = init_params([2, 6, 2], 0.4, rs)
    dsc = init_params([2, 5, 1], 0.4, rs)
    real = rs.randn(8, 2) * 0.5 + np.array([1.0, -1.0])
    return gen, dsc, real, rs.randn(8, 2)


def adam_step(params, grads, m, v, i, step_size=0.01, b1=0.9, b2=0.999, eps=1e-8):
    new_params, new_m, new_v = [], [], []
    for (W, b), (gW, gb), (mW, mb), (vW, vb) in zip(params, grads, m, v):
        mW, mb = b1 * mW + (1 - b1) * gW, b1 * mb + (1 - b1) * gb
        vW, vb = b2 * vW + (1 - b2) * gW**2, b2 * vb + (1 - b2) * gb**2
        corr = np.sqrt(1 - b2 ** (i + 1)) / (1 - b1 ** (i + 1))
        new_params.append(
            (
                W - step_size * corr * mW / (np.sqrt(vW) + eps),
                b - step_size * corr * mb / (np.sqrt(vb) + eps),
            )
        )
        new_m.append((mW, mb))
        new_v.append((vW, vb))
    return new_params, new_m, new_v


def zeros_like_params(params):
    return [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]


def result():
    gen, dsc, real, noise = inputs()
    grad_gen = grad(gan_objective, 0)
    grad_dsc = grad(loss, 1)
    mg, vg = zeros_like_params(gen), zeros_like_params(gen)
    md, vd = zeros_like_params(dsc), zeros_like_params(dsc)
    history = []
    for i in range(5):
        gd = grad_dsc(gen, dsc, real, noise)
        dsc, md, vd = adam_step(dsc, gd, md, vd, i)
        gg = grad_gen(gen, dsc, real, noise)
        gen, mg, vg = adam_step(gen, gg, mg, vg, i)
        history.append(gan_objective(gen, dsc, real, noise))
    return gen, dsc, np.array(history)
