"""Byte-pair encoding: learning merges on a word-frequency list, then tokenizing unseen words.

Included by docs/04-word-embeddings/01-embedding-models.md (Word Embedding Models). The
learning loop is the algorithm of Sennrich, Haddow & Birch (2016): split every word into
characters plus an end-of-word marker, count adjacent symbol pairs weighted by word frequency,
merge the most frequent pair everywhere, repeat. The script prints each merge, the vocabulary
size and the number of symbols per word as merges accumulate, and the segmentation of words
that are not in the list; it asserts that

1. every merge adds exactly one symbol to the vocabulary;
2. segmentation is lossless: joining the pieces gives back the word;
3. an unseen word is still covered, by pieces learned from other words.
"""

from collections import Counter
from itertools import pairwise

# --8<-- [start:data]
WORD_COUNTS = {"talk": 6, "talked": 4, "talking": 5, "walk": 7, "walked": 5, "walking": 4,
               "jump": 3, "jumped": 2, "sing": 4, "ring": 3, "king": 2}
END = "</w>"  # end-of-word marker: "ing</w>" at the end of a word is not "ing" inside one
# --8<-- [end:data]


# --8<-- [start:bpe]
def pair_counts(words: dict[tuple[str, ...], int]) -> Counter:
    """Count adjacent symbol pairs, each occurrence weighted by the frequency of its word.

    Parameters
    ----------
    words : dict of tuple of str to int
        Every word as a tuple of its current symbols, with its corpus count.

    Returns
    -------
    Counter of (str, str) to int
    """
    counts = Counter()
    for symbols, freq in words.items():
        for pair in pairwise(symbols):
            counts[pair] += freq
    return counts


def merge_pair(symbols: tuple[str, ...], pair: tuple[str, str]) -> tuple[str, ...]:
    """Replace every adjacent occurrence of ``pair`` in ``symbols`` by its concatenation."""
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


def learn_bpe(word_counts: dict[str, int], n_merges: int) -> list[tuple[str, str]]:
    """Learn BPE merges (Sennrich, Haddow & Birch, 2016, Algorithm 1).

    Ties between equally frequent pairs go to the alphabetically first pair, so the result is
    deterministic.

    Parameters
    ----------
    word_counts : dict of str to int
        Training words and their counts.
    n_merges : int
        Number of merges; the final vocabulary is the characters plus one symbol per merge.

    Returns
    -------
    list of (str, str)
        The merges in the order they were learned; the order is the priority at tokenization.
    """
    words = {tuple(w) + (END,): c for w, c in word_counts.items()}
    merges = []
    for _ in range(n_merges):
        counts = pair_counts(words)
        if not counts:
            break
        best = min(counts, key=lambda p: (-counts[p], p))
        merges.append(best)
        words = {merge_pair(s, best): c for s, c in words.items()}
    return merges


def segment(word: str, merges: list[tuple[str, str]]) -> list[str]:
    """Apply learned merges to one word, highest-priority (earliest learned) pair first.

    Parameters
    ----------
    word : str
        Any word, seen in training or not.
    merges : list of (str, str)
        Output of learn_bpe.

    Returns
    -------
    list of str
        The pieces; characters never seen in training would stay single symbols.
    """
    rank = {pair: r for r, pair in enumerate(merges)}
    symbols = tuple(word) + (END,)
    while True:
        ranked = [(rank[p], p) for p in pairwise(symbols) if p in rank]
        if not ranked:
            return list(symbols)
        symbols = merge_pair(symbols, min(ranked)[1])
# --8<-- [end:bpe]


def main() -> None:
    """Print the BPE example of the article and assert its claims."""
    chars = sorted({c for w in WORD_COUNTS for c in w} | {END})
    n_merges = 15
    merges = learn_bpe(WORD_COUNTS, n_merges)
    total = sum(WORD_COUNTS.values())
    print(f"{len(WORD_COUNTS)} word types, {total} word tokens, {len(chars)} base symbols "
          f"(letters plus {END})")

    def symbols_per_word(m: int) -> float:
        return sum(c * len(segment(w, merges[:m])) for w, c in WORD_COUNTS.items()) / total

    print(f"merge  0: {'':18s} vocabulary {len(chars):2d}, "
          f"symbols per word {symbols_per_word(0):.2f}")
    for m, (a, b) in enumerate(merges, start=1):
        print(f"merge {m:2d}: {a + ' + ' + b:18s} vocabulary {len(chars) + m:2d}, "
              f"symbols per word {symbols_per_word(m):.2f}")
    assert len(set(merges)) == len(merges) == n_merges

    print("\nsegmentation with all merges")
    for w in ["walking", "talked", "jumping", "singing", "kings", "walks"]:
        pieces = segment(w, merges)
        seen = "seen" if w in WORD_COUNTS else "unseen"
        print(f"  {w:8s} ({seen:6s}) -> {' '.join(pieces)}")
        assert "".join(pieces) == w + END
    assert segment("jumping", merges) == ["jump", "ing" + END]


if __name__ == "__main__":
    main()
