"""Fit the launch angle and drag of a projectile with scipy.optimize and s2sgrad.

    python examples/projectile_fit.py [--out projectile_fit.png]

The simulator is plain Python: an Euler loop over time steps with quadratic air drag
and a branch for the ground (once the ball lands it stays put). From 30 noisy
observations of a throw, ``scipy.optimize.minimize`` recovers the angle, speed and
drag coefficient using the exact gradient ``s2sgrad.grad(misfit)``, differentiated
through the loop and the branch. Saves a plot of the observations and the fitted
trajectory. Needs the ``examples`` extra (scipy, matplotlib).
"""

from __future__ import annotations

import argparse

import numpy as np

import s2sgrad

DT = 0.02
STEPS = 150
GRAVITY = 9.81


def simulate(theta):
    """Positions (x, y) after each time step for angle, speed, log-drag in ``theta``."""
    angle, speed, log_drag = theta[0], theta[1], theta[2]
    drag = np.exp(log_drag)
    x, y = 0.0, 0.0
    vx, vy = speed * np.cos(angle), speed * np.sin(angle)
    xs, ys = [], []
    for _ in range(STEPS):
        if y >= 0.0:  # in flight; once below the ground the ball stays where it landed
            v = np.sqrt(vx * vx + vy * vy)
            vx = vx - DT * drag * v * vx
            vy = vy - DT * (GRAVITY + drag * v * vy)
            x = x + DT * vx
            y = y + DT * vy
        xs.append(x)
        ys.append(y)
    return np.stack(xs), np.stack(ys)


def misfit(theta, times, x_obs, y_obs):
    """Sum of squared distances between the simulated and observed positions."""
    xs, ys = simulate(theta)
    return np.sum((xs[times] - x_obs) ** 2 + (ys[times] - y_obs) ** 2)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="fit a projectile's launch and drag")
    parser.add_argument("--out", default="projectile_fit.png", help="where to save the plot")
    args = parser.parse_args(argv)
    from scipy.optimize import minimize

    true = np.array([0.9, 14.0, np.log(0.05)])
    rng = np.random.default_rng(1)
    times = np.sort(rng.choice(STEPS, size=30, replace=False))
    xs, ys = simulate(true)
    x_obs = xs[times] + 0.05 * rng.normal(size=times.size)
    y_obs = ys[times] + 0.05 * rng.normal(size=times.size)

    gradient = s2sgrad.grad(misfit)
    theta0 = np.array([0.5, 10.0, np.log(0.2)])
    fit = minimize(misfit, theta0, args=(times, x_obs, y_obs), jac=gradient, method="BFGS")
    angle, speed, drag = fit.x[0], fit.x[1], np.exp(fit.x[2])
    print(f"scipy.optimize.minimize (BFGS, jac=s2sgrad.grad(misfit)): {fit.message}")
    print(f"  {fit.nit} iterations, {fit.nfev} function and {fit.njev} gradient evaluations")
    print(f"  angle {np.degrees(angle):6.2f} deg  (true {np.degrees(true[0]):6.2f})")
    print(f"  speed {speed:6.2f} m/s (true {true[1]:6.2f})")
    print(f"  drag  {drag:6.4f}     (true {np.exp(true[2]):6.4f})")
    print(
        f"  misfit {fit.fun:.4f} at the optimum, {misfit(theta0, times, x_obs, y_obs):.1f} "
        "at the start"
    )
    _plot(times, x_obs, y_obs, theta0, fit.x, args.out)
    print(f"saved the fitted trajectory to {args.out}")


def _plot(times, x_obs, y_obs, theta0, theta, path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.4))
    for th, style, label in ((theta0, ":", "initial guess"), (theta, "-", "fitted")):
        xs, ys = simulate(th)
        ax.plot(xs, ys, style, label=label)
    ax.plot(x_obs, y_obs, "o", markersize=4, label="observations")
    ax.set(xlabel="x [m]", ylabel="height [m]", title="Projectile with drag, fitted by BFGS")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


if __name__ == "__main__":
    main()
