"""A projectile integrated until it hits the ground, written with for/else: the loop
breaks at the first step below ground (the impact position interpolated linearly inside
the loop), and the else clause handles "no impact within the horizon"; the loss aims the
impact point, differentiated in the launch velocity."""

import autograd.numpy as np


def impact_x(v0, dt=0.02, max_steps=200, drag=0.1):
    x, y = 0.0, 0.0
    vx, vy = v0[0], v0[1]
    for step in range(max_steps):
        speed = np.sqrt(vx**2 + vy**2)
        ax, ay = -drag * speed * vx, -9.81 - drag * speed * vy
        x_new, y_new = x + dt * vx, y + dt * vy
        vx, vy = vx + dt * ax, vy + dt * ay
        if y_new < 0.0:
            frac = y / (y - y_new)
            x_hit = x + frac * (x_new - x)
            break
        x, y = x_new, y_new
    else:
        x_hit = x
    return x_hit


def loss(v0, target):
    return (impact_x(v0) - target) ** 2 + 0.001 * np.sum(v0**2)


def inputs():
    return np.array([4.0, 5.0]), 3.0
