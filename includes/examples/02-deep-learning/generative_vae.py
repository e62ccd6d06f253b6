"""The VAE objective on a model small enough to solve exactly, in NumPy.

Included by docs/02-deep-learning/04-generative-models.md (Generative Models). The script prints
the numbers of the article's worked example and asserts every claim the article makes about them:

1. the closed-form KL divergence between N(mu, diag(sigma^2)) and N(0, I) (Kingma & Welling, 2013,
   appendix B) agrees with a Monte Carlo estimate;
2. for a linear-Gaussian decoder, p(z) = N(0, 1) and p(x | z) = N(w z + b, s^2 I), the evidence
   log p(x) is known exactly; the ELBO is below it, the gap is KL(q || p(z | x)), and the ELBO
   equals log p(x) when q is the true posterior;
3. the reparameterization trick z = mu + sigma * eps gives a gradient of the Monte Carlo ELBO that
   matches central differences of the same estimate (same eps), and is an unbiased estimate of
   the exact gradient.

Shapes: x has shape (d,) with d = 2; the latent z is a scalar; eps has shape (K,) for K samples.
"""

import numpy as np

# A fixed linear-Gaussian decoder: x = w z + b + noise, noise ~ N(0, S2 I).
W = np.array([2.0, -1.0])
B = np.array([0.5, 0.0])
S2 = 0.5


# --8<-- [start:kl]
def kl_to_standard_normal(mu: np.ndarray, log_var: np.ndarray) -> float:
    """Return KL(N(mu, diag(exp(log_var))) || N(0, I)) in nats.

    Kingma & Welling (2013), appendix B: -KL = 1/2 sum_j (1 + log sigma_j^2 - mu_j^2 - sigma_j^2).

    Parameters
    ----------
    mu : np.ndarray, shape (k,)
        Mean of the diagonal Gaussian.
    log_var : np.ndarray, shape (k,)
        Log variances log sigma_j^2 (what an encoder outputs, so that sigma stays positive).

    Returns
    -------
    float
        The divergence, >= 0, and 0 only for mu = 0, log_var = 0.
    """
    return 0.5 * float(np.sum(mu**2 + np.exp(log_var) - 1.0 - log_var))
# --8<-- [end:kl]


def log_normal(x: np.ndarray, mean: np.ndarray, var: float) -> np.ndarray:
    """Log density of N(mean, var I), summed over the last axis.

    Parameters
    ----------
    x, mean : np.ndarray, shape (..., d)
        Points and means, broadcast against each other.
    var : float
        Variance of every coordinate.

    Returns
    -------
    np.ndarray, shape (...)
        log N(x; mean, var I).
    """
    d = np.shape(x)[-1]
    return -0.5 * np.sum((x - mean) ** 2, axis=-1) / var - 0.5 * d * np.log(2 * np.pi * var)


# --8<-- [start:elbo]
def elbo_mc(x: np.ndarray, mu: float, log_sigma: float, eps: np.ndarray) -> float:
    """Monte Carlo ELBO with the reparameterization z = mu + sigma * eps.

    ELBO = E_q[log p(x | z)] - KL(q(z | x) || p(z)); the expectation is averaged over the K given
    eps, the KL is in closed form (Kingma & Welling, 2013, equation 10).

    Parameters
    ----------
    x : np.ndarray, shape (d,)
        One data point.
    mu, log_sigma : float
        Parameters of q(z | x) = N(mu, sigma^2).
    eps : np.ndarray, shape (K,)
        Standard normal draws, fixed so that the estimate is a smooth function of mu, log_sigma.

    Returns
    -------
    float
        The estimate, in nats.
    """
    z = mu + np.exp(log_sigma) * eps
    recon = log_normal(x, z[:, None] * W + B, S2).mean()
    return recon - kl_to_standard_normal(np.array([mu]), np.array([2 * log_sigma]))


def elbo_grad_mc(x: np.ndarray, mu: float, log_sigma: float, eps: np.ndarray) -> np.ndarray:
    """Reparameterization gradient of ``elbo_mc`` with respect to (mu, log_sigma).

    d/dz log p(x | z) = w^T (x - w z - b) / s^2; by the chain rule dz/dmu = 1 and
    dz/dlog_sigma = sigma * eps. The KL term adds -mu and -(sigma^2 - 1).

    Parameters
    ----------
    x : np.ndarray, shape (d,)
        One data point.
    mu, log_sigma : float
        Parameters of q(z | x).
    eps : np.ndarray, shape (K,)
        The same standard normal draws as the estimate.

    Returns
    -------
    np.ndarray, shape (2,)
        (dELBO/dmu, dELBO/dlog_sigma).
    """
    sigma = np.exp(log_sigma)
    z = mu + sigma * eps
    dlogp_dz = (x - z[:, None] * W - B) @ W / S2
    g_mu = dlogp_dz.mean() - mu
    g_ls = (dlogp_dz * sigma * eps).mean() - (sigma**2 - 1.0)
    return np.array([g_mu, g_ls])
# --8<-- [end:elbo]


def exact_quantities(x: np.ndarray) -> tuple[float, float, float]:
    """Return log p(x) and the true posterior N(m, v) of the linear-Gaussian model.

    p(x) = N(b, w w^T + s^2 I); p(z | x) = N(m, v), v = 1 / (1 + |w|^2 / s^2),
    m = v w^T (x - b) / s^2 (Bishop, 2006, section 2.3.3).

    Parameters
    ----------
    x : np.ndarray, shape (d,)
        One data point.

    Returns
    -------
    tuple of float
        log p(x), the posterior mean m and the posterior variance v.
    """
    cov = np.outer(W, W) + S2 * np.eye(len(W))
    diff = x - B
    _, logdet = np.linalg.slogdet(cov)
    log_px = -0.5 * (diff @ np.linalg.solve(cov, diff) + logdet + len(W) * np.log(2 * np.pi))
    v = 1.0 / (1.0 + W @ W / S2)
    return float(log_px), float(v * W @ diff / S2), float(v)


def main() -> None:
    """Print the worked example of the article and check its claims."""
    rng = np.random.default_rng(0)

    print("1) KL(N(mu, diag(sigma^2)) || N(0, I)), mu = (0.5, -1.0), sigma = (0.8, 1.5)")
    mu, sigma = np.array([0.5, -1.0]), np.array([0.8, 1.5])
    kl = kl_to_standard_normal(mu, np.log(sigma**2))
    z = mu + sigma * rng.standard_normal((400_000, 2))
    log_q = (-0.5 * ((z - mu) / sigma) ** 2 - np.log(sigma) - 0.5 * np.log(2 * np.pi)).sum(1)
    log_p = (-0.5 * z**2 - 0.5 * np.log(2 * np.pi)).sum(1)
    terms = log_q - log_p
    se = terms.std() / np.sqrt(len(terms))
    print(f"   closed form  {kl:.4f}")
    print(f"   Monte Carlo  {terms.mean():.4f}  (standard error {se:.4f}, 400000 samples)")
    assert abs(terms.mean() - kl) < 4 * se
    assert kl_to_standard_normal(np.zeros(3), np.zeros(3)) == 0.0

    print()
    x = np.array([3.0, -1.0])
    log_px, m, v = exact_quantities(x)
    print("2) Linear-Gaussian model, w = (2, -1), b = (0.5, 0), s^2 = 0.5, x = (3, -1)")
    print(f"   log p(x)                        {log_px:.4f}")
    print(f"   true posterior p(z | x)         N({m:.4f}, {v:.4f})")
    eps = rng.standard_normal(200_000)
    rows = (("q = N(0, 1) (the prior)", 0.0, 0.0),
            ("q = N(0.8, 0.3^2)", 0.8, np.log(0.3)),
            ("q = true posterior", m, 0.5 * np.log(v)))
    for name, mu_q, ls_q in rows:
        sig2 = np.exp(2 * ls_q)
        exact_elbo = (log_normal(x, mu_q * W + B, S2) - 0.5 * sig2 * (W @ W) / S2
                      - kl_to_standard_normal(np.array([mu_q]), np.array([2 * ls_q])))
        gap = 0.5 * (np.log(v / sig2) + (sig2 + (mu_q - m) ** 2) / v - 1.0)
        print(f"   {name:<28s} ELBO {exact_elbo:8.4f}   MC {elbo_mc(x, mu_q, ls_q, eps):8.4f}"
              f"   gap {log_px - exact_elbo:.4f} = KL(q || posterior) {gap:.4f}")
        assert exact_elbo <= log_px + 1e-12
        assert np.isclose(log_px - exact_elbo, gap)
        assert abs(elbo_mc(x, mu_q, ls_q, eps) - exact_elbo) < 0.05
    assert np.isclose(gap, 0.0, atol=1e-12)

    print()
    print("3) Reparameterization gradient at mu = 0.8, log sigma = log 0.3, K = 16 samples")
    mu_q, ls_q = 0.8, np.log(0.3)
    eps16 = rng.standard_normal(16)
    g = elbo_grad_mc(x, mu_q, ls_q, eps16)
    h = 1e-6
    fd = np.array([
        (elbo_mc(x, mu_q + h, ls_q, eps16) - elbo_mc(x, mu_q - h, ls_q, eps16)) / (2 * h),
        (elbo_mc(x, mu_q, ls_q + h, eps16) - elbo_mc(x, mu_q, ls_q - h, eps16)) / (2 * h),
    ])
    sig2 = np.exp(2 * ls_q)
    exact = np.array([W @ (x - mu_q * W - B) / S2 - mu_q, -sig2 * (W @ W) / S2 - sig2 + 1.0])
    print(f"   reparameterized   dmu {g[0]:+.6f}   dlog_sigma {g[1]:+.6f}")
    print(f"   central diff.     dmu {fd[0]:+.6f}   dlog_sigma {fd[1]:+.6f}")
    print(f"   exact gradient    dmu {exact[0]:+.6f}   dlog_sigma {exact[1]:+.6f}")
    assert np.allclose(g, fd, rtol=1e-6, atol=1e-6)
    many = np.array([elbo_grad_mc(x, mu_q, ls_q, rng.standard_normal(16)) for _ in range(4000)])
    avg, se = many.mean(0), many.std(0) / np.sqrt(len(many))
    print(f"   mean of 4000 estimates  dmu {avg[0]:+.6f}   dlog_sigma {avg[1]:+.6f}")
    assert np.all(np.abs(avg - exact) < 4 * se + 1e-9)


if __name__ == "__main__":
    main()
