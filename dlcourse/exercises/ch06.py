"""Exercise checks of chapter 06 (RNN, LSTM and GRU): recall the parameter counts, implement an
RNN step and an LSTM step, derive BPTT through two steps, implement softmax with a temperature
and the entropy, measure how the gradient decays with the recurrent weights' spectral radius.

    check_recall(**answers)              # parameters of RNN/LSTM/GRU(10, 20, 2)
    check_rnn_step(fn)                   # fn(x, h, W_ih, W_hh, b_ih, b_hh) -> h'
    check_lstm_step(fn)                  # fn(x, h, c, W_ih, W_hh, b_ih, b_hh) -> (h', c')
    check_bptt_two_steps(fn)             # fn(x1, x2, w_ih, w_hh, h0) -> (dL/dw_hh, dL/dh0)
    check_temperature(fn)                # fn(logits, temperature) -> probabilities
    check_entropy(fn)                    # fn(probs (..., V)) -> entropy in nats (...)
    check_gradient_decay(ratio_radius_0_5=..., ratio_radius_2_0=...)

Every expected value comes from the course's from-scratch layers (:mod:`dlcourse.nn.rnn`,
:mod:`dlcourse.nn.sampling`), which the chapter proves equal to PyTorch. ``hint(n)`` and
``solution(n)`` reveal a hint and a reference or worked answer of exercises 1 to 8 (8 is a
discussion with a worked answer and no checker).
"""

from __future__ import annotations

import numpy as np

from dlcourse.checks import positive_int, positive_number
from dlcourse.exercises.checker import Case, Question, Report, check_answers, check_function
from dlcourse.exercises.sheet import Exercise, Sheet
from dlcourse.exercises.solutions import ch06 as reference
from dlcourse.nn.gradient_flow import set_spectral_radius, state_gradient_norms
from dlcourse.nn.rnn import GRU, LSTM, RNN, LSTMCell, RNNCell
from dlcourse.nn.sampling import entropy, with_temperature


def _n_parameters(model) -> int:
    """The number of learned numbers of a :mod:`dlcourse.nn.rnn` layer (all its weights)."""
    return int(sum(p.size for p in model.params.values()))


RECALL = (
    Question("rnn_params", float(_n_parameters(RNN(10, 20, 2))),
             "parameters of RNN(10, 20, 2), both biases included"),
    Question("lstm_params", float(_n_parameters(LSTM(10, 20, 2))),
             "parameters of LSTM(10, 20, 2), both biases included"),
    Question("gru_params", float(_n_parameters(GRU(10, 20, 2))),
             "parameters of GRU(10, 20, 2), both biases included"),
)


def check_recall(**answers) -> Report:
    """The parameter counts of seed 001's layers, one keyword each (see :data:`RECALL`)."""
    return check_answers("recall", RECALL, answers)


def _cell_case(cell_class, seed: int, n: int, label: str) -> Case:
    """A random input, state and weights for ``cell_class``(3, 4) and the cell's new state."""
    rng = np.random.default_rng(seed)
    cell = cell_class(3, 4, seed=seed)
    x, h, c = rng.normal(size=(n, 3)), rng.normal(size=(n, 4)), rng.normal(size=(n, 4))
    weights = (cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
    if cell_class is LSTMCell:
        return Case((x, h, c, *weights), np.stack(cell.forward(x, (h, c))), label,
                    diagnose=_lstm_mistake(x, h, c, weights))
    return Case((x, h, *weights), cell.forward(x, h), label, diagnose=_rnn_mistake(x, h, weights))


def _rnn_mistake(x, h, weights):
    """A diagnosis: are the biases or the tanh missing?"""
    W_ih, W_hh, b_ih, b_hh = weights

    def diagnose(got: np.ndarray, expected: np.ndarray) -> str:
        no_bias = np.tanh(x @ W_ih.T + h @ W_hh.T)
        if np.allclose(got, no_bias):
            return "the biases b_ih and b_hh are missing."
        if np.allclose(got, x @ W_ih.T + b_ih + h @ W_hh.T + b_hh):
            return "tanh is missing: h' = tanh(...)."
        return ""
    return diagnose


def _lstm_mistake(x, h, c, weights):
    """A diagnosis: are (h', c') swapped, or the row blocks read as i, f, o, g?"""
    W_ih, W_hh, b_ih, b_hh = weights

    def diagnose(got: np.ndarray, expected: np.ndarray) -> str:
        if np.allclose(got, expected[::-1]):
            return "h' and c' are swapped: return (h_new, c_new)."
        a = np.split(x @ W_ih.T + b_ih + h @ W_hh.T + b_hh, 4, axis=-1)
        sig = [1 / (1 + np.exp(-z)) for z in a]
        i, f, o, g = sig[0], sig[1], sig[2], np.tanh(a[3])  # the order i, f, o, g
        c_ifog = f * c + i * g
        if np.allclose(got, np.stack([o * np.tanh(c_ifog), c_ifog])):
            return ("the row blocks read as i, f, o, g; torch stacks them as i, f, g, o "
                    "(the candidate g is the third block).")
        return ""
    return diagnose


def check_rnn_step(fn) -> Report:
    """``fn(x, h, W_ih, W_hh, b_ih, b_hh)`` must return tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh).

    x (N, 3), h (N, 4), W_ih (4, 3), W_hh (4, 4), b_ih and b_hh (4,); compared with
    :class:`dlcourse.nn.rnn.RNNCell`.
    """
    cases = [_cell_case(RNNCell, 0, 1, "one example, 3 inputs, 4 hidden units"),
             _cell_case(RNNCell, 1, 5, "a batch of 5 examples")]
    return check_function("rnn_step", fn, cases, rtol=1e-6)


def check_lstm_step(fn) -> Report:
    """``fn(x, h, c, W_ih, W_hh, b_ih, b_hh)`` must return the LSTM's new state ``(h', c')``.

    W_ih (16, 3) and W_hh (16, 4) stack the row blocks i, f, g, o of 4 hidden units, as
    torch does; compared with :class:`dlcourse.nn.rnn.LSTMCell`. The pair is compared as one
    array (2, N, 4): h' first.
    """
    cases = [_cell_case(LSTMCell, 0, 1, "one example, 3 inputs, 4 hidden units"),
             _cell_case(LSTMCell, 1, 5, "a batch of 5 examples")]
    return check_function("lstm_step", fn, cases, rtol=1e-6)


def _bptt_expected(x1: float, x2: float, w_ih: float, w_hh: float, h0: float) -> np.ndarray:
    """(dL/dw_hh, dL/dh0) for L = h_2 of a 1-unit tanh RNN without biases, by :class:`RNN`."""
    rnn = RNN(1, 1, bias=False)
    rnn.params["weight_ih_l0"][:], rnn.params["weight_hh_l0"][:] = w_ih, w_hh  # in place
    rnn.forward(np.array([x1, x2]).reshape(2, 1, 1), np.full((1, 1, 1), h0))
    rnn.backward(np.array([0.0, 1.0]).reshape(2, 1, 1))  # L = h_2: only the last output counts
    return np.array([rnn.grads["weight_hh_l0"].item(), rnn.d_h0.item()])


def _only_the_last_step(x1, x2, w_ih, w_hh, h0):
    """A diagnosis: is dL/dw_hh only the direct term (1 − h_2²) h_1, forgetting h_1's own w_hh?"""
    def diagnose(got: np.ndarray, expected: np.ndarray) -> str:
        h1 = np.tanh(w_ih * x1 + w_hh * h0)
        h2 = np.tanh(w_ih * x2 + w_hh * h1)
        if np.isclose(got[0], (1 - h2**2) * h1) and not np.isclose(got[0], expected[0]):
            return ("dL/dw_hh counts only step 2's use of w_hh; w_hh also made h_1 from h_0, "
                    "so add the path through h_1.")
        return ""
    return diagnose


def check_bptt_two_steps(fn) -> Report:
    """``fn(x1, x2, w_ih, w_hh, h0)`` must return ``(dL/dw_hh, dL/dh0)`` for L = h_2.

    The RNN has one unit and no biases: h_t = tanh(w_ih x_t + w_hh h_(t−1)). Compared with
    :meth:`dlcourse.nn.rnn.RNN.backward` (BPTT), the pair as one array (2,).
    """
    args = [((0.5, -1.0, 0.8, 1.2, 0.3), "x = (0.5, −1), w_ih = 0.8, w_hh = 1.2, h0 = 0.3"),
            ((1.0, 2.0, -0.5, 0.4, -0.7), "x = (1, 2), w_ih = −0.5, w_hh = 0.4, h0 = −0.7")]
    cases = [Case(a, _bptt_expected(*a), label, diagnose=_only_the_last_step(*a))
             for a, label in args]
    return check_function("bptt_two_steps", fn, cases, rtol=1e-6)


def check_temperature(fn) -> Report:
    """``fn(logits, temperature)`` must return softmax(logits / temperature) along the last axis.

    Compared with :func:`dlcourse.nn.sampling.with_temperature`; one case has logits near 1000
    (a softmax must subtract the largest logit first).
    """
    logits = np.array([2.0, 1.0, 0.1])
    batch = np.random.default_rng(6).normal(scale=3.0, size=(2, 5))
    big = np.array([1000.0, 999.0, 990.0])
    cases = [Case((logits, t), with_temperature(logits, t), f"logits [2, 1, 0.1], T = {t:g}")
             for t in (1.0, 0.5, 2.0)]
    cases += [Case((batch, 0.8), with_temperature(batch, 0.8), "2 rows of 5 logits, T = 0.8"),
              Case((big, 1.0), with_temperature(big, 1.0), "logits [1000, 999, 990], T = 1")]
    return check_function("softmax_with_temperature", fn, cases, rtol=1e-6)


def check_entropy(fn) -> Report:
    """``fn(probs)`` must return the entropy in nats along the last axis (0 ln 0 counts 0)."""
    cases = [Case((np.full(4, 0.25),), entropy(np.full(4, 0.25)), "uniform over 4: ln 4"),
             Case((np.array([1.0, 0.0, 0.0]),), 0.0, "one sure outcome [1, 0, 0]"),
             Case((np.array([[0.7, 0.2, 0.1], [0.5, 0.5, 0.0]]),),
                  entropy(np.array([[0.7, 0.2, 0.1], [0.5, 0.5, 0.0]])),
                  "2 rows: [0.7, 0.2, 0.1] and [0.5, 0.5, 0]")]
    return check_function("entropy", fn, cases, rtol=1e-6)


def gradient_ratio(radius: float, steps: int = 20, seed: int = 0) -> float:
    """‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ of a tanh RNN(8, 32) whose W_hh is scaled to spectral ``radius``.

    The input is ``steps`` standard-normal vectors (seed ``seed``), and L the sum of the last
    output; below 1 the gradient reaching the first step shrinks, above 1 it can grow.
    """
    radius = positive_number(radius, "radius")
    steps = positive_int(steps, "steps", minimum=2)
    rnn = RNN(8, 32, seed=seed)  # checks seed
    set_spectral_radius(rnn.params["weight_hh_l0"], radius)  # in place: the layer's own weights
    x = np.random.default_rng(seed).normal(size=(steps, 1, 8))
    norms = state_gradient_norms(rnn, x)  # (steps,)
    return float(norms[0] / norms[-1])


def check_gradient_decay(ratio_radius_0_5=None, ratio_radius_2_0=None, seed: int = 0) -> Report:
    """‖∂L/∂h_1‖ / ‖∂L/∂h_20‖ measured with W_hh scaled to spectral radius 0.5 and 2."""
    questions = [Question(f"ratio_radius_{str(r).replace('.', '_')}", gradient_ratio(r, seed=seed),
                          f"‖∂L/∂h_1‖ / ‖∂L/∂h_20‖ at spectral radius {r:g}, seed {seed}")
                 for r in (0.5, 2.0)]
    return check_answers("gradient decay", questions,
                         {"ratio_radius_0_5": ratio_radius_0_5,
                          "ratio_radius_2_0": ratio_radius_2_0})


SHEET = Sheet("06", [
    Exercise(1, "recall", """
        Each layer k has weight_ih_lk (G·H, input), weight_hh_lk (G·H, H) and two biases of
        G·H, with G = 1 row block for the RNN, 4 for the LSTM (i, f, g, o) and 3 for the GRU
        (r, z, n). Layer 1's input is layer 0's output, of size H = 20.""",
        answer=dict(rnn_params=1480, lstm_params=5920, gru_params=4440),
        worked="""
        One row block of layer 0 has 20 × 10 + 20 × 20 + 20 + 20 = 640 numbers and one of
        layer 1 has 20 × 20 + 20 × 20 + 20 + 20 = 840: 1,480 for each block of the two layers.
        The RNN has one block (1,480), the LSTM four (4 × 1,480 = 5,920) and the GRU three
        (3 × 1,480 = 4,440). torch's sum(p.numel() for p in nn.LSTM(10, 20, 2).parameters())
        says the same.""",
        check=check_recall),
    Exercise(2, "implement", """
        torch stores W_ih as (hidden, input), so a batch of rows x (N, input) is multiplied by
        its transpose: x @ W_ih.T is (N, hidden). Add both biases, then tanh.""",
        answer=reference.my_rnn_step, check=check_rnn_step),
    Exercise(3, "implement", """
        Compute the four pre-activations at once, x @ W_ih.T + b_ih + h @ W_hh.T + b_hh (N, 4H),
        and split them into 4 blocks along the last axis in torch's order i, f, g, o. Sigmoid
        for the three gates, tanh for the candidate g; then c' = f c + i g and h' = o tanh(c').""",
        answer=reference.my_lstm_step, check=check_lstm_step),
    Exercise(4, "derive", """
        Write the forward pass: a_1 = w_ih x1 + w_hh h0, h_1 = tanh a_1, a_2 = w_ih x2 + w_hh h_1,
        h_2 = tanh a_2. w_hh appears twice (in a_2 and in a_1): dL/dw_hh is the sum of both
        paths. tanh' = 1 − tanh².""",
        answer=reference.my_bptt_two_steps,
        worked="""
        dL/da_2 = 1 − h_2². Step 2 uses w_hh with h_1: a term (1 − h_2²) h_1. Step 1 uses it
        with h0, reached through dL/dh_1 = (1 − h_2²) w_hh and dL/da_1 = dL/dh_1 (1 − h_1²): a
        term dL/da_1 h0. And dL/dh0 = dL/da_1 w_hh. BPTT on the unrolled network: the shared
        weight's gradient is the sum of its gradients at every step.""",
        check=check_bptt_two_steps),
    Exercise(5, "implement", """
        Divide the logits by T, subtract the largest of each row (softmax does not change when
        a constant is subtracted, and exp(1000) overflows), exponentiate and normalise along
        axis=-1.""",
        answer=reference.my_softmax_with_temperature, check=check_temperature),
    Exercise(6, "implement", """
        H(p) = −Σ p ln p along the last axis, in nats (natural log). An outcome with p = 0
        contributes 0 (the limit of p ln p), but 0 * log(0) is nan in NumPy: use np.where.""",
        answer=reference.my_entropy, check=check_entropy),
    Exercise(7, "experiment", """
        Build RNN(8, 32, seed=SEED); scale rnn.params["weight_hh_l0"] in place by
        radius / max(abs(np.linalg.eigvals(W))); run forward on 20 standard-normal steps
        (np.random.default_rng(SEED).normal(size=(20, 1, 8))), backward with d_output zero
        except the last step (ones), and divide the norm of d_hidden[0, 0, 0] by that of
        d_hidden[0, -1, 0].""",
        answer=dict(ratio_radius_0_5=6.4968e-08, ratio_radius_2_0=4.95448),
        worked="""
        At radius 0.5 the gradient reaching step 1 is about 6e-8 of the one at step 20: each
        step multiplies it by W_hhᵀ and by tanh' ≤ 1, roughly 0.5 per step over many steps,
        and 0.5^19 ≈ 2e-6 before tanh' shrinks it further. At radius 2 it grows (about 5
        times), far less than 2^19: the saturated tanh (tanh' near 0) holds the growth back,
        so a tanh RNN explodes only from about radius 1.5 to 2 on this input (at radius 1.5
        the ratio is still 0.76).
        The LSTM's cell state c' = f c + i g passes the gradient back multiplied by the forget
        gate f alone, which the network can hold near 1.""",
        check=check_gradient_decay),
    Exercise(8, "discuss", """
        Seed 000 says an LSTM "needs an EOF marker" and that its memory is "only about 100
        words". What in the equations sets how far back an LSTM can remember, and what does
        an end marker do for a model that generates text? Look at the recall-distance figure.""",
        worked="""
        Neither is a property of the LSTM. Its memory is the cell state c, kept from step to
        step by the forget gate f: after T steps a memory is scaled by the product of T
        forget gates, so how far back it reaches depends on what training taught f (near 1:
        hundreds of steps or more), on the task and on how far back BPTT was truncated during
        training, not on a fixed number of words. The recall-distance figure measures it for
        each cell on one task. An end-of-text marker is a token like any other: a model that
        must say when a text ends (a name generator, a translation) learns to emit one, and
        sampling stops there; a model that reads fixed-length windows of one long text, like
        this chapter's, needs none, and the chapter's character model has none.""")
])
hint, solution = SHEET.hint, SHEET.solution
