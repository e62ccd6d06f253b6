"""Semantic search by cosine similarity, and a bias direction removed by projection.

Included by docs/04-word-embeddings/index.md (Word Embeddings). The word vectors here are
synthetic: each word is drawn around the centre of its topic (account, billing, delivery), which
is the structure trained embeddings give to words that share contexts. The script prints the
numbers of the article's worked example and asserts every claim the article makes about them:

1. a query that shares no word with a document has bag-of-words cosine 0 with it, yet its
   embedding finds the documents of the right topic;
2. for unit vectors, |u - v|^2 = 2 - 2 cos(u, v), so ranking by cosine and ranking by Euclidean
   distance give the same order;
3. with unnormalized (summed) document vectors, the raw dot product prefers a long document
   that merely mentions many topics;
4. a gender direction estimated by PCA of definitional pairs (Bolukbasi et al., 2016) and the
   neutralize step, after which every occupation has projection 0 on it, yet the planted bias
   can still be recovered by clustering the neutralized vectors (Gonen & Goldberg, 2019).
"""

import numpy as np

TOPICS = {
    "account": ["password", "login", "username", "reset", "recover", "locked", "credentials"],
    "billing": ["invoice", "refund", "charge", "payment", "card", "receipt", "billed", "twice"],
    "delivery": ["parcel", "tracking", "courier", "shipping", "package", "arrive", "late"],
}
STOP = {"a", "an", "the", "to", "how", "for", "my", "or", "with", "and", "is", "i", "cannot",
        "of", "when", "will", "your", "was"}
DOCS = [
    "how to reset a password",
    "recover a locked username",
    "request a refund for a charge",
    "download an invoice or receipt",
    "track a parcel with the courier",
    "shipping times for a package",
    "faq: password login username reset invoice refund payment card parcel tracking courier",
]
QUERIES = ["i cannot login with my credentials", "my card was billed twice"]


def word_vectors(dim: int = 16, spread: float = 0.6, seed: int = 0) -> dict[str, np.ndarray]:
    """Draw one vector per word around the centre of its topic.

    Parameters
    ----------
    dim : int
        Embedding dimension d.
    spread : float
        Standard deviation of each word's offset from its topic centre, per coordinate; the
        centres are orthogonal and of length sqrt(dim).
    seed : int
        Seed of ``np.random.default_rng``.

    Returns
    -------
    dict of str to np.ndarray, each of shape (dim,)
        The vector of every topic word (stop words have none).

    """
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(dim, len(TOPICS))))
    centres = np.sqrt(dim) * q.T                 # orthogonal topic centres of length sqrt(d)
    vectors = {}
    for centre, words in zip(centres, TOPICS.values(), strict=True):
        for w in words:
            vectors[w] = centre + spread * rng.normal(size=dim)
    return vectors


# --8<-- [start:search]
def embed(text: str, vectors: dict[str, np.ndarray], pool: str = "mean") -> np.ndarray:
    """Embed a text as the mean (or sum) of the vectors of its known words.

    Parameters
    ----------
    text : str
        Whitespace-separated words; stop words and unknown words are skipped.
    vectors : dict of str to np.ndarray, each of shape (d,)
        Word vectors.
    pool : {"mean", "sum"}
        Average the word vectors, or add them (then longer texts get longer vectors).

    Returns
    -------
    np.ndarray, shape (d,)

    Raises
    ------
    ValueError
        If no word of the text has a vector, or ``pool`` is unknown.

    """
    rows = [vectors[w] for w in text.replace(":", "").split() if w in vectors]
    if not rows:
        raise ValueError(f"no known word in {text!r}")
    if pool == "mean":
        return np.mean(rows, axis=0)
    if pool == "sum":
        return np.sum(rows, axis=0)
    raise ValueError("pool must be 'mean' or 'sum'")


def normalize(x: np.ndarray) -> np.ndarray:
    """Scale each row (or a single vector) to unit Euclidean length.

    Parameters
    ----------
    x : np.ndarray, shape (n, d) or (d,)
        Non-zero vectors.

    Returns
    -------
    np.ndarray, same shape as x
        x / |x|, row by row.

    """
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def search(index: np.ndarray, query: np.ndarray, k: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Exact nearest-neighbour search by cosine similarity.

    Parameters
    ----------
    index : np.ndarray, shape (n, d)
        Document vectors, already normalized to unit length (done once, at indexing time).
    query : np.ndarray, shape (d,)
        The query vector; it is normalized here.
    k : int
        Number of results.

    Returns
    -------
    ids : np.ndarray of int, shape (k,)
        Row numbers of the k most similar documents, best first.
    scores : np.ndarray, shape (k,)
        Their cosine similarities with the query.

    """
    scores = index @ normalize(query)           # (n,): one dot product per document
    ids = np.argsort(-scores, kind="stable")[:k]
    return ids, scores[ids]
# --8<-- [end:search]


def bag_of_words(text: str, vocab: list[str]) -> np.ndarray:
    """Count vector of a text: the sum of the one-hot vectors of its known words.

    Parameters
    ----------
    text : str
        Whitespace-separated words; words not in ``vocab`` are skipped.
    vocab : list of str, length V
        The vocabulary that fixes the coordinates.

    Returns
    -------
    np.ndarray, shape (V,)
        Entry i counts the occurrences of ``vocab[i]``; two texts without a shared word have
        cosine 0, because distinct one-hot vectors are orthogonal.

    """
    x = np.zeros(len(vocab))
    for w in text.replace(":", "").split():
        if w in vocab:
            x[vocab.index(w)] += 1
    return x


# --8<-- [start:bias]
def gender_direction(pairs: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, float]:
    """First principal component of centred definitional pairs (Bolukbasi et al., 2016).

    Parameters
    ----------
    pairs : list of (np.ndarray, np.ndarray), each of shape (d,)
        Vectors of pairs that differ by gender only by definition (he/she, man/woman, ...).

    Returns
    -------
    g : np.ndarray, shape (d,)
        Unit vector of the estimated direction.
    share : float
        Fraction of the variance of the centred pair vectors that g explains.

    """
    rows = []
    for a, b in pairs:
        centre = (a + b) / 2
        rows += [a - centre, b - centre]
    _, s, vt = np.linalg.svd(np.array(rows), full_matrices=False)
    return vt[0], float(s[0] ** 2 / np.sum(s ** 2))


def neutralize(w: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Remove the component along unit direction g and renormalize (hard debiasing, step 1).

    Parameters
    ----------
    w : np.ndarray, shape (n, d) or (d,)
        Word vectors of gender-neutral words.
    g : np.ndarray, shape (d,)
        Unit bias direction.

    Returns
    -------
    np.ndarray, same shape as w
        (w - (w . g) g) / |w - (w . g) g|, orthogonal to g.

    """
    w_perp = w - np.outer(w @ g, g).reshape(w.shape)
    return normalize(w_perp)
# --8<-- [end:bias]


def cluster_agreement(x: np.ndarray, labels: np.ndarray, iters: int = 20) -> float:
    """Accuracy of 2-means clusters against binary labels, up to swapping the clusters.

    Lloyd's algorithm with k = 2, started from the two rows farthest apart (a deterministic
    start chosen here). The test mirrors the clustering experiment of Gonen & Goldberg (2019),
    who ran k-means with k = 2 on the most biased words and scored the same agreement.

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
        Vectors to cluster.
    labels : np.ndarray of int, shape (n,)
        Reference labels in {0, 1}.
    iters : int
        Number of assignment and update steps.

    Returns
    -------
    float
        Fraction of rows whose cluster matches their label, in [0.5, 1].

    """
    dist = np.linalg.norm(x[:, None, :] - x[None, :, :], axis=-1)
    i, j = np.unravel_index(np.argmax(dist), dist.shape)
    centres = x[[i, j]]
    for _ in range(iters):
        pred = np.argmin(np.linalg.norm(x[:, None, :] - centres[None], axis=-1), axis=1)
        centres = np.array([x[pred == c].mean(axis=0) for c in (0, 1)])
    acc = float(np.mean(pred == labels))
    return max(acc, 1.0 - acc)


def main() -> None:
    """Print the worked example and assert every claim the article makes."""
    # 1. Semantic search versus word overlap.
    vectors = word_vectors()
    vocab = sorted(vectors)
    index = normalize(np.array([embed(doc, vectors) for doc in DOCS]))
    print(f"{len(DOCS)} documents, d = {index.shape[1]}, index shape {index.shape}")
    for query in QUERIES:
        q = embed(query, vectors)
        ids, scores = search(index, q, k=3)
        bow = [bag_of_words(doc, vocab) for doc in DOCS]
        qb = bag_of_words(query, vocab)
        overlap = [float(qb @ b / (np.linalg.norm(qb) * np.linalg.norm(b))) for b in bow]
        print(f"\nquery: {query!r}")
        for i, s in zip(ids, scores, strict=True):
            print(f"  cos {s:6.3f}  bag-of-words cos {overlap[i]:5.3f}  [{i}] {DOCS[i]}")
        # 2. On unit vectors, Euclidean distance ranks exactly as cosine does.
        qn = normalize(q)
        dist2 = np.sum((index - qn) ** 2, axis=1)
        cos_all = index @ qn
        assert np.allclose(dist2, 2 - 2 * cos_all), "|u - v|^2 = 2 - 2 cos for unit vectors"
        assert np.array_equal(np.argsort(dist2, kind="stable"),
                              np.argsort(-cos_all, kind="stable")), "same ranking"
    q0 = embed(QUERIES[0], vectors)
    top_ids, _ = search(index, q0, k=2)
    assert set(top_ids) == {0, 1}, "the two account documents come first"
    assert all(bag_of_words(DOCS[i], vocab) @ bag_of_words(QUERIES[0], vocab) == 0
               for i in (0, 1)), "they share no word with the query"
    shared = [i for i, doc in enumerate(DOCS)
              if bag_of_words(doc, vocab) @ bag_of_words(QUERIES[0], vocab) > 0]
    assert shared == [6], "word overlap finds only the long FAQ"
    print(f"documents sharing a word with query 0: {shared}")
    print("\nranking by Euclidean distance of unit vectors = ranking by cosine: True")

    # 3. Raw dot product with summed (unnormalized) vectors favours the long document.
    summed = np.array([embed(doc, vectors, pool="sum") for doc in DOCS])
    dots = summed @ q0
    cosines = normalize(summed) @ normalize(q0)
    print(f"query 0, summed vectors: top by dot product [{int(np.argmax(dots))}]"
          f" (norm {np.linalg.norm(summed[np.argmax(dots)]):.2f}, dot {dots.max():.2f});"
          f" top by cosine [{int(np.argmax(cosines))}]"
          f" (norm {np.linalg.norm(summed[np.argmax(cosines)]):.2f}, cos {cosines.max():.3f})")
    assert int(np.argmax(dots)) == 6 and int(np.argmax(cosines)) in (0, 1)

    # 4. Bias direction and neutralization on synthetic vectors with a planted bias.
    rng = np.random.default_rng(1)
    d = 12
    g_true = normalize(rng.normal(size=d))
    h = rng.normal(size=d)
    h = normalize(h - (h @ g_true) * g_true)        # a second direction, orthogonal to g_true
    pair_words = [("she", "he"), ("woman", "man"), ("her", "his"), ("mother", "father"),
                  ("girl", "boy"), ("daughter", "son")]
    pairs = []
    for _ in pair_words:
        base = rng.normal(size=d)
        gap = 0.8 * g_true + 0.05 * rng.normal(size=d)
        pairs.append((base + gap / 2, base - gap / 2))
    she_side = ["homemaker", "nurse", "receptionist", "librarian", "hairdresser", "nanny"]
    he_side = ["maestro", "skipper", "philosopher", "captain", "architect", "financier"]
    jobs = she_side + he_side
    planted = np.array([1] * len(she_side) + [0] * len(he_side))
    occupation = rng.normal(size=d)
    occupation = normalize(occupation - (occupation @ g_true) * g_true)  # shared, no gender
    sign = np.where(planted == 1, 1.0, -1.0)[:, None]
    occ = occupation + sign * (0.3 * g_true + 0.5 * h) + 0.1 * rng.normal(size=(len(jobs), d))
    occ = normalize(occ)

    g, share = gender_direction(pairs)
    if g @ (pairs[0][0] - pairs[0][1]) < 0:           # orient g from "he" towards "she"
        g = -g
    print(f"\ngender direction from {len(pairs)} pairs: first component explains {share:.1%}"
          f" of their variance; cos(g, planted direction) = {g @ g_true:.3f}")
    before = occ @ g
    print("projection on g before:")
    for side in (slice(0, len(she_side)), slice(len(she_side), None)):
        print("  " + ", ".join(f"{w} {p:+.3f}"
                               for w, p in zip(jobs[side], before[side], strict=True)))
    assert np.all(before[planted == 1] > 0) and np.all(before[planted == 0] < 0)
    debiased = neutralize(occ, g)
    after = debiased @ g
    assert np.max(np.abs(after)) < 1e-12, "neutralized words have no component along g"
    print(f"largest |projection| after neutralize: below 1e-12: {np.max(np.abs(after)) < 1e-12}")
    acc_before = cluster_agreement(occ, planted)
    acc_after = cluster_agreement(debiased, planted)
    print(f"2-means clusters agree with the planted bias: before {acc_before:.2f},"
          f" after {acc_after:.2f}")
    assert acc_after >= 0.9, "the bias is still recoverable after neutralizing (lipstick on a pig)"


if __name__ == "__main__":
    main()
