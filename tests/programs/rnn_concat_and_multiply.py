"""An RNN in the style of autograd's examples/rnn.py: concat_and_multiply(weights, *args)
stacks its arguments plus a column of ones (np.hstack(args + (ones,))), the update is a
nested function closing over params, the initial hidden state is np.repeat'ed over the
batch, outputs are log-softmax'ed and collected in a list."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd.scipy.special import logsumexp


def concat_and_multiply(weights, *args):
    cat_state = np.hstack(args + (np.ones((args[0].shape[0], 1)),))
    return np.dot(cat_state, weights)


def rnn_predict(params, inputs):
    def update_rnn(input, hiddens):
        return np.tanh(concat_and_multiply(params["change"], input, hiddens))

    def hiddens_to_output_probs(hiddens):
        output = concat_and_multiply(params["predict"], hiddens)
        return output - logsumexp(output, axis=1, keepdims=True)

    num_sequences = inputs.shape[1]
    hiddens = np.repeat(params["init hiddens"], num_sequences, axis=0)
    output = [hiddens_to_output_probs(hiddens)]
    for input in inputs:
        hiddens = update_rnn(input, hiddens)
        output.append(hiddens_to_output_probs(hiddens))
    return output


def rnn_log_likelihood(params, inputs, targets):
    logprobs = rnn_predict(params, inputs)
    loglik = 0.0
    num_time_steps, num_examples, _ = inputs.shape
    for t in range(num_time_steps):
        loglik += np.sum(logprobs[t] * targets[t])
    return loglik / (num_time_steps * num_examples)


def loss(params, inputs, targets):
    return -rnn_log_likelihood(params, inputs, targets)


def inputs():
    rs = npr.RandomState(106)
    V, H, T, B = 4, 3, 5, 2
    params = {
        "init hiddens": 0.1 * rs.randn(1, H),
        "change": 0.3 * rs.randn(V + H + 1, H),
        "predict": 0.3 * rs.randn(H + 1, V),
    }
    seq = np.eye(V)[rs.randint(0, V, size=(T + 1, B))]
    return params, seq[:-1], seq[1:]
