"""MAML on sinusoid regression: tasks (amplitude, phase) come from a generator function
drawing from a module-level RandomState, the network is a list of (W, b) tuples, the
inner adaptation is one step computed with grad of the task loss inside the meta-loss
and applied with a comprehension over zip(params, grads), and the meta-loss averages the
post-adaptation loss over the tasks (a second-order derivative)."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad


def sample_tasks(rs, n_tasks, n_points=8):
    for _ in range(n_tasks):
        amplitude = rs.uniform(0.5, 2.0)
        phase = rs.uniform(0, np.pi)
        x = rs.uniform(-3, 3, size=(n_points, 1))
        yield x, amplitude * np.sin(x + phase)


TASKS = list(sample_tasks(npr.RandomState(2512), 3))


def net(params, x):
    for W, b in params[:-1]:
        x = np.tanh(x @ W + b)
    W, b = params[-1]
    return x @ W + b


def task_loss(params, x, y):
    return np.mean((net(params, x) - y) ** 2)


def adapt(params, x, y, inner_lr=0.1):
    grads = grad(task_loss)(params, x, y)
    return [(W - inner_lr * dW, b - inner_lr * db) for (W, b), (dW, db) in zip(params, grads)]


def loss(params):
    total = 0.0
    for x, y in TASKS:
        half = len(x) // 2
        adapted = adapt(params, x[:half], y[:half])
        total = total + task_loss(adapted, x[half:], y[half:])
    return total / len(TASKS)


def inputs():
    r = npr.RandomState(12)
    sizes = [1, 6, 6, 1]
    return ([(0.5 * r.randn(m, n), 0.1 * r.randn(n)) for m, n in zip(sizes[:-1], sizes[1:])],)
