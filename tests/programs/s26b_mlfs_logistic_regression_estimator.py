"""ML-from-scratch style logistic regression estimator: hyperparameters in __init__, a
private _loss method (cross-entropy plus an L2 term whose strength is an attribute),
fit() builds g = grad(self._loss) once and runs plain gradient descent with
``self.w -= self.lr * g(self.w, X, y)``, printing the loss every few iterations; predict
thresholds predict_proba. loss is the estimator's own _loss at fixed data."""

import autograd.numpy as np
from autograd import grad

np.random.seed(2641)


def sigmoid(z):
    return 0.5 * (np.tanh(0.5 * z) + 1.0)


def add_intercept(X):
    return np.hstack([np.ones((X.shape[0], 1)), X])


def make_blobs(n=40, d=3):
    X0 = np.random.randn(n // 2, d) + 1.0
    X1 = np.random.randn(n // 2, d) - 1.0
    X = np.vstack([X0, X1])
    y = np.concatenate([np.ones(n // 2), np.zeros(n // 2)])
    return X, y


class LogisticRegression:
    """Binary logistic regression trained by batch gradient descent."""

    def __init__(self, lr=0.1, n_iter=100, l2=0.01, fit_intercept=True, verbose=False):
        self.lr = lr
        self.n_iter = n_iter
        self.l2 = l2
        self.fit_intercept = fit_intercept
        self.verbose = verbose
        self.w = None
        self.history = []

    def _design(self, X):
        return add_intercept(X) if self.fit_intercept else X

    def _loss(self, w, X, y):
        p = sigmoid(np.dot(X, w))
        eps = 1e-12
        nll = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
        penalty = (
            0.5 * self.l2 * np.sum(w[1:] ** 2)
            if self.fit_intercept
            else 0.5 * self.l2 * np.sum(w**2)
        )
        return nll + penalty

    def fit(self, X, y):
        X = self._design(X)
        n_samples, n_features = X.shape
        self.w = np.zeros(n_features)
        g = grad(self._loss)
        for i in range(self.n_iter):
            self.w -= self.lr * g(self.w, X, y)
            if i % 10 == 0:
                current = self._loss(self.w, X, y)
                self.history.append(current)
                if self.verbose:
                    print(f"iter {i:3d}  loss {current:.4f}")
        return self

    def predict_proba(self, X):
        return sigmoid(np.dot(self._design(X), self.w))

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)

    def score(self, X, y):
        return np.mean(self.predict(X) == y)


X_TRAIN, Y_TRAIN = make_blobs()
MODEL = LogisticRegression(lr=0.5, n_iter=30, l2=0.05)
DESIGN = add_intercept(X_TRAIN)
assert DESIGN.shape == (40, 4)


def loss(w):
    return MODEL._loss(w, DESIGN, Y_TRAIN)


def inputs():
    return (0.1 * np.arange(4.0) - 0.15,)


def result():
    model = LogisticRegression(lr=0.5, n_iter=30, l2=0.05).fit(X_TRAIN, Y_TRAIN)
    return model.w, np.array(model.history), model.score(X_TRAIN, Y_TRAIN)


if __name__ == "__main__":
    model = LogisticRegression(verbose=True).fit(X_TRAIN, Y_TRAIN)
    print("train accuracy", model.score(X_TRAIN, Y_TRAIN))
