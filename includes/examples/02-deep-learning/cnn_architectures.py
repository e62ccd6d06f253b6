"""The arithmetic behind CNN architectures, checked in NumPy: parameters, receptive fields, blocks.

Included by docs/02-deep-learning/01-convolutional-networks.md (Convolutional Neural
Networks). It reuses the layer of cnn_conv2d.py and prints, with an assert behind every claim:

1. parameters and multiply-adds of a convolution against a dense layer on the same shapes;
2. receptive fields from the recurrence, confirmed by the support of an input gradient, and
   why two stacked 3 x 3 convolutions replace one 5 x 5 with fewer weights;
3. a 1 x 1 convolution as a matrix product over pixels, and the Inception bottleneck saving;
4. depthwise-separable convolution: parameters, the 1/C_out + 1/k^2 ratio, and its equality
   with a standard convolution whose kernel factorizes;
5. the residual block y = F(x) + x: its input gradient against central differences, and the
   gradient that reaches the input of a deep plain stack versus a deep residual stack;
6. DenseNet channel growth, EfficientNet's compound-scaling constants, and the Vision
   Transformer's patch embedding written as a convolution with stride equal to its kernel.
"""

import numpy as np
from cnn_conv2d import central_difference, conv2d, conv2d_backward, output_size


# --8<-- [start:counts]
def conv_params(c_in: int, c_out: int, k: int, bias: bool = True) -> int:
    """Return the number of trainable parameters of a k x k convolution layer.

    Parameters
    ----------
    c_in, c_out : int
        Input and output channels.
    k : int
        Kernel size in pixels.
    bias : bool
        Whether each output channel has a bias.

    Returns
    -------
    int
        c_out * (c_in * k * k + 1) with biases; independent of the image size.

    """
    return c_out * (c_in * k * k + int(bias))


def dense_params(n_in: int, n_out: int) -> int:
    """Return the number of parameters of a fully connected layer with biases.

    Parameters
    ----------
    n_in, n_out : int
        Number of input and output units.

    Returns
    -------
    int
        n_in * n_out weights plus n_out biases.

    """
    return n_in * n_out + n_out


def receptive_field(layers: list[tuple[int, int]]) -> int:
    """Return the receptive field of one output unit of a stack of convolutions or poolings.

    Uses r_l = r_{l-1} + (k_l - 1) * (s_1 * ... * s_{l-1}) with r_0 = 1
    (Araujo, Norris & Sim, 2019).

    Parameters
    ----------
    layers : list of (k, s)
        Kernel size and stride of every layer, input side first.

    Returns
    -------
    int
        Side length, in input pixels, of the square window that one output unit sees.

    """
    r, jump = 1, 1
    for k, s in layers:
        r += (k - 1) * jump
        jump *= s
    return r


def depthwise_separable(x: np.ndarray, dw: np.ndarray, pw: np.ndarray, s: int = 1,
                        p: int = 0) -> np.ndarray:
    """Apply a depthwise k x k convolution, then a pointwise 1 x 1 convolution (no biases).

    Parameters
    ----------
    x : np.ndarray, shape (c_in, h, w)
        Input feature maps.
    dw : np.ndarray, shape (c_in, k, k)
        One k x k spatial filter per input channel (the depthwise step).
    pw : np.ndarray, shape (c_out, c_in)
        Channel-mixing weights (the pointwise step).
    s, p : int
        Stride and padding of the depthwise step.

    Returns
    -------
    np.ndarray, shape (c_out, h_out, w_out)
        Output feature maps (Howard et al., 2017; Chollet, 2016).

    """
    c_in = x.shape[0]
    spatial = np.stack([conv2d(x[c:c + 1], dw[c][None, None], np.zeros(1), s, p)[0]
                        for c in range(c_in)])
    return conv2d(spatial, pw[:, :, None, None], np.zeros(pw.shape[0]))
# --8<-- [end:counts]


# --8<-- [start:residual]
def relu(z: np.ndarray) -> np.ndarray:
    """Return max(z, 0) element by element.

    Parameters
    ----------
    z : np.ndarray
        Pre-activations of any shape.

    Returns
    -------
    np.ndarray
        Same shape as ``z``.

    """
    return np.maximum(z, 0.0)


def residual_block(x: np.ndarray, w1: np.ndarray, w2: np.ndarray,
                   skip: bool = True) -> tuple[np.ndarray, dict]:
    """Compute y = F(x) + x with F(x) = conv(relu(conv(x))), 3 x 3 kernels, 'same' padding.

    He et al. (2015), equation (1), with the final ReLU after the addition left to the
    next block. Biases are omitted, as when a normalization layer follows each convolution.

    Parameters
    ----------
    x : np.ndarray, shape (c, h, w)
        Block input.
    w1, w2 : np.ndarray, shape (c, c, 3, 3)
        Kernels of the two convolutions.
    skip : bool
        False drops the identity path, giving the plain block y = F(x).

    Returns
    -------
    y : np.ndarray, shape (c, h, w)
        Block output.
    cache : dict
        Intermediate values for ``residual_block_backward``.

    """
    zero = np.zeros(w1.shape[0])
    z1 = conv2d(x, w1, zero, p=1)
    a1 = relu(z1)
    f = conv2d(a1, w2, zero, p=1)
    y = f + x if skip else f
    return y, {"x": x, "z1": z1, "a1": a1, "w1": w1, "w2": w2, "skip": skip}


def residual_block_backward(dy: np.ndarray, cache: dict) -> np.ndarray:
    """Return dL/dx = dL/dy (through the identity) + dL/dy backpropagated through F.

    Parameters
    ----------
    dy : np.ndarray, shape (c, h, w)
        Gradient of the loss with respect to the block output.
    cache : dict
        Values saved by ``residual_block``.

    Returns
    -------
    np.ndarray, shape (c, h, w)
        Gradient of the loss with respect to the block input.

    """
    da1, _, _ = conv2d_backward(cache["a1"], cache["w2"], dy, p=1)
    dz1 = da1 * (cache["z1"] > 0)
    dx_f, _, _ = conv2d_backward(cache["x"], cache["w1"], dz1, p=1)
    return dx_f + dy if cache["skip"] else dx_f
# --8<-- [end:residual]


def parameter_counts() -> None:
    """Compare a convolution with a dense layer on the same input and output shapes."""
    print("== 1. Convolution versus dense layer ==")
    c_in, n, c_out, k = 3, 32, 32, 3
    n_out = output_size(n, k, p=1, s=1)
    conv, dense = conv_params(c_in, c_out, k), dense_params(c_in * n * n, c_out * n_out * n_out)
    macs_conv = n_out * n_out * c_out * c_in * k * k
    print(f"input {c_in} x {n} x {n}, output {c_out} x {n_out} x {n_out}")
    print(f"3 x 3 convolution: {conv:,} parameters, {macs_conv:,} multiply-adds")
    print(f"dense layer:       {dense:,} parameters, "
          f"{c_in * n * n * c_out * n_out * n_out:,} multiply-adds")
    print(f"ratio dense / convolution: {dense / conv:,.0f}")
    print(f"weights of ONE dense unit on a 224 x 224 x 3 image: {224 * 224 * 3:,}")
    lenet = {"C1": conv_params(1, 6, 5), "C5": conv_params(16, 120, 5), "F6": dense_params(120, 84)}
    print("LeNet-5 layers with full connectivity: "
          + ", ".join(f"{name} {count:,}" for name, count in lenet.items()))
    assert lenet == {"C1": 156, "C5": 48_120, "F6": 10_164}, "the counts printed in the paper"

    big = dense_params(c_in * 224 * 224, c_out * 224 * 224)
    print(f"same layers on a 224 x 224 input: convolution {conv:,}, dense {big:,}")
    rng = np.random.default_rng(0)
    for side in (8, 32):  # one set of kernels runs on any image size
        z = conv2d(rng.normal(size=(c_in, side, side)), rng.normal(size=(c_out, c_in, k, k)),
                   np.zeros(c_out), p=1)
        assert z.shape == (c_out, side, side)
    side = output_size(224, 7, p=3, s=2)
    print(f"ResNet stem: 3 x 224 x 224, 64 filters 7 x 7, stride 2, padding 3 -> 64 x {side} x "
          f"{side}; {conv_params(3, 64, 7):,} parameters with biases, "
          f"{conv_params(3, 64, 7, bias=False):,} without")


def receptive_fields() -> None:
    """Print receptive fields, confirm them with gradients, and compare stacked kernels."""
    print("\n== 2. Receptive fields ==")
    stacks = {"one 3 x 3": [(3, 1)], "two 3 x 3": [(3, 1)] * 2, "three 3 x 3": [(3, 1)] * 3,
              "one 5 x 5": [(5, 1)], "3 x 3, 3 x 3 stride 2, 3 x 3": [(3, 1), (3, 2), (3, 1)],
              "five 3 x 3 (stride 1)": [(3, 1)] * 5}
    rng = np.random.default_rng(3)
    for name, layers in stacks.items():
        r = receptive_field(layers)
        # Empirical check: the input pixels that can change the centre output unit.
        x = rng.uniform(0.5, 1.0, size=(1, 21, 21))
        acts, weights = [x], []
        for k, s in layers:
            weights.append(rng.uniform(0.5, 1.0, size=(1, 1, k, k)))
            acts.append(conv2d(acts[-1], weights[-1], np.zeros(1), s))
        grad = np.zeros_like(acts[-1])
        grad[0, grad.shape[1] // 2, grad.shape[2] // 2] = 1.0
        for (_, s), w, a in zip(reversed(layers), reversed(weights), reversed(acts[:-1]),
                                strict=True):
            grad, _, _ = conv2d_backward(a, w, grad, s)
        rows, cols = np.nonzero(grad[0])
        seen = rows.max() - rows.min() + 1
        assert seen == r == cols.max() - cols.min() + 1
        print(f"{name:32s} receptive field {r} x {r} (gradient support {seen} x {seen})")

    c = 64
    for big, n_small in [(5, 2), (7, 3)]:
        one, stack = conv_params(c, c, big, bias=False), n_small * conv_params(c, c, 3, bias=False)
        print(f"C = {c}: one {big} x {big}: {one:,} weights; {n_small} stacked 3 x 3: {stack:,} "
              f"({stack / one:.0%})")

    # Without a nonlinearity, two 3 x 3 convolutions collapse into one 5 x 5 convolution.
    x = rng.normal(size=(1, 9, 9))
    k1, k2 = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    two = conv2d(conv2d(x, k1[None, None], np.zeros(1)), k2[None, None], np.zeros(1))
    k5 = np.zeros((5, 5))
    for u in range(3):
        for v in range(3):
            k5[u:u + 3, v:v + 3] += k2[u, v] * k1
    assert np.allclose(two, conv2d(x, k5[None, None], np.zeros(1)))
    print("two linear 3 x 3 convolutions equal one 5 x 5 convolution: True")


def one_by_one() -> None:
    """Show a 1 x 1 convolution as a matrix product and the Inception bottleneck saving."""
    print("\n== 3. 1 x 1 convolutions ==")
    rng = np.random.default_rng(4)
    c_in, c_out, h, w = 5, 2, 4, 4
    x = rng.normal(size=(c_in, h, w))
    wt = rng.normal(size=(c_in, c_out))  # W in R^{C_in x C_out}, as in H = X W + b
    bias = rng.normal(size=c_out)
    pixels = x.reshape(c_in, h * w).T  # one row per pixel, one column per channel
    as_matmul = (pixels @ wt + bias).T.reshape(c_out, h, w)
    as_conv = conv2d(x, wt.T[:, :, None, None], bias)
    assert np.allclose(as_matmul, as_conv)
    print(f"1 x 1 convolution on {c_in} x {h} x {w} equals ({h * w} x {c_in}) @ "
          f"({c_in} x {c_out}) per pixel: True")

    side, c0, reduce, c5 = 28, 192, 16, 32  # GoogLeNet inception (3a), 5 x 5 branch
    direct = side * side * c5 * c0 * 5 * 5
    bottleneck = side * side * reduce * c0 + side * side * c5 * reduce * 5 * 5
    print(f"5 x 5 conv, {c0} -> {c5} channels on {side} x {side}: {direct:,} multiply-adds")
    print(f"1 x 1 to {reduce} channels, then 5 x 5 to {c5}:       {bottleneck:,} multiply-adds "
          f"({direct / bottleneck:.1f}x fewer)")


def separable() -> None:
    """Count depthwise-separable parameters and check the factorized-kernel identity."""
    print("\n== 4. Depthwise-separable convolution ==")
    c_in = c_out = 256
    k = 3
    standard = conv_params(c_in, c_out, k, bias=False)
    sep = c_in * k * k + c_in * c_out
    ratio = sep / standard
    assert np.isclose(ratio, 1 / c_out + 1 / k**2)
    print(f"C_in = C_out = {c_in}, k = {k}: standard {standard:,} weights, "
          f"separable {c_in * k * k:,} + {c_in * c_out:,} = {sep:,}")
    print(f"ratio {ratio:.4f} = 1/{c_out} + 1/{k * k} ({1 / ratio:.1f}x fewer weights and "
          f"multiply-adds)")

    rng = np.random.default_rng(5)
    x = rng.normal(size=(4, 7, 7))
    dw, pw = rng.normal(size=(4, 3, 3)), rng.normal(size=(6, 4))
    full_kernel = pw[:, :, None, None] * dw[None]  # W[o, c, u, v] = P[o, c] * D[c, u, v]
    same = np.allclose(depthwise_separable(x, dw, pw, p=1),
                       conv2d(x, full_kernel, np.zeros(6), p=1))
    assert same
    print(f"equals a standard convolution with kernel W[o,c,u,v] = P[o,c] D[c,u,v]: {same}")


def residual() -> None:
    """Check the residual block's input gradient and compare deep plain and residual stacks."""
    print("\n== 5. Residual connections ==")
    rng = np.random.default_rng(6)
    c = 2
    x = rng.normal(size=(c, 5, 5))
    w1, w2 = rng.normal(size=(c, c, 3, 3)) * 0.3, rng.normal(size=(c, c, 3, 3)) * 0.3
    g = rng.normal(size=x.shape)  # loss L = sum(G * y)
    y, cache = residual_block(x, w1, w2)
    dx = residual_block_backward(g, cache)
    num = central_difference(lambda t: float((g * residual_block(t, w1, w2)[0]).sum()), x)
    assert np.abs(dx - num).max() < 1e-6
    print("residual block: dL/dx = dL/dy + (backprop through F) matches central differences")

    depth, c = 20, 4
    x0 = rng.normal(size=(c, 8, 8))
    blocks = [(rng.normal(size=(c, c, 3, 3)) * 0.05, rng.normal(size=(c, c, 3, 3)) * 0.05)
              for _ in range(depth)]
    for skip in (False, True):
        a, caches = x0, []
        for w1, w2 in blocks:
            a, cache = residual_block(a, w1, w2, skip)
            caches.append(cache)
        grad = np.ones_like(a) / np.sqrt(a.size)  # unit-norm gradient at the output
        for cache in reversed(caches):
            grad = residual_block_backward(grad, cache)
        label = "residual (y = F(x) + x)" if skip else "plain (y = F(x))"
        print(f"{depth} blocks, {label:24s} norm of dL/dx at the input: "
              f"{np.linalg.norm(grad):.1e}")
        if skip:
            assert np.linalg.norm(grad) > 0.5
        else:
            assert np.linalg.norm(grad) < 1e-10


def later_architectures() -> None:
    """Print DenseNet channel growth, EfficientNet scaling and the ViT patch embedding check."""
    print("\n== 6. DenseNet, EfficientNet, Vision Transformer ==")
    k0, growth, layers = 64, 32, 6  # DenseNet-121, first dense block
    inputs = [k0 + growth * (layer - 1) for layer in range(1, layers + 1)]
    print(f"DenseNet block (k0 = {k0}, growth rate {growth}): input channels of layers 1..6 = "
          f"{inputs}, block output {k0 + growth * layers}")
    print(f"direct connections among {layers} layers and the block input: "
          f"{layers * (layers + 1) // 2}")

    alpha, beta, gamma = 1.2, 1.1, 1.15
    base = alpha * beta**2 * gamma**2
    print(f"EfficientNet: alpha * beta^2 * gamma^2 = {base:.4f} (target about 2)")
    for phi in (1, 2, 3):
        print(f"  phi = {phi}: depth x{alpha**phi:.3f}, width x{beta**phi:.3f}, "
              f"resolution x{gamma**phi:.3f}, compute x{base**phi:.2f}")

    side, patch = 224, 16
    print(f"ViT on {side} x {side} with {patch} x {patch} patches: "
          f"{(side // patch) ** 2} tokens")
    rng = np.random.default_rng(7)
    c, n, pp, d = 3, 8, 4, 5
    img = rng.normal(size=(c, n, n))
    emb = rng.normal(size=(c * pp * pp, d))  # E in R^{(P^2 C) x D}
    patches = np.stack([img[:, i:i + pp, j:j + pp].reshape(-1)
                        for i in range(0, n, pp) for j in range(0, n, pp)])  # (N, P^2 C)
    tokens = patches @ emb
    conv_tokens = conv2d(img, emb.T.reshape(d, c, pp, pp), np.zeros(d), s=pp)
    same = np.allclose(tokens, conv_tokens.reshape(d, -1).T)
    assert same
    print(f"patch embedding = convolution with kernel {pp} and stride {pp}: {same}")


def main() -> None:
    """Print every number the article quotes about architectures and check each claim."""
    parameter_counts()
    receptive_fields()
    one_by_one()
    separable()
    residual()
    later_architectures()


if __name__ == "__main__":
    main()
