"""SIR epidemic with hand-written Euler steps; beta, gamma fitted by minimize(jac=grad)."""

import autograd.numpy as np
from autograd import grad
from scipy.optimize import minimize


def sir(log_params, n_days, dt=0.25):
    beta, gamma = np.exp(log_params)
    S, I, R = 0.99, 0.01, 0.0
    infected = []
    steps = int(1 / dt)
    for day in range(n_days):
        for _ in range(steps):
            new_inf = beta * S * I * dt
            new_rec = gamma * I * dt
            S, I, R = S - new_inf, I + new_inf - new_rec, R + new_rec
        infected.append(I)
    return np.array(infected)


def loss(log_params, data):
    pred = sir(log_params, len(data))
    return np.sum((np.log(pred) - np.log(data)) ** 2)


def inputs():
    data = sir(np.log(np.array([0.5, 0.1])), 12)
    return np.log(np.array([0.3, 0.2])), data


def result():
    x0, data = inputs()
    res = minimize(loss, x0, args=(data,), jac=grad(loss), method="BFGS", options={"maxiter": 5})
    return res.x
