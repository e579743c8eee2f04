"""Train a small MLP on scikit-learn's bundled handwritten digits (no download).

    python examples/digits_mlp.py [--out digits_loss.png]

A 64-32-10 network with tanh and a softmax cross-entropy loss, trained by minibatch
gradient descent with momentum on 1,437 images and tested on 360. The gradient comes
from s2sgrad (the generated derivative of the loss is printed at the end). Saves the
training-loss curve as a PNG. Needs the ``examples`` extra (scikit-learn, matplotlib).
"""

from __future__ import annotations

import argparse

import numpy as np

import s2sgrad


def log_softmax(z):
    z = z - np.max(z, axis=1, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))


def loss(params, x, labels):
    """Mean cross-entropy of the network on a batch, plus weight decay."""
    w1, b1, w2, b2 = params
    h = np.tanh(x @ w1 + b1)
    logp = log_softmax(h @ w2 + b2)
    nll = -np.mean(np.sum(logp * labels, axis=1))
    return nll + 1e-4 * (np.sum(w1 * w1) + np.sum(w2 * w2))


def predict(params, x):
    w1, b1, w2, b2 = params
    return np.argmax(np.tanh(x @ w1 + b1) @ w2 + b2, axis=1)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="MLP on the digits dataset")
    parser.add_argument("--out", default="digits_loss.png", help="where to save the loss curve")
    parser.add_argument("--epochs", type=int, default=30)
    args = parser.parse_args(argv)
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = digits.data / 16.0
    x_train, x_test, y_train, y_test = train_test_split(
        x, digits.target, test_size=0.2, random_state=0, stratify=digits.target
    )
    onehot = np.eye(10)[y_train]

    rng = np.random.default_rng(0)
    params = [
        rng.normal(size=(64, 32)) / 8.0,
        np.zeros(32),
        rng.normal(size=(32, 10)) / np.sqrt(32.0),
        np.zeros(10),
    ]
    velocity = [np.zeros_like(p) for p in params]
    step = s2sgrad.value_and_grad(loss)  # gradient w.r.t. the list of parameters

    curve = []
    batch = 64
    for epoch in range(args.epochs):
        order = rng.permutation(len(x_train))
        total = 0.0
        for start in range(0, len(order), batch):
            idx = order[start : start + batch]
            value, grads = step(params, x_train[idx], onehot[idx])
            for i, g in enumerate(grads):
                velocity[i] = 0.9 * velocity[i] - 0.1 * g
                params[i] = params[i] + velocity[i]
            total += value * len(idx)
        curve.append(total / len(order))
        if epoch % 5 == 0 or epoch == args.epochs - 1:
            acc = np.mean(predict(params, x_test) == y_test)
            print(f"epoch {epoch:3d}  train loss {curve[-1]:.4f}  test accuracy {acc:.1%}")

    accuracy = np.mean(predict(params, x_test) == y_test)
    print(f"final test accuracy {accuracy:.1%} on {len(y_test)} held-out digits")
    _plot(curve, args.out)
    print(f"saved the loss curve to {args.out}")
    print("\nThe derivative s2sgrad generated for the loss:\n")
    print(step.source_for(params, x_train[:batch], onehot[:batch]))


def _plot(curve, path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3.2))
    ax.plot(np.arange(1, len(curve) + 1), curve, marker="o", markersize=3)
    ax.set(
        xlabel="epoch",
        ylabel="training loss",
        yscale="log",
        title="MLP on scikit-learn digits (s2sgrad gradients)",
    )
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


if __name__ == "__main__":
    main()
