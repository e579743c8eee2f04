"""A Keras-style Sequential model: layers of several classes with flags (trainable,
training, use_bias, a class-level `has_weights`), dispatch by isinstance and hasattr in
the model's forward pass, a mode string on the activations, and a weight penalty summed
over a module-level list of regularizer objects by a generator expression."""

import autograd.numpy as np
from autograd import grad


class Layer:
    has_weights = False

    def __init__(self):
        self.trainable = True
        self.training = False


class Dense(Layer):
    has_weights = True

    def __init__(self, n_in, n_out, use_bias=True):
        super().__init__()
        self.shape = (n_in, n_out)
        self.use_bias = use_bias

    def n_params(self):
        return 2 if self.use_bias else 1

    def forward(self, x, W, b=None):
        out = np.dot(x, W)
        if self.use_bias:
            out = out + b
        return out


class Activation(Layer):
    def __init__(self, kind):
        super().__init__()
        self.kind = kind
        self.trainable = False

    def forward(self, x):
        if self.kind == "relu":
            return np.maximum(x, 0.0)
        if self.kind == "softplus":
            return np.log1p(np.exp(x))
        return np.tanh(x)


class Dropout(Layer):
    def __init__(self, rate):
        super().__init__()
        self.rate = rate
        self.trainable = False

    def forward(self, x):
        if self.training:
            return x * (1.0 - self.rate)  # the expected value, to stay deterministic
        return x


class Sequential:
    def __init__(self, layers):
        self.layers = layers

    def forward(self, x, params):
        i = 0
        for layer in self.layers:
            if isinstance(layer, Dense) and layer.trainable:
                if hasattr(layer, "use_bias") and layer.use_bias:
                    x = layer.forward(x, params[i], params[i + 1])
                else:
                    x = layer.forward(x, params[i])
                i += layer.n_params()
            elif not layer.has_weights:
                x = layer.forward(x)
        return x


class L2:
    def __init__(self, lam):
        self.lam = lam

    def penalty(self, w):
        return self.lam * np.sum(w**2)


class SmoothL1:
    def __init__(self, lam):
        self.lam = lam

    def penalty(self, w):
        return self.lam * np.sum(np.sqrt(w**2 + 1e-2))


REGULARIZERS = [L2(1e-2), SmoothL1(5e-3)]

MODEL = Sequential(
    [
        Dense(3, 5),
        Activation("softplus"),
        Dropout(0.2),
        Dense(5, 4, use_bias=False),
        Activation("tanh"),
        Dense(4, 1),
    ]
)
MODEL.layers[2].training = True

rs = np.random.RandomState(3)
X = rs.randn(12, 3)
Y = np.sin(X[:, :1]) + 0.1 * X[:, 1:2]


def loss(params):
    pred = MODEL.forward(X, params)
    fit = np.mean((pred - Y) ** 2)
    return fit + sum(reg.penalty(w) for reg in REGULARIZERS for w in params)


def inputs():
    r = np.random.RandomState(4)
    return (
        [
            r.randn(3, 5) * 0.5,
            np.zeros(5) + 0.1,
            r.randn(5, 4) * 0.5,
            r.randn(4, 1) * 0.5,
            np.zeros(1),
        ],
    )


def result():
    params = inputs()[0]
    g = grad(loss)
    for _ in range(3):
        params = [p - 0.3 * d for p, d in zip(params, g(params))]
    return params
