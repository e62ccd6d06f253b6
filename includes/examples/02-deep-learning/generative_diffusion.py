"""The DDPM forward process, its closed form, and DDPM and DDIM sampling on 1-D data, in NumPy.

Included by docs/02-deep-learning/04-generative-models.md (Generative Models). The script prints
the numbers of the article's worked example and asserts every claim the article makes about them:

1. the linear beta schedule of Ho, Jain & Abbeel (2020): beta_t from 1e-4 to 0.02, T = 1000, and
   the cumulative product alpha_bar_t;
2. the forward process simulated step by step, x_t = sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) eps,
   matches the closed form q(x_t | x_0) = N(sqrt(alpha_bar_t) x_0, (1 - alpha_bar_t)) in mean and
   variance, within Monte Carlo tolerance;
3. for a two-Gaussian mixture as the data distribution, the ideal noise predictor is known in
   closed form, eps_hat = -sqrt(1 - alpha_bar_t) * score; the score is checked against central
   differences of log q(x_t);
4. ancestral (DDPM) sampling with 1000 steps and deterministic DDIM sampling with 10, 50 and 200
   steps (all three from the same starting noise), driven by that ideal predictor, recover the
   mixture's weights; the variance is recovered by DDPM and by DDIM with enough steps, while
   10 DDIM steps under-disperse;
5. classifier-free guidance, eps_c + w (eps_c - eps_u) = (1 + w) eps_c - w eps_u (Ho & Salimans,
   2022), pulls class samples away from the other class and narrows them.

All arrays are 1-D: one scalar x per chain, n chains side by side.
"""

import numpy as np

# A two-component Gaussian mixture on the real line plays the data distribution.
WEIGHTS = np.array([0.3, 0.7])
MEANS = np.array([-2.0, 2.0])
STDS = np.array([0.5, 0.5])


# --8<-- [start:schedule]
def linear_beta_schedule(
    num_steps: int = 1000, beta_1: float = 1e-4, beta_T: float = 0.02
) -> tuple[np.ndarray, np.ndarray]:
    """Return the linear variance schedule of DDPM and its cumulative product.

    Ho, Jain & Abbeel (2020), section 4: "forward process variances ... increasing linearly from
    beta_1 = 1e-4 to beta_T = 0.02", with T = 1000.

    Parameters
    ----------
    num_steps : int
        T, the number of diffusion steps.
    beta_1, beta_T : float
        First and last variance, 0 < beta_1 <= beta_T < 1.

    Returns
    -------
    betas : np.ndarray, shape (T + 1,)
        betas[t] is beta_t for t = 1..T; betas[0] = 0 so that index t means step t.
    alpha_bars : np.ndarray, shape (T + 1,)
        alpha_bars[t] = prod_{s=1}^{t} (1 - beta_s); alpha_bars[0] = 1.

    Raises
    ------
    ValueError
        If the variances are not in (0, 1) or not increasing.
    """
    if not 0 < beta_1 <= beta_T < 1:
        raise ValueError("need 0 < beta_1 <= beta_T < 1")
    betas = np.concatenate([[0.0], np.linspace(beta_1, beta_T, num_steps)])
    alpha_bars = np.cumprod(1.0 - betas)
    return betas, alpha_bars


def forward_step_by_step(
    x0: np.ndarray, betas: np.ndarray, record: tuple[int, ...], rng: np.random.Generator
) -> dict[int, np.ndarray]:
    """Run q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t) one step at a time.

    Ho, Jain & Abbeel (2020), equation (2).

    Parameters
    ----------
    x0 : np.ndarray, shape (n,)
        Starting points, one per chain.
    betas : np.ndarray, shape (T + 1,)
        The schedule from ``linear_beta_schedule``.
    record : tuple of int
        Steps t at which to keep a copy of x_t.
    rng : np.random.Generator
        Source of the Gaussian noise.

    Returns
    -------
    dict of int to np.ndarray, shape (n,)
        x_t for every t in ``record``.
    """
    x = x0.copy()
    kept = {}
    for t in range(1, len(betas)):
        x = np.sqrt(1.0 - betas[t]) * x + np.sqrt(betas[t]) * rng.standard_normal(x.shape)
        if t in record:
            kept[t] = x.copy()
    return kept
# --8<-- [end:schedule]


# --8<-- [start:eps]
def log_q_t(x: np.ndarray, alpha_bar: float) -> np.ndarray:
    """Log density of the noised mixture, q(x_t) = sum_k pi_k N(a m_k, a^2 s_k^2 + 1 - alpha_bar).

    With a = sqrt(alpha_bar), every Gaussian component stays Gaussian under the forward process.

    Parameters
    ----------
    x : np.ndarray, shape (n,)
        Points x_t.
    alpha_bar : float
        alpha_bar_t of the step.

    Returns
    -------
    np.ndarray, shape (n,)
        log q(x_t) at every point.
    """
    a = np.sqrt(alpha_bar)
    var = a**2 * STDS**2 + 1.0 - alpha_bar
    logc = -0.5 * (x[:, None] - a * MEANS) ** 2 / var - 0.5 * np.log(2 * np.pi * var)
    m = logc.max(axis=1, keepdims=True)
    return (m + np.log(np.exp(logc - m) @ WEIGHTS[:, None]))[:, 0]


def ideal_eps(x: np.ndarray, alpha_bar: float, component: int | None = None) -> np.ndarray:
    """Return the noise predictor that minimizes L_simple for the mixture: E[eps | x_t].

    Tweedie's formula gives E[eps | x_t] = -sqrt(1 - alpha_bar) * d/dx log q(x_t); see Song et al.
    (2021), and Ho, Jain & Abbeel (2020), section 3.2, for the link between eps and the score.

    Parameters
    ----------
    x : np.ndarray, shape (n,)
        Noisy points x_t.
    alpha_bar : float
        alpha_bar_t of the step, in (0, 1].
    component : int or None
        If given, condition on that mixture component (a class label); otherwise use the whole
        mixture (the unconditional model).

    Returns
    -------
    np.ndarray, shape (n,)
        The predicted noise at every point.
    """
    a = np.sqrt(alpha_bar)
    var = a**2 * STDS**2 + 1.0 - alpha_bar
    logc = -0.5 * (x[:, None] - a * MEANS) ** 2 / var - 0.5 * np.log(2 * np.pi * var)
    logc = logc + np.log(WEIGHTS)
    if component is None:
        resp = np.exp(logc - logc.max(axis=1, keepdims=True))
        resp /= resp.sum(axis=1, keepdims=True)
    else:
        resp = np.zeros_like(logc)
        resp[:, component] = 1.0
    score = (resp * (-(x[:, None] - a * MEANS) / var)).sum(axis=1)
    return -np.sqrt(1.0 - alpha_bar) * score
# --8<-- [end:eps]


# --8<-- [start:samplers]
def ddpm_sample(n: int, betas: np.ndarray, alpha_bars: np.ndarray, rng: np.random.Generator,
                eps_fn=ideal_eps) -> np.ndarray:
    """Ancestral sampling, Ho, Jain & Abbeel (2020), Algorithm 2, with sigma_t^2 = beta_t.

    x_{t-1} = (x_t - beta_t / sqrt(1 - alpha_bar_t) * eps_hat) / sqrt(1 - beta_t) + sigma_t z,
    with z = 0 at the last step.

    Parameters
    ----------
    n : int
        Number of samples.
    betas, alpha_bars : np.ndarray, shape (T + 1,)
        The schedule.
    rng : np.random.Generator
        Source of noise.
    eps_fn : callable
        eps_fn(x, alpha_bar) returns the predicted noise, shape (n,).

    Returns
    -------
    np.ndarray, shape (n,)
        Samples x_0.
    """
    x = rng.standard_normal(n)
    for t in range(len(betas) - 1, 0, -1):
        eps = eps_fn(x, alpha_bars[t])
        x = (x - betas[t] / np.sqrt(1.0 - alpha_bars[t]) * eps) / np.sqrt(1.0 - betas[t])
        if t > 1:
            x = x + np.sqrt(betas[t]) * rng.standard_normal(n)
    return x


def ddim_sample(n: int, alpha_bars: np.ndarray, num_steps: int, rng: np.random.Generator,
                eps_fn=ideal_eps) -> np.ndarray:
    """Deterministic DDIM sampling (eta = 0), Song, Meng & Ermon (2020), equation (12).

    On a sub-sequence of steps tau_S > ... > tau_1: predict x0_hat from eps_hat, then jump to
    x_prev = sqrt(alpha_bar_prev) x0_hat + sqrt(1 - alpha_bar_prev) eps_hat.

    Parameters
    ----------
    n : int
        Number of samples.
    alpha_bars : np.ndarray, shape (T + 1,)
        The schedule's cumulative products.
    num_steps : int
        S, the number of network evaluations, S <= T.
    rng : np.random.Generator
        Source of the starting noise x_T (the only randomness).
    eps_fn : callable
        eps_fn(x, alpha_bar) returns the predicted noise, shape (n,).

    Returns
    -------
    np.ndarray, shape (n,)
        Samples x_0.
    """
    T = len(alpha_bars) - 1
    taus = np.linspace(T, 0, num_steps + 1).round().astype(int)
    x = rng.standard_normal(n)
    for t, t_prev in zip(taus[:-1], taus[1:], strict=True):
        eps = eps_fn(x, alpha_bars[t])
        x0_hat = (x - np.sqrt(1.0 - alpha_bars[t]) * eps) / np.sqrt(alpha_bars[t])
        x = np.sqrt(alpha_bars[t_prev]) * x0_hat + np.sqrt(1.0 - alpha_bars[t_prev]) * eps
    return x
# --8<-- [end:samplers]


def summarize(name: str, x: np.ndarray) -> tuple[float, float, float]:
    """Print and return the mean, variance and share of positive samples.

    Parameters
    ----------
    name : str
        Row label.
    x : np.ndarray, shape (n,)
        Samples.

    Returns
    -------
    tuple of float
        Mean, variance, and the fraction of samples above 0.
    """
    mean, var, right = x.mean(), x.var(), (x > 0).mean()
    print(f"   {name:<22s} {mean:8.4f} {var:9.4f} {right:9.4f}")
    return mean, var, right


def main() -> None:
    """Print the worked example of the article and check its claims."""
    rng = np.random.default_rng(0)
    betas, alpha_bars = linear_beta_schedule()
    print("1) Linear schedule, T = 1000, beta from 1e-4 to 0.02")
    print("      t     beta_t   alpha_bar_t   sqrt(alpha_bar_t)")
    for t in (1, 10, 100, 250, 500, 750, 1000):
        print(f"   {t:4d}   {betas[t]:.6f}   {alpha_bars[t]:.6f}      {np.sqrt(alpha_bars[t]):.6f}")
    assert np.isclose(betas[1], 1e-4) and np.isclose(betas[1000], 0.02)
    assert alpha_bars[1000] < 1e-4  # x_T is almost pure noise: q(x_T | x_0) ~ N(0, 1)

    print()
    print("2) Forward process on x_0 = 1.5, 20000 chains, step by step vs closed form")
    n, x0 = 20_000, 1.5
    record = (1, 10, 100, 500, 1000)
    kept = forward_step_by_step(np.full(n, x0), betas, record, rng)
    print("      t   sim mean  closed mean   sim var  closed var")
    for t in record:
        m_cf, v_cf = np.sqrt(alpha_bars[t]) * x0, 1.0 - alpha_bars[t]
        m_sim, v_sim = kept[t].mean(), kept[t].var(ddof=1)
        print(f"   {t:4d}   {m_sim:8.4f}   {m_cf:8.4f}   {v_sim:8.4f}   {v_cf:8.4f}")
        # Monte Carlo tolerance: 5 standard errors of the mean and of the variance
        assert abs(m_sim - m_cf) < 5 * np.sqrt(v_cf / n)
        assert abs(v_sim - v_cf) < 5 * v_cf * np.sqrt(2.0 / (n - 1))

    print()
    print("3) Ideal noise predictor for the mixture 0.3 N(-2, 0.5^2) + 0.7 N(2, 0.5^2)")
    xs = np.array([-2.0, 0.0, 1.0, 3.0])
    h = 1e-5
    for t in (10, 500):
        ab = alpha_bars[t]
        eps = ideal_eps(xs, ab)
        fd_score = (log_q_t(xs + h, ab) - log_q_t(xs - h, ab)) / (2 * h)
        print(f"   t = {t:3d}: eps_hat at x_t = -2, 0, 1, 3: "
              + " ".join(f"{e:+.4f}" for e in eps))
        assert np.allclose(eps, -np.sqrt(1 - ab) * fd_score, atol=1e-7)
    # L_simple of the ideal predictor against predicting zero (which scores exactly 1 per dim)
    for t in (10, 500, 1000):
        comp = rng.choice(2, size=n, p=WEIGHTS)
        x0s = MEANS[comp] + STDS[comp] * rng.standard_normal(n)
        noise = rng.standard_normal(n)
        xt = np.sqrt(alpha_bars[t]) * x0s + np.sqrt(1 - alpha_bars[t]) * noise
        loss = np.mean((noise - ideal_eps(xt, alpha_bars[t])) ** 2)
        print(f"   L_simple at t = {t:4d}: ideal {loss:.4f}   zero predictor "
              f"{np.mean(noise**2):.4f}")
        assert loss < np.mean(noise**2)

    print()
    mix_mean = WEIGHTS @ MEANS
    mix_var = WEIGHTS @ (STDS**2 + MEANS**2) - mix_mean**2
    print("4) Sampling with the ideal predictor, 5000 samples")
    print(f"   {'':<22s} {'mean':>8s} {'variance':>9s} {'x > 0':>9s}")
    print(f"   {'data distribution':<22s} {mix_mean:8.4f} {mix_var:9.4f} {WEIGHTS[1]:9.4f}")
    m = 5_000
    mean, var, right = summarize("DDPM, 1000 steps", ddpm_sample(m, betas, alpha_bars, rng))
    assert abs(mean - mix_mean) < 0.1 and abs(var - mix_var) < 0.15
    assert abs(right - WEIGHTS[1]) < 0.02
    ddim_vars = []
    for steps in (10, 50, 200):
        # the same starting noise x_T for every step count: only the discretization differs
        x_ddim = ddim_sample(m, alpha_bars, steps, np.random.default_rng(1))
        mean, var, right = summarize(f"DDIM, {steps} steps", x_ddim)
        ddim_vars.append(var)
        assert abs(right - WEIGHTS[1]) < 0.02
    # few large deterministic steps under-disperse; the error shrinks as the steps get smaller
    assert ddim_vars[0] < ddim_vars[1] < ddim_vars[2] and abs(ddim_vars[2] - mix_var) < 0.15

    print()
    print("5) Classifier-free guidance for class 1 (the component at +2), DDIM 200 steps")
    print(f"   {'':<22s} {'mean':>8s} {'variance':>9s} {'x > 0':>9s}")
    stats = []
    for w in (0.0, 1.0, 3.0):
        def guided(x, ab, w=w):
            e_c, e_u = ideal_eps(x, ab, component=1), ideal_eps(x, ab)
            return e_c + w * (e_c - e_u)
        # the same starting noise x_T for every w
        x_w = ddim_sample(m, alpha_bars, 200, np.random.default_rng(2), guided)
        stats.append(summarize(f"w = {w:.0f}", x_w))
    # w = 0 is the plain conditional model: N(2, 0.25)
    assert abs(stats[0][0] - 2.0) < 0.03 and abs(stats[0][1] - 0.25) < 0.03
    assert stats[2][1] < stats[1][1] < stats[0][1]  # guidance narrows the class
    assert stats[2][0] > stats[0][0]  # and pushes it away from the other class


if __name__ == "__main__":
    main()
