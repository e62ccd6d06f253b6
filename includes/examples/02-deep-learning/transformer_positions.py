"""Position information for attention: sinusoidal encodings, RoPE and ALiBi in NumPy.

Included by docs/02-deep-learning/03-transformers.md (Transformers). The script prints the
numbers of the article's worked example and asserts every claim the article makes about them:

1. sinusoidal encodings (Vaswani et al., 2017, section 3.5) for a few positions; the encoding of
   position p + k is a fixed rotation of the encoding of p, whatever p is;
2. rotary position embeddings (Su et al., 2021): the rotated query-key score depends only on the
   offset between the two positions, and rotation keeps vector lengths;
3. ALiBi (Press, Smith & Lewis, 2021): the head slopes and the linear distance penalty.
"""

import numpy as np


# --8<-- [start:sinusoid]
def sinusoidal_encoding(n_positions: int, d_model: int, base: float = 10000.0) -> np.ndarray:
    """Sinusoidal position encodings (Vaswani et al., 2017, section 3.5).

    PE[p, 2i] = sin(p / base^(2i / d_model)), PE[p, 2i + 1] = cos(p / base^(2i / d_model)).

    Parameters
    ----------
    n_positions : int
        Number of positions p = 0, ..., n_positions - 1.
    d_model : int
        Width of the model; must be even.
    base : float
        The constant 10000 of the paper.

    Returns
    -------
    np.ndarray, shape (n_positions, d_model)
        One encoding per row, added to the token embeddings.

    Raises
    ------
    ValueError
        If d_model is odd.

    """
    if d_model % 2:
        raise ValueError("d_model must be even")
    pos = np.arange(n_positions)[:, None]                       # (n, 1)
    freq = base ** (-np.arange(0, d_model, 2) / d_model)        # (d_model / 2,)
    pe = np.zeros((n_positions, d_model))
    pe[:, 0::2] = np.sin(pos * freq)
    pe[:, 1::2] = np.cos(pos * freq)
    return pe
# --8<-- [end:sinusoid]


# --8<-- [start:rope]
def rope(x: np.ndarray, positions: np.ndarray, base: float = 10000.0) -> np.ndarray:
    """Rotary position embedding (Su et al., 2021, section 3.4.2).

    Each pair (x[2i], x[2i+1]) of a vector at position m is rotated by the angle
    m * theta_i with theta_i = base^(-2i / d).

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
        Queries or keys of one head, one row per position; d must be even.
    positions : np.ndarray of int, shape (n,)
        Position m of every row.
    base : float
        The constant 10000 of the paper.

    Returns
    -------
    np.ndarray, shape (n, d)
        The rotated vectors.

    """
    d = x.shape[-1]
    theta = base ** (-np.arange(0, d, 2) / d)                   # (d / 2,)
    angle = positions[:, None] * theta                          # (n, d / 2)
    cos, sin = np.cos(angle), np.sin(angle)
    even, odd = x[:, 0::2], x[:, 1::2]
    out = np.empty_like(x)
    out[:, 0::2] = even * cos - odd * sin
    out[:, 1::2] = even * sin + odd * cos
    return out
# --8<-- [end:rope]


# --8<-- [start:alibi]
def alibi_slopes(h: int) -> np.ndarray:
    """Head slopes of ALiBi for h a power of two (Press, Smith & Lewis, 2021, section 3).

    Parameters
    ----------
    h : int
        Number of heads.

    Returns
    -------
    np.ndarray, shape (h,)
        The geometric sequence 2^(-8/h), 2^(-16/h), ..., 2^(-8).

    """
    return 2.0 ** (-8.0 * np.arange(1, h + 1) / h)


def alibi_bias(n: int, slope: float) -> np.ndarray:
    """Causal ALiBi bias -slope * (i - j) added to the scores of query i and key j <= i.

    Parameters
    ----------
    n : int
        Sequence length.
    slope : float
        The head's slope m.

    Returns
    -------
    np.ndarray, shape (n, n)
        The bias; -inf above the diagonal (future keys).

    """
    i, j = np.arange(n)[:, None], np.arange(n)[None, :]
    return np.where(j <= i, -slope * (i - j), -np.inf)
# --8<-- [end:alibi]


def fmt(row: np.ndarray) -> str:
    """Format a row of numbers with four decimals and a sign.

    Parameters
    ----------
    row : np.ndarray, shape (k,)
        Values; -inf is written as such.

    Returns
    -------
    str
        Space-separated numbers.

    """
    return " ".join(f"{v + 0.0:+.4f}" if np.isfinite(v) else "   -inf" for v in row)


def sinusoid_demo() -> None:
    """Print sinusoidal encodings and check the rotation property."""
    d_model = 8
    pe = sinusoidal_encoding(50, d_model)
    freq = 10000.0 ** (-np.arange(0, d_model, 2) / d_model)
    print(f"1) Sinusoidal encodings, d_model = {d_model}, base 10000")
    print("   frequencies 1 / 10000^(2i/d): " + " ".join(f"{f:g}" for f in freq))
    for p in range(4):
        print(f"   PE[{p}] {fmt(pe[p])}")
    assert np.allclose(pe[0, 0::2], 0.0) and np.allclose(pe[0, 1::2], 1.0)

    # PE[p + k] = R_k PE[p], with R_k block-diagonal 2 x 2 rotations that do not depend on p.
    k = 3
    r_k = np.zeros((d_model, d_model))
    for i, w in enumerate(freq):
        c, s = np.cos(w * k), np.sin(w * k)
        r_k[2 * i:2 * i + 2, 2 * i:2 * i + 2] = [[c, s], [-s, c]]
    for p in (0, 5, 40):
        assert np.allclose(r_k @ pe[p], pe[p + k])
    dots = [pe[p] @ pe[p + k] for p in (0, 5, 40)]
    print("   PE[p] . PE[p+3] for p = 0, 5, 40: " + " ".join(f"{x:.4f}" for x in dots))
    assert np.allclose(dots, dots[0])


def rope_demo() -> None:
    """Print RoPE scores for pairs of positions with equal and different offsets."""
    rng = np.random.default_rng(0)
    d = 8
    q, k = rng.standard_normal(d), rng.standard_normal(d)
    print()
    print(f"2) RoPE, d = {d}: score of one query vector and one key vector placed at (m, n)")
    scores = {}
    for m, n in ((2, 0), (7, 5), (12, 10), (3, 0), (0, 0), (5, 5)):
        qm = rope(q[None, :], np.array([m]))[0]
        kn = rope(k[None, :], np.array([n]))[0]
        scores[m, n] = qm @ kn
        print(f"   (m, n) = ({m:2d}, {n:2d})  offset {m - n}  score {scores[m, n]:+.4f}")
        assert np.isclose(np.linalg.norm(qm), np.linalg.norm(q))
    assert np.isclose(scores[2, 0], scores[7, 5]) and np.isclose(scores[7, 5], scores[12, 10])
    assert np.isclose(scores[0, 0], q @ k) and np.isclose(scores[5, 5], q @ k)
    assert not np.isclose(scores[2, 0], scores[3, 0])


def alibi_demo() -> None:
    """Print ALiBi slopes, one head's bias matrix and the weights it gives to equal scores."""
    h, n = 8, 5
    slopes = alibi_slopes(h)
    print()
    print(f"3) ALiBi, {h} heads: slopes " + " ".join(f"{m:g}" for m in slopes))
    assert np.allclose(slopes, 1.0 / 2.0 ** np.arange(1, 9))
    bias = alibi_bias(n, slopes[0])
    print(f"   bias of head 1 (slope {slopes[0]:g}), {n} tokens")
    for row in bias:
        print("     " + fmt(row))
    print("   last token, all content scores equal: weights on tokens 1..5")
    for head in (0, h - 1):
        b = alibi_bias(n, slopes[head])[-1]
        w = np.exp(b - b.max())
        w /= w.sum()
        print(f"   head {head + 1} (slope {slopes[head]:g}) {fmt(w)}")
        # Equal content scores: each step back multiplies the weight by exp(-slope).
        assert np.allclose(w[:-1] / w[1:], np.exp(-slopes[head]))


def main() -> None:
    """Print every worked example of the article and check its claims."""
    sinusoid_demo()
    rope_demo()
    alibi_demo()


if __name__ == "__main__":
    main()
