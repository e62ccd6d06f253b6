"""GloVe: co-occurrence counts, the weighting function and the weighted least-squares loss.

Included by docs/04-word-embeddings/01-embedding-models.md (Word Embedding Models). On the toy
corpus of sgns_train.py the script

1. builds the co-occurrence matrix X with the 1/d distance weighting of Pennington et al. (2014);
2. prints ratios of co-occurrence probabilities, the quantity GloVe is designed to model;
3. prints the weighting function f(x) = (x / x_max)^alpha below x_max, 1 above, with x_max = 100
   and alpha = 3/4 (the paper's values);
4. checks the gradient of the loss by central differences;
5. runs AdaGrad (initial learning rate 0.05, as in the paper) and asserts that the loss falls.
"""

from itertools import pairwise

import numpy as np
from sgns_train import build_corpus


# --8<-- [start:glove]
def cooccurrence(sentences: list[list[int]], n_words: int, window: int) -> np.ndarray:
    """Symmetric co-occurrence counts, a pair d positions apart adding 1/d (Pennington et al.).

    Parameters
    ----------
    sentences : list of list of int
        Sentences as word indices; windows do not cross sentence boundaries.
    n_words : int
        Vocabulary size V.
    window : int
        Largest distance d counted (10 in the paper).

    Returns
    -------
    np.ndarray, shape (V, V)
        X[i, j]: weighted count of word j in the context of word i; X is symmetric.
    """
    x = np.zeros((n_words, n_words))
    for s in sentences:
        for i, w in enumerate(s):
            for d in range(1, window + 1):
                if i + d < len(s):
                    x[w, s[i + d]] += 1.0 / d
                    x[s[i + d], w] += 1.0 / d
    return x


def weighting(x: np.ndarray, x_max: float = 100.0, alpha: float = 0.75) -> np.ndarray:
    """GloVe weighting f(x) = (x / x_max)^alpha if x < x_max, else 1 (Pennington et al., eq. 9).

    Parameters
    ----------
    x : np.ndarray
        Co-occurrence counts, non-negative; f(0) = 0.
    x_max, alpha : float
        100 and 3/4 in the paper.

    Returns
    -------
    np.ndarray, same shape as x
    """
    return np.where(x < x_max, (x / x_max) ** alpha, 1.0)


def glove_loss_and_grads(w, w_ctx, b, b_ctx, x):
    """J = sum over X_ij > 0 of f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)^2 (eq. 8).

    Parameters
    ----------
    w, w_ctx : np.ndarray, shape (V, d)
        Word vectors and context vectors.
    b, b_ctx : np.ndarray, shape (V,)
        Word biases and context biases.
    x : np.ndarray, shape (V, V)
        Co-occurrence counts; pairs with X_ij = 0 are left out of the sum.

    Returns
    -------
    loss : float
    grads : tuple of np.ndarray
        dJ/dw (V, d), dJ/dw_ctx (V, d), dJ/db (V,), dJ/db_ctx (V,).
    """
    mask = x > 0
    log_x = np.log(np.where(mask, x, 1.0))
    err = np.where(mask, w @ w_ctx.T + b[:, None] + b_ctx[None, :] - log_x, 0.0)  # (V, V)
    fx = weighting(x)
    loss = float(np.sum(fx * err ** 2))
    g = 2.0 * fx * err                       # dJ / d(w_i . w~_j + b_i + b~_j)
    return loss, (g @ w_ctx, g.T @ w, g.sum(axis=1), g.sum(axis=0))
# --8<-- [end:glove]


def central_difference_check(params, x, h=1e-6) -> float:
    """Relative error |g - g~| / (|g| + |g~|) of the GloVe gradient, all parameters together.

    Parameters
    ----------
    params : list of np.ndarray
        [w, w_ctx, b, b_ctx] as in glove_loss_and_grads; modified in place and restored.
    x : np.ndarray, shape (V, V)
        Co-occurrence counts.
    h : float
        Step of the central difference (f(p + h) - f(p - h)) / (2h).

    Returns
    -------
    float
        0 for perfect agreement.
    """
    _, grads = glove_loss_and_grads(*params, x)
    numeric = []
    for p in params:
        num = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + h
            up = glove_loss_and_grads(*params, x)[0]
            p[i] = old - h
            down = glove_loss_and_grads(*params, x)[0]
            p[i] = old
            num[i] = (up - down) / (2 * h)
        numeric.append(num.ravel())
    g = np.concatenate([a.ravel() for a in grads])
    g_num = np.concatenate(numeric)
    return float(np.linalg.norm(g - g_num) / (np.linalg.norm(g) + np.linalg.norm(g_num)))


def main() -> None:
    """Print the GloVe numbers of the article and assert its claims."""
    corpus = build_corpus()
    vocab = sorted({w for s in corpus for w in s})
    index = {w: i for i, w in enumerate(vocab)}
    x = cooccurrence([[index[w] for w in s] for s in corpus], len(vocab), window=2)
    assert np.allclose(x, x.T)
    n_params = 2 * len(vocab) * 12 + 2 * len(vocab)
    print(f"X: {len(vocab)} x {len(vocab)}, {int(np.sum(x > 0))} non-zero entries of "
          f"{x.size}, largest {x.max():.1f}; the model below has {n_params} parameters")
    for a, b in [("cat", "milk"), ("cat", "the"), ("the", "the"), ("cat", "dog")]:
        print(f"  X[{a}, {b}] = {x[index[a], index[b]]:.2f}")

    print("\nratios P(k | cat) / P(k | car), with P(k | i) = X[i, k] / sum_j X[i, j]")
    p_cat = x[index["cat"]] / x[index["cat"]].sum()
    p_car = x[index["car"]] / x[index["car"]].sum()
    for k in ["milk", "fuel", "the"]:
        ratio = "inf (never with car)" if p_car[index[k]] == 0 else \
            f"{p_cat[index[k]] / p_car[index[k]]:.2f}"
        print(f"  k = {k:5s} P(k|cat) {p_cat[index[k]]:.4f}  P(k|car) {p_car[index[k]]:.4f}"
              f"  ratio {ratio}")
    # "the" goes with both words equally: the ratio the article quotes as exactly 1
    assert np.isclose(p_cat[index["the"]], p_car[index["the"]], rtol=0, atol=1e-15)

    print("\nweighting function, x_max = 100, alpha = 0.75")
    xs = np.array([0.0, 1.0, 10.0, 50.0, 100.0, 1000.0])
    print("  " + "  ".join(f"f({v:g}) = {f:.4f}" for v, f in zip(xs, weighting(xs), strict=True)))
    assert weighting(np.array([100.0]))[0] == 1.0 and weighting(np.array([0.0]))[0] == 0.0

    rng = np.random.default_rng(0)
    d = 12
    params = [rng.normal(0, 0.1, (len(vocab), d)), rng.normal(0, 0.1, (len(vocab), d)),
              np.zeros(len(vocab)), np.zeros(len(vocab))]
    err = central_difference_check(params, x)
    print(f"\ngradient check (central differences): relative error {err:.1e}")
    assert err < 1e-7

    # AdaGrad, initial learning rate 0.05 (Pennington et al., section 4.2)
    eta, acc = 0.05, [np.full_like(p, 1e-8) for p in params]
    losses = []
    for _ in range(300):
        loss, grads = glove_loss_and_grads(*params, x)
        losses.append(loss)
        for p, g, a in zip(params, grads, acc, strict=True):
            a += g ** 2
            p -= eta * g / np.sqrt(a)
    print("AdaGrad on the full loss:")
    for step in [0, 10, 50, 100, 299]:
        print(f"  step {step:3d}: J = {losses[step]:.4f}")
    assert all(b < a for a, b in pairwise(losses))

    w, w_ctx, b, b_ctx = params
    i, j = index["cat"], index["milk"]
    fit = w[i] @ w_ctx[j] + b[i] + b_ctx[j]
    print(f"  fit for (cat, milk): w . w~ + b + b~ = {fit:.4f}, log X = {np.log(x[i, j]):.4f}")
    emb = w + w_ctx                          # the paper reports W + W~
    centred = emb - emb.mean(axis=0)         # remove the direction every word shares
    words = ["cat", "dog", "car", "truck", "apple", "bread"]
    group = np.repeat(np.arange(3), 2)
    for name, e in [("W + W~", emb), ("W + W~ minus its mean", centred)]:
        e = e[[index[v] for v in words]]
        e = e / np.linalg.norm(e, axis=1, keepdims=True)
        sims = e @ e.T
        same = sims[(group[:, None] == group[None, :]) & ~np.eye(6, dtype=bool)]
        other = sims[group[:, None] != group[None, :]]
        print(f"  cosines of {name}: shared contexts mean {same.mean():.3f}, "
              f"no shared context mean {other.mean():.3f}")
    assert same.mean() > other.mean()


if __name__ == "__main__":
    main()
