"""Decoding a language model's next-token logits: temperature, top-k and top-p, in NumPy.

Included by docs/02-deep-learning/03-transformers.md (Transformers). The script prints the
numbers of the article's worked example and asserts every claim the article makes about them:

1. temperature tau rescales the logits: tau < 1 sharpens, tau > 1 flattens, tau -> 0 is greedy
   (argmax) and a very large tau is uniform; every distribution sums to 1;
2. top-k keeps the k most probable tokens and renormalizes (Fan, Lewis & Dauphin, 2018);
3. top-p keeps the smallest set of most probable tokens whose mass reaches p and renormalizes
   (Holtzman et al., 2019); sampled frequencies match the truncated distribution.
"""

import numpy as np


# --8<-- [start:sampling]
def softmax_with_temperature(logits: np.ndarray, temperature: float) -> np.ndarray:
    """Probabilities softmax(logits / tau).

    Parameters
    ----------
    logits : np.ndarray, shape (V,)
        Next-token scores over a vocabulary of V tokens.
    temperature : float
        tau > 0; 1 leaves the model's distribution unchanged.

    Returns
    -------
    np.ndarray, shape (V,)
        Probabilities summing to 1.

    Raises
    ------
    ValueError
        If the temperature is not positive.

    """
    if temperature <= 0:
        raise ValueError("temperature must be positive; use argmax for greedy decoding")
    z = logits / temperature
    e = np.exp(z - z.max())
    return e / e.sum()


def top_k_filter(probs: np.ndarray, k: int) -> np.ndarray:
    """Keep the k most probable tokens and renormalize (Fan, Lewis & Dauphin, 2018).

    Parameters
    ----------
    probs : np.ndarray, shape (V,)
        A probability distribution.
    k : int
        Number of tokens kept, 1 <= k <= V.

    Returns
    -------
    np.ndarray, shape (V,)
        Zero outside the top k, renormalized inside.

    """
    keep = np.argsort(probs)[::-1][:k]
    out = np.zeros_like(probs)
    out[keep] = probs[keep]
    return out / out.sum()


def top_p_filter(probs: np.ndarray, p: float) -> np.ndarray:
    """Nucleus filter: the smallest top set with mass >= p, renormalized (Holtzman et al., 2019).

    Parameters
    ----------
    probs : np.ndarray, shape (V,)
        A probability distribution.
    p : float
        Target mass, 0 < p <= 1.

    Returns
    -------
    np.ndarray, shape (V,)
        Zero outside the nucleus, renormalized inside.

    """
    order = np.argsort(probs)[::-1]
    cumulative = np.cumsum(probs[order])
    size = int(np.searchsorted(cumulative, p)) + 1       # first index where the mass reaches p
    keep = order[:size]
    out = np.zeros_like(probs)
    out[keep] = probs[keep]
    return out / out.sum()
# --8<-- [end:sampling]


def fmt(values: np.ndarray) -> str:
    """Format probabilities with four decimals.

    Parameters
    ----------
    values : np.ndarray, shape (V,)
        Numbers to print.

    Returns
    -------
    str
        Fixed-width columns.

    """
    return " ".join(f"{v:7.4f}" for v in values)


def entropy(probs: np.ndarray) -> float:
    """Shannon entropy in nats, with 0 log 0 = 0.

    Parameters
    ----------
    probs : np.ndarray, shape (V,)
        A probability distribution.

    Returns
    -------
    float
        -sum p log p.

    """
    nz = probs[probs > 0]
    return float(-(nz * np.log(nz)).sum())


def main() -> None:
    """Print every worked example of the article and check its claims."""
    vocab = ["mat", "sofa", "floor", "roof", "moon", "banana"]
    logits = np.array([3.0, 2.2, 1.8, 0.5, -0.5, -2.0])
    print('Next token after "the cat sat on the", fixed logits')
    print("   token        " + " ".join(f"{w:>7s}" for w in vocab))
    print("   logit        " + fmt(logits))
    print()
    print("1) Temperature            probabilities                                   entropy")
    for t in (0.5, 1.0, 2.0):
        probs = softmax_with_temperature(logits, t)
        print(f"   tau = {t:<4}   {fmt(probs)}   {entropy(probs):.4f}")
        assert np.isclose(probs.sum(), 1.0)
    cold = softmax_with_temperature(logits, 0.01)
    hot = softmax_with_temperature(logits, 1e6)
    assert cold.argmax() == logits.argmax() and cold.max() > 0.999
    assert np.allclose(hot, 1 / len(vocab), atol=1e-5)
    ents = [entropy(softmax_with_temperature(logits, t)) for t in (0.5, 1.0, 2.0)]
    assert ents[0] < ents[1] < ents[2] < np.log(len(vocab))

    probs = softmax_with_temperature(logits, 1.0)
    k3 = top_k_filter(probs, 3)
    print()
    print("2) Top-k, k = 3")
    print(f"   kept mass {probs[np.argsort(probs)[::-1][:3]].sum():.4f}")
    print(f"   after     {fmt(k3)}")
    assert np.count_nonzero(k3) == 3 and np.isclose(k3.sum(), 1.0)

    print()
    print("3) Top-p (nucleus), p = 0.95")
    order = np.argsort(probs)[::-1]
    print("   sorted cumulative mass " + " ".join(
        f"{vocab[i]} {c:.4f}" for i, c in zip(order, np.cumsum(probs[order]), strict=True)))
    nucleus = top_p_filter(probs, 0.95)
    print(f"   after     {fmt(nucleus)}")
    assert np.count_nonzero(nucleus) == 4 and np.isclose(nucleus.sum(), 1.0)
    # The nucleus is the smallest such set: dropping its least likely member falls below p.
    assert probs[order[:3]].sum() < 0.95 <= probs[order[:4]].sum()
    sizes = [np.count_nonzero(top_p_filter(softmax_with_temperature(logits, t), 0.95))
             for t in (0.5, 1.0, 2.0)]
    print(f"   nucleus size at tau = 0.5, 1, 2: {sizes[0]}, {sizes[1]}, {sizes[2]}"
          " (top-k keeps 3 whatever the shape)")
    assert sizes == [3, 4, 5]

    rng = np.random.default_rng(0)
    draws = rng.choice(len(vocab), size=20000, p=nucleus)
    freq = np.bincount(draws, minlength=len(vocab)) / draws.size
    print(f"   20000 samples   {fmt(freq)}")
    assert np.allclose(freq, nucleus, atol=0.01) and freq[4] == freq[5] == 0.0


if __name__ == "__main__":
    main()
