"""Vanishing and exploding gradients in a deep fully connected stack, and what fixes them.

Included by docs/01-neural-networks/02-backpropagation.md ("Vanishing and exploding gradients").
A 30-layer stack of width 64 is run forward on a batch of random inputs; the same random
gradient is injected at the top, and the script prints the norm of the gradient that reaches the
output of every fifth layer, and the norms of the first and last weight gradients, under five
set-ups: sigmoid with Glorot initialization, ReLU with He initialization, ReLU with weights 1.2
times too large and 0.8 times too small, and a residual stack with tanh branches. It asserts
that ReLU's positive homogeneity scales every weight gradient by the same power of the weight
scale, and that clipping by the global norm shortens the large gradient without turning it.
"""

import numpy as np

DEPTH, WIDTH, BATCH = 30, 64, 128
SHOW = (30, 25, 20, 15, 10, 5, 0)  # layers whose gradient norm is printed, top first


def sigmoid(z):
    """Logistic sigmoid, element-wise."""
    return 1.0 / (1.0 + np.exp(-z))


# --8<-- [start:stack]
ACTIVATIONS = {  # name: (activation, its derivative written in terms of z and a = f(z))
    "sigmoid": (sigmoid, lambda z, a: a * (1 - a)),
    "relu": (lambda z: np.maximum(z, 0), lambda z, a: (z > 0).astype(float)),
    "tanh": (np.tanh, lambda z, a: 1 - a**2),
}


def backprop_stack(weights, activation, X, G, residual=False):
    """Forward through a stack H_l = f(H_{l-1} W_l) (plus H_{l-1} if residual), then backward.

    Parameters
    ----------
    weights : list of ndarray, each of shape (width, width)
        W_1 ... W_L, no biases.
    activation : str
        A key of ``ACTIVATIONS``.
    X : ndarray of shape (n, width)
        Input batch H_0.
    G : ndarray of shape (n, width)
        dL/dH_L, the gradient injected at the top (as if from a loss).
    residual : bool, default False
        Use H_l = H_{l-1} + f(H_{l-1} W_l), the identity shortcut of He et al. (2016).

    Returns
    -------
    signal : list of float
        ||dL/dH_l||_F for l = 0 ... L, the gradient that reaches each layer's output.
    weight_grads : list of ndarray
        dL/dW_l for l = 1 ... L, each of shape (width, width).
    """
    f, df = ACTIVATIONS[activation]
    H, cache = X, []
    for W in weights:  # forward pass, keeping what the backward pass needs
        Z = H @ W
        A = f(Z)
        cache.append((H, Z, A))
        H = H + A if residual else A
    dH, signal, weight_grads = G, [float(np.linalg.norm(G))], []
    for W, (H_prev, Z, A) in zip(reversed(weights), reversed(cache), strict=True):  # backward
        dZ = dH * df(Z, A)  # through the activation: times its derivative
        weight_grads.append(H_prev.T @ dZ)  # dL/dW_l, shape (width, width)
        dH = dZ @ W.T + (dH if residual else 0)  # through the layer: times W^T (plus shortcut)
        signal.append(float(np.linalg.norm(dH)))
    return signal[::-1], weight_grads[::-1]


def clip_by_global_norm(grads, max_norm):
    """Scale a list of gradient arrays so that their joint Euclidean norm is at most max_norm.

    Pascanu, Mikolov & Bengio (2013), Algorithm 1. Returns the clipped list and the norm
    before clipping; the direction of the concatenated gradient is unchanged.
    """
    total = float(np.sqrt(sum(np.sum(g**2) for g in grads)))
    scale = min(1.0, max_norm / total) if total > 0 else 1.0
    return [g * scale for g in grads], total
# --8<-- [end:stack]


def main():
    """Print the gradient norms per layer for every set-up and assert the claims about them."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(BATCH, WIDTH))
    G = rng.normal(size=(BATCH, WIDTH)) / BATCH
    base = [rng.normal(size=(WIDTH, WIDTH)) for _ in range(DEPTH)]  # shared N(0, 1) draws
    glorot = np.sqrt(2.0 / (WIDTH + WIDTH))  # Glorot & Bengio (2010): Var = 2 / (fan_in + fan_out)
    he = np.sqrt(2.0 / WIDTH)  # He et al. (2015): Var = 2 / fan_in
    setups = {
        "sigmoid, Glorot init": ("sigmoid", glorot, False),
        "ReLU, He init": ("relu", he, False),
        "ReLU, 1.2 x He std": ("relu", 1.2 * he, False),
        "ReLU, 0.8 x He std": ("relu", 0.8 * he, False),
        "residual tanh, std 0.2/sqrt(64)": ("tanh", 0.2 / np.sqrt(WIDTH), True),
    }
    print(f"||dL/dH|| at the output of layer l, {DEPTH} layers of width {WIDTH}, batch {BATCH}")
    print(f"{'set-up':32s}" + "".join(f"{'l=' + str(layer):>9s}" for layer in SHOW)
          + f"{'per layer':>11s}")
    results = {}
    for name, (act, std, residual) in setups.items():
        signal, weight_grads = backprop_stack([std * B for B in base], act, X, G, residual)
        results[name] = (signal, weight_grads)
        factor = (signal[0] / signal[-1]) ** (1 / DEPTH)  # geometric mean change per layer
        print(f"{name:32s}" + "".join(f"{signal[layer]:9.1e}" for layer in SHOW)
              + f"{factor:11.3f}")
    print("||dL/dW|| of the first and the last layer")
    for name, (_, weight_grads) in results.items():
        first, last = np.linalg.norm(weight_grads[0]), np.linalg.norm(weight_grads[-1])
        print(f"{name:32s}  W1 {first:9.2e}   W30 {last:9.2e}")

    ratio = {name: sig[0] / sig[-1] for name, (sig, _) in results.items()}
    assert ratio["sigmoid, Glorot init"] < 1e-10  # vanishes
    assert 0.1 < ratio["ReLU, He init"] < 10  # stays within an order of magnitude
    assert ratio["ReLU, 1.2 x He std"] > 100  # explodes on the way down
    assert ratio["ReLU, 0.8 x He std"] < 0.01  # vanishes on the way down
    assert 0.5 < ratio["residual tanh, std 0.2/sqrt(64)"] < 2
    # ReLU is positively homogeneous: scaling every W by c scales every dL/dW by c^(L-1).
    for c, name in ((1.2, "ReLU, 1.2 x He std"), (0.8, "ReLU, 0.8 x He std")):
        scaled = [np.linalg.norm(g) for g in results[name][1]]
        plain = [np.linalg.norm(g) for g in results["ReLU, He init"][1]]
        assert np.allclose(np.array(scaled) / np.array(plain), c ** (DEPTH - 1))
    print(f"1.2^29 = {1.2 ** (DEPTH - 1):.1f}, 0.8^29 = {0.8 ** (DEPTH - 1):.2e}")

    # The sigmoid's derivative a(1 - a) is at most 1/4: measure its average in the stack.
    H, slopes = X, []
    for B in base:
        H = sigmoid(H @ (glorot * B))
        slopes.append(float(np.mean(H * (1 - H))))
    print(f"mean sigmoid derivative over all units and layers: {np.mean(slopes):.4f}"
          f" (maximum possible 0.25)")
    assert max(slopes) <= 0.25
    # The article compares the sigmoid stack's per-layer factor with this mean slope.
    assert abs(ratio["sigmoid, Glorot init"] ** (1 / DEPTH) - np.mean(slopes)) < 0.01

    # Clipping the large gradient of the 1.2 x He stack by its global norm.
    grads = results["ReLU, 1.2 x He std"][1]
    clipped, total = clip_by_global_norm(grads, max_norm=1.0)
    after = float(np.sqrt(sum(np.sum(g**2) for g in clipped)))
    flat = np.concatenate([g.ravel() for g in grads])
    flat_c = np.concatenate([g.ravel() for g in clipped])
    cosine = float(flat @ flat_c / (np.linalg.norm(flat) * np.linalg.norm(flat_c)))
    print(f"clipping the 1.2 x He gradient to norm 1: global norm {total:.1f} -> {after:.1f},"
          f" cosine with the unclipped gradient {cosine:.4f}")
    assert abs(after - 1.0) < 1e-12 and abs(cosine - 1.0) < 1e-12


if __name__ == "__main__":
    main()
