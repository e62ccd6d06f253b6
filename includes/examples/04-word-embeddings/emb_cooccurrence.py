"""Word vectors from counts: co-occurrence, PPMI, truncated SVD, cosine and analogies.

Included by docs/04-word-embeddings/index.md (Word Embeddings). Everything is computed from a
24-sentence corpus written for this script, so nothing is downloaded. The script prints the
numbers of the article's worked example and asserts every claim the article makes about them:

1. one-hot vectors are pairwise orthogonal, so every pair of distinct words has cosine 0, and an
   embedding lookup is a one-hot vector times the embedding matrix whose gradient (checked by
   central differences) touches only the looked-up row;
2. the co-occurrence counts, PMI and PPMI of a few word pairs, one of them worked out by hand;
3. after a truncated SVD of the PPMI matrix, words that share contexts (cat and dog, coffee and
   tea) have a higher cosine than words that do not (cat and coffee);
4. the analogy "man is to woman as king is to ?" by vector arithmetic (3CosAdd). At d = 8 the
   top answer is the input word "king" unless the inputs are excluded, and the excluded answer
   "queen" is just the nearest neighbour of "king" (the caveat of Linzen, 2016); at d = 22 the
   offset itself finds "queen", even with the inputs allowed;
5. the per-pair objective of skip-gram with negative sampling is maximized where the dot
   product equals PMI - log k (Levy & Goldberg, 2014); its gradient is checked by central
   differences.
"""

import numpy as np

CORPUS = """
the cat sat on the mat
the dog sat on the mat
the cat chased a mouse
the dog chased a ball
the dog chased the cat
my cat sleeps all day
my dog sleeps in the garden
the cat drank some milk
the dog barked at the door
i drink hot coffee every morning
i drink hot tea every evening
she poured coffee into a cup
he poured tea into a cup
strong coffee keeps me awake
the king wore a crown
the queen wore a golden crown
the king sat on the throne
the queen ruled the land
the man walked to work
the woman walked to the market
the king and his son
the queen and her daughter
the man and his son
the woman and her daughter
"""


# --8<-- [start:counts]
def cooccurrence_matrix(sentences: list[list[str]], vocab: list[str],
                        window: int = 2) -> np.ndarray:
    """Count how often each word appears within ``window`` positions of each other word.

    Parameters
    ----------
    sentences : list of list of str
        Tokenized sentences; windows never cross a sentence boundary.
    vocab : list of str, length V
        The vocabulary; row and column ``i`` of the result belong to ``vocab[i]``.
    window : int
        Symmetric window size: positions ``j`` with ``0 < |i - j| <= window`` are contexts.

    Returns
    -------
    np.ndarray, shape (V, V)
        ``counts[w, c]`` = number of (word, context) pairs #(w, c); symmetric, zero diagonal
        unless a word repeats within a window.

    Raises
    ------
    KeyError
        If a sentence contains a word that is not in ``vocab``.

    """
    index = {w: i for i, w in enumerate(vocab)}
    counts = np.zeros((len(vocab), len(vocab)))
    for sent in sentences:
        for i, word in enumerate(sent):
            for j in range(max(0, i - window), min(len(sent), i + window + 1)):
                if j != i:
                    counts[index[word], index[sent[j]]] += 1
    return counts
# --8<-- [end:counts]


# --8<-- [start:ppmi]
def pmi_matrices(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pointwise mutual information and its positive part (Church & Hanks, 1990).

    Parameters
    ----------
    counts : np.ndarray, shape (V, V)
        Co-occurrence counts #(w, c), non-negative, with a positive total.

    Returns
    -------
    pmi : np.ndarray, shape (V, V)
        log( #(w, c) |D| / (#(w) #(c)) ), with -inf where #(w, c) = 0.
    ppmi : np.ndarray, shape (V, V)
        max(pmi, 0): the PPMI matrix, zero for unseen pairs.

    Raises
    ------
    ValueError
        If the counts are negative or all zero.

    """
    if np.any(counts < 0) or counts.sum() <= 0:
        raise ValueError("counts must be non-negative with a positive total")
    total = counts.sum()                      # |D|, the number of (word, context) pairs
    n_w = counts.sum(axis=1, keepdims=True)   # #(w), shape (V, 1)
    n_c = counts.sum(axis=0, keepdims=True)   # #(c), shape (1, V)
    with np.errstate(divide="ignore"):
        pmi = np.log(counts * total / (n_w * n_c))
    return pmi, np.maximum(pmi, 0.0)


def svd_embeddings(matrix: np.ndarray, d: int, power: float = 0.5) -> np.ndarray:
    """Dense word vectors from a truncated SVD, W = U_d diag(s_d)^power.

    Parameters
    ----------
    matrix : np.ndarray, shape (V, V)
        Word-context matrix, e.g. PPMI.
    d : int
        Number of dimensions kept, 1 <= d <= V.
    power : float
        Exponent of the singular values: 1 is classical LSA (Deerwester et al., 1990);
        Levy, Goldberg & Dagan (2015) found 0.5 or 0 often better for similarity.

    Returns
    -------
    np.ndarray, shape (V, d)
        One d-dimensional vector per word (row).

    Raises
    ------
    ValueError
        If d is outside 1..V.

    """
    if not 1 <= d <= matrix.shape[1]:
        raise ValueError("d must be between 1 and the number of columns")
    u, s, _ = np.linalg.svd(matrix)
    return u[:, :d] * s[:d] ** power
# --8<-- [end:ppmi]


# --8<-- [start:similarity]
def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity a.b / (|a| |b|), in [-1, 1].

    Parameters
    ----------
    a, b : np.ndarray, shape (d,)
        Two non-zero vectors.

    Returns
    -------
    float
        The cosine of the angle between a and b.

    Raises
    ------
    ValueError
        If either vector is zero.

    """
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na == 0 or nb == 0:
        raise ValueError("cosine is undefined for a zero vector")
    return float(a @ b / (na * nb))


def analogy(emb: np.ndarray, vocab: list[str], a: str, a_star: str, b: str,
            exclude_inputs: bool = True, topn: int = 3) -> list[tuple[str, float]]:
    """Answer "a is to a_star as b is to ?" by 3CosAdd (Mikolov, Yih & Zweig, 2013).

    Parameters
    ----------
    emb : np.ndarray, shape (V, d)
        Word vectors, one row per word of ``vocab``.
    vocab : list of str, length V
        The words.
    a, a_star, b : str
        The three input words.
    exclude_inputs : bool
        Drop a, a_star and b from the candidates, as the standard benchmarks do.
    topn : int
        Number of answers returned.

    Returns
    -------
    list of (str, float)
        The ``topn`` words with the largest cos(x, a_star - a + b), best first.

    Raises
    ------
    KeyError
        If an input word is not in ``vocab``.

    """
    index = {w: i for i, w in enumerate(vocab)}
    target = emb[index[a_star]] - emb[index[a]] + emb[index[b]]
    unit = emb / np.linalg.norm(emb, axis=1, keepdims=True)
    scores = unit @ (target / np.linalg.norm(target))
    banned = {a, a_star, b} if exclude_inputs else set()
    order = [i for i in np.argsort(-scores, kind="stable") if vocab[i] not in banned]
    return [(vocab[i], float(scores[i])) for i in order[:topn]]


def nearest(emb: np.ndarray, vocab: list[str], word: str, banned: set[str],
            topn: int = 3) -> list[tuple[str, float]]:
    """Return the ``topn`` nearest neighbours of ``word`` by cosine.

    Parameters
    ----------
    emb : np.ndarray, shape (V, d)
        Word vectors, one row per word of ``vocab``.
    vocab : list of str, length V
        The words.
    word : str
        The query word; it is never its own neighbour.
    banned : set of str
        Further words that may not be returned.
    topn : int
        Number of neighbours returned.

    Returns
    -------
    list of (str, float)
        Neighbours and their cosine with ``word``, most similar first.

    Raises
    ------
    KeyError
        If ``word`` is not in ``vocab``.

    """
    index = {w: i for i, w in enumerate(vocab)}
    unit = emb / np.linalg.norm(emb, axis=1, keepdims=True)
    scores = unit @ unit[index[word]]
    order = [i for i in np.argsort(-scores, kind="stable")
             if vocab[i] != word and vocab[i] not in banned]
    return [(vocab[i], float(scores[i])) for i in order[:topn]]
# --8<-- [end:similarity]


# --8<-- [start:sgns]
def sgns_pair_objective(x: float, n_wc: float, n_w: float, n_c: float, total: float,
                        k: int) -> float:
    """Skip-gram negative-sampling objective of one (w, c) cell (Levy & Goldberg, 2014).

    Parameters
    ----------
    x : float
        The dot product w . c of the word vector and the context vector.
    n_wc, n_w, n_c, total : float
        #(w, c), #(w), #(c) and |D| from the co-occurrence counts.
    k : int
        Number of negative samples per observed pair.

    Returns
    -------
    float
        #(w,c) log sigma(x) + k #(w) #(c) / |D| log sigma(-x); to be maximized.

    """
    log_sig = -np.logaddexp(0.0, -x)        # log sigma(x), computed stably
    log_sig_neg = -np.logaddexp(0.0, x)     # log sigma(-x)
    return float(n_wc * log_sig + k * n_w * n_c / total * log_sig_neg)


def sgns_pair_gradient(x: float, n_wc: float, n_w: float, n_c: float, total: float,
                       k: int) -> float:
    """Return the derivative of ``sgns_pair_objective`` with respect to x.

    Parameters
    ----------
    x, n_wc, n_w, n_c, total, k
        As in ``sgns_pair_objective``.

    Returns
    -------
    float
        #(w,c) sigma(-x) - k #(w) #(c) / |D| sigma(x); zero at x = PMI(w, c) - log k.

    """
    sig = 1.0 / (1.0 + np.exp(-x))
    return float(n_wc * (1.0 - sig) - k * n_w * n_c / total * sig)
# --8<-- [end:sgns]


def main() -> None:
    """Print the worked example and assert every claim the article makes."""
    sentences = [line.split() for line in CORPUS.strip().splitlines()]
    vocab = sorted({w for sent in sentences for w in sent})
    index = {w: i for i, w in enumerate(vocab)}
    v = len(vocab)
    n_tokens = sum(len(s) for s in sentences)
    print(f"corpus: {len(sentences)} sentences, {n_tokens} tokens, vocabulary V = {v}")

    # 1. One-hot vectors: all distinct pairs are orthogonal.
    one_hot = np.eye(v)
    gram = one_hot @ one_hot.T
    assert np.array_equal(gram, np.eye(v)), "one-hot vectors must be orthonormal"
    print(f"one-hot: cos(cat, dog) = {cosine(one_hot[index['cat']], one_hot[index['dog']]):.4f},"
          f" cos(cat, coffee) = {cosine(one_hot[index['cat']], one_hot[index['coffee']]):.4f}")

    # An embedding lookup is x^T E; the gradient of a loss of h = x^T E touches one row of E.
    rng = np.random.default_rng(0)
    d_demo = 4
    emb_table = rng.normal(size=(v, d_demo))
    x = one_hot[index["cat"]]
    target = rng.normal(size=d_demo)

    def loss(e: np.ndarray) -> float:
        h = x @ e
        return 0.5 * float(np.sum((h - target) ** 2))

    assert np.allclose(x @ emb_table, emb_table[index["cat"]]), "lookup = one-hot times E"
    grad = np.outer(x, x @ emb_table - target)          # dL/dE = x (h - t)^T
    num = np.zeros_like(emb_table)
    eps = 1e-6
    for i in range(v):
        for j in range(d_demo):
            step = np.zeros_like(emb_table)
            step[i, j] = eps
            num[i, j] = (loss(emb_table + step) - loss(emb_table - step)) / (2 * eps)
    rel = np.linalg.norm(grad - num) / np.linalg.norm(grad + num)
    assert rel < 1e-8, "lookup gradient must match central differences"
    rows_touched = int(np.sum(np.any(np.abs(num) > 1e-12, axis=1)))
    assert rows_touched == 1, "only the looked-up row receives a gradient"
    print(f"lookup gradient: rows with a non-zero gradient = {rows_touched} of {v};"
          f" matches central differences (relative error below 1e-8): {rel < 1e-8}")

    # 2. Counts, PMI and PPMI.
    counts = cooccurrence_matrix(sentences, vocab, window=2)
    assert np.array_equal(counts, counts.T), "a symmetric window gives symmetric counts"
    pmi, ppmi = pmi_matrices(counts)
    total = counts.sum()
    contexts = ["the", "sat", "chased", "sleeps", "drink", "poured", "crown"]
    print(f"\ncounts #(w, c), window 2, |D| = {total:.0f} pairs")
    print("word    " + "".join(f"{c:>8}" for c in contexts))
    for w in ["cat", "dog", "coffee", "tea"]:
        print(f"{w:<8}" + "".join(f"{counts[index[w], index[c]]:>8.0f}" for c in contexts))
    print("PPMI")
    for w in ["cat", "dog", "coffee", "tea"]:
        print(f"{w:<8}" + "".join(f"{ppmi[index[w], index[c]]:>8.3f}" for c in contexts))

    n_wc = counts[index["cat"], index["sat"]]
    n_w = counts[index["cat"]].sum()
    n_c = counts[:, index["sat"]].sum()
    by_hand = np.log(n_wc * total / (n_w * n_c))
    assert np.isclose(by_hand, pmi[index["cat"], index["sat"]])
    print(f"by hand: PMI(cat, sat) = log({n_wc:.0f} * {total:.0f} / ({n_w:.0f} * {n_c:.0f}))"
          f" = {by_hand:.4f}")
    top_count = vocab[int(np.argmax(counts[index["cat"]]))]
    row = ppmi[index["cat"]]
    top_ppmi = [vocab[j] for j in np.flatnonzero(np.isclose(row, row.max()))]
    print(f"largest count in the row of cat: {top_count!r};"
          f" largest PPMI: {row.max():.3f}, shared by {len(top_ppmi)} contexts")
    for c in top_ppmi:
        print(f"  {c!r}: #(cat, {c}) = {counts[index['cat'], index[c]]:.0f},"
              f" #({c}) = {counts[:, index[c]].sum():.0f}")
    assert top_count == "the" and "the" not in top_ppmi, "PPMI discounts the frequent context"
    assert all(counts[index["cat"], index[c]] == 1 for c in top_ppmi), "a single co-occurrence"
    print(f"non-zero PPMI entries: {np.count_nonzero(ppmi)} of {v * v}"
          f" ({np.count_nonzero(ppmi) / v**2:.1%})")

    # 3. Dense vectors by truncated SVD; words that share contexts move closer.
    d = 8
    emb = svd_embeddings(ppmi, d)
    pairs = [("cat", "dog"), ("coffee", "tea"), ("cat", "coffee"), ("king", "queen")]
    print(f"\ncosine similarity: sparse PPMI rows (length {v}) vs SVD vectors (d = {d})")
    for w1, w2 in pairs:
        sparse = cosine(ppmi[index[w1]], ppmi[index[w2]])
        dense = cosine(emb[index[w1]], emb[index[w2]])
        print(f"  {w1:>6} - {w2:<6} PPMI {sparse:7.3f}   SVD {dense:7.3f}")
    cat_dog = cosine(emb[index["cat"]], emb[index["dog"]])
    cat_coffee = cosine(emb[index["cat"]], emb[index["coffee"]])
    coffee_tea = cosine(emb[index["coffee"]], emb[index["tea"]])
    assert cat_dog > cat_coffee and coffee_tea > cat_coffee, "shared contexts must mean closer"
    assert cat_dog > cosine(ppmi[index["cat"]], ppmi[index["dog"]]), "SVD smooths sparse rows"

    # 4. Analogy by vector arithmetic, with and without the inputs as candidates.
    print("\nanalogy: man is to woman as king is to ?  (target = woman - man + king)")
    answers = {}
    for dim in (d, 22):
        space = svd_embeddings(ppmi, dim)
        with_inputs = analogy(space, vocab, "man", "woman", "king", exclude_inputs=False)
        without = analogy(space, vocab, "man", "woman", "king", exclude_inputs=True)
        baseline = nearest(space, vocab, "king", banned={"man", "woman"})
        answers[dim] = (with_inputs[0][0], without[0][0], baseline[0][0])
        offset = space[index["woman"]] - space[index["man"]]
        print(f"  d = {dim}: cos(man, woman) = "
              f"{cosine(space[index['man']], space[index['woman']]):.3f},"
              f" cos(king, queen) = {cosine(space[index['king']], space[index['queen']]):.3f}")
        print(f"    offset |woman - man| = {np.linalg.norm(offset):.3f},"
              f" |king| = {np.linalg.norm(space[index['king']]):.3f}")
        print("    inputs allowed : " + ", ".join(f"{w} {s:.3f}" for w, s in with_inputs))
        print("    inputs excluded: " + ", ".join(f"{w} {s:.3f}" for w, s in without))
        print("    neighbours of king: " + ", ".join(f"{w} {s:.3f}" for w, s in baseline))
    assert answers[d] == ("king", "queen", "queen"), "small d: the offset does no work"
    assert answers[22][:2] == ("queen", "queen") and answers[22][2] != "queen", \
        "larger d: the offset itself finds queen"

    # 5. Skip-gram with negative sampling: the optimum of one cell is PMI - log k.
    k = 5
    x_star = pmi[index["cat"], index["sat"]] - np.log(k)
    args = (n_wc, n_w, n_c, total, k)
    h = 1e-5
    for x_test in (x_star, 0.3):
        analytic = sgns_pair_gradient(x_test, *args)
        numeric = (sgns_pair_objective(x_test + h, *args)
                   - sgns_pair_objective(x_test - h, *args)) / (2 * h)
        assert abs(analytic - numeric) < 1e-6, "SGNS gradient must match central differences"
    assert abs(sgns_pair_gradient(x_star, *args)) < 1e-12, "gradient vanishes at PMI - log k"
    f_star = sgns_pair_objective(x_star, *args)
    assert f_star > sgns_pair_objective(x_star - 0.1, *args)
    assert f_star > sgns_pair_objective(x_star + 0.1, *args)
    pmi_cs = pmi[index["cat"], index["sat"]]
    print(f"\nSGNS, k = {k}: best w.c for (cat, sat) = PMI - log k"
          f" = {pmi_cs:.4f} - {np.log(k):.4f} = {x_star:.4f}")
    print(f"  gradient there below 1e-12: {abs(sgns_pair_gradient(x_star, *args)) < 1e-12};"
          f" at x = 0.3 it is {sgns_pair_gradient(0.3, *args):.4f}"
          f" (central difference {numeric:.4f})")


if __name__ == "__main__":
    main()
