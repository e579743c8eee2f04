"""Fit a logistic regression by gradient descent, with gradients from s2sgrad.

python examples/quickstart.py
"""

import numpy as np

import s2sgrad


def loss(w, b, x, y):
    """Mean binary cross-entropy of a logistic model, plus a little L2."""
    z = x @ w + b
    p = 1.0 / (1.0 + np.exp(-z))
    eps = 1e-12
    nll = -np.mean(y * np.log(p + eps) + (1.0 - y) * np.log(1.0 - p + eps))
    return nll + 1e-3 * np.sum(w * w)


def main():
    rng = np.random.default_rng(0)
    n, d = 500, 5
    x = rng.normal(size=(n, d))
    true_w = np.array([2.0, -1.0, 0.5, 0.0, 1.5])
    y = (x @ true_w - 0.3 + 0.5 * rng.normal(size=n) > 0).astype(float)

    grad_loss = s2sgrad.value_and_grad(loss, argnums=(0, 1))  # d/dw and d/db
    w, b = np.zeros(d), 0.0
    for step in range(201):
        value, (dw, db) = grad_loss(w, b, x, y)
        w, b = w - 0.5 * dw, b - 0.5 * db
        if step % 25 == 0:
            print(f"step {step:3d}  loss {value:.4f}")
    accuracy = np.mean(((x @ w + b) > 0) == (y > 0.5))
    print(f"weights {np.round(w, 2)}  bias {b:.2f}  accuracy {accuracy:.1%}")

    print("\nThe generated derivative, as s2sgrad wrote it:\n")
    print(s2sgrad.grad(loss, argnums=(0, 1)).source)


if __name__ == "__main__":
    main()
