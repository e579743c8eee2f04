"""A recurrent network whose Python ``for`` loop is differentiated as written.

    python examples/rnn.py [--out rnn_loss.png]

``rnn_loss`` is the small function the README shows the generated gradient of. The
script then trains a 16-unit RNN to predict the next value of a noisy sine wave, by
gradient descent with s2sgrad gradients through the loop over time steps, prints the
loss as it falls and saves the training curve (needs matplotlib, the ``examples`` extra).
"""

from __future__ import annotations

import argparse

import numpy as np

import s2sgrad


def rnn_loss(W, xs):
    h = np.zeros(W.shape[0])
    for x in xs:
        h = np.tanh(W @ h + x)
    return np.sum(h * h)


def sequence_loss(params, xs, targets):
    """Mean squared error of one-step-ahead predictions along the sequence."""
    W, U, b, V, c = params
    h = np.zeros(W.shape[0])
    err = 0.0
    for t in range(xs.shape[0]):
        h = np.tanh(W @ h + U * xs[t] + b)
        err = err + (V @ h + c - targets[t]) ** 2
    return err / xs.shape[0]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="train a small RNN on a sine wave")
    parser.add_argument("--out", default="rnn_loss.png", help="where to save the loss curve")
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args(argv)

    rng = np.random.default_rng(0)
    W, xs = rng.normal(size=(4, 4)) * 0.5, rng.normal(size=(6, 4))
    print("gradient of rnn_loss with respect to W:")
    print(s2sgrad.grad(rnn_loss)(W, xs).round(4))

    t = np.linspace(0.0, 8.0 * np.pi, 121)
    wave = np.sin(t) + 0.05 * rng.normal(size=t.size)
    xs, targets = wave[:-1], wave[1:]
    n = 16
    params = [
        rng.normal(size=(n, n)) * 0.3 / np.sqrt(n),
        rng.normal(size=n) * 0.5,
        np.zeros(n),
        rng.normal(size=n) * 0.1,
        0.0,
    ]
    step = s2sgrad.value_and_grad(sequence_loss)
    curve = []
    rate = 0.05
    for i in range(args.steps):
        value, grads = step(params, xs, targets)
        params = [p - rate * g for p, g in zip(params, grads)]
        curve.append(value)
        if i % 50 == 0 or i == args.steps - 1:
            print(f"step {i:4d}  mean squared error {value:.4f}")
    print(f"the error fell from {curve[0]:.3f} to {curve[-1]:.3f} in {args.steps} steps")
    _plot(curve, args.out)
    print(f"saved the training curve to {args.out}")


def _plot(curve, path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3.2))
    ax.plot(curve)
    ax.set(
        xlabel="gradient step",
        ylabel="mean squared error",
        yscale="log",
        title="RNN on a sine wave (s2sgrad through the for loop)",
    )
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


if __name__ == "__main__":
    main()
