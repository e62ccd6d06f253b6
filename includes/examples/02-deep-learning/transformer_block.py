"""A Transformer block in NumPy: forward pass, parameter count, KV cache and tiled attention.

Included by docs/02-deep-learning/03-transformers.md (Transformers). The script prints the
numbers of the article's worked example and asserts every claim the article makes about them:

1. a pre-LN and a post-LN block run on the same input; post-LN output rows are normalized,
   pre-LN output rows are not (so pre-LN stacks end with a final layer norm);
2. parameters per block, 12 d^2 against the exact count with biases and layer norms, for
   d_model = 768 (GPT-2 small, BERT-base), and the totals of those two models;
3. forward cost per token, and the context length at which attention's n^2 term catches up;
4. KV-cache memory for a 7-billion-parameter shape, and a check that decoding with a cache
   gives exactly the outputs of full causal attention;
5. attention computed block by block with an online softmax (the idea behind FlashAttention)
   equals ordinary attention.
"""

import numpy as np


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along one axis, computed stably by subtracting the maximum.

    Parameters
    ----------
    z : np.ndarray, any shape
        Logits; -inf entries get probability 0.
    axis : int
        Axis along which the outputs sum to 1.

    Returns
    -------
    np.ndarray, same shape as z
        The probabilities.

    """
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray,
              mask: np.ndarray | None = None) -> np.ndarray:
    """Scaled dot-product attention (Vaswani et al., 2017, equation 1).

    Parameters
    ----------
    q : np.ndarray, shape (..., n_q, d_k)
        Queries.
    k : np.ndarray, shape (..., n_k, d_k)
        Keys.
    v : np.ndarray, shape (..., n_k, d_v)
        Values.
    mask : np.ndarray of bool, broadcastable to (..., n_q, n_k), optional
        True where attention is allowed.

    Returns
    -------
    np.ndarray, shape (..., n_q, d_v)
        softmax(q k^T / sqrt(d_k)) v.

    """
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    return softmax(scores) @ v


# --8<-- [start:block]
def block_shapes(d_model: int, d_ff: int) -> dict[str, tuple[int, ...]]:
    """Shapes of every parameter of one Transformer block (attention, feed-forward, 2 norms).

    Parameters
    ----------
    d_model : int
        Width of the residual stream.
    d_ff : int
        Inner width of the feed-forward network, usually 4 * d_model.

    Returns
    -------
    dict of str to tuple
        Parameter name to shape.

    """
    d = d_model
    return {"w_q": (d, d), "b_q": (d,), "w_k": (d, d), "b_k": (d,),
            "w_v": (d, d), "b_v": (d,), "w_o": (d, d), "b_o": (d,),
            "ln1_gamma": (d,), "ln1_beta": (d,),
            "w_1": (d, d_ff), "b_1": (d_ff,), "w_2": (d_ff, d), "b_2": (d,),
            "ln2_gamma": (d,), "ln2_beta": (d,)}


def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
               eps: float = 1e-5) -> np.ndarray:
    """Layer normalization over the last axis (Ba, Kiros & Hinton, 2016).

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
        One row per token.
    gamma, beta : np.ndarray, shape (d,)
        Learned scale and shift.
    eps : float
        Constant added to the variance.

    Returns
    -------
    np.ndarray, shape (n, d)
        Every row standardized, then scaled and shifted.

    """
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta


def gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh approximation (Hendrycks & Gimpel, 2016), as used by BERT and GPT-2.

    Parameters
    ----------
    x : np.ndarray, any shape
        Pre-activations.

    Returns
    -------
    np.ndarray, same shape
        0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))).

    """
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)))


def self_attention(x: np.ndarray, p: dict[str, np.ndarray], h: int,
                   mask: np.ndarray | None) -> np.ndarray:
    """Multi-head self-attention with biases (Vaswani et al., 2017, section 3.2.2).

    Parameters
    ----------
    x : np.ndarray, shape (n, d_model)
        Token vectors.
    p : dict of str to np.ndarray
        Block parameters with the shapes of ``block_shapes``.
    h : int
        Number of heads; d_k = d_model // h.
    mask : np.ndarray of bool, shape (n, n), optional
        True where attention is allowed.

    Returns
    -------
    np.ndarray, shape (n, d_model)
        Concat(head_1, ..., head_h) W^O + b_o.

    """
    n, d = x.shape

    def heads(w: str, b: str) -> np.ndarray:
        return (x @ p[w] + p[b]).reshape(n, h, d // h).transpose(1, 0, 2)   # (h, n, d_k)

    out = attention(heads("w_q", "b_q"), heads("w_k", "b_k"), heads("w_v", "b_v"), mask)
    return out.transpose(1, 0, 2).reshape(n, d) @ p["w_o"] + p["b_o"]


def feed_forward(x: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """Position-wise feed-forward network: GELU(x W_1 + b_1) W_2 + b_2, row by row.

    Parameters
    ----------
    x : np.ndarray, shape (n, d_model)
        Token vectors.
    p : dict of str to np.ndarray
        Block parameters; w_1 is (d_model, d_ff) and w_2 is (d_ff, d_model).

    Returns
    -------
    np.ndarray, shape (n, d_model)
        The same two-layer network applied to every token separately.

    """
    return gelu(x @ p["w_1"] + p["b_1"]) @ p["w_2"] + p["b_2"]


def block(x: np.ndarray, p: dict[str, np.ndarray], h: int, pre_ln: bool = True,
          mask: np.ndarray | None = None) -> np.ndarray:
    """One Transformer block, pre-LN (GPT-2 and later) or post-LN (Vaswani et al., 2017).

    Parameters
    ----------
    x : np.ndarray, shape (n, d_model)
        The residual stream entering the block.
    p : dict of str to np.ndarray
        Block parameters with the shapes of ``block_shapes``.
    h : int
        Number of attention heads.
    pre_ln : bool
        True: x + Sublayer(LN(x)); False: LN(x + Sublayer(x)).
    mask : np.ndarray of bool, shape (n, n), optional
        Attention mask (causal for a decoder).

    Returns
    -------
    np.ndarray, shape (n, d_model)
        The residual stream leaving the block.

    """
    ln1 = (p["ln1_gamma"], p["ln1_beta"])
    ln2 = (p["ln2_gamma"], p["ln2_beta"])
    if pre_ln:
        x = x + self_attention(layer_norm(x, *ln1), p, h, mask)
        return x + feed_forward(layer_norm(x, *ln2), p)
    x = layer_norm(x + self_attention(x, p, h, mask), *ln1)
    return layer_norm(x + feed_forward(x, p), *ln2)
# --8<-- [end:block]


def init_block(d_model: int, d_ff: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random block parameters: weights N(0, 0.02^2) as in GPT-2, biases 0, gamma 1, beta 0.

    Parameters
    ----------
    d_model, d_ff : int
        Widths, as in ``block_shapes``.
    rng : np.random.Generator
        Source of randomness.

    Returns
    -------
    dict of str to np.ndarray
        Arrays with the shapes of ``block_shapes``.

    """
    p = {}
    for name, shape in block_shapes(d_model, d_ff).items():
        if name.startswith("w_"):
            p[name] = 0.02 * rng.standard_normal(shape)
        elif name.endswith("gamma"):
            p[name] = np.ones(shape)
        else:
            p[name] = np.zeros(shape)
    return p


def n_params(shapes: dict[str, tuple[int, ...]]) -> int:
    """Count the scalars in a set of parameter shapes.

    Parameters
    ----------
    shapes : dict of str to tuple
        Name to shape.

    Returns
    -------
    int
        Sum of the products of the shapes.

    """
    return int(sum(np.prod(s) for s in shapes.values()))


def block_demo() -> None:
    """Run one pre-LN and one post-LN block on the same tokens."""
    rng = np.random.default_rng(0)
    n, d, h = 4, 8, 2
    p = init_block(d, 4 * d, rng)
    x = rng.standard_normal((n, d))
    causal = np.tril(np.ones((n, n), dtype=bool))
    pre = block(x, p, h, pre_ln=True, mask=causal)
    post = block(x, p, h, pre_ln=False, mask=causal)
    print(f"1) One block, n = {n} tokens, d_model = {d}, h = {h}, d_ff = {4 * d}")
    print(f"   input shape {x.shape}, pre-LN output {pre.shape}, post-LN output {post.shape}")
    print("   row std of the output, pre-LN:  " + " ".join(f"{s:.4f}" for s in pre.std(axis=1)))
    print("   row std of the output, post-LN: " + " ".join(f"{s:.4f}" for s in post.std(axis=1)))
    assert pre.shape == post.shape == x.shape
    assert np.allclose(post.mean(axis=1), 0.0) and np.allclose(post.std(axis=1), 1.0, atol=1e-4)
    assert not np.allclose(pre.std(axis=1), 1.0, atol=1e-2)
    # Causality survives the whole block: changing the last token leaves earlier rows alone.
    x2 = x.copy()
    x2[-1] += 1.0
    assert np.allclose(block(x2, p, h, True, causal)[:-1], pre[:-1])


def parameter_count_demo() -> None:
    """Compare 12 d^2 with the exact count per block, and total GPT-2 small and BERT-base."""
    d, d_ff, n_layer = 768, 3072, 12
    per_block = n_params(block_shapes(d, d_ff))
    print()
    print(f"2) Parameters per block, d_model = {d}, d_ff = {d_ff}")
    print(f"   12 d^2                   {12 * d * d:>12,d}")
    print(f"   exact (biases, 2 norms)  {per_block:>12,d}   = 12 d^2 + 13 d")
    assert per_block == 12 * d * d + 13 * d
    print(f"   ratio exact / 12 d^2     {per_block / (12 * d * d):12.4f}")
    blocks = n_layer * per_block
    gpt2 = blocks + 50257 * d + 1024 * d + 2 * d   # tokens, positions, final layer norm
    bert = blocks + (30522 + 512 + 2) * d + 2 * d + (d * d + d)   # + embedding norm, pooler
    print(f"   12 blocks                {blocks:>12,d}")
    print(f"   GPT-2 small total        {gpt2:>12,d}   (50257 x 768 token embeddings,"
          " tied to the output layer)")
    print(f"   BERT-base total          {bert:>12,d}   (30522 x 768 token embeddings)")
    print(f"   GPT-2 small token table  {50257 * d:>12,d}   = {50257 * d / gpt2:.1%} of its total")
    assert gpt2 == 124_439_808 and bert == 109_482_240
    gpt3 = 12 * 96 * 12288**2
    print(f"   GPT-3 shape, 12 * 96 layers * 12288^2 = {gpt3 / 1e9:.1f} billion")


def cost_demo() -> None:
    """Forward operations per token (Kaplan et al., 2020, Table 1) for GPT-2 small."""
    d, n_layer, n_ctx = 768, 12, 1024
    n = 12 * n_layer * d * d
    dense, attn = 2 * n, 2 * n_layer * n_ctx * d
    print()
    print(f"3) Forward cost per token, GPT-2 small shape, context {n_ctx}")
    print(f"   2N (matrix products with the weights) {dense / 1e6:7.1f} million")
    print(f"   2 n_layer n_ctx d_model (attention)    {attn / 1e6:7.1f} million")
    print(f"   attention term equals 2N at n_ctx = 12 d_model = {12 * d}")
    assert 2 * n_layer * (12 * d) * d == dense


# --8<-- [start:kvcache]
def kv_cache_bytes(n_layer: int, n_kv_heads: int, d_head: int, n_tokens: int,
                   batch: int = 1, bytes_per_value: int = 2) -> int:
    """Memory of the key-value cache of a decoder.

    Parameters
    ----------
    n_layer : int
        Number of blocks; each keeps its own keys and values.
    n_kv_heads : int
        Heads that have their own keys and values (all heads, unless grouped-query).
    d_head : int
        Width of one head's key (and value) vectors.
    n_tokens : int
        Tokens held in the cache (prompt plus generated).
    batch : int
        Sequences decoded together.
    bytes_per_value : int
        2 for 16-bit floats, 4 for 32-bit.

    Returns
    -------
    int
        2 (keys and values) * n_layer * n_kv_heads * d_head * n_tokens * batch * bytes.

    """
    return 2 * n_layer * n_kv_heads * d_head * n_tokens * batch * bytes_per_value


def decode_with_cache(x: np.ndarray, w_q: np.ndarray, w_k: np.ndarray,
                      w_v: np.ndarray) -> tuple[np.ndarray, int]:
    """Single-head causal self-attention computed one token at a time with a KV cache.

    Parameters
    ----------
    x : np.ndarray, shape (n, d)
        Token vectors, arriving one per step.
    w_q, w_k, w_v : np.ndarray, shape (d, d_k)
        Projections.

    Returns
    -------
    out : np.ndarray, shape (n, d_k)
        Row t is what token t's query reads from tokens 0..t.
    projections : int
        Number of token rows pushed through w_k and w_v (n with a cache).

    """
    k_cache, v_cache, outs, projections = [], [], [], 0
    for t in range(x.shape[0]):
        k_cache.append(x[t] @ w_k)           # only the new token is projected
        v_cache.append(x[t] @ w_v)
        projections += 1
        q = (x[t] @ w_q)[None, :]            # (1, d_k)
        outs.append(attention(q, np.array(k_cache), np.array(v_cache))[0])
    return np.array(outs), projections
# --8<-- [end:kvcache]


def kv_cache_demo() -> None:
    """Print KV-cache sizes for a 7B shape and check cached decoding against full attention."""
    n_layer, n_heads, d_head = 32, 32, 128
    per_token = kv_cache_bytes(n_layer, n_heads, d_head, 1)
    full = kv_cache_bytes(n_layer, n_heads, d_head, 4096)
    print()
    print("4) KV cache, 32 layers, 32 heads of 128 (d_model 4096), 16-bit values")
    print(f"   per token                {per_token:>15,d} bytes = {per_token / 2**20:.2f} MiB")
    print(f"   4096 tokens, 1 sequence  {full:>15,d} bytes = {full / 2**30:.2f} GiB")
    print(f"   4096 tokens, 16 seqs     {16 * full:>15,d} bytes = {16 * full / 2**30:.2f} GiB")
    grouped = kv_cache_bytes(n_layer, 8, d_head, 4096)
    print(f"   8 key-value heads shared by groups of 4 query heads: {grouped / 2**30:.2f} GiB")
    print(f"   the weights of 7e9 parameters in 16 bits: {7e9 * 2 / 2**30:.2f} GiB")
    assert per_token == 2 * n_layer * 4096 * 2 and full == 2**31

    rng = np.random.default_rng(0)
    n, d, d_k = 6, 8, 4
    x = rng.standard_normal((n, d))
    w_q, w_k, w_v = (rng.standard_normal((d, d_k)) for _ in range(3))
    cached, projections = decode_with_cache(x, w_q, w_k, w_v)
    full_attn = attention(x @ w_q, x @ w_k, x @ w_v, np.tril(np.ones((n, n), dtype=bool)))
    same = np.allclose(cached, full_attn)
    without = n * (n + 1) // 2
    print(f"   {n} steps with a cache equal full causal attention: {same};"
          f" key/value projections {projections} instead of {without}")
    assert same


# --8<-- [start:tiled]
def tiled_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, block_size: int) -> np.ndarray:
    """Exact attention over key blocks with an online softmax (Milakov & Gimelshein, 2018).

    The loop structure of FlashAttention (Dao et al., 2022, Algorithm 1) without the GPU
    memory management: no n x n score matrix is ever stored, only n x block_size at a time.

    Parameters
    ----------
    q : np.ndarray, shape (n, d_k)
        Queries.
    k : np.ndarray, shape (n_k, d_k)
        Keys.
    v : np.ndarray, shape (n_k, d_v)
        Values.
    block_size : int
        Number of keys processed per step.

    Returns
    -------
    np.ndarray, shape (n, d_v)
        Equal to softmax(q k^T / sqrt(d_k)) v up to rounding.

    """
    n = q.shape[0]
    m = np.full((n, 1), -np.inf)                 # running maximum of each row's scores
    s = np.zeros((n, 1))                         # running sum of exp(score - m)
    acc = np.zeros((n, v.shape[1]))              # running sum of exp(score - m) * value
    for start in range(0, k.shape[0], block_size):
        kb, vb = k[start:start + block_size], v[start:start + block_size]
        scores = q @ kb.T / np.sqrt(q.shape[1])              # (n, block_size)
        m_new = np.maximum(m, scores.max(axis=1, keepdims=True))
        rescale = np.exp(m - m_new)                          # older terms shrink to the new max
        e = np.exp(scores - m_new)
        s = s * rescale + e.sum(axis=1, keepdims=True)
        acc = acc * rescale + e @ vb
        m = m_new
    return acc / s
# --8<-- [end:tiled]


def tiled_demo() -> None:
    """Check tiled attention against ordinary attention."""
    rng = np.random.default_rng(0)
    n, d_k, block_size = 10, 4, 3
    q, k, v = (rng.standard_normal((n, d_k)) for _ in range(3))
    naive = attention(q, k, v)
    tiled = tiled_attention(q, k, v, block_size)
    same = np.allclose(naive, tiled, rtol=0, atol=1e-12)
    print()
    print(f"5) Tiled attention, n = {n}, key blocks of {block_size}: equal to ordinary"
          f" attention within 1e-12: {same}")
    print(f"   largest score array held: {n} x {block_size} = {n * block_size}"
          f" numbers instead of {n} x {n} = {n * n}")
    assert same


def main() -> None:
    """Print every worked example of the article and check its claims."""
    block_demo()
    parameter_count_demo()
    cost_demo()
    kv_cache_demo()
    tiled_demo()


if __name__ == "__main__":
    main()
