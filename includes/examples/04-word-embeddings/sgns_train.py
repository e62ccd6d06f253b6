"""Skip-gram with negative sampling (SGNS) trained from scratch in NumPy on a toy corpus.

Included by docs/04-word-embeddings/01-embedding-models.md (Word Embedding Models). The script
prints the numbers of the article's worked example and asserts every claim made about them:

1. the corpus: sentences written for the purpose, in which "cat" and "dog" (and "car" and
   "truck", "apple" and "bread") never occur in the same sentence but share their contexts;
2. the gradient of the full softmax loss and of the SGNS loss, checked by central differences;
3. the noise distribution P_n(w) proportional to count(w)^(3/4), against the unigram distribution;
4. the subsampling probability of Mikolov et al. (2013b), P_discard = 1 - sqrt(t / f), next to
   the formula of the released word2vec.c code, which this script does not use;
5. the optimum of the expected SGNS loss for one pair, log(#(w,c) / (k #(w) P_n(c))), found by
   bisection (the shifted-PMI result of Levy & Goldberg, 2014);
6. training: the SGNS loss falls, and after training words that share contexts have a higher
   cosine similarity than words that do not.
"""

import numpy as np

# --8<-- [start:corpus]
TEMPLATES = {
    "pet": ["the {} sleeps on the sofa", "she feeds the {} every morning",
            "the hungry {} drinks milk", "a {} chased the ball in the garden"],
    "vehicle": ["he parks the {} near the station", "the {} needs fuel and oil",
                "they drive the old {} to work", "a {} stopped at the red light"],
    "food": ["we eat the fresh {} for lunch", "the {} tastes sweet and soft",
             "she cuts the {} with a knife", "the {} lies on the kitchen table"],
}
FILLERS = {"pet": ["cat", "dog"], "vehicle": ["car", "truck"], "food": ["apple", "bread"]}


def build_corpus(repeats: int = 12, seed: int = 0) -> list[list[str]]:
    """Fill every template with every word of its group, repeat and shuffle.

    Parameters
    ----------
    repeats : int
        How many times each filled sentence appears.
    seed : int
        Seed of the shuffle.

    Returns
    -------
    list of list of str
        Sentences as lists of lower-case tokens; no sentence holds two words of one group.
    """
    sentences = [t.format(w).split() for g, ts in TEMPLATES.items() for t in ts
                 for w in FILLERS[g]] * repeats
    order = np.random.default_rng(seed).permutation(len(sentences))
    return [sentences[i] for i in order]
# --8<-- [end:corpus]


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function 1 / (1 + exp(-x)), element-wise, without overflow warnings."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


# --8<-- [start:losses]
def softmax_loss_and_grads(v_c: np.ndarray, u_all: np.ndarray, o: int):
    """Full-softmax skip-gram loss -log p(o | c) for one (centre, context) pair.

    Mikolov et al. (2013a); the loss every output word takes part in.

    Parameters
    ----------
    v_c : np.ndarray, shape (d,)
        Input (centre) vector of the centre word c.
    u_all : np.ndarray, shape (V, d)
        Output (context) vectors of all V words.
    o : int
        Index of the observed context word.

    Returns
    -------
    loss : float
    grad_v : np.ndarray, shape (d,)
        U^T (p - e_o): expected output vector minus the observed one.
    grad_u : np.ndarray, shape (V, d)
        (p - e_o) v_c^T: every one of the V rows receives a gradient.
    """
    z = u_all @ v_c
    p = np.exp(z - z.max())
    p /= p.sum()
    err = p.copy()
    err[o] -= 1.0
    return -np.log(p[o]), u_all.T @ err, np.outer(err, v_c)


def sgns_loss_and_grads(v_in: np.ndarray, u_out: np.ndarray, centres: np.ndarray,
                        contexts: np.ndarray, negatives: np.ndarray):
    """SGNS loss of a batch of pairs and its gradients (Mikolov et al., 2013b, equation 4).

    For one pair, loss = -log s(u_o . v_c) - sum_j log s(-u_j . v_c), with s the sigmoid and
    u_j the output vectors of the k sampled noise words.

    Parameters
    ----------
    v_in : np.ndarray, shape (V, d)
        Input vectors (one row per word), the embeddings kept after training.
    u_out : np.ndarray, shape (V, d)
        Output vectors.
    centres, contexts : np.ndarray of int, shape (B,)
        Word indices of the centre word and the observed context word of each pair.
    negatives : np.ndarray of int, shape (B, k)
        Indices of the k noise words drawn for each pair.

    Returns
    -------
    loss : float
        Sum of the B pair losses.
    grad_v, grad_u : np.ndarray, shape (V, d)
        Gradients of the summed loss; rows of words not in the batch are zero.
    """
    v_c = v_in[centres]                                    # (B, d)
    u_o = u_out[contexts]                                  # (B, d)
    u_n = u_out[negatives]                                 # (B, k, d)
    s_pos = sigmoid(np.sum(u_o * v_c, axis=1))             # (B,)
    s_neg = sigmoid(np.einsum("bkd,bd->bk", u_n, v_c))     # (B, k)
    loss = -np.sum(np.log(s_pos)) - np.sum(np.log(1.0 - s_neg))
    g_pos = s_pos - 1.0                                    # d loss / d (u_o . v_c)
    g_neg = s_neg                                          # d loss / d (u_j . v_c)
    grad_vc = g_pos[:, None] * u_o + np.einsum("bk,bkd->bd", g_neg, u_n)
    grad_v = np.zeros_like(v_in)
    grad_u = np.zeros_like(u_out)
    np.add.at(grad_v, centres, grad_vc)
    np.add.at(grad_u, contexts, g_pos[:, None] * v_c)
    np.add.at(grad_u, negatives, g_neg[:, :, None] * v_c[:, None, :])
    return loss, grad_v, grad_u
# --8<-- [end:losses]


# --8<-- [start:sampling]
def noise_distribution(counts: np.ndarray, power: float = 0.75) -> np.ndarray:
    """Noise distribution P_n(w) = count(w)^power / Z (Mikolov et al., 2013b, section 2.2).

    Parameters
    ----------
    counts : np.ndarray, shape (V,)
        Corpus count of every word, all positive.
    power : float
        0.75 in the paper; 1 gives the unigram distribution, 0 the uniform one.

    Returns
    -------
    np.ndarray, shape (V,)
        Probabilities summing to 1.
    """
    weights = counts.astype(float) ** power
    return weights / weights.sum()


def discard_probability(freq: np.ndarray, t: float) -> np.ndarray:
    """Subsampling of frequent words, P_discard = 1 - sqrt(t / f) (Mikolov et al., 2013b, eq. 5).

    Clipped at 0: words rarer than the threshold t are always kept. This is the paper's formula;
    the released word2vec.c keeps a word with probability sqrt(t / f) + t / f instead.

    Parameters
    ----------
    freq : np.ndarray
        Relative frequency f of each word (count divided by the number of tokens).
    t : float
        Threshold; about 1e-5 in the paper, for corpora of billions of tokens.

    Returns
    -------
    np.ndarray, same shape as freq
        Probability of dropping each occurrence of the word.
    """
    return np.clip(1.0 - np.sqrt(t / freq), 0.0, 1.0)


def skipgram_pairs(sentences: list[np.ndarray], window: int) -> tuple[np.ndarray, np.ndarray]:
    """All (centre, context) index pairs within +-window positions, inside each sentence.

    Parameters
    ----------
    sentences : list of np.ndarray of int
        Sentences as arrays of word indices.
    window : int
        Maximum distance between centre and context word.

    Returns
    -------
    centres, contexts : np.ndarray of int, shape (P,)
    """
    centres, contexts = [], []
    for s in sentences:
        for i in range(len(s)):
            for j in range(max(0, i - window), min(len(s), i + window + 1)):
                if j != i:
                    centres.append(s[i])
                    contexts.append(s[j])
    return np.array(centres), np.array(contexts)
# --8<-- [end:sampling]


# --8<-- [start:train]
def train_sgns(sentences, counts, dim=12, window=2, k=5, t=0.02, lr=0.05, epochs=40,
               batch=64, seed=0):
    """Train SGNS with mini-batch SGD; subsampling and pairs are redrawn every epoch.

    Parameters
    ----------
    sentences : list of np.ndarray of int
        The corpus as word indices.
    counts : np.ndarray, shape (V,)
        Word counts, for the noise distribution and the subsampling.
    dim, window, k : int
        Embedding size, context window and number of noise words per pair.
    t : float
        Subsampling threshold (scaled up for a corpus of a few thousand tokens).
    lr : float
        Learning rate of plain SGD on the summed batch loss.
    epochs, batch : int
        Passes over the corpus and pairs per update.
    seed : int
        Seed of every random draw.

    Returns
    -------
    v_in, u_out : np.ndarray, shape (V, d)
        Input and output vectors.
    history : list of float
        Mean loss per pair in each epoch.
    """
    rng = np.random.default_rng(seed)
    n_words = len(counts)
    v_in = (rng.random((n_words, dim)) - 0.5) / dim   # word2vec's initialization
    u_out = np.zeros((n_words, dim))                  # output vectors start at zero
    p_noise = noise_distribution(counts)
    p_drop = discard_probability(counts / counts.sum(), t)
    history = []
    for _ in range(epochs):
        kept = [s[rng.random(len(s)) >= p_drop[s]] for s in sentences]
        centres, contexts = skipgram_pairs(kept, window)
        order = rng.permutation(len(centres))
        total = 0.0
        for start in range(0, len(order), batch):
            idx = order[start:start + batch]
            negs = rng.choice(n_words, size=(len(idx), k), p=p_noise)
            loss, g_v, g_u = sgns_loss_and_grads(v_in, u_out, centres[idx], contexts[idx], negs)
            v_in -= lr * g_v
            u_out -= lr * g_u
            total += loss
        history.append(total / len(order))
    return v_in, u_out, history
# --8<-- [end:train]


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity a . b / (|a| |b|) of two vectors of the same shape."""
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def relative_error(f, x: np.ndarray, analytic: np.ndarray, h: float = 1e-6) -> float:
    """Relative error |g - g~| / (|g| + |g~|) between an analytic and a numerical gradient.

    The numerical gradient g~ is the central difference (f(x + h e_i) - f(x - h e_i)) / (2h)
    for every entry i of x; x is modified in place and restored. See the gradient-checking
    section of the backpropagation article for why this norm-based ratio is used.

    Parameters
    ----------
    f : callable
        Returns the loss (float) for the current value of x.
    x : np.ndarray
        The parameter array the gradient is taken with respect to.
    analytic : np.ndarray, same shape as x
        The gradient to check.
    h : float
        Step of the central difference.

    Returns
    -------
    float
        0 for perfect agreement.
    """
    numeric = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f()
        x[i] = old - h
        down = f()
        x[i] = old
        numeric[i] = (up - down) / (2 * h)
    return float(np.linalg.norm(numeric - analytic)
                 / (np.linalg.norm(numeric) + np.linalg.norm(analytic)))


def main() -> None:
    """Print the worked example of the article and assert its claims."""
    corpus = build_corpus()
    vocab = sorted({w for s in corpus for w in s})
    index = {w: i for i, w in enumerate(vocab)}
    sentences = [np.array([index[w] for w in s]) for s in corpus]
    counts = np.bincount(np.concatenate(sentences), minlength=len(vocab))
    n_tokens = int(counts.sum())
    print(f"corpus: {len(corpus)} sentences, {n_tokens} tokens, vocabulary V = {len(vocab)}")
    for group, words in FILLERS.items():
        together = sum(all(w in s for w in words) for s in corpus)
        print(f"  sentences containing both {words[0]!r} and {words[1]!r}: {together}")
        assert together == 0, group

    print("\ngradient checks (central differences, relative error)")
    rng = np.random.default_rng(1)
    v_small = rng.normal(0, 0.5, (len(vocab), 4))
    u_small = rng.normal(0, 0.5, (len(vocab), 4))
    v_c = v_small[index["cat"]].copy()
    loss_sm, g_v, g_u = softmax_loss_and_grads(v_c, u_small, index["milk"])
    err_v = relative_error(lambda: softmax_loss_and_grads(v_c, u_small, index["milk"])[0],
                               v_c, g_v)
    err_u = relative_error(lambda: softmax_loss_and_grads(v_c, u_small, index["milk"])[0],
                               u_small, g_u)
    rows_touched = int(np.sum(np.any(g_u != 0, axis=1)))
    print(f"  full softmax: loss {loss_sm:.4f}, dL/dv_c {err_v:.1e}, dL/dU {err_u:.1e}, "
          f"rows of U with a gradient: {rows_touched} of {len(vocab)}")
    assert max(err_v, err_u) < 1e-7 and rows_touched == len(vocab)
    cen = np.array([index[w] for w in ["cat", "car", "apple"]])
    ctx = np.array([index[w] for w in ["milk", "fuel", "sweet"]])
    neg = rng.integers(0, len(vocab), size=(3, 5))
    loss_ns, g_v, g_u = sgns_loss_and_grads(v_small, u_small, cen, ctx, neg)
    err_v = relative_error(lambda: sgns_loss_and_grads(v_small, u_small, cen, ctx, neg)[0],
                               v_small, g_v)
    err_u = relative_error(lambda: sgns_loss_and_grads(v_small, u_small, cen, ctx, neg)[0],
                               u_small, g_u)
    rows_touched = int(np.sum(np.any(g_u != 0, axis=1)))
    print(f"  SGNS, 3 pairs, k = 5: loss {loss_ns:.4f}, dL/dV {err_v:.1e}, dL/dU {err_u:.1e}, "
          f"rows of U with a gradient: {rows_touched} of {len(vocab)}")
    assert max(err_v, err_u) < 1e-7

    print("\nnoise distribution: unigram f(w) against P_n(w) = f(w)^0.75 / Z")
    p_uni = counts / n_tokens
    p_noise = noise_distribution(counts)
    assert abs(p_noise.sum() - 1.0) < 1e-12
    for w in ["the", "a", "cat", "fuel", "kitchen"]:
        i = index[w]
        print(f"  {w:8s} count {counts[i]:4d}  unigram {p_uni[i]:.4f}  noise {p_noise[i]:.4f}"
              f"  ratio {p_noise[i] / p_uni[i]:.2f}")
    rare, frequent = index["kitchen"], index["the"]
    assert p_noise[rare] > p_uni[rare] and p_noise[frequent] < p_uni[frequent]

    print("\nsubsampling: P_discard = 1 - sqrt(t / f) (paper) and 1 - sqrt(t/f) - t/f (word2vec.c)")
    for f in [0.05, 1e-3, 1e-4, 1e-5]:
        paper = discard_probability(np.array(f), 1e-5)
        code = max(0.0, 1.0 - np.sqrt(1e-5 / f) - 1e-5 / f)
        print(f"  t = 1e-5, f = {f:.0e}: paper {paper:.4f}, code {code:.4f}")
    t_toy = 0.02
    for w in ["the", "a", "cat", "kitchen"]:
        print(f"  toy corpus, t = {t_toy}: {w:8s} f = {p_uni[index[w]]:.4f}, "
              f"P_discard = {discard_probability(p_uni[index[w]], t_toy):.4f}")

    print("\noptimum of the expected SGNS loss for one pair (no subsampling, window 2, k = 5)")
    centres, contexts = skipgram_pairs(sentences, window=2)
    c, o, k = index["cat"], index["milk"], 5
    n_pair = int(np.sum((centres == c) & (contexts == o)))    # #(w, c)
    n_centre = int(np.sum(centres == c))                      # #(w)
    n_ctx = int(np.sum(contexts == o))                        # #(c)
    pull, push = n_pair, k * n_centre * p_noise[o]            # weights of the two log terms
    lo, hi = -20.0, 20.0                                      # bisection on the derivative
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if -pull * (1 - sigmoid(mid)) + push * sigmoid(mid) < 0 else (lo, mid)
    x_star = 0.5 * (lo + hi)
    pmi = np.log(n_pair * len(centres) / (n_centre * n_ctx))
    print(f"  #(cat, milk) = {n_pair}, #(cat) = {n_centre}, #(milk) = {n_ctx}, "
          f"pairs = {len(centres)}")
    print(f"  minimizer of -A log s(x) - B log s(-x): {x_star:.4f}; "
          f"log(#(w,c) / (k #(w) P_n(c))) = {np.log(pull / push):.4f}")
    print(f"  PMI(cat, milk) - log k = {pmi - np.log(k):.4f}, the optimum if P_n were the unigram "
          "distribution of contexts")
    assert abs(x_star - np.log(pull / push)) < 1e-9

    print("\ncost per training pair, in output vectors touched (V = 1,000,000, k = 5)")
    print(f"  full softmax {1_000_000:,}, negative sampling {5 + 1}, "
          f"hierarchical softmax about {int(np.ceil(np.log2(1_000_000)))}")

    v_init = train_sgns(sentences, counts, t=t_toy, epochs=0)[0]
    v_in, _, history = train_sgns(sentences, counts, t=t_toy)
    zero_u = np.zeros_like(v_init)
    negs0 = np.random.default_rng(2).integers(0, len(vocab), size=(len(centres), 5))
    loss0 = sgns_loss_and_grads(v_init, zero_u, centres, contexts, negs0)[0] / len(centres)
    print(f"\nloss per pair with the output vectors at zero: {loss0:.4f} = 6 log 2 "
          f"= {6 * np.log(2):.4f}")
    assert abs(loss0 - 6 * np.log(2)) < 1e-12
    print("training: mean SGNS loss per pair")
    for epoch in [1, 10, 20, 40]:
        print(f"  epoch {epoch:2d}: {history[epoch - 1]:.4f}")
    assert history[-1] < history[0]

    print("\ncosine similarity of the input vectors after training")
    words = ["cat", "dog", "car", "truck", "apple", "bread"]
    print("  " + " " * 6 + "".join(f"{w:>7s}" for w in words))
    sims = np.array([[cosine(v_in[index[a]], v_in[index[b]]) for b in words] for a in words])
    for a, row in zip(words, sims, strict=True):
        print(f"  {a:6s}" + "".join(f"{x:7.3f}" for x in row))
    group = np.repeat(np.arange(3), 2)
    same_mask = (group[:, None] == group[None, :]) & ~np.eye(6, dtype=bool)
    same = sims[same_mask]
    other = sims[group[:, None] != group[None, :]]
    print(f"  shared contexts: mean {same.mean():.3f}, min {same.min():.3f}")
    print(f"  no shared context: mean {other.mean():.3f}, max {other.max():.3f}")
    before = np.array([[cosine(v_init[index[a]], v_init[index[b]]) for b in words] for a in words])
    print(f"  before training: shared contexts mean {before[same_mask].mean():.3f}, "
          f"no shared context mean {before[group[:, None] != group[None, :]].mean():.3f}")
    assert same.min() > other.max()

    print("\nnearest neighbours by cosine")
    normed = v_in / np.linalg.norm(v_in, axis=1, keepdims=True)
    partner = {"cat": "dog", "truck": "car", "bread": "apple"}
    for w in ["cat", "truck", "bread"]:
        scores = normed @ normed[index[w]]
        best = [vocab[j] for j in np.argsort(-scores) if j != index[w]][:3]
        print(f"  {w}: {', '.join(best)}")
        assert best[0] == partner[w]


if __name__ == "__main__":
    main()
