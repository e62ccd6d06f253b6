"""A 2-D convolution layer and pooling from scratch in NumPy, with their gradients.

Included by docs/02-deep-learning/01-convolutional-networks.md (Convolutional Neural
Networks). The script prints the numbers of the article's worked example and asserts every
claim the article makes about them:

1. a 5 x 5 input and a 3 x 3 edge kernel, by the im2col layer and by a direct loop, with no
   padding, with padding 1, with stride 2, and the true (flipped) convolution for contrast;
2. the output-size formula floor((n + 2p - k) / s) + 1 against the shapes the layer produces;
3. the gradients of the layer (kernel, bias, input) against central differences, and the
   stride-1 identities "kernel gradient = cross-correlation of input and upstream gradient",
   "input gradient = full convolution of upstream gradient and kernel";
4. max, average and global average pooling, with the max-pool gradient checked;
5. translation equivariance of a stride-1 convolution, invariance after global pooling, and
   how a stride of 2 breaks equivariance.
"""

import numpy as np


# --8<-- [start:conv]
def output_size(n: int, k: int, p: int = 0, s: int = 1) -> int:
    """Return the output length floor((n + 2p - k) / s) + 1 of a convolution or pooling.

    Parameters
    ----------
    n : int
        Input length (height or width) in pixels.
    k : int
        Kernel (window) length in pixels.
    p : int
        Zero padding added on each side, in pixels.
    s : int
        Stride, the step between two window positions, in pixels.

    Returns
    -------
    int
        Number of window positions along that axis (Dumoulin & Visin, 2016, relationship 6).

    Raises
    ------
    ValueError
        If the padded input is shorter than the kernel or the stride is not positive.

    """
    if s < 1 or n + 2 * p < k:
        raise ValueError(f"no valid window: n={n}, k={k}, p={p}, s={s}")
    return (n + 2 * p - k) // s + 1


def im2col(x: np.ndarray, k: int, s: int = 1, p: int = 0) -> np.ndarray:
    """Unfold every k x k window of a zero-padded input into one row of a matrix.

    Parameters
    ----------
    x : np.ndarray, shape (c, h, w)
        Input with c channels, h rows and w columns.
    k : int
        Kernel size in pixels (square kernels).
    s : int
        Stride in pixels.
    p : int
        Zero padding on each side in pixels.

    Returns
    -------
    np.ndarray, shape (h_out * w_out, c * k * k)
        One row per output position (row-major), columns ordered (channel, row, column)
        inside the window, the order of ``w.reshape(c_out, -1)``.

    """
    c, h, w = x.shape
    h_out, w_out = output_size(h, k, p, s), output_size(w, k, p, s)
    xp = np.pad(x, ((0, 0), (p, p), (p, p)))
    cols = np.empty((c, k, k, h_out, w_out))
    for u in range(k):
        for v in range(k):
            cols[:, u, v] = xp[:, u:u + s * (h_out - 1) + 1:s, v:v + s * (w_out - 1) + 1:s]
    return cols.reshape(c * k * k, h_out * w_out).T


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray, s: int = 1, p: int = 0) -> np.ndarray:
    """Apply a convolution layer as deep-learning libraries define it (a cross-correlation).

    Z[o, i, j] = b[o] + sum_{c,u,v} W[o, c, u, v] * Xpad[c, s*i + u, s*j + v], computed as one
    matrix product of the unfolded windows with the flattened kernels (im2col).

    Parameters
    ----------
    x : np.ndarray, shape (c_in, h, w)
        Input feature maps.
    w : np.ndarray, shape (c_out, c_in, k, k)
        One k x k x c_in kernel per output channel.
    b : np.ndarray, shape (c_out,)
        One bias per output channel.
    s, p : int
        Stride and zero padding, in pixels.

    Returns
    -------
    np.ndarray, shape (c_out, h_out, w_out)
        Output feature maps, h_out = floor((h + 2p - k) / s) + 1 and likewise for w_out.

    Raises
    ------
    ValueError
        If the channel counts of ``x`` and ``w`` differ.

    """
    c_out, c_in, k, _ = w.shape
    if x.shape[0] != c_in:
        raise ValueError(f"input has {x.shape[0]} channels, kernel expects {c_in}")
    h_out, w_out = output_size(x.shape[1], k, p, s), output_size(x.shape[2], k, p, s)
    z = im2col(x, k, s, p) @ w.reshape(c_out, -1).T + b  # (h_out * w_out, c_out)
    return z.T.reshape(c_out, h_out, w_out)
# --8<-- [end:conv]


# --8<-- [start:backward]
def conv2d_backward(x: np.ndarray, w: np.ndarray, dz: np.ndarray, s: int = 1,
                    p: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backpropagate an upstream gradient through ``conv2d``.

    Parameters
    ----------
    x : np.ndarray, shape (c_in, h, w)
        The input of the forward pass.
    w : np.ndarray, shape (c_out, c_in, k, k)
        The kernels of the forward pass.
    dz : np.ndarray, shape (c_out, h_out, w_out)
        Gradient of the loss with respect to the layer output Z.
    s, p : int
        Stride and padding of the forward pass.

    Returns
    -------
    dx : np.ndarray, shape (c_in, h, w)
        Gradient with respect to the input: each window's share is scattered back (col2im).
    dw : np.ndarray, shape (c_out, c_in, k, k)
        Gradient with respect to the kernels: sum over positions of dz times the window.
    db : np.ndarray, shape (c_out,)
        Gradient with respect to the biases: dz summed over positions.

    """
    c_out, c_in, k, _ = w.shape
    _, h, wid = x.shape
    h_out, w_out = dz.shape[1:]
    dz_mat = dz.reshape(c_out, -1).T  # (h_out * w_out, c_out)
    dw = (im2col(x, k, s, p).T @ dz_mat).T.reshape(w.shape)
    db = dz.sum(axis=(1, 2))
    dcols = (dz_mat @ w.reshape(c_out, -1)).T.reshape(c_in, k, k, h_out, w_out)
    dxp = np.zeros((c_in, h + 2 * p, wid + 2 * p))
    for u in range(k):
        for v in range(k):
            dxp[:, u:u + s * (h_out - 1) + 1:s, v:v + s * (w_out - 1) + 1:s] += dcols[:, u, v]
    return dxp[:, p:p + h, p:p + wid], dw, db
# --8<-- [end:backward]


def conv2d_loop(x: np.ndarray, w: np.ndarray, b: np.ndarray, s: int = 1,
                p: int = 0) -> np.ndarray:
    """Compute the same layer as ``conv2d`` with explicit loops, as an independent reference.

    Parameters
    ----------
    x, w, b, s, p
        As in ``conv2d``.

    Returns
    -------
    np.ndarray, shape (c_out, h_out, w_out)
        The layer output, one multiply-add at a time.

    """
    c_out, c_in, k, _ = w.shape
    xp = np.pad(x, ((0, 0), (p, p), (p, p)))
    h_out, w_out = output_size(x.shape[1], k, p, s), output_size(x.shape[2], k, p, s)
    z = np.zeros((c_out, h_out, w_out))
    for o in range(c_out):
        for i in range(h_out):
            for j in range(w_out):
                total = b[o]
                for c in range(c_in):
                    for u in range(k):
                        for v in range(k):
                            total += w[o, c, u, v] * xp[c, s * i + u, s * j + v]
                z[o, i, j] = total
    return z


def convolve_full(a: np.ndarray, kern: np.ndarray) -> np.ndarray:
    """Return the single-channel 'full' true convolution of a with kern (kernel flipped).

    Parameters
    ----------
    a : np.ndarray, shape (m, m)
        Array to convolve (here the upstream gradient).
    kern : np.ndarray, shape (k, k)
        Kernel; it is rotated by 180 degrees, as in the textbook definition of convolution.

    Returns
    -------
    np.ndarray, shape (m + k - 1, m + k - 1)
        out[a0, b0] = sum_{u,v} a[a0 - u, b0 - v] * kern[u, v], zero outside the array.

    """
    k = kern.shape[0]
    flipped = kern[::-1, ::-1][None, None]
    return conv2d(a[None], flipped, np.zeros(1), s=1, p=k - 1)[0]


# --8<-- [start:pool]
def max_pool2d(x: np.ndarray, k: int = 2, s: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Take the maximum of every k x k window of every channel (no padding).

    Parameters
    ----------
    x : np.ndarray, shape (c, h, w)
        Input feature maps.
    k, s : int
        Window size and stride in pixels.

    Returns
    -------
    out : np.ndarray, shape (c, h_out, w_out)
        Window maxima.
    arg : np.ndarray, shape (c, h_out, w_out)
        Flat index (u * k + v) of the winner inside each window, kept for the backward pass.

    """
    c, h, w = x.shape
    h_out, w_out = output_size(h, k, 0, s), output_size(w, k, 0, s)
    windows = np.stack([im2col(x[ch:ch + 1], k, s) for ch in range(c)])  # (c, positions, k*k)
    arg = windows.argmax(axis=2)
    out = np.take_along_axis(windows, arg[..., None], axis=2)[..., 0]
    return out.reshape(c, h_out, w_out), arg.reshape(c, h_out, w_out)


def max_pool2d_backward(dpooled: np.ndarray, arg: np.ndarray, x_shape: tuple[int, int, int],
                        k: int = 2, s: int = 2) -> np.ndarray:
    """Route each upstream gradient to the input that won its window; the others get zero.

    Parameters
    ----------
    dpooled : np.ndarray, shape (c, h_out, w_out)
        Gradient of the loss with respect to the pooled output.
    arg : np.ndarray, shape (c, h_out, w_out)
        Winner indices returned by ``max_pool2d``.
    x_shape : tuple of int
        Shape (c, h, w) of the pooled input.
    k, s : int
        Window size and stride of the forward pass.

    Returns
    -------
    np.ndarray, shape (c, h, w)
        Gradient with respect to the input (overlapping windows add up).

    """
    dx = np.zeros(x_shape)
    c, h_out, w_out = dpooled.shape
    for ch in range(c):
        for i in range(h_out):
            for j in range(w_out):
                u, v = divmod(int(arg[ch, i, j]), k)
                dx[ch, s * i + u, s * j + v] += dpooled[ch, i, j]
    return dx


def avg_pool2d(x: np.ndarray, k: int = 2, s: int = 2) -> np.ndarray:
    """Average every k x k window of every channel (no padding).

    Parameters
    ----------
    x : np.ndarray, shape (c, h, w)
        Input feature maps.
    k, s : int
        Window size and stride in pixels.

    Returns
    -------
    np.ndarray, shape (c, h_out, w_out)
        Window means: a convolution with the fixed kernel 1 / k^2, one channel at a time.

    """
    c = x.shape[0]
    box = np.zeros((c, c, k, k))
    box[np.arange(c), np.arange(c)] = 1.0 / k**2
    return conv2d(x, box, np.zeros(c), s=s)


def global_avg_pool(x: np.ndarray) -> np.ndarray:
    """Average each channel over all positions (Lin, Chen & Yan, 2013).

    Parameters
    ----------
    x : np.ndarray, shape (c, h, w)
        Input feature maps.

    Returns
    -------
    np.ndarray, shape (c,)
        One number per channel, whatever h and w are.

    """
    return x.mean(axis=(1, 2))
# --8<-- [end:pool]


def central_difference(f, theta: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Estimate the gradient of a scalar function by central differences.

    Parameters
    ----------
    f : callable
        Maps an array shaped like ``theta`` to a float.
    theta : np.ndarray
        Point of evaluation; it is perturbed in place and restored.
    eps : float
        Half-width of the difference.

    Returns
    -------
    np.ndarray, same shape as ``theta``
        (f(theta + eps e_i) - f(theta - eps e_i)) / (2 eps) for every coordinate i.

    """
    grad = np.zeros_like(theta)
    for idx in np.ndindex(theta.shape):
        old = theta[idx]
        theta[idx] = old + eps
        up = f(theta)
        theta[idx] = old - eps
        down = f(theta)
        theta[idx] = old
        grad[idx] = (up - down) / (2 * eps)
    return grad


def show(name: str, a: np.ndarray, fmt: str = "{:4.0f}") -> None:
    """Print a 2-D array row by row under a title.

    Parameters
    ----------
    name : str
        Title line.
    a : np.ndarray, shape (m, n)
        Array to print.
    fmt : str
        Format applied to every entry.

    """
    print(name)
    for row in a:
        print("  " + " ".join(fmt.format(v) for v in row))


def worked_example() -> None:
    """Print the 5 x 5 input, 3 x 3 kernel example and check it against a direct loop."""
    x = np.array([[3, 3, 2, 1, 0],
                  [3, 2, 2, 0, 1],
                  [2, 3, 1, 1, 0],
                  [3, 2, 2, 0, 0],
                  [2, 3, 1, 0, 1]], dtype=float)
    kern = np.array([[1, 0, -1],
                     [1, 0, -1],
                     [1, 0, -1]], dtype=float)
    w, b = kern[None, None], np.zeros(1)
    print("== 1. A 5 x 5 input and a 3 x 3 vertical-edge kernel ==")
    show("input X (5 x 5)", x)
    show("kernel K (3 x 3)", kern)
    patch = x[0:3, 0:3]
    show("top-left window X[0:3, 0:3] times K, element by element", patch * kern)
    print(f"Z[0, 0] = sum of those products = {(patch * kern).sum():.0f}")

    valid = conv2d(x[None], w, b)[0]
    assert np.allclose(valid, conv2d_loop(x[None], w, b)[0])
    show("no padding, stride 1: Z (3 x 3)", valid)
    flipped = conv2d(x[None], kern[::-1, ::-1][None, None], b)[0]
    show("true convolution (kernel rotated 180 degrees) (3 x 3)", flipped)
    assert np.allclose(flipped, -valid), "for this kernel, flipping only changes the sign"

    same = conv2d(x[None], w, b, p=1)[0]
    assert np.allclose(same, conv2d_loop(x[None], w, b, p=1)[0])
    show("padding 1, stride 1 (5 x 5)", same)
    strided = conv2d(x[None], w, b, s=2)[0]
    show("no padding, stride 2 (2 x 2)", strided)
    assert np.allclose(strided, valid[::2, ::2]), "stride 2 keeps every second position"
    both = conv2d(x[None], w, b, s=2, p=1)[0]
    show("padding 1, stride 2 (3 x 3)", both)
    assert np.allclose(both, same[::2, ::2])

    relu = np.maximum(same, 0)
    pooled, _ = max_pool2d(relu[None], k=2, s=2)
    show("ReLU of the padded output, then 2 x 2 max pooling, stride 2 (2 x 2)", pooled[0])

    dx, dw, db = conv2d_backward(x[None], w, np.ones((1, 3, 3)))
    show("gradient of sum(Z) with respect to K: window sums of X (3 x 3)", dw[0, 0])
    show("gradient of sum(Z) with respect to X (5 x 5)", dx[0])
    print(f"gradient of sum(Z) with respect to the bias = {db[0]:.0f} (one per output)")
    assert np.allclose(dw[0, 0], [[x[u:u + 3, v:v + 3].sum() for v in range(3)]
                                  for u in range(3)])


def output_sizes() -> None:
    """Print output sizes for several (n, k, p, s) and check them against the layer."""
    print("\n== 2. Output size floor((n + 2p - k) / s) + 1 ==")
    rng = np.random.default_rng(0)
    cases = [(5, 3, 0, 1, "worked example, no padding"),
             (5, 3, 1, 1, "worked example, 'same' padding"),
             (5, 3, 0, 2, "worked example, stride 2"),
             (32, 5, 0, 1, "LeNet-5, first convolution"),
             (224, 11, 0, 4, "AlexNet conv1 as the text states it"),
             (227, 11, 0, 4, "AlexNet conv1 with a 227-pixel input"),
             (224, 3, 1, 1, "VGG, every convolution"),
             (224, 7, 3, 2, "ResNet stem convolution"),
             (112, 3, 1, 2, "ResNet stem max pooling")]
    print("    n    k    p    s  -> out   case")
    for n, k, p, s, label in cases:
        out = output_size(n, k, p, s)
        print(f"  {n:3d}  {k:3d}  {p:3d}  {s:3d}  -> {out:3d}   {label}")
        z = conv2d(rng.normal(size=(1, n, n)), rng.normal(size=(1, 1, k, k)), np.zeros(1),
                   s=s, p=p)
        assert z.shape == (1, out, out), "the formula matches the layer's output shape"


def layer_gradient_error(x: np.ndarray, w: np.ndarray, b: np.ndarray, g: np.ndarray,
                         s: int, p: int) -> float:
    """Return the largest gap between ``conv2d_backward`` and central differences.

    Parameters
    ----------
    x, w, b, s, p
        As in ``conv2d``.
    g : np.ndarray, shape (c_out, h_out, w_out)
        Weights of the test loss L = sum(g * conv2d(x, w, b, s, p)), so that dL/dZ = g.

    Returns
    -------
    float
        Maximum absolute difference over the input, kernel and bias gradients.

    """
    dx, dw, db = conv2d_backward(x, w, g, s, p)
    num_x = central_difference(lambda t: float((g * conv2d(t, w, b, s, p)).sum()), x)
    num_w = central_difference(lambda t: float((g * conv2d(x, t, b, s, p)).sum()), w)
    num_b = central_difference(lambda t: float((g * conv2d(x, w, t, s, p)).sum()), b)
    return max(np.abs(dx - num_x).max(), np.abs(dw - num_w).max(), np.abs(db - num_b).max())


def gradient_checks() -> None:
    """Check the layer's gradients against central differences and the stride-1 identities."""
    print("\n== 3. Gradients of the convolution layer ==")
    rng = np.random.default_rng(0)
    for s, p in [(1, 0), (1, 1), (2, 0), (2, 1)]:
        x = rng.normal(size=(2, 6, 6))
        w = rng.normal(size=(3, 2, 3, 3))
        b = rng.normal(size=3)
        z = conv2d(x, w, b, s, p)
        assert np.allclose(z, conv2d_loop(x, w, b, s, p)), "im2col equals the direct loop"
        g = rng.normal(size=z.shape)  # loss L = sum(G * Z), so dL/dZ = G
        assert layer_gradient_error(x, w, b, g, s, p) < 1e-6
        print(f"stride {s}, padding {p}: input, kernel and bias gradients match central "
              f"differences (max error below 1e-6)")

    x = rng.normal(size=(6, 6))
    kern = rng.normal(size=(3, 3))
    delta = rng.normal(size=(4, 4))
    dx, dw, _ = conv2d_backward(x[None], kern[None, None], delta[None])
    assert np.allclose(dw[0, 0], conv2d(x[None], delta[None, None], np.zeros(1))[0])
    assert np.allclose(dx[0], convolve_full(delta, kern))
    print("stride 1: dL/dK = cross-correlation of X with dL/dZ; "
          "dL/dX = full convolution of dL/dZ with K")


def pooling_demo() -> None:
    """Print max, average and global average pooling of a 4 x 4 map; check max-pool gradient."""
    print("\n== 4. Pooling a 4 x 4 feature map ==")
    fmap = np.array([[1, 3, 2, 0],
                     [4, 2, 1, 1],
                     [0, 1, 5, 2],
                     [2, 2, 3, 4]], dtype=float)
    show("feature map (4 x 4)", fmap)
    mx, _ = max_pool2d(fmap[None])
    show("2 x 2 max pooling, stride 2", mx[0])
    show("2 x 2 average pooling, stride 2", avg_pool2d(fmap[None])[0], "{:5.2f}")
    print(f"global average pooling: {global_avg_pool(fmap[None])[0]:.4f}")

    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 6, 6))
    g = rng.normal(size=(2, 3, 3))
    out, arg = max_pool2d(x)
    dx = max_pool2d_backward(g, arg, x.shape)
    num = central_difference(lambda t: float((g * max_pool2d(t)[0]).sum()), x)
    assert np.abs(dx - num).max() < 1e-6
    assert np.count_nonzero(dx) == g.size, "one winner per window receives the gradient"
    print(f"max-pool gradient matches central differences; {np.count_nonzero(dx)} of "
          f"{dx.size} inputs receive a gradient")
    commute = np.allclose(np.maximum(max_pool2d(x)[0], 0), max_pool2d(np.maximum(x, 0))[0])
    assert commute
    print(f"ReLU then max pooling equals max pooling then ReLU: {commute}")


def equivariance_demo() -> None:
    """Show stride-1 equivariance, invariance after global pooling, and stride breaking both."""
    print("\n== 5. Translation equivariance and invariance ==")
    rng = np.random.default_rng(2)
    img = np.zeros((1, 12, 12))
    img[0, 3:6, 2:6] = rng.normal(size=(3, 4))  # a small object away from the borders
    w = rng.normal(size=(4, 1, 3, 3))
    b = np.zeros(4)
    moved = np.roll(img, shift=(2, 3), axis=(1, 2))
    z, z_moved = conv2d(img, w, b, p=1), conv2d(moved, w, b, p=1)
    equivariant = np.allclose(z_moved, np.roll(z, shift=(2, 3), axis=(1, 2)))
    assert equivariant
    print(f"stride 1: conv(shift(x)) equals shift(conv(x)): {equivariant}")
    invariant = np.allclose(global_avg_pool(z_moved), global_avg_pool(z))
    assert invariant
    print(f"global average pooling of the two outputs is identical: {invariant}")

    z2 = conv2d(img, w, b, s=2, p=1)
    by_one = conv2d(np.roll(img, shift=(0, 1), axis=(1, 2)), w, b, s=2, p=1)
    by_two = conv2d(np.roll(img, shift=(0, 2), axis=(1, 2)), w, b, s=2, p=1)
    one_is_shift = any(np.allclose(by_one, np.roll(z2, shift=(0, t), axis=(1, 2)))
                       for t in range(-3, 4))
    two_is_shift = np.allclose(by_two, np.roll(z2, shift=(0, 1), axis=(1, 2)))
    assert not one_is_shift and two_is_shift
    print(f"stride 2, input moved 1 pixel: output is a shifted copy: {one_is_shift}")
    print(f"stride 2, input moved 2 pixels: output is shifted by 1: {two_is_shift}")
    pooled, _ = max_pool2d(z)
    pooled_one, _ = max_pool2d(conv2d(np.roll(img, shift=(0, 1), axis=(1, 2)), w, b, p=1))
    touched = (pooled != 0) | (pooled_one != 0)  # windows that see the object
    changed = np.mean(~np.isclose(pooled, pooled_one)[touched])
    print(f"2 x 2 max pooling, input moved 1 pixel: {changed:.0%} of the {touched.sum()} "
          f"pooled values that see the object change")
    assert 0 < changed < 1


def main() -> None:
    """Print every worked example of the article and check its claims."""
    worked_example()
    output_sizes()
    gradient_checks()
    pooling_demo()
    equivariance_demo()


if __name__ == "__main__":
    main()
