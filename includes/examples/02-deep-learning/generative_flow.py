"""A RealNVP affine coupling layer in 2-D and the change-of-variables formula, in NumPy.

Included by docs/02-deep-learning/04-generative-models.md (Generative Models). The script prints
the numbers of the article's worked example and asserts every claim the article makes about them:

1. the coupling layer is inverted exactly, in closed form;
2. its log-determinant is the sum of the scale outputs s(x_1) (Dinh, Sohl-Dickstein & Bengio,
   2016, equation 6), checked against the log-determinant of a Jacobian from central differences;
3. the density given by the change of variables integrates to 1 on a grid.

Shapes: a batch of points is an (n, 2) array, one point per row.
"""

import numpy as np


# --8<-- [start:coupling]
def scale_shift(x1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return s(x1) and t(x1), two small fixed functions standing in for neural networks.

    Parameters
    ----------
    x1 : np.ndarray, shape (n,)
        The half of the input that passes through unchanged.

    Returns
    -------
    tuple of np.ndarray, each shape (n,)
        The log-scale s and the shift t.
    """
    return np.tanh(0.8 * x1 + 0.1), 0.2 * x1**2 - 0.5


def coupling_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Map data to latent: z1 = x1, z2 = x2 * exp(s(x1)) + t(x1).

    Dinh, Sohl-Dickstein & Bengio (2016), equations (4)-(6): the Jacobian is triangular, so
    log |det J| = sum of s.

    Parameters
    ----------
    x : np.ndarray, shape (n, 2)
        Points in data space.

    Returns
    -------
    z : np.ndarray, shape (n, 2)
        Points in latent space.
    log_det : np.ndarray, shape (n,)
        log |det dz/dx| at every point.
    """
    s, t = scale_shift(x[:, 0])
    z = np.column_stack([x[:, 0], x[:, 1] * np.exp(s) + t])
    return z, s


def coupling_inverse(z: np.ndarray) -> np.ndarray:
    """Map latent to data: x1 = z1, x2 = (z2 - t(z1)) * exp(-s(z1)); no network is inverted.

    Parameters
    ----------
    z : np.ndarray, shape (n, 2)
        Points in latent space.

    Returns
    -------
    np.ndarray, shape (n, 2)
        Points in data space.
    """
    s, t = scale_shift(z[:, 0])
    return np.column_stack([z[:, 0], (z[:, 1] - t) * np.exp(-s)])


def log_density(x: np.ndarray) -> np.ndarray:
    """Return log p_x(x) = log N(f(x); 0, I) + log |det df/dx|, the change of variables.

    Parameters
    ----------
    x : np.ndarray, shape (n, 2)
        Points in data space.

    Returns
    -------
    np.ndarray, shape (n,)
        Log density at every point.
    """
    z, log_det = coupling_forward(x)
    return -0.5 * np.sum(z**2, axis=1) - np.log(2 * np.pi) + log_det
# --8<-- [end:coupling]


def main() -> None:
    """Print the worked example of the article and check its claims."""
    rng = np.random.default_rng(0)
    pts = np.array([[0.0, 0.0], [1.0, -0.5], [-2.0, 1.5]])
    z, log_det = coupling_forward(pts)
    h = 1e-6
    print("1-2) Affine coupling layer: forward, inverse and log-determinant")
    print("   x              z                  log|det| = s(x1)   central-diff log|det|")
    for i, p in enumerate(pts):
        jac = np.zeros((2, 2))
        for j in range(2):
            e = np.zeros(2)
            e[j] = h
            zp, _ = coupling_forward((p + e)[None])
            zm, _ = coupling_forward((p - e)[None])
            jac[:, j] = (zp[0] - zm[0]) / (2 * h)
        fd_logdet = np.linalg.slogdet(jac)[1]
        print(f"   ({p[0]:+.1f}, {p[1]:+.1f})   ({z[i, 0]:+.4f}, {z[i, 1]:+.4f})"
              f"      {log_det[i]:+.6f}            {fd_logdet:+.6f}")
        assert np.isclose(log_det[i], fd_logdet, atol=1e-7)
        assert abs(jac[0, 1]) < 1e-9  # triangular: z1 does not depend on x2
    back = coupling_inverse(z)
    print(f"   max |inverse(forward(x)) - x| below 1e-12: {np.abs(back - pts).max() < 1e-12}")
    assert np.allclose(back, pts, atol=1e-12)

    print()
    grid = np.linspace(-12.0, 12.0, 2401)
    dx = grid[1] - grid[0]
    xx, yy = np.meshgrid(grid, grid)
    dens = np.exp(log_density(np.column_stack([xx.ravel(), yy.ravel()])))
    total = dens.sum() * dx * dx
    print(f"3) Integral of p_x over [-12, 12]^2: {total:.6f}")
    assert abs(total - 1.0) < 1e-4
    samples = coupling_inverse(rng.standard_normal((100_000, 2)))
    print(f"   samples by inverting N(0, I) draws: mean ({samples[:, 0].mean():+.4f}, "
          f"{samples[:, 1].mean():+.4f})")
    grid_mean = (dens * yy.ravel()).sum() * dx * dx
    print(f"   E[x2] from the density on the grid: {grid_mean:+.4f}")
    se = samples[:, 1].std() / np.sqrt(len(samples))
    assert abs(samples[:, 1].mean() - grid_mean) < 4 * se


if __name__ == "__main__":
    main()
