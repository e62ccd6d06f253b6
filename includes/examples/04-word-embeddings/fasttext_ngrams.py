"""FastText subword units: character n-grams of 3 to 6 with boundary markers, and their buckets.

Included by docs/04-word-embeddings/01-embedding-models.md (Word Embedding Models). Following
Bojanowski et al. (2017) and the released fastText code, a word is wrapped in "<" and ">",
cut into all character n-grams with 3 <= n <= 6, and the whole wrapped word is added as one
more unit. Every n-gram is hashed with 32-bit FNV-1a into one of 2,000,000 buckets. The script
prints the units of a word, compares the units of an unseen word with those of known words,
and asserts that

1. the number of n-grams of a word with m characters is sum over n of (m + 2 - n + 1);
2. the FNV-1a implementation reproduces the published test value for "a";
3. a word vector built from shared n-grams is closer to the words it shares them with, even
   with random (untrained) n-gram vectors: the spelling prior fastText adds, which ranks
   "talked" above "walking" as a neighbour of "walked" until training gives the units meaning.
"""

import numpy as np


# --8<-- [start:ngrams]
def char_ngrams(word: str, n_min: int = 3, n_max: int = 6) -> list[str]:
    """All character n-grams of "<" + word + ">" with n_min <= n <= n_max, in order of position.

    Bojanowski et al. (2017), section 3.2; the whole wrapped word is not included here.

    Parameters
    ----------
    word : str
        The word, without markers.
    n_min, n_max : int
        Shortest and longest n-gram (3 and 6 in the paper).

    Returns
    -------
    list of str
    """
    wrapped = f"<{word}>"
    return [wrapped[i:i + n] for i in range(len(wrapped))
            for n in range(n_min, n_max + 1) if i + n <= len(wrapped)]


def subword_units(word: str) -> list[str]:
    """Return the units whose vectors make up the word: its n-grams plus the wrapped word."""
    units = char_ngrams(word)
    whole = f"<{word}>"
    return units if whole in units else units + [whole]


def fnv1a_32(text: str) -> int:
    """32-bit FNV-1a hash of the UTF-8 bytes of ``text`` (offset 2166136261, prime 16777619).

    fastText hashes each byte as a signed char; for ASCII text the two agree.
    """
    h = 2166136261
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h
# --8<-- [end:ngrams]


def main() -> None:
    """Print the fastText n-gram example of the article and assert its claims."""
    word = "walking"
    grams = char_ngrams(word)
    print(f"{word!r} -> <{word}>: {len(grams)} n-grams of length 3 to 6, plus <{word}> itself")
    for n in range(3, 7):
        print(f"  n = {n}: {' '.join(g for g in grams if len(g) == n)}")
    m = len(word)
    assert len(grams) == sum(m + 2 - n + 1 for n in range(3, 7))

    assert fnv1a_32("a") == 0xE40C292C
    buckets = 2_000_000
    print("bucket of a unit = FNV-1a(unit) mod 2,000,000:")
    print("  " + ", ".join(f"{g} -> {fnv1a_32(g) % buckets}" for g in ["<wa", "ing", "ing>"]))

    unseen = "walked"
    mine = set(subword_units(unseen))
    print(f"\nunseen word {unseen!r}: {len(mine)} units; shared with")
    rng = np.random.default_rng(0)
    table = {}

    def vector(w: str) -> np.ndarray:
        """Average of random 100-dimensional vectors of the word's units (untrained)."""
        for u in subword_units(w):
            table.setdefault(u, rng.normal(0, 1, 100))
        return np.mean([table[u] for u in subword_units(w)], axis=0)

    v_unseen = vector(unseen)
    results = {}
    for known in ["walking", "talked", "jumped", "sing"]:
        theirs = set(subword_units(known))
        shared = sorted(mine & theirs, key=lambda g: (len(g), g))
        v = vector(known)
        cos = v_unseen @ v / (np.linalg.norm(v_unseen) * np.linalg.norm(v))
        results[known] = cos
        print(f"  {known:8s} {len(shared):2d} units, cosine {cos:.3f}: {' '.join(shared) or '-'}")
    # with random unit vectors, closeness follows spelling overlap, not meaning
    assert results["talked"] > results["walking"] > results["jumped"] > results["sing"]


if __name__ == "__main__":
    main()
