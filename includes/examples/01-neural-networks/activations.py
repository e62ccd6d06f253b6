"""Activation functions and their derivatives, checked numerically, plus a stable softmax.

Included by docs/01-neural-networks/01-perceptrons-and-activations.md (Perceptrons & Activation
Functions). The script prints the numbers of the article's worked example and asserts every
claim the article makes about them:

1. every analytic derivative (sigmoid, tanh, ReLU, Leaky ReLU, PReLU, ELU, GELU, SiLU, Swish)
   agrees with central differences, and the sigmoid's derivative peaks at 0.25;
2. what that peak means for a chain of sigmoid units, the GELU and SiLU minima, and the mean
   output of each activation for standard normal inputs (how far from zero-centred it is);
3. the two GELU approximations against the exact x Phi(x);
4. softmax: overflow without the max subtraction, the stable version, its Jacobian checked by
   central differences, and the effect of the temperature;
5. a ReLU unit killed by one large update, and a Leaky ReLU unit that survives it.
"""

import math

import numpy as np

_ERF = np.vectorize(math.erf, otypes=[float])


# --8<-- [start:activations]
def sigmoid(z: np.ndarray) -> np.ndarray:
    """Return the logistic sigmoid 1 / (1 + exp(-z)), without overflow for large |z|.

    Parameters
    ----------
    z : np.ndarray, any shape
        Pre-activations.

    Returns
    -------
    np.ndarray, same shape
        Values in (0, 1); the derivative is sigmoid(z) * (1 - sigmoid(z)).
    """
    e = np.exp(-np.abs(z))                       # never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def relu(z: np.ndarray) -> np.ndarray:
    """Return the rectified linear unit max(0, z) (Nair & Hinton, 2010; Glorot et al., 2011).

    Parameters
    ----------
    z : np.ndarray, any shape
        Pre-activations.

    Returns
    -------
    np.ndarray, same shape
        Values in [0, inf); the derivative is 1 for z > 0 and 0 for z < 0.
    """
    return np.maximum(0.0, z)


def leaky_relu(z: np.ndarray, a: float = 0.01) -> np.ndarray:
    """Return the Leaky ReLU: z for z > 0, a * z otherwise (Maas et al., 2013, use a = 0.01).

    With a learned ``a`` this is the PReLU of He et al. (2015), who initialize a = 0.25.

    Parameters
    ----------
    z : np.ndarray, any shape
        Pre-activations.
    a : float
        Slope for negative inputs, 0 <= a < 1.

    Returns
    -------
    np.ndarray, same shape
        Values in (-inf, inf); the derivative is 1 for z > 0 and a for z < 0.
    """
    return np.where(z > 0, z, a * z)


def elu(z: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Return the ELU: z for z > 0, alpha * (exp(z) - 1) otherwise (Clevert et al., 2015).

    ``np.expm1(np.minimum(z, 0))`` keeps the unused branch of ``np.where`` from overflowing.

    Parameters
    ----------
    z : np.ndarray, any shape
        Pre-activations.
    alpha : float
        Saturation value for very negative inputs is -alpha; the paper uses alpha = 1.

    Returns
    -------
    np.ndarray, same shape
        Values in (-alpha, inf); the derivative is 1 for z > 0 and elu(z) + alpha otherwise.
    """
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


def std_normal_cdf(z: np.ndarray) -> np.ndarray:
    """Return the standard normal CDF Phi(z) = (1 + erf(z / sqrt 2)) / 2, element-wise."""
    return 0.5 * (1.0 + _ERF(z / math.sqrt(2.0)))


def std_normal_pdf(z: np.ndarray) -> np.ndarray:
    """Return the standard normal density phi(z) = exp(-z^2 / 2) / sqrt(2 pi), element-wise."""
    return np.exp(-0.5 * z**2) / math.sqrt(2.0 * math.pi)


def gelu(z: np.ndarray) -> np.ndarray:
    """Return the exact GELU z * Phi(z) (Hendrycks & Gimpel, 2016, arXiv:1606.08415).

    Parameters
    ----------
    z : np.ndarray, any shape
        Pre-activations.

    Returns
    -------
    np.ndarray, same shape
        Values in about [-0.17, inf); the derivative is Phi(z) + z phi(z).
    """
    return z * std_normal_cdf(z)


def gelu_tanh(z: np.ndarray) -> np.ndarray:
    """Return GELU's tanh approximation 0.5 z (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))).

    Hendrycks & Gimpel (2016) give it next to the exact form; shapes as in :func:`gelu`.
    """
    return 0.5 * z * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (z + 0.044715 * z**3)))


def swish(z: np.ndarray, beta: float = 1.0) -> np.ndarray:
    """Return Swish z * sigmoid(beta z) (Ramachandran et al., 2017); beta = 1 is the SiLU.

    The SiLU (Elfwing et al., 2018) is z * sigmoid(z); GELU's sigmoid approximation is
    swish(z, 1.702) (Hendrycks & Gimpel, 2016).

    Parameters
    ----------
    z : np.ndarray, any shape
        Pre-activations.
    beta : float
        Sharpness; beta -> inf gives ReLU, beta = 0 gives z / 2.

    Returns
    -------
    np.ndarray, same shape
        Values in about [-0.28 / beta, inf) for beta > 0.
    """
    return z * sigmoid(beta * z)
# --8<-- [end:activations]


# --8<-- [start:derivatives]
def derivatives(z: np.ndarray) -> dict[str, np.ndarray]:
    """Return the analytic derivative of every activation above at ``z``.

    At the kink z = 0 of ReLU and Leaky ReLU the derivative does not exist; like the deep
    learning libraries, these formulas return the left value there (0 for ReLU).

    Parameters
    ----------
    z : np.ndarray, any shape
        Points at which to differentiate.

    Returns
    -------
    dict of str to np.ndarray
        Derivative arrays, same shape as ``z``, keyed by activation name.
    """
    s = sigmoid(z)
    return {
        "sigmoid": s * (1.0 - s),
        "tanh": 1.0 - np.tanh(z) ** 2,
        "relu": (z > 0).astype(float),
        "leaky_relu": np.where(z > 0, 1.0, 0.01),
        "elu": np.where(z > 0, 1.0, elu(z) + 1.0),                # alpha e^z = f(z) + alpha
        "gelu": std_normal_cdf(z) + z * std_normal_pdf(z),        # Phi + z phi
        "silu": s * (1.0 + z * (1.0 - s)),                        # sigma (1 + z (1 - sigma))
        "swish_b2": sigmoid(2 * z) * (1.0 + 2 * z * (1.0 - sigmoid(2 * z))),
    }
# --8<-- [end:derivatives]


# --8<-- [start:softmax]
def softmax_naive(z: np.ndarray) -> np.ndarray:
    """Return the textbook softmax exp(z_j) / sum_c exp(z_c); overflows for logits above 709.

    Parameters
    ----------
    z : np.ndarray, shape (k,)
        Logits.

    Returns
    -------
    np.ndarray, shape (k,)
        Probabilities, or nan once exp overflows to inf (inf / inf).
    """
    e = np.exp(z)
    return e / e.sum()


def softmax(z: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Return the numerically stable softmax of z / T along the last axis (Bridle, 1990).

    Subtracting the maximum changes nothing mathematically (softmax is shift-invariant) but
    makes every exponent <= 0, so exp never overflows and the largest term is exactly 1.

    Parameters
    ----------
    z : np.ndarray, shape (..., k)
        Logits.
    temperature : float
        T > 0; T < 1 sharpens the distribution, T > 1 flattens it.

    Returns
    -------
    np.ndarray, shape (..., k)
        Non-negative probabilities summing to 1 along the last axis.

    Raises
    ------
    ValueError
        If ``temperature`` is not positive.
    """
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    u = z / temperature
    e = np.exp(u - u.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z: np.ndarray) -> np.ndarray:
    """Return the stable log-softmax z_j - logsumexp(z), logsumexp(z) = m + log sum exp(z - m).

    Parameters
    ----------
    z : np.ndarray, shape (..., k)
        Logits; m is their maximum along the last axis.

    Returns
    -------
    np.ndarray, shape (..., k)
        Log-probabilities, all <= 0.
    """
    m = z.max(axis=-1, keepdims=True)
    return z - (m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True)))


def softmax_jacobian(z: np.ndarray) -> np.ndarray:
    """Return the softmax Jacobian d p_i / d z_j = p_i (delta_ij - p_j) = diag(p) - p p^T.

    Parameters
    ----------
    z : np.ndarray, shape (k,)
        Logits.

    Returns
    -------
    np.ndarray, shape (k, k)
        Symmetric matrix whose rows sum to 0 (the probabilities always sum to 1).
    """
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)
# --8<-- [end:softmax]


def central_diff(f, z: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Return the central difference (f(z + h) - f(z - h)) / (2h), element-wise; error O(h^2).

    Parameters
    ----------
    f : callable
        Element-wise function of an array.
    z : np.ndarray, any shape
        Points.
    h : float
        Step.

    Returns
    -------
    np.ndarray, same shape as ``z``
        The numerical derivative.
    """
    return (f(z + h) - f(z - h)) / (2.0 * h)


def fmt(v: np.ndarray) -> str:
    """Format a vector with 4 decimals, e.g. '(0.0900, 0.2447, 0.6652)'."""
    return "(" + ", ".join(f"{round(float(a), 4) + 0.0:.4f}" for a in np.atleast_1d(v)) + ")"


def entropy(p: np.ndarray) -> float:
    """Return the Shannon entropy -sum p log p of a probability vector, in nats (0 log 0 = 0)."""
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


def main() -> None:
    """Print the worked-example numbers and assert the article's claims."""
    print("1. Derivatives against central differences (h = 1e-5) on 2001 points in [-5, 5]")
    z = np.linspace(-5.0, 5.0, 2001)
    z = z[np.abs(z) > 1e-3]                           # keep away from the kinks at 0
    functions = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": relu, "leaky_relu": leaky_relu,
                 "elu": elu, "gelu": gelu, "silu": swish, "swish_b2": lambda u: swish(u, 2.0)}
    analytic = derivatives(z)
    for name, f in functions.items():
        err = float(np.max(np.abs(analytic[name] - central_diff(f, z))))
        print(f"   {name:<11} max |analytic - numeric| = {err:.1e}")
        assert err < 1e-8, name
    # PReLU: the slope a is a parameter, d f / d a = z for z <= 0 and 0 otherwise.
    a, zz = 0.25, np.array([-2.0, -0.5, 1.5])
    grad_a = np.where(zz > 0, 0.0, zz)
    num_a = (leaky_relu(zz, a + 1e-6) - leaky_relu(zz, a - 1e-6)) / 2e-6
    print(f"   PReLU d f/d a at z = {fmt(zz)}: {fmt(grad_a)} (numeric {fmt(num_a)})")
    assert np.allclose(grad_a, num_a, atol=1e-8)

    print("\n2. Peaks, minima and a chain of sigmoids")
    fine = np.linspace(-6.0, 6.0, 120001)
    d_fine = derivatives(fine)
    k = int(np.argmax(d_fine["sigmoid"]))
    print(f"   max sigmoid'(z) = {d_fine['sigmoid'][k]:.4f} at z = {fine[k]:.4f}")
    assert np.isclose(d_fine["sigmoid"][k], 0.25) and fine[k] == 0.0
    print(f"   max tanh'(z) = {d_fine['tanh'].max():.4f}")
    assert np.allclose(np.tanh(fine), 2.0 * sigmoid(2.0 * fine) - 1.0)   # tanh, rescaled sigmoid
    print(f"   0.25^10 = {0.25**10:.4e} (upper bound on the product of 10 sigmoid derivatives)")

    def chain_of_sigmoids(a: float) -> float:
        """Pass a scalar through 10 sigmoid units in a row (weights 1, biases 0)."""
        for _ in range(10):
            a = 1.0 / (1.0 + math.exp(-a))
        return a

    a, grad = 0.0, 1.0                                # input a0 = 0
    for _ in range(10):
        s = 1.0 / (1.0 + math.exp(-a))                # z = a (weight 1, bias 0), s = sigma(z)
        grad *= s * (1.0 - s)                         # one factor sigma'(z) per unit
        a = s
    num = (chain_of_sigmoids(1e-5) - chain_of_sigmoids(-1e-5)) / 2e-5
    print(f"   d out / d in through 10 sigmoid units (weights 1, biases 0, input 0): {grad:.4e}")
    assert grad <= 0.25**10 and np.isclose(grad, num, rtol=1e-6)
    for name, f in (("GELU", gelu), ("SiLU", swish)):
        v = f(fine)
        j = int(np.argmin(v))
        print(f"   min {name}(z) = {v[j]:.4f} at z = {fine[j]:.4f}")
    for name in ("gelu", "silu"):
        j = int(np.argmax(d_fine[name]))
        print(f"   max {name}'(z) = {d_fine[name][j]:.4f} at z = {fine[j]:.4f}")
        assert d_fine[name][j] > 1.0                  # both overshoot the slope of ReLU
    print(f"   GELU(1) = {gelu(np.array(1.0)):.4f}, GELU(-1) = {gelu(np.array(-1.0)):.4f}, "
          f"SiLU(1) = {swish(np.array(1.0)):.4f}, SiLU(-1) = {swish(np.array(-1.0)):.4f}")
    # How zero-centred is each output? E[f(z)] for z ~ N(0, 1), by a Riemann sum on [-12, 12].
    grid = np.linspace(-12.0, 12.0, 240001)
    weight = std_normal_pdf(grid) * (grid[1] - grid[0])
    means = {name: float(f(grid) @ weight) for name, f in (
        ("sigmoid", sigmoid), ("tanh", np.tanh), ("ReLU", relu), ("Leaky ReLU", leaky_relu),
        ("ELU", elu), ("GELU", gelu), ("SiLU", swish))}
    print("   mean output for z ~ N(0, 1): "
          + ", ".join(f"{name} {round(m, 4) + 0.0:.4f}" for name, m in means.items()))
    assert np.isclose(means["ReLU"], 1.0 / math.sqrt(2.0 * math.pi))     # E[max(0, z)]
    assert np.isclose(means["GELU"], 1.0 / (2.0 * math.sqrt(math.pi)))   # E[z Phi(z)] = E[phi(z)]
    assert abs(means["tanh"]) < 1e-12 and np.isclose(means["sigmoid"], 0.5)

    print("\n3. GELU approximations on [-6, 6]")
    exact = gelu(fine)
    err_tanh = float(np.max(np.abs(gelu_tanh(fine) - exact)))
    err_sig = float(np.max(np.abs(swish(fine, 1.702) - exact)))
    print(f"   tanh form: max error {err_tanh:.1e}; z sigmoid(1.702 z): max error {err_sig:.1e}")
    assert err_tanh < err_sig

    print("\n4. Softmax")
    for dtype in (np.float16, np.float32, np.float64):
        print(f"   exp overflows in {np.dtype(dtype).name} above z = "
              f"{math.log(float(np.finfo(dtype).max)):.4f}")
    logits = np.array([1000.0, 1001.0, 1002.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = softmax_naive(logits)
    print(f"   naive softmax{fmt(logits)} = {naive}")
    stable = softmax(logits)
    print(f"   stable softmax = {fmt(stable)}, sum = {stable.sum():.4f}")
    assert np.all(np.isnan(naive)) and np.isclose(stable.sum(), 1.0)
    shifted = softmax_naive(logits - 1000.0)
    print(f"   naive softmax of the logits minus 1000 = {fmt(shifted)}")
    assert np.allclose(shifted, stable)
    print(f"   log-softmax = {fmt(log_softmax(logits))}")
    assert np.allclose(np.exp(log_softmax(logits)), stable)
    zj = np.array([2.0, 1.0, 0.1])
    jac = softmax_jacobian(zj)
    num = np.stack([(softmax(zj + 1e-5 * e) - softmax(zj - 1e-5 * e)) / 2e-5
                    for e in np.eye(3)], axis=1)
    print(f"   Jacobian at {fmt(zj)}: max |analytic - numeric| = "
          f"{np.max(np.abs(jac - num)):.1e}, row sums = {fmt(jac.sum(axis=1))}")
    assert np.allclose(jac, num, atol=1e-9) and np.allclose(jac.sum(axis=1), 0.0)
    for t in (0.5, 1.0, 2.0, 10.0):
        p = softmax(zj, temperature=t)
        print(f"   T = {t:>4}: p = {fmt(p)}, entropy = {entropy(p):.4f} nats")
    print(f"   uniform entropy log 3 = {math.log(3):.4f} nats")

    print("\n5. A ReLU unit dies after one large update")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2))                     # inputs, shape (n, d)
    w, b = np.array([0.5, -0.3]), 0.1
    active = float(np.mean(x @ w + b > 0))
    print(f"   before: {active:.0%} of 200 inputs give a positive pre-activation")
    b_new = b - 2.0 * 6.0          # one step: learning rate 2, gradient on the bias 6
    pre = x @ w + b_new
    grad_w = ((pre > 0)[:, None] * x).mean(axis=0)   # d mean(relu) / d w
    print(f"   after b = {b_new:.1f}: active {np.mean(pre > 0):.0%}, "
          f"gradient on w = {fmt(grad_w)}, on b = {np.mean(pre > 0):.4f}")
    assert np.all(pre < 0) and np.all(grad_w == 0.0)
    leak = np.where(pre > 0, 1.0, 0.01)
    print(f"   Leaky ReLU (a = 0.01) gradient on b = {leak.mean():.4f}")
    assert leak.mean() > 0


if __name__ == "__main__":
    main()
