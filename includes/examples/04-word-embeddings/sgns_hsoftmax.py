"""Hierarchical softmax over a Huffman tree, on the vocabulary of the toy SGNS corpus.

Included by docs/04-word-embeddings/01-embedding-models.md (Word Embedding Models). The script
builds the Huffman tree of the word counts (as word2vec does, Mikolov et al. 2013b), prints the
codes of a frequent and a rare word, and asserts that

1. the tree has V - 1 inner nodes, each with one output vector;
2. p(w | c), a product of sigmoids along the path to w, sums to 1 over the vocabulary for any
   centre vector, with no normalizing sum over V words;
3. the average path length, weighted by frequency, is below log2(V).
"""

import heapq
import itertools

import numpy as np
from sgns_train import build_corpus, sigmoid


# --8<-- [start:huffman]
def huffman_codes(counts: dict[str, int]) -> dict[str, tuple[list[int], list[int]]]:
    """Huffman tree of the word counts: for every word, its inner nodes and its binary code.

    Parameters
    ----------
    counts : dict of str to int
        Corpus count of each word; at least two words.

    Returns
    -------
    dict of str to (nodes, code)
        ``nodes`` are the inner-node indices from the root down (0 .. V-2) and ``code`` the
        branch taken at each: 0 for the first child, 1 for the second.

    Raises
    ------
    ValueError
        If fewer than two words are given.
    """
    if len(counts) < 2:
        raise ValueError("a tree needs at least two words")
    tie = itertools.count()                          # deterministic order among equal counts
    heap = [(c, next(tie), ("leaf", w)) for w, c in sorted(counts.items())]
    heapq.heapify(heap)
    children = []                                    # children[n] = (first, second) of node n
    while len(heap) > 1:
        c1, _, first = heapq.heappop(heap)
        c2, _, second = heapq.heappop(heap)
        children.append((first, second))
        heapq.heappush(heap, (c1 + c2, next(tie), ("inner", len(children) - 1)))
    codes = {}
    stack = [(heap[0][2], [], [])]
    while stack:
        (kind, ref), nodes, code = stack.pop()
        if kind == "leaf":
            codes[ref] = (nodes, code)
            continue
        for bit, child in enumerate(children[ref]):
            stack.append((child, nodes + [ref], code + [bit]))
    return codes


def hs_probability(v_c: np.ndarray, u_inner: np.ndarray, nodes: list[int],
                   code: list[int]) -> float:
    """p(w | c) = prod_j sigmoid(sign_j * u_{n_j} . v_c) (Mikolov et al., 2013b, equation 3).

    Parameters
    ----------
    v_c : np.ndarray, shape (d,)
        Input vector of the centre word.
    u_inner : np.ndarray, shape (V - 1, d)
        One output vector per inner node of the tree.
    nodes, code : list of int
        Path of the word w: inner nodes from the root and the branch (0 or 1) taken at each.

    Returns
    -------
    float
        The probability of w; the sign is +1 for branch 0 and -1 for branch 1.
    """
    signs = 1.0 - 2.0 * np.array(code)
    return float(np.prod(sigmoid(signs * (u_inner[nodes] @ v_c))))
# --8<-- [end:huffman]


def main() -> None:
    """Print the hierarchical-softmax numbers of the article and assert its claims."""
    corpus = build_corpus()
    words, freq = np.unique(np.concatenate([np.array(s) for s in corpus]), return_counts=True)
    counts = {str(w): int(c) for w, c in zip(words, freq, strict=True)}
    n_words = len(counts)
    codes = huffman_codes(counts)
    n_inner = 1 + max(max(nodes) for nodes, _ in codes.values())
    print(f"vocabulary V = {n_words}, inner nodes = {n_inner}, log2(V) = {np.log2(n_words):.2f}")
    assert n_inner == n_words - 1
    for w in ["the", "cat", "kitchen"]:
        nodes, code = codes[w]
        print(f"  {w:8s} count {counts[w]:3d}  code {''.join(map(str, code)):10s} "
              f"path length {len(code)}")
    total = sum(counts.values())
    mean_len = sum(counts[w] * len(codes[w][1]) for w in counts) / total
    print(f"average path length, weighted by frequency: {mean_len:.2f}")
    assert mean_len < np.log2(n_words)

    rng = np.random.default_rng(0)
    u_inner = rng.normal(0, 1, (n_inner, 8))
    for trial in range(3):
        v_c = rng.normal(0, 1, 8)
        probs = {w: hs_probability(v_c, u_inner, *codes[w]) for w in counts}
        best = max(probs, key=probs.get)
        print(f"random centre vector {trial + 1}: sum of p(w | c) over V words = "
              f"{sum(probs.values()):.12f}, most probable word {best!r} ({probs[best]:.4f})")
        assert abs(sum(probs.values()) - 1.0) < 1e-12


if __name__ == "__main__":
    main()
