"""Scaled dot-product attention, masks and multi-head attention from scratch in NumPy.

Included by docs/02-deep-learning/03-transformers.md (Transformers). The script prints the
numbers of the article's worked example and asserts every claim the article makes about them:

1. a 3-token attention: scores, scaled scores, softmax weights (rows sum to 1) and output;
2. the same attention with a causal mask and with a padding mask;
3. the variance of q . k for random unit-variance vectors is about d_k (Monte Carlo), and
   without the 1 / sqrt(d_k) scaling the softmax saturates and its Jacobian (checked by
   central differences) shrinks towards zero;
4. multi-head attention: the shape of every intermediate array, the equality with an
   explicit loop over heads, 4 d_model^2 projection weights, and permutation equivariance
   (attention alone does not know the order of the tokens).
"""

import numpy as np


# --8<-- [start:attention]
def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along one axis, computed stably by subtracting the maximum.

    Parameters
    ----------
    z : np.ndarray, any shape
        Logits; entries equal to -inf get probability exactly 0.
    axis : int
        Axis along which the outputs sum to 1.

    Returns
    -------
    np.ndarray, same shape as z
        exp(z) / sum(exp(z)) along ``axis``.

    """
    z_max = np.max(z, axis=axis, keepdims=True)
    e = np.exp(z - z_max)
    return e / np.sum(e, axis=axis, keepdims=True)


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray,
              mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Scaled dot-product attention (Vaswani et al., 2017, equation 1).

    Parameters
    ----------
    q : np.ndarray, shape (..., n_q, d_k)
        Queries, one row per position that asks.
    k : np.ndarray, shape (..., n_k, d_k)
        Keys, one row per position that can be looked at.
    v : np.ndarray, shape (..., n_k, d_v)
        Values, the content returned for each key.
    mask : np.ndarray of bool, shape broadcastable to (..., n_q, n_k), optional
        True where attention is allowed, False where the score is set to -inf.

    Returns
    -------
    out : np.ndarray, shape (..., n_q, d_v)
        softmax(q k^T / sqrt(d_k)) v.
    weights : np.ndarray, shape (..., n_q, n_k)
        The attention weights; every row sums to 1.

    Raises
    ------
    ValueError
        If the key dimensions of q and k differ, or a row of the mask allows nothing.

    """
    d_k = q.shape[-1]
    if k.shape[-1] != d_k:
        raise ValueError("queries and keys must have the same dimension d_k")
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d_k)
    if mask is not None:
        if not np.all(np.any(mask, axis=-1)):
            raise ValueError("every query must be allowed to attend to at least one key")
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ v, weights


def causal_mask(n: int) -> np.ndarray:
    """Lower-triangular mask: position i may attend to positions j <= i.

    Parameters
    ----------
    n : int
        Sequence length.

    Returns
    -------
    np.ndarray of bool, shape (n, n)
        True on and below the diagonal.

    """
    return np.tril(np.ones((n, n), dtype=bool))
# --8<-- [end:attention]


# --8<-- [start:multihead]
def multi_head_attention(x: np.ndarray, w_q: np.ndarray, w_k: np.ndarray, w_v: np.ndarray,
                         w_o: np.ndarray, h: int,
                         mask: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Multi-head self-attention (Vaswani et al., 2017, section 3.2.2), biases omitted.

    Parameters
    ----------
    x : np.ndarray, shape (n, d_model)
        One sequence of n token vectors.
    w_q, w_k, w_v : np.ndarray, shape (d_model, d_model)
        Projections of all heads side by side: columns [i*d_k, (i+1)*d_k) belong to head i.
    w_o : np.ndarray, shape (d_model, d_model)
        Output projection W^O applied to the concatenated heads.
    h : int
        Number of heads; must divide d_model, and d_k = d_model // h.
    mask : np.ndarray of bool, shape (n, n), optional
        Attention mask shared by all heads.

    Returns
    -------
    dict of str to np.ndarray
        Every intermediate array: "Q" (n, d_model), "Q_heads" (h, n, d_k),
        "weights" (h, n, n), "heads" (h, n, d_k), "concat" (n, d_model), "out" (n, d_model).

    Raises
    ------
    ValueError
        If h does not divide d_model.

    """
    n, d_model = x.shape
    if d_model % h:
        raise ValueError("the number of heads must divide d_model")
    d_k = d_model // h

    def split(m: np.ndarray) -> np.ndarray:
        return m.reshape(n, h, d_k).transpose(1, 0, 2)        # (h, n, d_k)

    q, k, v = x @ w_q, x @ w_k, x @ w_v                        # (n, d_model) each
    heads, weights = attention(split(q), split(k), split(v), mask)
    concat = heads.transpose(1, 0, 2).reshape(n, d_model)      # (n, h * d_k)
    return {"Q": q, "Q_heads": split(q), "weights": weights, "heads": heads,
            "concat": concat, "out": concat @ w_o}
# --8<-- [end:multihead]


def softmax_jacobian(z: np.ndarray) -> np.ndarray:
    """Jacobian of the softmax, diag(a) - a a^T with a = softmax(z).

    Parameters
    ----------
    z : np.ndarray, shape (n,)
        Logits.

    Returns
    -------
    np.ndarray, shape (n, n)
        Entry (i, j) is d a_i / d z_j.

    """
    a = softmax(z)
    return np.diag(a) - np.outer(a, a)


def numerical_jacobian(z: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference Jacobian of the softmax.

    Parameters
    ----------
    z : np.ndarray, shape (n,)
        Logits.
    eps : float
        Step of the central difference.

    Returns
    -------
    np.ndarray, shape (n, n)
        (softmax(z + eps e_j) - softmax(z - eps e_j)) / (2 eps) in column j.

    """
    n = z.size
    jac = np.zeros((n, n))
    for j in range(n):
        step = np.zeros(n)
        step[j] = eps
        jac[:, j] = (softmax(z + step) - softmax(z - step)) / (2 * eps)
    return jac


def show(name: str, m: np.ndarray) -> None:
    """Print a small matrix with four decimals, one row per line.

    Parameters
    ----------
    name : str
        Label printed above the matrix.
    m : np.ndarray, shape (r, c)
        The matrix.

    """
    print(f"   {name}")
    for row in m:
        print("     " + " ".join(f"{v + 0.0:+.4f}" if np.isfinite(v) else "   -inf" for v in row))


def three_token_example() -> None:
    """Print the 3-token worked example, then its causal and padding-masked versions."""
    q = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    k = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    v = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 1.0]])
    d_k = q.shape[1]
    scores = q @ k.T
    scaled = scores / np.sqrt(d_k)
    out, w = attention(q, k, v)
    print("1) Three tokens, d_k = d_v = 2")
    show("Q", q)
    show("K", k)
    show("V", v)
    show("scores Q K^T", scores)
    show(f"scaled scores (divided by sqrt(2) = {np.sqrt(2):.4f})", scaled)
    e = np.exp(scaled[0, 0])
    print(f"   by hand, row 1: exp(0.7071) = {e:.4f}, exp(0) = 1, sum {2 * e + 1:.4f}")
    show("weights softmax(row)", w)
    print("   row sums " + " ".join(f"{s:.4f}" for s in w.sum(axis=1)))
    show("output weights @ V", out)
    assert np.allclose(w.sum(axis=1), 1.0)
    # By hand, row 1: exp(0.7071) = 2.0281, so weights 2.0281 / (2 * 2.0281 + 1).
    assert np.isclose(w[0, 0], e / (2 * e + 1)) and np.isclose(w[0, 2], 1 / (2 * e + 1))
    assert np.allclose(out, w @ v) and out.shape == (3, 2)

    out_c, w_c = attention(q, k, v, causal_mask(3))
    print()
    print("2) Causal mask: token i sees tokens 1..i")
    show("masked scaled scores", np.where(causal_mask(3), scaled, -np.inf))
    show("weights", w_c)
    show("output", out_c)
    assert np.allclose(np.triu(w_c, 1), 0.0) and np.allclose(w_c.sum(axis=1), 1.0)
    assert np.allclose(out_c[0], v[0])            # the first token can only copy itself
    assert np.allclose(out_c[2], out[2])          # the last token sees everything anyway

    pad = np.array([True, True, False])           # token 3 is padding
    out_p, w_p = attention(q, k, v, pad[None, :])
    print()
    print("   Padding mask: token 3 is padding, no query may look at it")
    show("weights", w_p)
    assert np.allclose(w_p[:, 2], 0.0) and np.allclose(w_p.sum(axis=1), 1.0)
    # Masking is the same as deleting the padded key and value.
    assert np.allclose(out_p, attention(q, k[:2], v[:2])[0])


def variance_and_saturation() -> None:
    """Monte Carlo variance of q . k, and what an unscaled softmax does to its gradient."""
    rng = np.random.default_rng(0)
    print()
    print("3) q . k for q, k with independent N(0, 1) entries, 20000 pairs each")
    print("   d_k   var(q.k)  var(q.k / sqrt(d_k))")
    for d_k in (4, 64, 512):
        qs = rng.standard_normal((20000, d_k))
        ks = rng.standard_normal((20000, d_k))
        dots = np.einsum("ij,ij->i", qs, ks)
        var, var_scaled = dots.var(), (dots / np.sqrt(d_k)).var()
        print(f"   {d_k:<4d} {var:9.2f}  {var_scaled:9.4f}")
        assert abs(var / d_k - 1) < 0.05 and abs(var_scaled - 1) < 0.05

    z = np.array([0.5, -1.0, 2.0, 0.0])
    err = np.max(np.abs(softmax_jacobian(z) - numerical_jacobian(z)))
    print("   softmax Jacobian diag(a) - a a^T matches central differences to 1e-8:"
          f" {err < 1e-8}")
    assert err < 1e-8

    d_k, n_keys, trials = 512, 8, 2000
    q = rng.standard_normal((trials, 1, d_k))
    keys = rng.standard_normal((trials, n_keys, d_k))
    s = (keys @ q.transpose(0, 2, 1))[:, :, 0]                 # (trials, n_keys) raw scores
    print(f"   one query, {n_keys} keys, d_k = {d_k}, mean over {trials} draws:")
    means = {}
    for name, logits in (("unscaled", s), ("scaled", s / np.sqrt(d_k))):
        a = softmax(logits, axis=1)
        jac = a[:, :, None] * np.eye(n_keys) - a[:, :, None] * a[:, None, :]
        means[name] = (a.max(axis=1).mean(), np.linalg.norm(jac, axis=(1, 2)).mean())
        print(f"   {name:<9s} largest weight {means[name][0]:.4f}"
              f"   Jacobian norm {means[name][1]:.4f}")
    assert means["unscaled"][0] > 0.9
    assert means["unscaled"][1] < 0.2 * means["scaled"][1]


def multi_head_shapes() -> None:
    """Print the shapes of multi-head attention and check it against a loop over heads."""
    rng = np.random.default_rng(1)
    n, d_model, h = 3, 8, 2
    d_k = d_model // h
    x = rng.standard_normal((n, d_model))
    w_q, w_k, w_v, w_o = (rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)
                          for _ in range(4))
    r = multi_head_attention(x, w_q, w_k, w_v, w_o, h)
    print()
    print(f"4) Multi-head self-attention, n = {n}, d_model = {d_model}, h = {h}, d_k = {d_k}")
    print(f"   X {x.shape}  W^Q {w_q.shape}  Q {r['Q'].shape}  Q per head {r['Q_heads'].shape}")
    print(f"   weights {r['weights'].shape}  heads {r['heads'].shape}"
          f"  concat {r['concat'].shape}  W^O {w_o.shape}  output {r['out'].shape}")
    # The same thing written head by head, as in the paper: head_i = Attention(X W_i^Q, ...).
    heads = []
    for i in range(h):
        cols = slice(i * d_k, (i + 1) * d_k)
        heads.append(attention(x @ w_q[:, cols], x @ w_k[:, cols], x @ w_v[:, cols])[0])
    assert np.allclose(np.concatenate(heads, axis=1) @ w_o, r["out"])
    assert np.allclose(r["weights"].sum(axis=-1), 1.0)
    n_weights = sum(m.size for m in (w_q, w_k, w_v, w_o))
    print(f"   projection weights {n_weights} = 4 * d_model^2 = {4 * d_model**2}")
    assert n_weights == 4 * d_model**2

    perm = np.array([2, 0, 1])
    r_perm = multi_head_attention(x[perm], w_q, w_k, w_v, w_o, h)
    same = np.allclose(r_perm["out"], r["out"][perm])
    print(f"   shuffled tokens give the same outputs, shuffled the same way: {same}")
    assert same


def main() -> None:
    """Print every worked example of the article and check its claims."""
    three_token_example()
    variance_and_saturation()
    multi_head_shapes()


if __name__ == "__main__":
    main()
