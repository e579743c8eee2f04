"""Classification and regression losses from an "ML from scratch" repository, collected
in a registry by a decorator (``@register("focal")``), each taking keyword options;
the training config names the losses and their weights, and the objective sums
``weight * LOSSES[name](y, p, **opts)`` over the config. Includes focal loss, Huber,
label-smoothed cross-entropy, log-cosh, and a hinge; predictions come from a linear
model with a softmax head and a separate regression head."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad

LOSSES = {}


def register(name):
    def decorator(fn):
        LOSSES[name] = fn
        return fn

    return decorator


def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


@register("focal")
def focal_loss(y_onehot, probs, gamma=2.0, alpha=0.25, eps=1e-9):
    pt = np.sum(y_onehot * probs, axis=1)
    return -np.mean(alpha * (1 - pt) ** gamma * np.log(pt + eps))


@register("smoothed_xent")
def label_smoothing_xent(y_onehot, probs, smoothing=0.1, eps=1e-9):
    n_classes = y_onehot.shape[1]
    target = y_onehot * (1 - smoothing) + smoothing / n_classes
    return -np.mean(np.sum(target * np.log(probs + eps), axis=1))


@register("multiclass_hinge")
def multiclass_hinge(y_onehot, scores, margin=1.0):
    correct = np.sum(y_onehot * scores, axis=1, keepdims=True)
    margins = np.maximum(0.0, scores - correct + margin) * (1 - y_onehot)
    return np.mean(np.sum(margins, axis=1))


@register("huber")
def huber(y, pred, delta=1.0):
    r = np.abs(y - pred)
    quad = 0.5 * r**2
    lin = delta * (r - 0.5 * delta)
    return np.mean(np.where(r <= delta, quad, lin))


@register("logcosh")
def log_cosh(y, pred):
    r = pred - y
    return np.mean(r + np.logaddexp(0.0, -2.0 * r) - np.log(2.0))


CONFIG = {
    "classification": [
        ("focal", 1.0, {"gamma": 2.0}),
        ("smoothed_xent", 0.5, {"smoothing": 0.2}),
        ("multiclass_hinge", 0.1, {}),
    ],
    "regression": [("huber", 1.0, {"delta": 0.5}), ("logcosh", 0.3, {})],
    "l2": 1e-3,
}


def predict(params, X):
    scores = X @ params["W_cls"] + params["b_cls"]
    reg = X @ params["w_reg"] + params["b_reg"]
    return scores, reg


def objective(params, X, y_onehot, y_reg, config=CONFIG):
    scores, reg = predict(params, X)
    probs = softmax(scores)
    total = 0.0
    for name, weight, opts in config["classification"]:
        target = scores if name == "multiclass_hinge" else probs
        total = total + weight * LOSSES[name](y_onehot, target, **opts)
    for name, weight, opts in config["regression"]:
        total = total + weight * LOSSES[name](y_reg, reg, **opts)
    return total + config["l2"] * (np.sum(params["W_cls"] ** 2) + np.sum(params["w_reg"] ** 2))


rs = npr.RandomState(2657)
X = rs.randn(30, 4)
LABELS = np.argmax(X[:, :3] + 0.5 * rs.randn(30, 3), axis=1)
Y_ONEHOT = np.eye(3)[LABELS]
Y_REG = X @ np.array([1.0, -2.0, 0.5, 0.0]) + 0.3 * rs.standard_t(2, size=30)


def loss(params):
    return objective(params, X, Y_ONEHOT, Y_REG)


def inputs():
    r = npr.RandomState(8)
    return (
        {
            "W_cls": 0.1 * r.randn(4, 3),
            "b_cls": np.zeros(3),
            "w_reg": 0.1 * r.randn(4),
            "b_reg": 0.0,
        },
    )


def result():
    params = inputs()[0]
    g = grad(loss)
    for i in range(10):
        grads = g(params)
        params = {k: v - 0.2 * grads[k] for k, v in params.items()}
    return params, {name: LOSSES[name] is not None for name in sorted(LOSSES)}, loss(params)
