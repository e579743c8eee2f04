"""MAML: the loss after one inner gradient step on each task, differentiated through the
inner step (a gradient inside the differentiated function), as autograd users write it."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad, value_and_grad


def predict(params, x):
    W, b = params
    return np.tanh(np.dot(x, W) + b)


def task_loss(params, x, y):
    return np.mean((predict(params, x) - y) ** 2)


def adapt(params, x, y, step=0.1):
    g = grad(task_loss)(params, x, y)
    return [p - step * gp for p, gp in zip(params, g)]


def loss(params, tasks):
    total = 0.0
    for x, y in tasks:
        adapted = adapt(params, x, y)
        total = total + task_loss(adapted, x, y)
    return total / len(tasks)


def inputs():
    rs = npr.RandomState(3)
    params = [rs.randn(2, 3) * 0.5, rs.randn(3) * 0.1]
    tasks = [(rs.randn(5, 2), rs.randn(5, 3)) for _ in range(2)]
    return (params, tasks)


def result():
    params, tasks = inputs()
    value, g = value_and_grad(loss)(params, tasks)
    return value, g
