"""Figure: how the gradient of a last-step loss shrinks or grows as it flows back through time.

Shown in docs/02-deep-learning/02-recurrent-networks.md (section on vanishing and exploding
gradients). A tanh RNN with d_h = 32 reads T = 50 small random inputs; its recurrent matrix is
rho times a random orthogonal matrix, so every singular value equals rho. The curves are the norm
of dL/dh_(T-k) for a loss L = w . h_T with ||w|| = 1, computed by backpropagation through time
with NumPy, with the same set-up and seed as includes/examples/02-deep-learning/rnn_bptt.py.
Dashed lines show the bound rho^k for rho = 0.5 and 1.
"""

import numpy as np
from figure_style import COLORS, plt, save


def norms_back_in_time(rho, d_h=32, steps=50, seed=0):
    """Return ||dL/dh_(T-k)|| for k = 0..T for a tanh RNN with W_hh = rho * orthogonal.

    Parameters
    ----------
    rho : float
        Largest singular value of the recurrent matrix.
    d_h : int
        Hidden size.
    steps : int
        Sequence length T.
    seed : int
        Seed for the weights, inputs and readout vector.

    Returns
    -------
    ndarray of shape (steps + 1,)
        Entry k is the Euclidean norm of the gradient reaching h_(T-k).

    """
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(d_h, d_h)))
    w_hh = rho * q
    w_xh = rng.normal(scale=0.1 / 2.0, size=(d_h, 4))
    x = rng.normal(size=(steps, 4))
    w = rng.normal(size=d_h)
    w /= np.linalg.norm(w)
    h = [np.zeros(d_h)]
    for t in range(steps):
        h.append(np.tanh(w_xh @ x[t] + w_hh @ h[-1]))
    delta = w
    norms = [np.linalg.norm(delta)]
    for t in range(steps, 0, -1):
        delta = w_hh.T @ ((1.0 - h[t] ** 2) * delta)
        norms.append(np.linalg.norm(delta))
    return np.array(norms)


k = np.arange(51)
fig, ax = plt.subplots(figsize=(7, 3.8))
for rho, color in ((2.0, COLORS[1]), (1.0, COLORS[0]), (0.5, COLORS[2])):
    ax.semilogy(k, norms_back_in_time(rho), color=color, label=f"rho = {rho:g}")
    if rho < 2:
        ax.semilogy(k, rho ** k.astype(float), color=color, linestyle="--", linewidth=1.0,
                    label=f"bound rho^k, rho = {rho:g}")
ax.set_xlabel("steps back in time, k")
ax.set_ylabel("norm of dL/dh at step T - k")
ax.set_ylim(1e-17, 1e4)
ax.legend(loc="lower left", fontsize=8)
fig.tight_layout()
save(fig, "rnn_gradient_norms.svg")
