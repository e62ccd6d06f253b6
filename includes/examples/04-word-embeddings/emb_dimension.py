"""Choosing an embedding dimension: the PIP loss of Yin & Shen (2018), and what d costs.

Included by docs/04-word-embeddings/index.md (Word Embeddings). A known low-noise "signal"
matrix stands in for the PMI matrix a corpus of infinite size would give; the matrix we can
actually factorize is that signal plus estimation noise. The script prints the numbers of the
article's worked example and asserts every claim the article makes about them:

1. the PIP loss |E E^T - E_d E_d^T|_F between the oracle embedding and the d-dimensional
   estimate is U-shaped in d: too few dimensions discard signal (bias), too many fit noise
   (variance);
2. the more noise (the smaller the corpus), the smaller the best dimension;
3. the PIP loss does not change when an embedding is rotated, which is why it compares
   embeddings that are only defined up to rotation;
4. the memory of an embedding table or a vector index is rows x d x bytes per number.
"""

import numpy as np


# --8<-- [start:pip]
def pip_loss(e1: np.ndarray, e2: np.ndarray) -> float:
    """Pairwise-inner-product loss |E1 E1^T - E2 E2^T|_F (Yin & Shen, 2018).

    Parameters
    ----------
    e1 : np.ndarray, shape (V, d1)
        One embedding of V words.
    e2 : np.ndarray, shape (V, d2)
        Another embedding of the same words; d1 and d2 may differ.

    Returns
    -------
    float
        Frobenius norm of the difference of the two V x V Gram matrices.

    Raises
    ------
    ValueError
        If the two embeddings have different numbers of rows.

    """
    if e1.shape[0] != e2.shape[0]:
        raise ValueError("both embeddings must embed the same V words")
    return float(np.linalg.norm(e1 @ e1.T - e2 @ e2.T))


def pip_curve(oracle: np.ndarray, u: np.ndarray, s: np.ndarray, alpha: float) -> np.ndarray:
    """PIP loss between ``oracle`` and U_d diag(s_d)^alpha for every d = 1..V at once.

    With A = oracle and B_d = U_d diag(s_d)^alpha, U orthonormal,
    |A A^T - B_d B_d^T|_F^2 = |A^T A|_F^2 + sum_{i<=d} s_i^(4 alpha)
    - 2 sum_{i<=d} s_i^(2 alpha) |A^T u_i|^2, so cumulative sums give the whole curve.

    Parameters
    ----------
    oracle : np.ndarray, shape (V, r)
        The reference embedding A.
    u : np.ndarray, shape (V, V)
        Left singular vectors of the observed matrix (orthonormal columns).
    s : np.ndarray, shape (V,)
        Its singular values, largest first.
    alpha : float
        Exponent of the singular values.

    Returns
    -------
    np.ndarray, shape (V,)
        Entry d - 1 is the PIP loss of the d-dimensional estimate.

    """
    gram_a = np.sum((oracle.T @ oracle) ** 2)
    proj = np.sum((oracle.T @ u) ** 2, axis=0)             # |A^T u_i|^2, shape (V,)
    sq = gram_a + np.cumsum(s ** (4 * alpha)) - 2 * np.cumsum(s ** (2 * alpha) * proj)
    return np.sqrt(np.maximum(sq, 0.0))


def truncated_embedding(matrix: np.ndarray, d: int, alpha: float = 0.5) -> np.ndarray:
    """Embedding U_d diag(s_d)^alpha from the SVD of a word-context matrix.

    Parameters
    ----------
    matrix : np.ndarray, shape (V, V)
        Word-context matrix (PMI-like).
    d : int
        Dimensions kept, 1 <= d <= V.
    alpha : float
        Exponent of the singular values, in [0, 1].

    Returns
    -------
    np.ndarray, shape (V, d)

    """
    u, s, _ = np.linalg.svd(matrix)
    return u[:, :d] * s[:d] ** alpha
# --8<-- [end:pip]


def table_bytes(rows: int, d: int, bytes_per_number: int) -> float:
    """Memory of a dense table of vectors, without any index overhead.

    Parameters
    ----------
    rows : int
        Number of stored vectors (words, passages).
    d : int
        Dimension of each vector.
    bytes_per_number : int
        4 for float32, 2 for float16, 1 for int8.

    Returns
    -------
    float
        rows * d * bytes_per_number, in gigabytes (10^9 bytes).

    """
    return rows * d * bytes_per_number / 1e9


def main() -> None:
    """Print the worked example and assert every claim the article makes."""
    rng = np.random.default_rng(0)
    v = 200
    q_left, _ = np.linalg.qr(rng.normal(size=(v, v)))
    q_right, _ = np.linalg.qr(rng.normal(size=(v, v)))
    spectrum = 50.0 / np.arange(1, v + 1)               # singular values 50, 25, 16.7, ...
    signal = (q_left * spectrum) @ q_right.T
    alpha = 0.5
    oracle = q_left * spectrum ** alpha                 # the embedding of the noiseless matrix

    dims = [1, 5, 10, 20, 50, 100, 200]
    best = {}
    print(f"V = {v} words, signal singular values 50/i, alpha = {alpha}")
    print("noise  " + "".join(f"{'d=' + str(d):>8}" for d in dims) + "    best d")
    for sigma in (0.1, 0.2):
        observed = signal + sigma * rng.normal(size=(v, v))
        u, s, _ = np.linalg.svd(observed)
        losses = pip_curve(oracle, u, s, alpha)
        for d in dims:
            assert np.isclose(losses[d - 1], pip_loss(oracle, u[:, :d] * s[:d] ** alpha))
        best[sigma] = int(np.argmin(losses)) + 1
        print(f"{sigma:<7}" + "".join(f"{losses[d - 1]:8.2f}" for d in dims)
              + f"{best[sigma]:10d}")
        assert 1 < best[sigma] < v, "the PIP loss is U-shaped: its minimum is inside"
        assert losses[best[sigma] - 1] < min(losses[0], losses[-1])
    assert best[0.2] < best[0.1], "more noise, fewer dimensions"

    # The PIP loss ignores rotations: E and E R have the same Gram matrix.
    e = truncated_embedding(signal, 10)
    rotation, _ = np.linalg.qr(rng.normal(size=(10, 10)))
    assert pip_loss(e, e @ rotation) < 1e-9, "PIP loss is invariant to rotations"
    print(f"PIP loss between E and E R for a random 10 x 10 rotation R below 1e-9:"
          f" {pip_loss(e, e @ rotation) < 1e-9}")

    # What a dimension costs in memory.
    print("\nmemory of a dense table (GB = 1e9 bytes)")
    for name, rows, d, nbytes in [("3M words x 300, float32", 3_000_000, 300, 4),
                                  ("21M passages x 768, float32", 21_000_000, 768, 4),
                                  ("21M passages x 768, float16", 21_000_000, 768, 2),
                                  ("21M passages x 256, float16", 21_000_000, 256, 2)]:
        print(f"  {name:<30} {table_bytes(rows, d, nbytes):7.2f} GB")
    assert np.isclose(table_bytes(3_000_000, 300, 4), 3.6)


if __name__ == "__main__":
    main()
