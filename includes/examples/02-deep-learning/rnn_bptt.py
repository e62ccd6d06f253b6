"""A vanilla (Elman) recurrent network from scratch, trained by backpropagation through time.

The script covers the forward pass, backpropagation through time, vanishing and exploding
gradients, and gradient clipping by global norm.

Included by docs/02-deep-learning/02-recurrent-networks.md (Recurrent Neural Networks). The
script prints the numbers of the article's worked example and asserts every claim the article
makes about them:

1. a tiny RNN (d_x = 1, d_h = 2, T = 3) run forward by hand, then backward through time, with
   every gradient checked against central differences;
2. the one-step Jacobian diag(1 - h_t^2) W_hh, checked against central differences;
3. the norm of the gradient that reaches h_{T-k} from a loss at the last step, for recurrent
   matrices of spectral norm 0.5, 1 and 2, against the bound rho^k;
4. clipping the exploding gradient of part 3 by its global norm.

Convention: one sequence, column vectors. x_t has shape (d_x,), h_t has shape (d_h,),
W_xh has shape (d_h, d_x) and W_hh has shape (d_h, d_h), so
h_t = tanh(W_xh x_t + W_hh h_{t-1} + b).
In NumPy a whole sequence is stored as a (T, d_x) array whose row t is x_t.
"""

import numpy as np


# --8<-- [start:forward]
def rnn_forward(
    x: np.ndarray, h0: np.ndarray, w_xh: np.ndarray, w_hh: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """Run a vanilla RNN over one sequence: h_t = tanh(W_xh x_t + W_hh h_{t-1} + b).

    Elman (1990), "Finding Structure in Time", with tanh as the squashing function.

    Parameters
    ----------
    x : np.ndarray, shape (T, d_x)
        The input sequence; row t is x_t.
    h0 : np.ndarray, shape (d_h,)
        The initial hidden state (usually zeros).
    w_xh : np.ndarray, shape (d_h, d_x)
        Input-to-hidden weights.
    w_hh : np.ndarray, shape (d_h, d_h)
        Hidden-to-hidden (recurrent) weights, shared by every time step.
    b : np.ndarray, shape (d_h,)
        Hidden bias.

    Returns
    -------
    np.ndarray, shape (T + 1, d_h)
        The hidden states h_0, h_1, ..., h_T (row 0 is ``h0``).

    Raises
    ------
    ValueError
        If the shapes do not agree.
    """
    if w_xh.shape != (h0.size, x.shape[1]) or w_hh.shape != (h0.size, h0.size):
        raise ValueError("need w_xh (d_h, d_x) and w_hh (d_h, d_h)")
    h = np.zeros((x.shape[0] + 1, h0.size))
    h[0] = h0
    for t in range(1, x.shape[0] + 1):
        h[t] = np.tanh(w_xh @ x[t - 1] + w_hh @ h[t - 1] + b)
    return h
# --8<-- [end:forward]


# --8<-- [start:backward]
def rnn_backward(
    x: np.ndarray, h: np.ndarray, w_hh: np.ndarray, dh_direct: np.ndarray
) -> dict[str, np.ndarray]:
    """Backpropagation through time for the vanilla RNN of ``rnn_forward``.

    Werbos (1990), "Backpropagation through time: what it does and how to do it". Walking from
    t = T down to 1: delta_t = dL/dh_t (direct part + W_hh^T g_{t+1}), g_t = (1 - h_t^2) * delta_t,
    and every shared weight collects one term per time step.

    Parameters
    ----------
    x : np.ndarray, shape (T, d_x)
        The input sequence.
    h : np.ndarray, shape (T + 1, d_h)
        The hidden states returned by ``rnn_forward``.
    w_hh : np.ndarray, shape (d_h, d_h)
        Recurrent weights.
    dh_direct : np.ndarray, shape (T, d_h)
        Row t - 1 is the gradient of the loss with respect to h_t through the output at step t
        only (zero where step t has no loss).

    Returns
    -------
    dict
        ``w_xh`` (d_h, d_x), ``w_hh`` (d_h, d_h), ``b`` (d_h,): gradients of the loss;
        ``delta`` (T + 1, d_h): total dL/dh_t for t = 0..T; ``g`` (T + 1, d_h): dL/da_t for
        the pre-activation a_t (row 0 unused, zero).
    """
    steps, d_h = dh_direct.shape
    delta = np.zeros((steps + 1, d_h))
    g = np.zeros((steps + 1, d_h))
    dw_xh = np.zeros((d_h, x.shape[1]))
    dw_hh = np.zeros((d_h, d_h))
    db = np.zeros(d_h)
    carry = np.zeros(d_h)                           # W_hh^T g_{t+1}, zero beyond the end
    for t in range(steps, 0, -1):
        delta[t] = dh_direct[t - 1] + carry
        g[t] = (1.0 - h[t] ** 2) * delta[t]         # through tanh: tanh'(a) = 1 - tanh(a)^2
        dw_xh += np.outer(g[t], x[t - 1])
        dw_hh += np.outer(g[t], h[t - 1])
        db += g[t]
        carry = w_hh.T @ g[t]
    delta[0] = carry
    return {"w_xh": dw_xh, "w_hh": dw_hh, "b": db, "delta": delta, "g": g}
# --8<-- [end:backward]


# --8<-- [start:clip]
def clip_by_global_norm(
    grads: dict[str, np.ndarray], max_norm: float
) -> tuple[dict[str, np.ndarray], float]:
    """Rescale all gradients together so that their joint Euclidean norm is at most max_norm.

    Pascanu, Mikolov & Bengio (2013), Algorithm 1: if ||g|| >= threshold, then
    g <- threshold * g / ||g||, where g is every parameter's gradient flattened into one vector.

    Parameters
    ----------
    grads : dict of str to np.ndarray
        Gradients of any shapes.
    max_norm : float
        The threshold, > 0.

    Returns
    -------
    (dict, float)
        The clipped gradients (same keys and shapes) and the global norm before clipping.

    Raises
    ------
    ValueError
        If ``max_norm`` is not positive.
    """
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    norm = float(np.sqrt(sum(np.sum(v**2) for v in grads.values())))
    scale = max_norm / norm if norm > max_norm else 1.0
    return {k: v * scale for k, v in grads.items()}, norm
# --8<-- [end:clip]


def numerical_gradient(f, p: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference estimate (f(p + eps) - f(p - eps)) / (2 eps) of df/dp, entry by entry.

    Parameters
    ----------
    f : callable
        Returns a float; reads ``p``, which this function perturbs in place and restores.
    p : np.ndarray, any shape
        The parameter array.
    eps : float
        Step size.

    Returns
    -------
    np.ndarray, same shape as ``p``
        The estimated gradient; its error is of order eps^2.
    """
    grad = np.zeros_like(p)
    for i in np.ndindex(p.shape):
        old = p[i]
        p[i] = old + eps
        up = f()
        p[i] = old - eps
        down = f()
        p[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


def vec(v: np.ndarray) -> str:
    """Format a vector as (a, b, ...) with four decimals and explicit signs."""
    return "(" + ", ".join(f"{a:+.4f}" for a in np.ravel(v)) + ")"


def worked_example() -> None:
    """Part 1 and 2: forward and backward through a d_x = 1, d_h = 2, T = 3 RNN, checked."""
    w_xh = np.array([[0.5], [-0.3]])
    w_hh = np.array([[0.6, -0.4], [0.2, 0.7]])
    b = np.array([0.0, 0.1])
    w_y = np.array([1.0, -1.0])
    x = np.array([[1.0], [0.5], [-1.0]])
    y = 0.5
    h0 = np.zeros(2)

    def loss() -> float:
        h = rnn_forward(x, h0, w_xh, w_hh, b)
        return 0.5 * float(w_y @ h[-1] - y) ** 2

    h = rnn_forward(x, h0, w_xh, w_hh, b)
    y_hat = float(w_y @ h[-1])
    print("1) Worked example: d_x = 1, d_h = 2, T = 3, loss 0.5 * (w_y . h_3 - y)^2 at the end")
    print(f"   x = {vec(x)}, y = {y:+.4f}, h_0 = {vec(h0)}")
    for t in range(1, 4):
        a = w_xh @ x[t - 1] + w_hh @ h[t - 1] + b
        print(f"   t={t}: a_{t} = {vec(a)}   h_{t} = tanh(a_{t}) = {vec(h[t])}")
    print(f"   y_hat = w_y . h_3 = {y_hat:+.4f}   loss = {loss():.4f}")

    dh_direct = np.zeros((3, 2))
    dh_direct[-1] = (y_hat - y) * w_y              # dL/dh_3 through the output
    grads = rnn_backward(x, h, w_hh, dh_direct)
    dw_y = (y_hat - y) * h[-1]
    print("   backward through time:")
    for t in range(3, 0, -1):
        print(f"   t={t}: delta_{t} = dL/dh_{t} = {vec(grads['delta'][t])}"
              f"   g_{t} = (1 - h_{t}^2) * delta_{t} = {vec(grads['g'][t])}")
    print(f"   dL/dW_hh = {vec(grads['w_hh'][0])} / {vec(grads['w_hh'][1])} (rows)")
    print(f"   dL/dW_xh = {vec(grads['w_xh'])}   dL/db = {vec(grads['b'])}   dL/dw_y = {vec(dw_y)}")

    for name, p, analytic in (("w_xh", w_xh, grads["w_xh"]), ("w_hh", w_hh, grads["w_hh"]),
                              ("b", b, grads["b"]), ("w_y", w_y, dw_y)):
        numeric = numerical_gradient(loss, p)
        err = float(np.max(np.abs(numeric - analytic)))
        assert err < 1e-8, (name, err)
    n_grads = w_xh.size + w_hh.size + b.size + w_y.size
    assert n_grads == 10
    print(f"   all {n_grads} gradients match central differences (largest difference below 1e-8)")

    # the one-step Jacobian dh_t / dh_{t-1} = diag(1 - h_t^2) W_hh, checked at t = 3
    jac = np.diag(1.0 - h[3] ** 2) @ w_hh
    h_prev = h[2].copy()
    numeric = np.zeros((2, 2))
    for j in range(2):
        e = np.zeros(2)
        e[j] = 1e-6
        up = np.tanh(w_xh @ x[2] + w_hh @ (h_prev + e) + b)
        down = np.tanh(w_xh @ x[2] + w_hh @ (h_prev - e) + b)
        numeric[:, j] = (up - down) / 2e-6
    assert np.allclose(jac, numeric, atol=1e-9)
    print(f"2) Jacobian dh_3/dh_2 = diag(1 - h_3^2) W_hh = {vec(jac[0])} / {vec(jac[1])} (rows),"
          " matches central differences")
    s_jac = np.linalg.svd(jac, compute_uv=False)
    s_max = float(np.linalg.svd(w_hh, compute_uv=False)[0])
    assert s_jac[0] < s_max < 1
    print(f"   singular values of dh_3/dh_2: {s_jac[0]:.4f}, {s_jac[1]:.4f};"
          f" largest singular value of W_hh: {s_max:.4f}")


# --8<-- [start:through_time]
def gradient_norms_through_time(rho: float, d_h: int = 32, steps: int = 50,
                                seed: int = 0) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Norm of dL/dh_{T-k} for k = 0..T, for a loss L = w . h_T at the last step only.

    The recurrent matrix is rho times a random orthogonal matrix, so all its singular values
    equal rho; since |tanh'| <= 1, ||dL/dh_{T-k}|| <= rho^k ||w|| (Bengio, Simard & Frasconi,
    1994; Pascanu, Mikolov & Bengio, 2013, section 2.1).

    Parameters
    ----------
    rho : float
        Spectral norm (largest singular value) of W_hh, > 0.
    d_h : int
        Hidden size.
    steps : int
        Sequence length T.
    seed : int
        Seed of the generator for the weights, inputs and readout.

    Returns
    -------
    (np.ndarray, dict)
        Norms for k = 0..T, shape (T + 1,), and the BPTT gradients of L (``w_xh``, ``w_hh``, ``b``).
    """
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(d_h, d_h)))
    w_hh = rho * q
    d_x = 4
    w_xh = rng.normal(scale=0.1 / np.sqrt(d_x), size=(d_h, d_x))   # small inputs
    x = rng.normal(size=(steps, d_x))
    w = rng.normal(size=d_h)
    w /= np.linalg.norm(w)                                          # ||dL/dh_T|| = 1
    h = rnn_forward(x, np.zeros(d_h), w_xh, w_hh, np.zeros(d_h))
    dh_direct = np.zeros((steps, d_h))
    dh_direct[-1] = w
    grads = rnn_backward(x, h, w_hh, dh_direct)
    norms = np.linalg.norm(grads["delta"][::-1], axis=1)           # index k = T - t
    return norms, {k: grads[k] for k in ("w_xh", "w_hh", "b")}
# --8<-- [end:through_time]


def vanishing_and_exploding() -> dict[str, np.ndarray]:
    """Part 3: gradient norms k steps back for rho = 0.5, 1, 2; returns the rho = 2 gradients."""
    ks = (0, 10, 20, 30, 40, 50)
    print("3) ||dL/dh_(T-k)|| for a loss at step T = 50, d_h = 32, W_hh = rho * orthogonal")
    print("   k:        " + "".join(f"{k:>10d}" for k in ks))
    exploding = {}
    for rho in (0.5, 1.0, 2.0):
        norms, grads = gradient_norms_through_time(rho)
        assert np.all(norms <= rho ** np.arange(norms.size) * (1 + 1e-12))   # the bound
        print(f"   rho={rho:<4}: " + "".join(f"{norms[k]:10.2e}" for k in ks))
        print("   rho^k:    " + "".join(f"{rho ** k:10.2e}" for k in ks))
        if rho == 0.5:
            assert norms[50] < 1e-12                                   # vanished
        if rho == 2.0:
            assert norms[50] > 100                                     # exploded
            exploding = grads
    return exploding


def clipping_demo(grads: dict[str, np.ndarray]) -> None:
    """Part 4: clip the rho = 2 gradients to a global norm of 1 and check the direction."""
    clipped, norm = clip_by_global_norm(grads, max_norm=1.0)
    new_norm = float(np.sqrt(sum(np.sum(v**2) for v in clipped.values())))
    flat = np.concatenate([v.ravel() for v in grads.values()])
    flat_c = np.concatenate([v.ravel() for v in clipped.values()])
    cosine = float(flat @ flat_c / (np.linalg.norm(flat) * np.linalg.norm(flat_c)))
    assert abs(new_norm - 1.0) < 1e-12 and abs(cosine - 1.0) < 1e-12
    unchanged, _ = clip_by_global_norm(clipped, max_norm=5.0)
    assert all(np.array_equal(unchanged[k], clipped[k]) for k in clipped)
    print(f"4) Global norm of the rho = 2 gradient (W_xh, W_hh, b): {norm:.1f}")
    print(f"   after clipping to max_norm = 1: {new_norm:.4f},"
          f" cosine with the original {cosine:.4f}")


def main() -> None:
    """Print the worked example, the gradient-norm table and the clipping check."""
    worked_example()
    clipping_demo(vanishing_and_exploding())


if __name__ == "__main__":
    main()
