"""From Transformer to LLM: pretraining losses, BERT's masking rule and scaling-law arithmetic.

Included by docs/02-deep-learning/03-transformers.md (Transformers). The script prints the
numbers of the article's worked example and asserts every claim the article makes about them:

1. the causal language-modelling loss of a toy model, and its gradient with respect to the
   logits, softmax(z) - onehot(y), checked by central differences;
2. BERT's masking rule: 15 % of positions are chosen; of those 80 % become [MASK], 10 % a
   random token and 10 % stay unchanged (Devlin et al., 2018, section 3.1);
3. scaling-law arithmetic: Kaplan et al. (2020) L(N) for a doubling of N, training compute
   C = 6 N D, tokens per parameter of GPT-3, Gopher and Chinchilla, the parametric loss of
   Hoffmann et al. (2022) for Gopher and Chinchilla, and compute-optimal sizes at 20 tokens per
   parameter.
"""

import numpy as np


def log_softmax(z: np.ndarray) -> np.ndarray:
    """Log-softmax along the last axis, computed stably.

    Parameters
    ----------
    z : np.ndarray, shape (..., V)
        Logits over a vocabulary of V tokens.

    Returns
    -------
    np.ndarray, same shape
        log p, with p = softmax(z).

    """
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


# --8<-- [start:causal_lm]
def causal_lm_loss(logits: np.ndarray, targets: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean next-token cross-entropy and its gradient with respect to the logits.

    Parameters
    ----------
    logits : np.ndarray, shape (T, V)
        Row t holds the model's scores for token t + 1, computed from tokens 1..t.
    targets : np.ndarray of int, shape (T,)
        The tokens that actually came next.

    Returns
    -------
    loss : float
        -(1 / T) sum_t log p(targets[t] | tokens up to t), in nats per token.
    grad : np.ndarray, shape (T, V)
        (softmax(logits) - onehot(targets)) / T.

    """
    t_len = logits.shape[0]
    logp = log_softmax(logits)
    loss = -logp[np.arange(t_len), targets].mean()
    grad = np.exp(logp)
    grad[np.arange(t_len), targets] -= 1.0
    return float(loss), grad / t_len
# --8<-- [end:causal_lm]


# --8<-- [start:mlm]
def bert_mask(tokens: np.ndarray, vocab_size: int, mask_id: int, rng: np.random.Generator,
              rate: float = 0.15) -> tuple[np.ndarray, np.ndarray]:
    """Corrupt a token sequence with BERT's masking rule (Devlin et al., 2018, section 3.1).

    Parameters
    ----------
    tokens : np.ndarray of int, shape (T,)
        Token ids.
    vocab_size : int
        Random replacements are drawn uniformly from 0..vocab_size - 1.
    mask_id : int
        Id of the [MASK] token.
    rng : np.random.Generator
        Source of randomness.
    rate : float
        Fraction of positions chosen for prediction (0.15 in the paper).

    Returns
    -------
    corrupted : np.ndarray of int, shape (T,)
        The model's input: chosen positions are [MASK] (80 %), a random token (10 %) or
        unchanged (10 %).
    chosen : np.ndarray of bool, shape (T,)
        Positions whose original token the loss asks the model to predict.

    """
    chosen = rng.random(tokens.shape) < rate
    action = rng.random(tokens.shape)
    corrupted = tokens.copy()
    corrupted[chosen & (action < 0.8)] = mask_id
    swap = chosen & (action >= 0.8) & (action < 0.9)
    corrupted[swap] = rng.integers(0, vocab_size, swap.sum())
    return corrupted, chosen
# --8<-- [end:mlm]


def causal_lm_demo() -> None:
    """Print a toy next-token loss and check its gradient by central differences."""
    rng = np.random.default_rng(0)
    t_len, vocab = 4, 5
    logits = rng.standard_normal((t_len, vocab))
    targets = np.array([2, 0, 4, 1])
    loss, grad = causal_lm_loss(logits, targets)
    print(f"1) Causal LM loss, {t_len} positions, vocabulary of {vocab}")
    print(f"   mean -log p(next token) = {loss:.4f} nats; uniform guessing = log 5 = "
          f"{np.log(vocab):.4f}")
    eps = 1e-6
    num = np.zeros_like(logits)
    for i in range(t_len):
        for j in range(vocab):
            step = np.zeros_like(logits)
            step[i, j] = eps
            num[i, j] = (causal_lm_loss(logits + step, targets)[0]
                         - causal_lm_loss(logits - step, targets)[0]) / (2 * eps)
    err = np.max(np.abs(num - grad))
    print(f"   gradient (softmax - onehot) / T matches central differences to 1e-8: {err < 1e-8}")
    print("   gradient row 1: " + " ".join(f"{g:+.4f}" for g in grad[0]))
    assert err < 1e-8 and np.allclose(grad.sum(axis=1), 0.0)


def mlm_demo() -> None:
    """Apply BERT's masking rule to a long random sequence and a short sentence."""
    rng = np.random.default_rng(0)
    vocab, mask_id, t_len = 30522, 103, 200_000
    tokens = rng.integers(1000, vocab, t_len)
    corrupted, chosen = bert_mask(tokens, vocab, mask_id, rng)
    n = chosen.sum()
    masked = (corrupted == mask_id) & chosen
    same = (corrupted == tokens) & chosen
    random_ = chosen & ~masked & ~same
    print()
    print(f"2) BERT masking on {t_len:,d} tokens")
    print(f"   chosen for prediction {n / t_len:.4f}")
    print(f"   of those: [MASK] {masked.sum() / n:.4f}, random token {random_.sum() / n:.4f},"
          f" unchanged {same.sum() / n:.4f}")
    print(f"   share of all input positions that show [MASK]: {masked.sum() / t_len:.4f}")
    assert abs(n / t_len - 0.15) < 0.005
    assert abs(masked.sum() / n - 0.8) < 0.01 and abs(same.sum() / n - 0.1) < 0.01

    words = "the cat sat on the mat because it was tired after a long day in the sun".split()
    ids = np.arange(len(words))
    corrupted, chosen = bert_mask(ids, len(words), -1, np.random.default_rng(3))
    shown = ["[MASK]" if c == -1 else words[c] for c in corrupted]
    print("   input : " + " ".join(shown))
    print("   targets at positions " + ", ".join(
        f"{i + 1} ({words[i]})" for i in np.flatnonzero(chosen)))


def scaling_demo() -> None:
    """Scaling-law arithmetic of Kaplan et al. (2020) and Hoffmann et al. (2022)."""
    print()
    print("3) Scaling laws")
    alpha_n = 0.076
    print(f"   Kaplan L(N) = (N_c / N)^{alpha_n}: doubling N multiplies the loss by"
          f" {2 ** -alpha_n:.4f}")

    def chinchilla_loss(n: float, d: float) -> float:
        return 1.69 + 406.4 / n**0.34 + 410.7 / d**0.28

    models = {"GPT-3": (175e9, 300e9), "Gopher": (280e9, 300e9), "Chinchilla": (70e9, 1.4e12)}
    print("   model        params   tokens   tokens/param  C = 6ND     L(N, D) fit")
    for name, (n, d) in models.items():
        print(f"   {name:<11s} {n / 1e9:5.0f} B {d / 1e9:6.0f} B   {d / n:8.2f}     "
              f"{6 * n * d:.2e}   {chinchilla_loss(n, d):.4f}")
    g, c = models["Gopher"], models["Chinchilla"]
    assert np.isclose(6 * g[0] * g[1], 6 * c[0] * c[1], rtol=0.2)   # same budget, roughly
    assert chinchilla_loss(*c) < chinchilla_loss(*g)
    print("   compute-optimal at 20 tokens per parameter: C = 120 N^2")
    for budget in (1e21, 1e23, 1e25):
        n_opt = np.sqrt(budget / 120)
        print(f"   C = {budget:.0e}: N = {n_opt / 1e9:7.2f} B parameters,"
              f" D = {20 * n_opt / 1e9:8.1f} B tokens")
        assert np.isclose(6 * n_opt * 20 * n_opt, budget)


def main() -> None:
    """Print every worked example of the article and check its claims."""
    causal_lm_demo()
    mlm_demo()
    scaling_demo()


if __name__ == "__main__":
    main()
