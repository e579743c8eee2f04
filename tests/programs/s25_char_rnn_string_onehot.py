"""A character RNN trained on a string: the text is one-hot encoded with a comprehension
over characters (booleans cast to float), the parameters are a dict made by a helper,
the hidden state starts from a learned vector tiled over the batch of one sequence, and
the log-likelihood sums log-softmax outputs picked with the next character's one-hot;
result() runs autograd's adam with a callback formatting the loss with %-formatting."""

import autograd.numpy as np
import autograd.numpy.random as npr
from autograd import grad
from autograd.misc.optimizers import adam

TEXT = "hello world, hello rnn"
VOCAB = sorted(set(TEXT))


def string_to_one_hot(string, vocab):
    return np.array([[float(c == v) for v in vocab] for c in string])


def sigmoid(x):
    return 0.5 * (np.tanh(x) + 1.0)


def concat_and_multiply(weights, *args):
    cat_state = np.hstack(args + (np.ones((args[0].shape[0], 1)),))
    return np.dot(cat_state, weights)


def create_rnn_params(
    input_size,
    state_size,
    output_size,
    param_scale=0.1,
    rs=npr.RandomState(0),  # noqa: B008
):
    return {
        "init hiddens": rs.randn(1, state_size) * param_scale,
        "change": rs.randn(input_size + state_size + 1, state_size) * param_scale,
        "predict": rs.randn(state_size + 1, output_size) * param_scale,
    }


def rnn_predict(params, inputs):
    def update_rnn(input, hiddens):
        return np.tanh(concat_and_multiply(params["change"], input, hiddens))

    def hiddens_to_output_probs(hiddens):
        output = concat_and_multiply(params["predict"], hiddens)
        return output - np.log(np.sum(np.exp(output), axis=1, keepdims=True))

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


ONE_HOT = string_to_one_hot(TEXT, VOCAB)[:, None, :]
INPUTS, TARGETS = ONE_HOT[:-1], ONE_HOT[1:]


def loss(params):
    return -rnn_log_likelihood(params, INPUTS, TARGETS)


def inputs():
    return (create_rnn_params(len(VOCAB), 6, len(VOCAB), rs=npr.RandomState(3)),)


LOG = []


def result():
    def training_loss(params, iter):
        return loss(params)

    def callback(weights, iter, gradient):
        if iter % 5 == 0:
            LOG.append("Iteration %d Train loss: %.6f" % (iter, training_loss(weights, 0)))  # noqa: UP031

    return adam(grad(training_loss), inputs()[0], step_size=0.1, num_iters=12, callback=callback)
