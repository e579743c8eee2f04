"""Matrix factorisation with user and item biases over a list of observed
(user, item, rating) triples, as recommender tutorials write it: the parameters are a
dict, the prediction is a small function of one triple, and the loss sums squared errors
in a generator expression plus an L2 term over the dict values."""

import autograd.numpy as np
import autograd.numpy.random as npr

rs = npr.RandomState(3017)
N_USERS, N_ITEMS, K = 5, 6, 2
RATINGS = [
    (int(u), int(i), float(rs.randint(1, 6)))
    for u, i in zip(rs.randint(0, 5, 18), rs.randint(0, 6, 18))
]
MU = np.mean([r for _, _, r in RATINGS])


def predict(p, u, i):
    return MU + p["bu"][u] + p["bi"][i] + np.dot(p["P"][u], p["Q"][i])


def loss(p, lam=0.05):
    sse = sum((r - predict(p, u, i)) ** 2 for u, i, r in RATINGS)
    reg = lam * sum(np.sum(v**2) for v in p.values())
    return sse / len(RATINGS) + reg


def inputs():
    r = npr.RandomState(17)
    return (
        {
            "P": 0.3 * r.randn(N_USERS, K),
            "Q": 0.3 * r.randn(N_ITEMS, K),
            "bu": np.zeros(N_USERS),
            "bi": 0.1 * r.randn(N_ITEMS),
        },
    )
