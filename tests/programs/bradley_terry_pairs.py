"""Bradley-Terry ratings from pairwise games: ratings gathered by integer arrays of
winners and losers, a home advantage, the log likelihood with np.logaddexp, a Gaussian
prior; the ratings are kept identifiable by subtracting their mean inside the loss."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import value_and_grad


def log_likelihood(theta, games):
    ratings = theta[:-1] - np.mean(theta[:-1])
    home = theta[-1]
    winner, loser, at_home = games
    diff = ratings[winner] - ratings[loser] + home * at_home
    return -np.sum(np.logaddexp(0.0, -diff))


def loss(theta, games, prior_scale=2.0):
    return -log_likelihood(theta, games) + 0.5 * np.sum(theta[:-1] ** 2) / prior_scale**2


def inputs():
    rs = npr.RandomState(37)
    n_teams, n_games = 6, 40
    strength = rs.randn(n_teams)
    a = rs.randint(0, n_teams, size=n_games)
    b = (a + rs.randint(1, n_teams, size=n_games)) % n_teams
    at_home = np.where(rs.rand(n_games) < 0.5, 1.0, -1.0)
    a_wins = rs.rand(n_games) < 1 / (1 + np.exp(-(strength[a] - strength[b] + 0.3 * at_home)))
    winner = np.where(a_wins, a, b)
    loser = np.where(a_wins, b, a)
    return 0.1 * rs.randn(n_teams + 1), (winner, loser, np.where(a_wins, at_home, -at_home))


def result():
    theta, games = inputs()
    f = value_and_grad(loss)
    history = []
    for step in range(15):
        value, g = f(theta, games)
        history.append(value)
        theta -= 0.05 * g
    return theta, history
