"""Double descent of minimum-norm least squares, closed form and simulation.

Shown in docs/03-optimization-training/01-regularization.md. Setting of the article's example
reg_double_descent.py: n = 40 examples, D = 200 independent standard-normal features with
weights proportional to j^(-0.4) (unit norm), noise standard deviation 0.1; the model uses the
first p features, fitted by least squares (p < n) or by the minimum-norm interpolating
solution (p > n). The line is the expected test error in closed form (Belkin, Hsu & Xu, 2020);
dots are means over 200 simulated training sets; the expected training error,
sigma_eff^2 (n - p) / n below the threshold and 0 above, is dotted. The dashed line is ridge
regression with lam = 0.05 (mean of the same 200 simulations), which has no peak.
"""

import numpy as np
from figure_style import COLORS, plt, save

N, D, SIGMA = 40, 200, 0.1
beta = np.arange(1, D + 1, dtype=float) ** -0.4
beta /= np.linalg.norm(beta)


def risk(p):
    """Closed-form expected test error with p features (inf near p = n)."""
    used, rest = np.sum(beta[:p] ** 2), np.sum(beta[p:] ** 2)
    noise = SIGMA**2 + rest
    if p <= N - 2:
        return noise * (N - 1) / (N - p - 1)
    if p >= N + 2:
        return used * (1 - N / p) + noise * (1 + N / (p - N - 1))
    return np.inf


def train_error(p):
    """Return the expected training MSE, sigma_eff^2 (n - p) / n for p < n, else 0."""
    return (SIGMA**2 + np.sum(beta[p:] ** 2)) * max(N - p, 0) / N


rng = np.random.default_rng(0)
sim_ps = [2, 5, 10, 15, 20, 25, 30, 34, 46, 50, 60, 80, 100, 120, 160, 200]
ridge_ps = [1, 5, 10, 20, 30, 35, 38, 40, 42, 45, 50, 60, 80, 100, 120, 160, 200]
sims = {p: [] for p in sim_ps}
ridge = {p: [] for p in ridge_ps}
for _ in range(200):
    x = rng.standard_normal((N, D))
    y = x @ beta + SIGMA * rng.standard_normal(N)
    for p in sim_ps:
        c = np.linalg.pinv(x[:, :p]) @ y
        sims[p].append(np.sum((c - beta[:p]) ** 2) + np.sum(beta[p:] ** 2) + SIGMA**2)
    for p in ridge_ps:
        xp = x[:, :p]
        c = xp.T @ np.linalg.solve(xp @ xp.T + N * 0.05 * np.eye(N), y)
        ridge[p].append(np.sum((c - beta[:p]) ** 2) + np.sum(beta[p:] ** 2) + SIGMA**2)

ps = np.arange(1, D + 1)
curve = np.array([risk(p) for p in ps])
fig, ax = plt.subplots(figsize=(8.5, 4.4))
left, right = ps < N - 1, ps > N + 1
ax.plot(ps[left], curve[left], color=COLORS[0], linewidth=2.2,
        label="test error, least squares (closed form)")
ax.plot(ps[right], curve[right], color=COLORS[0], linewidth=2.2)
ax.plot(sim_ps, [np.mean(sims[p]) for p in sim_ps], "o", color=COLORS[0], markersize=4,
        label="test error, mean of 200 simulations")
ax.plot(ps, [train_error(p) for p in ps], ":", color=COLORS[7], linewidth=1.8,
        label="training error (0 from p = n on)")
ax.plot(ridge_ps, [np.mean(ridge[p]) for p in ridge_ps], "--", color=COLORS[2], linewidth=1.8,
        label="test error, ridge λ = 0.05: no peak")
ax.axvline(N, color=COLORS[4], linewidth=1.0)
ax.text(N + 14, 2.3, "interpolation threshold p = n = 40:\nexpected error is infinite",
        fontsize=8, color=COLORS[4])
best_left = int(np.argmin(curve[left]))
best_right = int(np.argmin(np.where(right, curve, np.inf)))
ax.annotate(f"classical optimum\np = {ps[best_left]}: {curve[best_left]:.3f}",
            xy=(ps[best_left], curve[best_left]), xytext=(4, 2.4), fontsize=8,
            arrowprops={"arrowstyle": "->"})
ax.annotate(f"over-parameterized optimum\np = {ps[best_right]}: {curve[best_right]:.3f}",
            xy=(ps[best_right], curve[best_right]), xytext=(128, 0.3), fontsize=8,
            arrowprops={"arrowstyle": "->"})
ax.set_ylim(0, 3)
ax.set_xlim(0, D)
ax.set_xlabel("number of features p the model uses (n = 40 training examples)")
ax.set_ylabel("mean squared error")
ax.set_title("Double descent of minimum-norm least squares", fontsize=10)
ax.legend(fontsize=8, loc="upper right")
fig.tight_layout()
save(fig, "double_descent.svg")
