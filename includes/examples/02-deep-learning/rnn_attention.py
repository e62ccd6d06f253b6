"""Additive (Bahdanau) attention over the states of a recurrent encoder, from scratch.

Included by docs/02-deep-learning/02-recurrent-networks.md (Recurrent Neural Networks), section
"Attention: one context vector per output step". The script runs a small tanh RNN encoder over a
sequence of 5 inputs, then computes the attention weights and the context vector for one decoder
state, and asserts what the article states: the weights are non-negative and sum to 1, the
context vector has the size of one encoder state, and it is the weighted average of those states.
"""

import numpy as np


# --8<-- [start:attention]
def additive_attention(
    s_prev: np.ndarray, enc: np.ndarray, w_a: np.ndarray, u_a: np.ndarray, v_a: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores, weights and context of additive attention.

    Bahdanau, Cho & Bengio (2014), section 3.1 and appendix A.1.2:
    e_j = v_a^T tanh(W_a s_{i-1} + U_a h_j), alpha = softmax(e), c_i = sum_j alpha_j h_j.

    Parameters
    ----------
    s_prev : np.ndarray, shape (d_s,)
        The decoder's previous hidden state s_{i-1}.
    enc : np.ndarray, shape (T_x, d_enc)
        The encoder states h_1..h_{T_x}, one per row.
    w_a : np.ndarray, shape (d_a, d_s)
        Projection of the decoder state.
    u_a : np.ndarray, shape (d_a, d_enc)
        Projection of each encoder state.
    v_a : np.ndarray, shape (d_a,)
        Scoring vector.

    Returns
    -------
    (np.ndarray, np.ndarray, np.ndarray)
        Scores e, shape (T_x,); weights alpha, shape (T_x,), non-negative and summing to 1;
        context c, shape (d_enc,).
    """
    e = np.tanh(w_a @ s_prev + enc @ u_a.T) @ v_a      # (T_x, d_a) @ (d_a,) -> (T_x,)
    alpha = np.exp(e - e.max())                          # softmax, shifted for stability
    alpha /= alpha.sum()
    return e, alpha, alpha @ enc                          # (T_x,) @ (T_x, d_enc) -> (d_enc,)
# --8<-- [end:attention]


def vec(v: np.ndarray) -> str:
    """Format a vector as (a, b, ...) with four decimals and explicit signs."""
    return "(" + ", ".join(f"{a:+.4f}" for a in np.ravel(v)) + ")"


def main() -> None:
    """Encode 5 inputs with a tanh RNN, attend from one decoder state, print and check."""
    rng = np.random.default_rng(0)
    t_x, d_x, d_enc, d_s, d_a = 5, 2, 3, 3, 4
    x = rng.normal(size=(t_x, d_x))
    w_xh = rng.normal(scale=0.8, size=(d_enc, d_x))
    w_hh = rng.normal(scale=0.4, size=(d_enc, d_enc))
    enc = np.zeros((t_x, d_enc))
    h = np.zeros(d_enc)
    for t in range(t_x):
        h = np.tanh(w_xh @ x[t] + w_hh @ h)
        enc[t] = h
    s_prev = rng.normal(scale=0.5, size=d_s)
    w_a = rng.normal(size=(d_a, d_s))
    u_a = rng.normal(size=(d_a, d_enc))
    v_a = rng.normal(size=d_a)

    e, alpha, c = additive_attention(s_prev, enc, w_a, u_a, v_a)
    print(f"Encoder states: T_x = {t_x}, each of size d_enc = {d_enc}; decoder state d_s = {d_s}")
    print(f"   scores  e     = {vec(e)}")
    print(f"   weights alpha = {vec(alpha)}   sum = {alpha.sum():.4f}")
    print(f"   context c     = {vec(c)}   shape {c.shape}")
    print(f"   a plain encoder-decoder would pass only h_T = {vec(enc[-1])}")
    assert np.all(alpha >= 0) and abs(alpha.sum() - 1.0) < 1e-12
    assert c.shape == (d_enc,)
    assert np.allclose(c, sum(alpha[j] * enc[j] for j in range(t_x)))


if __name__ == "__main__":
    main()
