"""A projectile with drag whose state is a dict, updated by merging
({**state, "pos": ..., "vel": ...}) at each step, with per-step records kept in a list of
dicts; the loss is the squared landing miss plus a control effort."""

import autograd.numpy as np

TARGET = np.array([3.0, 0.0])


def step(state, dt, drag):
    speed = np.sqrt(np.sum(state["vel"] ** 2))
    acc = np.array([0.0, -9.8]) - drag * speed * state["vel"]
    return {
        **state,
        "pos": state["pos"] + dt * state["vel"],
        "vel": state["vel"] + dt * acc,
        "t": state["t"] + dt,
    }


def loss(v0, dt=0.02, drag=0.1, steps=40):
    state = {"pos": np.zeros(2), "vel": v0, "t": 0.0}
    log = []
    for _ in range(steps):
        state = step(state, dt, drag)
        log.append({"height": state["pos"][1], "t": state["t"]})
    peak = max(entry["height"] for entry in log)
    return np.sum((state["pos"] - TARGET) ** 2) + 0.01 * np.sum(v0**2) + 0.1 * peak


def inputs():
    return (np.array([4.0, 3.5]),)
