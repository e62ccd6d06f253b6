"""Policy gradients, PPO clipping, the Bradley-Terry reward loss and DPO on tiny softmax policies.

Included by docs/03-optimization-training/03-reinforcement-learning.md (Reinforcement Learning).

The policy is a softmax over the logits theta of a few actions (or, for the preference losses,
of a few complete responses to one prompt), so every expectation can be computed exactly and
every gradient checked by central differences. The script prints the numbers of the article's
worked example and asserts:

1. the exact policy gradient sum_a pi(a) (r(a) - J) e_a, which is what the policy gradient
   theorem (Sutton et al., 2000) gives for a one-step problem, matches central differences;
2. the REINFORCE estimate (Williams, 1992) with and without a baseline is unbiased (its mean over
   many samples is within 4 standard errors of the exact gradient), and the baseline shrinks its
   variance;
3. the gradient of PPO's clipped surrogate (Schulman et al., 2017) matches central differences
   and is zero for samples whose ratio has left [1 - eps, 1 + eps] in the direction the
   advantage favours;
4. the Bradley-Terry reward-model loss (Ouyang et al., 2022, eq. 1) and the DPO loss
   (Rafailov et al., 2023, eq. 7) have the gradients the article states, to 1e-8;
5. the policy pi_ref exp(r / beta) / Z maximizes E[r] - beta KL(pi || pi_ref), and its
   implicit reward beta log(pi / pi_ref) equals r up to the constant beta log Z.
"""

import numpy as np


def softmax(z):
    """Softmax of a vector of logits, shape (k,) -> (k,), shifted by the max for stability."""
    e = np.exp(z - z.max())
    return e / e.sum()


def central_diff(f, theta, h=1e-6):
    """Central-difference gradient of a scalar function f at theta, shape (k,) -> (k,)."""
    g = np.zeros_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = h
        g[i] = (f(theta + step) - f(theta - step)) / (2 * h)
    return g


# --8<-- [start:reinforce]
def exact_policy_gradient(theta, r):
    """Gradient of J(theta) = sum_a pi(a) r(a) for pi = softmax(theta).

    Uses grad log pi(a) = e_a - pi, so grad J = sum_a pi(a) r(a) (e_a - pi) = pi * (r - J).

    Parameters
    ----------
    theta : np.ndarray, shape (k,)
        Logits of the policy.
    r : np.ndarray, shape (k,)
        Expected reward of each action.

    Returns
    -------
    np.ndarray, shape (k,)
    """
    pi = softmax(theta)
    return pi * (r - pi @ r)


def reinforce_samples(theta, r, noise, n, rng, baseline=0.0):
    """Per-sample REINFORCE estimates (R - b) grad log pi(a) for a one-step problem.

    Williams (1992): the sampled reward, minus a baseline that does not depend on the action,
    times the score function grad log pi(a) = e_a - pi.

    Parameters
    ----------
    theta : np.ndarray, shape (k,)
        Logits of the policy.
    r : np.ndarray, shape (k,)
        Mean reward of each action.
    noise : float
        Standard deviation of the Gaussian noise added to each sampled reward.
    n : int
        Number of samples.
    rng : np.random.Generator
        Source of randomness.
    baseline : float
        The baseline b subtracted from every reward.

    Returns
    -------
    np.ndarray, shape (n, k)
        One gradient estimate per row; their mean estimates grad J.
    """
    pi = softmax(theta)
    a = rng.choice(len(pi), size=n, p=pi)
    reward = r[a] + noise * rng.standard_normal(n)
    score = np.eye(len(pi))[a] - pi
    return (reward - baseline)[:, None] * score
# --8<-- [end:reinforce]


# --8<-- [start:ppo]
def ppo_clip_objective(theta, actions, adv, pi_old, eps=0.2):
    """PPO's clipped surrogate, averaged over samples (Schulman et al., 2017, eq. 7).

    L = mean_t min(rho_t A_t, clip(rho_t, 1 - eps, 1 + eps) A_t), rho_t = pi(a_t) / pi_old(a_t).

    Parameters
    ----------
    theta : np.ndarray, shape (k,)
        Logits of the new policy (one state, k actions).
    actions : np.ndarray of int, shape (m,)
        Sampled actions.
    adv : np.ndarray, shape (m,)
        Advantage estimates, treated as constants.
    pi_old : np.ndarray, shape (m,)
        Probability of each sampled action under the policy that collected the data.
    eps : float
        Clip range; 0.2 in the paper.

    Returns
    -------
    float
        The objective, to be maximized.
    """
    rho = softmax(theta)[actions] / pi_old
    return float(np.mean(np.minimum(rho * adv, np.clip(rho, 1 - eps, 1 + eps) * adv)))


def ppo_clip_gradient(theta, actions, adv, pi_old, eps=0.2):
    """Analytic gradient of `ppo_clip_objective` with respect to theta, shape (k,).

    A sample contributes A_t rho_t (e_a - pi) unless its ratio is clipped on the side its
    advantage pushes towards (rho > 1 + eps with A > 0, or rho < 1 - eps with A < 0), where the
    minimum selects the constant clipped term and the contribution is zero.
    """
    pi = softmax(theta)
    rho = pi[actions] / pi_old
    active = ~(((adv > 0) & (rho > 1 + eps)) | ((adv < 0) & (rho < 1 - eps)))
    score = np.eye(len(pi))[actions] - pi
    return (active * adv * rho) @ score / len(actions)
# --8<-- [end:ppo]


# --8<-- [start:preference]
def bradley_terry_loss(r_w, r_l):
    """Reward-model loss -log sigma(r_w - r_l) for one preference pair (Ouyang et al., 2022).

    Written with logaddexp: -log sigma(z) = log(1 + exp(-z)).
    """
    return float(np.logaddexp(0.0, -(r_w - r_l)))


def dpo_loss(theta, ref_logp, win, lose, beta):
    """DPO loss for one pair, policy pi = softmax(theta) over k candidate responses.

    Rafailov et al. (2023), eq. 7:
    -log sigma(beta log(pi(y_w)/pi_ref(y_w)) - beta log(pi(y_l)/pi_ref(y_l))).

    Parameters
    ----------
    theta : np.ndarray, shape (k,)
        Logits of the policy over k responses to one prompt.
    ref_logp : np.ndarray, shape (k,)
        Log-probabilities of the frozen reference policy.
    win, lose : int
        Indices of the preferred and the rejected response.
    beta : float
        Strength of the implicit KL constraint (beta > 0).

    Returns
    -------
    float
    """
    logp = np.log(softmax(theta))
    margin = beta * ((logp[win] - ref_logp[win]) - (logp[lose] - ref_logp[lose]))
    return float(np.logaddexp(0.0, -margin))


def dpo_gradient(theta, ref_logp, win, lose, beta):
    """Analytic DPO gradient (Rafailov et al., 2023, section 4), shape (k,).

    grad = -beta sigma(r_l - r_w) (grad log pi(y_w) - grad log pi(y_l)), with the implicit
    rewards r_y = beta log(pi(y) / pi_ref(y)) and grad log pi(y) = e_y - pi.
    """
    pi = softmax(theta)
    logp = np.log(pi)
    r_hat = beta * (logp - ref_logp)
    weight = 1.0 / (1.0 + np.exp(-(r_hat[lose] - r_hat[win])))
    e = np.eye(len(theta))
    return -beta * weight * ((e[win] - pi) - (e[lose] - pi))
# --8<-- [end:preference]


def main():
    """Print the worked example and check its claims."""
    fmt = lambda x: "[" + ", ".join(f"{v:+.4f}" for v in x) + "]"  # noqa: E731

    print("1. Softmax policy over 3 actions, exact gradient")
    theta = np.array([0.5, 0.0, -0.5])
    r = np.array([1.0, 2.0, 0.0])
    pi = softmax(theta)
    g = exact_policy_gradient(theta, r)
    g_fd = central_diff(lambda t: softmax(t) @ r, theta)
    print(f"   pi = {fmt(pi)}, J = {pi @ r:.4f}")
    print(f"   exact gradient pi*(r - J) = {fmt(g)}")
    print(f"   central differences       = {fmt(g_fd)}")
    assert np.allclose(g, g_fd, atol=1e-8)
    assert abs(g.sum()) < 1e-12

    print("2. REINFORCE, 100000 samples, reward noise sd 1")
    rng = np.random.default_rng(0)
    n = 100_000
    for label, b in (("no baseline     ", 0.0), ("baseline b = J  ", float(pi @ r))):
        est = reinforce_samples(theta, r, 1.0, n, rng, baseline=b)
        mean, se = est.mean(axis=0), est.std(axis=0) / np.sqrt(n)
        var = est.var(axis=0).sum()
        print(f"   {label} mean = {fmt(mean)}, total variance per sample = {var:.4f}")
        assert np.all(np.abs(mean - g) < 4 * se)
        if b == 0.0:
            var_plain = var
    assert var < var_plain

    print("3. PPO clipped surrogate, eps = 0.2")
    actions = np.array([0, 1, 2, 1])
    adv = np.array([1.0, -0.5, 2.0, 0.8])
    pi_old = softmax(np.array([0.2, 0.3, -0.9]))[actions]
    theta_new = np.array([0.5, 0.1, -0.3])
    rho = softmax(theta_new)[actions] / pi_old
    g_ppo = ppo_clip_gradient(theta_new, actions, adv, pi_old)
    g_ppo_fd = central_diff(lambda t: ppo_clip_objective(t, actions, adv, pi_old), theta_new)
    active = ~(((adv > 0) & (rho > 1.2)) | ((adv < 0) & (rho < 0.8)))
    print(f"   ratios rho = {fmt(rho)}, advantages = {fmt(adv)}")
    print(f"   samples with a nonzero gradient: {[int(i) + 1 for i in np.flatnonzero(active)]}")
    print(f"   objective = {ppo_clip_objective(theta_new, actions, adv, pi_old):.4f}")
    print(f"   analytic gradient   = {fmt(g_ppo)}")
    print(f"   central differences = {fmt(g_ppo_fd)}")
    assert np.allclose(g_ppo, g_ppo_fd, atol=1e-7)
    assert rho[2] > 1.2 and adv[2] > 0  # sample 3 is clipped and contributes nothing

    print("4. Preference losses")
    r_w, r_l = 1.5, 0.5
    h = 1e-6
    d_rw = (bradley_terry_loss(r_w + h, r_l) - bradley_terry_loss(r_w - h, r_l)) / (2 * h)
    sig = 1.0 / (1.0 + np.exp(-(r_w - r_l)))
    print(f"   Bradley-Terry: r_w = {r_w}, r_l = {r_l}, P(w preferred) = {sig:.4f}, "
          f"loss = {bradley_terry_loss(r_w, r_l):.4f}, dloss/dr_w = {d_rw:.4f}")
    assert abs(d_rw + (1 - sig)) < 1e-8

    beta, win, lose = 0.1, 0, 1
    ref_logp = np.log(softmax(np.array([0.0, 0.4, -0.2, 0.1])))
    theta_dpo = ref_logp.copy()
    loss0 = dpo_loss(theta_dpo, ref_logp, win, lose, beta)
    print(f"   DPO, beta = {beta}, at pi = pi_ref: loss = {loss0:.4f} (log 2 = {np.log(2):.4f})")
    assert abs(loss0 - np.log(2)) < 1e-12
    for _ in range(50):
        g_dpo = dpo_gradient(theta_dpo, ref_logp, win, lose, beta)
        g_dpo_fd = central_diff(lambda t: dpo_loss(t, ref_logp, win, lose, beta), theta_dpo)
        assert np.allclose(g_dpo, g_dpo_fd, atol=1e-8)
        theta_dpo -= 1.0 * g_dpo
    pi_ref, pi_dpo = np.exp(ref_logp), softmax(theta_dpo)
    margin = beta * (np.log(pi_dpo[win] / pi_ref[win]) - np.log(pi_dpo[lose] / pi_ref[lose]))
    print(f"   pi_ref = {fmt(pi_ref)}")
    print(f"   after 50 gradient steps (eta 1.0): pi = {fmt(pi_dpo)}")
    print(f"   implicit reward difference = {margin:.4f}, "
          f"loss = {dpo_loss(theta_dpo, ref_logp, win, lose, beta):.4f}")
    assert pi_dpo[win] > pi_ref[win] and pi_dpo[lose] < pi_ref[lose]

    print("5. The KL-regularized optimum behind DPO (beta = 0.5)")
    beta = 0.5
    reward = np.array([1.0, 0.8, 0.0, 0.5])
    z = np.sum(np.exp(ref_logp) * np.exp(reward / beta))
    pi_star = np.exp(ref_logp) * np.exp(reward / beta) / z

    def objective(p):
        return p @ reward - beta * np.sum(p * (np.log(p) - ref_logp))

    best = objective(pi_star)
    trials = [objective(softmax(np.log(pi_star) + 0.1 * rng.standard_normal(4)))
              for _ in range(1000)]
    implicit = beta * (np.log(pi_star) - ref_logp)
    print(f"   pi* = {fmt(pi_star)}, objective {best:.4f}, best of 1000 perturbations "
          f"{max(trials):.4f}")
    print(f"   beta log(pi*/pi_ref) - r = {fmt(implicit - reward)} = -beta log Z = "
          f"{-beta * np.log(z):+.4f}")
    assert max(trials) < best
    assert np.allclose(implicit - reward, -beta * np.log(z))


if __name__ == "__main__":
    main()
