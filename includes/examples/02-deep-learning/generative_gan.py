"""GAN theory on 1-D distributions, the Wasserstein distance, and FID, in NumPy.

Included by docs/02-deep-learning/04-generative-models.md (Generative Models). The script prints
the numbers of the article's worked example and asserts every claim the article makes about them:

1. the optimal discriminator D* = p_data / (p_data + p_g) maximizes the GAN value, and the value
   at D* equals -log 4 + 2 JS(p_data || p_g) (Goodfellow et al., 2014, theorem 1);
2. with D = sigmoid(a), the saturating generator loss log(1 - D) has gradient -D with respect to
   the logit a, which vanishes when D(G(z)) is near 0; the non-saturating loss -log D has
   gradient -(1 - D), near -1 there; both checked by central differences;
3. for two uniform distributions shifted by theta, JS is stuck at log 2 once the supports are
   disjoint while the Wasserstein-1 distance keeps growing as |theta| (Arjovsky, Chintala & Bottou,
   2017, example 1);
4. the Frechet distance between two Gaussians (Heusel et al., 2017), computed two ways, and its
   estimate from samples.
"""

import numpy as np


def normal_pdf(x: np.ndarray, mean: float, std: float) -> np.ndarray:
    """Density of N(mean, std^2) at x, shape of x."""
    return np.exp(-0.5 * ((x - mean) / std) ** 2) / (std * np.sqrt(2 * np.pi))


# --8<-- [start:value]
def gan_value(d: np.ndarray, p_data: np.ndarray, p_g: np.ndarray, dx: float) -> float:
    """Return V(D, G) = E_data[log D(x)] + E_g[log(1 - D(x))] on a grid.

    Goodfellow et al. (2014), equation (1), written as an integral over x.

    Parameters
    ----------
    d : np.ndarray, shape (m,)
        Discriminator output D(x) in (0, 1) at the m grid points.
    p_data, p_g : np.ndarray, shape (m,)
        The two densities at the grid points.
    dx : float
        Grid spacing.

    Returns
    -------
    float
        The value, a Riemann sum.
    """
    return float(np.sum(p_data * np.log(d) + p_g * np.log(1.0 - d)) * dx)


def js_divergence(p: np.ndarray, q: np.ndarray, dx: float) -> float:
    """Jensen-Shannon divergence, in nats, of two densities on a grid.

    JS(p || q) = 1/2 KL(p || m) + 1/2 KL(q || m), m = (p + q) / 2; 0 <= JS <= log 2.

    Parameters
    ----------
    p, q : np.ndarray, shape (m,)
        Densities at the grid points.
    dx : float
        Grid spacing.

    Returns
    -------
    float
        The divergence.
    """
    m = 0.5 * (p + q)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl_p = np.where(p > 0, p * np.log(p / m), 0.0)
        kl_q = np.where(q > 0, q * np.log(q / m), 0.0)
    return float(0.5 * (kl_p.sum() + kl_q.sum()) * dx)
# --8<-- [end:value]


# --8<-- [start:fid]
def sqrtm_psd(a: np.ndarray) -> np.ndarray:
    """Symmetric square root of a symmetric positive semi-definite matrix, shape (k, k)."""
    vals, vecs = np.linalg.eigh(a)
    return (vecs * np.sqrt(np.clip(vals, 0.0, None))) @ vecs.T


def frechet_distance(mu1: np.ndarray, cov1: np.ndarray, mu2: np.ndarray, cov2: np.ndarray) -> float:
    """Return the FID formula |mu1 - mu2|^2 + Tr(C1 + C2 - 2 (C1 C2)^(1/2)).

    Heusel et al. (2017), section 4 (Dowson & Landau, 1982, for the Gaussian case). The trace of
    (C1 C2)^(1/2) equals the trace of the symmetric matrix (C1^(1/2) C2 C1^(1/2))^(1/2).

    Parameters
    ----------
    mu1, mu2 : np.ndarray, shape (k,)
        Means of the two feature distributions.
    cov1, cov2 : np.ndarray, shape (k, k)
        Their covariances.

    Returns
    -------
    float
        The squared Frechet (Wasserstein-2) distance between the two Gaussians.
    """
    r1 = sqrtm_psd(cov1)
    cross = np.trace(sqrtm_psd(r1 @ cov2 @ r1))
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2.0 * cross)
# --8<-- [end:fid]


def main() -> None:
    """Print the worked example of the article and check its claims."""
    rng = np.random.default_rng(0)
    x = np.linspace(-12.0, 12.0, 240_001)
    dx = x[1] - x[0]

    print("1) Optimal discriminator, p_data = N(0, 1)")
    print("   p_g          V(D*, G)   -log 4 + 2 JS   V(D* - 0.05)   V(D* + 0.05)")
    p_data = normal_pdf(x, 0.0, 1.0)
    for mean_g in (0.0, 1.0, 3.0):
        p_g = normal_pdf(x, mean_g, 1.0)
        d_star = np.clip(p_data / (p_data + p_g + 1e-300), 1e-12, 1 - 1e-12)
        v_star = gan_value(d_star, p_data, p_g, dx)
        js = js_divergence(p_data, p_g, dx)
        lo = gan_value(np.clip(d_star - 0.05, 1e-12, 1), p_data, p_g, dx)
        hi = gan_value(np.clip(d_star + 0.05, 0, 1 - 1e-12), p_data, p_g, dx)
        print(f"   N({mean_g:.0f}, 1)     {v_star:8.4f}     {-np.log(4) + 2 * js:8.4f}"
              f"      {lo:8.4f}       {hi:8.4f}")
        assert np.isclose(v_star, -np.log(4) + 2 * js, atol=1e-6)
        assert v_star > lo and v_star > hi
    assert np.isclose(gan_value(np.full_like(x, 0.5), p_data, p_data, dx), -np.log(4))

    print()
    print("2) Generator gradients with respect to the discriminator logit a, D = sigmoid(a)")
    print("   D(G(z))    d/da log(1 - D)   d/da -log D   (central differences agree)")
    h = 1e-6
    for dval in (0.5, 0.1, 0.01, 0.001):
        a = np.log(dval / (1 - dval))

        def sat(u):
            return np.log(1 - 1 / (1 + np.exp(-u)))

        def nonsat(u):
            return -np.log(1 / (1 + np.exp(-u)))

        g_sat, g_non = -dval, -(1 - dval)
        fd_sat = (sat(a + h) - sat(a - h)) / (2 * h)
        fd_non = (nonsat(a + h) - nonsat(a - h)) / (2 * h)
        print(f"   {dval:7.3f}    {g_sat:+.4f}            {g_non:+.4f}")
        assert np.isclose(g_sat, fd_sat, atol=1e-6) and np.isclose(g_non, fd_non, atol=1e-6)

    print()
    print("3) p = U[0, 1], q = U[theta, theta + 1]")
    print("   theta     JS(p || q)   W1(p, q)")
    u = np.linspace(-1.0, 6.0, 700_001)
    du = u[1] - u[0]
    levels = (np.arange(100_000) + 0.5) / 100_000  # quantile levels for W1 in 1-D
    for theta in (0.0, 0.5, 1.0, 2.0, 4.0):
        p = ((u >= 0) & (u < 1)).astype(float)
        q = ((u >= theta) & (u < theta + 1)).astype(float)
        js = js_divergence(p, q, du)
        w1 = np.mean(np.abs(levels - (levels + theta)))  # W1 = integral of |F^-1 - G^-1|
        print(f"   {theta:5.1f}     {js:.4f}       {w1:.4f}")
        assert np.isclose(js, min(theta, 1.0) * np.log(2), atol=1e-3)
        assert np.isclose(w1, theta)
    print(f"   log 2 = {np.log(2):.4f}")

    print()
    print("4) Frechet distance between two 2-D Gaussians")
    mu1, cov1 = np.array([0.0, 0.0]), np.array([[1.0, 0.5], [0.5, 1.0]])
    mu2, cov2 = np.array([1.0, 0.0]), np.array([[2.0, 0.0], [0.0, 0.5]])
    fd_formula = frechet_distance(mu1, cov1, mu2, cov2)
    eig = np.linalg.eigvals(cov1 @ cov2)  # real and positive: C1 C2 is similar to a PSD matrix
    fd_eig = 1.0 + np.trace(cov1) + np.trace(cov2) - 2.0 * np.sum(np.sqrt(eig.real))
    print(f"   formula {fd_formula:.4f}   via eigenvalues of C1 C2 {fd_eig:.4f}")
    assert np.isclose(fd_formula, fd_eig)
    assert np.isclose(frechet_distance(mu1, cov1, mu1, cov1), 0.0, atol=1e-12)
    for n in (100, 1000, 10_000):
        a = rng.multivariate_normal(mu1, cov1, size=n)
        b = rng.multivariate_normal(mu1, cov1, size=n)
        same = frechet_distance(a.mean(0), np.cov(a.T), b.mean(0), np.cov(b.T))
        print(f"   two samples of size {n:>6d} from the SAME Gaussian: FID {same:.4f}")
        assert same > 0


if __name__ == "__main__":
    main()
