"""One step of an LSTM and of a GRU from scratch, with shapes, parameter counts and gradients.

The gradients shown are the paths that make gated cells trainable over long sequences.

Included by docs/02-deep-learning/02-recurrent-networks.md (Recurrent Neural Networks). The
script prints the numbers the article quotes and asserts every claim it makes about them:

1. one LSTM step (gate order i, f, g, o as in PyTorch) with every shape printed, the parameter
   count 4 (d_h (d_x + d_h) + d_h) checked by counting the arrays, and PyTorch's count with two
   bias vectors;
2. the cell-state Jacobian dc_t / dc_{t-1} = diag(f_t), checked against central differences,
   and the product of forget gates over 50 steps for three forget-gate biases;
3. one GRU step in the convention of Cho et al. (2014), h_t = z * h_{t-1} + (1 - z) * h~_t; its
   full Jacobian dh_t / dh_{t-1}, checked against central differences; the swapped convention
   h_t = (1 - z) * h_{t-1} + z * h~_t gives the same outputs once the update gate's weights and
   bias are negated; and the GRU parameter count.

Convention: one sequence, column vectors; weight matrices have shape (d_h, d_x) or (d_h, d_h).
"""

import numpy as np


def sigmoid(a: np.ndarray) -> np.ndarray:
    """Logistic function 1 / (1 + exp(-a)), element-wise; any shape."""
    return 1.0 / (1.0 + np.exp(-a))


# --8<-- [start:lstm]
def lstm_step(x: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray,
              w: np.ndarray, u: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, dict]:
    """One step of an LSTM with a forget gate and no peepholes.

    Hochreiter & Schmidhuber (1997) for the memory cell, input and output gates; Gers,
    Schmidhuber & Cummins (2000) for the forget gate. The four blocks of ``w``, ``u`` and ``b``
    are stacked in the order input, forget, candidate, output (PyTorch's order i, f, g, o).

    Parameters
    ----------
    x : np.ndarray, shape (d_x,)
        Input at step t.
    h_prev, c_prev : np.ndarray, shape (d_h,)
        Hidden state and cell state at step t - 1.
    w : np.ndarray, shape (4 d_h, d_x)
        Input weights of the four blocks, stacked.
    u : np.ndarray, shape (4 d_h, d_h)
        Recurrent weights of the four blocks, stacked.
    b : np.ndarray, shape (4 d_h,)
        One bias vector per block, stacked.

    Returns
    -------
    (np.ndarray, np.ndarray, dict)
        h_t and c_t, shape (d_h,), and the gates ``i``, ``f``, ``g``, ``o``, each (d_h,).

    Raises
    ------
    ValueError
        If the stacked shapes do not agree with d_h = h_prev.size.
    """
    d_h = h_prev.size
    if w.shape[0] != 4 * d_h or u.shape != (4 * d_h, d_h) or b.shape != (4 * d_h,):
        raise ValueError("w, u, b must stack four blocks of d_h rows")
    a = w @ x + u @ h_prev + b
    i = sigmoid(a[0:d_h])                # input gate: how much of the candidate to write
    f = sigmoid(a[d_h:2 * d_h])          # forget gate: how much of the old cell to keep
    g = np.tanh(a[2 * d_h:3 * d_h])      # candidate values
    o = sigmoid(a[3 * d_h:4 * d_h])      # output gate: how much of the cell to expose
    c = f * c_prev + i * g               # additive cell update
    h = o * np.tanh(c)
    return h, c, {"i": i, "f": f, "g": g, "o": o}
# --8<-- [end:lstm]


# --8<-- [start:counts]
def lstm_param_count(d_x: int, d_h: int, biases_per_gate: int = 1) -> int:
    """Parameters of one LSTM layer: 4 (d_h (d_x + d_h) + biases_per_gate * d_h).

    Parameters
    ----------
    d_x, d_h : int
        Input and hidden sizes.
    biases_per_gate : int
        1 as in the equations; 2 for PyTorch and cuDNN, which keep b_ih and b_hh.

    Returns
    -------
    int
        The number of trainable scalars.
    """
    return 4 * (d_h * (d_x + d_h) + biases_per_gate * d_h)


def gru_param_count(d_x: int, d_h: int, biases_per_gate: int = 1) -> int:
    """Parameters of one GRU layer: 3 (d_h (d_x + d_h) + biases_per_gate * d_h).

    Parameters
    ----------
    d_x, d_h : int
        Input and hidden sizes.
    biases_per_gate : int
        1 as in the equations; 2 for PyTorch, which keeps b_ih and b_hh.

    Returns
    -------
    int
        The number of trainable scalars.
    """
    return 3 * (d_h * (d_x + d_h) + biases_per_gate * d_h)
# --8<-- [end:counts]


# --8<-- [start:gru]
def gru_step(x: np.ndarray, h_prev: np.ndarray, w: np.ndarray, u: np.ndarray,
             b: np.ndarray, swapped: bool = False) -> tuple[np.ndarray, dict]:
    """One step of a GRU, Cho et al. (2014), equations (5) to (8).

    Blocks of ``w``, ``u`` and ``b`` are stacked in the order reset r, update z, candidate n.
    The reset gate multiplies h_{t-1} before the recurrent matrix, as in the paper.

    Parameters
    ----------
    x : np.ndarray, shape (d_x,)
        Input at step t.
    h_prev : np.ndarray, shape (d_h,)
        Hidden state at step t - 1.
    w : np.ndarray, shape (3 d_h, d_x)
        Input weights of the three blocks, stacked.
    u : np.ndarray, shape (3 d_h, d_h)
        Recurrent weights of the three blocks, stacked.
    b : np.ndarray, shape (3 d_h,)
        Biases of the three blocks, stacked.
    swapped : bool
        False: h_t = z * h_{t-1} + (1 - z) * n (Cho et al., PyTorch). True: the other common
        convention, h_t = (1 - z) * h_{t-1} + z * n.

    Returns
    -------
    (np.ndarray, dict)
        h_t, shape (d_h,), and the gates ``r``, ``z`` and the candidate ``n``, each (d_h,).
    """
    d_h = h_prev.size
    r = sigmoid(w[:d_h] @ x + u[:d_h] @ h_prev + b[:d_h])
    z = sigmoid(w[d_h:2 * d_h] @ x + u[d_h:2 * d_h] @ h_prev + b[d_h:2 * d_h])
    n = np.tanh(w[2 * d_h:] @ x + u[2 * d_h:] @ (r * h_prev) + b[2 * d_h:])
    h = (1.0 - z) * h_prev + z * n if swapped else z * h_prev + (1.0 - z) * n
    return h, {"r": r, "z": z, "n": n}
# --8<-- [end:gru]


def gru_jacobian(h_prev: np.ndarray, u: np.ndarray, gates: dict) -> np.ndarray:
    """Analytic dh_t / dh_{t-1} of ``gru_step`` (Cho convention), shape (d_h, d_h).

    dh_t/dh_{t-1} = diag(z) + diag((h_{t-1} - n) z (1 - z)) U_z
                    + diag((1 - z)(1 - n^2)) U_n (diag(r) + diag(h_{t-1} r (1 - r)) U_r).

    Parameters
    ----------
    h_prev : np.ndarray, shape (d_h,)
        Hidden state at step t - 1.
    u : np.ndarray, shape (3 d_h, d_h)
        Recurrent weights stacked r, z, n.
    gates : dict
        ``r``, ``z``, ``n`` from ``gru_step``.

    Returns
    -------
    np.ndarray, shape (d_h, d_h)
        The Jacobian; entry (i, j) is dh_t[i] / dh_{t-1}[j].
    """
    d_h = h_prev.size
    u_r, u_z, u_n = u[:d_h], u[d_h:2 * d_h], u[2 * d_h:]
    r, z, n = gates["r"], gates["z"], gates["n"]
    d_rh = np.diag(r) + np.diag(h_prev * r * (1 - r)) @ u_r       # d(r * h_{t-1}) / dh_{t-1}
    return (np.diag(z) + np.diag((h_prev - n) * z * (1 - z)) @ u_z
            + np.diag((1 - z) * (1 - n**2)) @ u_n @ d_rh)


def central_jacobian(f, v: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference Jacobian of f at v: column j is (f(v + eps e_j) - f(v - eps e_j)) / 2 eps.

    Parameters
    ----------
    f : callable
        Maps an array of shape (m,) to an array of shape (k,).
    v : np.ndarray, shape (m,)
        The point.
    eps : float
        Step size.

    Returns
    -------
    np.ndarray, shape (k, m)
        The estimated Jacobian.
    """
    cols = []
    for j in range(v.size):
        e = np.zeros_like(v)
        e[j] = eps
        cols.append((f(v + e) - f(v - e)) / (2 * eps))
    return np.stack(cols, axis=1)


def vec(v: np.ndarray) -> str:
    """Format a vector as (a, b, ...) with four decimals and explicit signs."""
    return "(" + ", ".join(f"{a:+.4f}" for a in np.ravel(v)) + ")"


def lstm_demo(rng: np.random.Generator) -> None:
    """Parts 1 and 2: an LSTM step, shapes, parameter counts and the cell-state path."""
    d_x, d_h = 3, 4
    w = rng.normal(scale=0.5, size=(4 * d_h, d_x))
    u = rng.normal(scale=0.5, size=(4 * d_h, d_h))
    b = np.zeros(4 * d_h)
    x = rng.normal(size=d_x)
    h_prev = rng.normal(scale=0.5, size=d_h)
    c_prev = rng.normal(scale=0.5, size=d_h)
    h, c, gates = lstm_step(x, h_prev, c_prev, w, u, b)

    print(f"1) One LSTM step, d_x = {d_x}, d_h = {d_h}")
    print(f"   shapes: x {x.shape}, h_prev {h_prev.shape}, c_prev {c_prev.shape},"
          f" W {w.shape}, U {u.shape}, b {b.shape}")
    for name in "ifgo":
        print(f"   {name} = {vec(gates[name])}")
    print(f"   c_t = f * c_prev + i * g = {vec(c)}")
    print(f"   h_t = o * tanh(c_t)      = {vec(h)}")
    assert np.allclose(c, gates["f"] * c_prev + gates["i"] * gates["g"])
    assert np.all(np.abs(h) < 1)

    counted = w.size + u.size + b.size
    assert counted == lstm_param_count(d_x, d_h) == 4 * d_h * (d_x + d_h + 1)
    print(f"   parameters: counted {counted} = 4 (d_h (d_x + d_h) + d_h) = "
          f"{lstm_param_count(d_x, d_h)}; with two bias vectors (PyTorch) "
          f"{lstm_param_count(d_x, d_h, 2)}")
    big = (256, 512)
    print(f"   d_x = {big[0]}, d_h = {big[1]}: {lstm_param_count(*big):,} parameters "
          f"({lstm_param_count(*big, 2):,} in PyTorch)")
    assert lstm_param_count(*big) == 1_574_912 and lstm_param_count(*big, 2) == 1_576_960

    # Part 2: dc_t / dc_{t-1} = diag(f_t) exactly, because the gates read h_{t-1}, not c_{t-1}
    numeric = central_jacobian(lambda cp: lstm_step(x, h_prev, cp, w, u, b)[1], c_prev)
    assert np.allclose(numeric, np.diag(gates["f"]), atol=1e-9)
    print("2) dc_t/dc_(t-1) = diag(f_t) = diag" + vec(gates["f"]) + ", matches central differences")
    for bias in (0.0, 1.0, 3.0):
        f_avg = float(sigmoid(bias))
        print(f"   forget-gate pre-activation {bias:.0f}: f = {f_avg:.4f},"
              f" product over 50 steps = {f_avg ** 50:.2e}")


def gru_demo(rng: np.random.Generator) -> None:
    """Part 3: a GRU step, its Jacobian, the two update-gate conventions and the count."""
    d_x, d_h = 3, 4
    w = rng.normal(scale=0.5, size=(3 * d_h, d_x))
    u = rng.normal(scale=0.5, size=(3 * d_h, d_h))
    b = rng.normal(scale=0.1, size=3 * d_h)
    x = rng.normal(size=d_x)
    h_prev = rng.normal(scale=0.5, size=d_h)
    h, gates = gru_step(x, h_prev, w, u, b)
    print(f"3) One GRU step (Cho et al.: h_t = z * h_prev + (1 - z) * n), d_x = {d_x}, d_h = {d_h}")
    for name in "rzn":
        print(f"   {name} = {vec(gates[name])}")
    print(f"   h_t = {vec(h)}")

    analytic = gru_jacobian(h_prev, u, gates)
    numeric = central_jacobian(lambda hp: gru_step(x, hp, w, u, b)[0], h_prev)
    assert np.allclose(analytic, numeric, atol=1e-9)
    print("   analytic dh_t/dh_(t-1) matches central differences; its diag(z) term = diag"
          + vec(gates["z"]))

    # The swapped convention is the same model with the update gate's parameters negated,
    # because sigmoid(-a) = 1 - sigmoid(a).
    flip = np.ones(3 * d_h)
    flip[d_h:2 * d_h] = -1.0
    h_swapped, _ = gru_step(x, h_prev, w * flip[:, None], u * flip[:, None], b * flip,
                            swapped=True)
    assert float(np.max(np.abs(h - h_swapped))) < 1e-15
    print("   swapped convention with negated update-gate weights gives the same h_t"
          " (difference below 1e-15)")

    counted = w.size + u.size + b.size
    assert counted == gru_param_count(d_x, d_h)
    print(f"   parameters: counted {counted} = 3 (d_h (d_x + d_h) + d_h); with two bias vectors"
          f" (PyTorch) {gru_param_count(d_x, d_h, 2)}")
    assert gru_param_count(256, 512) == 1_181_184
    print(f"   d_x = 256, d_h = 512: {gru_param_count(256, 512):,} parameters,"
          f" {gru_param_count(256, 512) / lstm_param_count(256, 512):.2f} of the LSTM's")


def main() -> None:
    """Print the LSTM and GRU numbers the article quotes and check them."""
    rng = np.random.default_rng(0)
    lstm_demo(rng)
    gru_demo(rng)


if __name__ == "__main__":
    main()
