"""dlcourse.nn.optim against torch.optim: the same parameters after 25 steps, rtol 1e-10."""

import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose

from dlcourse.nn.optim import SGD, Adam, Momentum, descent_path, exponential_decay, make_optimizer
from dlcourse.nn.surfaces import SURFACES, get_surface

RTOL = 1e-10  # float64 on both sides


def quadratic_grad(p):
    """Gradient of f(p) = sum(c * p**2 / 2) + sum(p) with c = 1..n (an anisotropic bowl)."""
    return np.arange(1, p.size + 1).reshape(p.shape) * p + 1.0


@pytest.mark.parametrize("ours, theirs", [
    (lambda: SGD(0.1), lambda ps: torch.optim.SGD(ps, lr=0.1)),
    (lambda: Momentum(0.05, beta=0.8), lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8)),
    (lambda: Adam(0.02), lambda ps: torch.optim.Adam(ps, lr=0.02)),
    (lambda: Adam(0.1, beta1=0.5, beta2=0.9, eps=1e-6),
     lambda ps: torch.optim.Adam(ps, lr=0.1, betas=(0.5, 0.9), eps=1e-6)),
])
def test_optimisers_match_torch(ours, theirs):
    start = np.random.default_rng(0).normal(size=(2, 3))
    p = start.copy()
    opt = ours()
    t = torch.tensor(start, requires_grad=True)
    topt = theirs([t])
    for _ in range(25):
        opt.step({"p": p}, {"p": quadratic_grad(p)})
        topt.zero_grad()
        t.grad = torch.from_numpy(quadratic_grad(t.detach().numpy()))
        topt.step()
    assert_allclose(p, t.detach().numpy(), rtol=RTOL)
    assert opt.t == 25


def test_descent_on_valley_converges_below_two_over_curvature_and_diverges_above():
    valley = get_surface("valley")
    good = descent_path(valley.grad, valley.start, SGD(0.15), 100)
    assert good.shape == (101, 2)
    assert valley.value(good[-1]) < 1e-10
    bad = descent_path(valley.grad, valley.start, SGD(0.21), 300)
    assert len(bad) < 301  # stopped early: |y| passed the limit
    assert np.abs(bad[-1]).max() > 1e6


def test_adam_first_step_is_about_lr_in_every_coordinate():
    p = np.array([5.0, -3.0])
    Adam(0.1).step({"p": p}, {"p": np.array([1000.0, -0.001])})
    assert_allclose(p, [4.9, -2.9], rtol=1e-4)


def test_momentum_reaches_two_minima_global_minimum_plain_gd_does_not():
    s = get_surface("two_minima")
    gd = descent_path(s.grad, s.start, SGD(0.1), 300)[-1]
    mom = descent_path(s.grad, s.start, Momentum(0.1, beta=0.9), 300)[-1]
    assert_allclose(gd, [0.78648, 0.0], atol=1e-3)  # the local minimum
    assert_allclose(mom, s.minimum, atol=1e-3)  # rolls over the hump into the global one


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_surface_gradients_match_torch(name):
    s = SURFACES[name]
    p = np.array([0.7, -0.4])
    t = torch.tensor(p, requires_grad=True)
    s.f(t[0], t[1]).backward()
    assert_allclose(s.grad(p), t.grad.numpy(), rtol=1e-12)
    assert_allclose(s.grad(np.array(s.minimum)), [0, 0], atol=1e-3)


def test_exponential_decay_of_seed_002():
    assert exponential_decay(0) == pytest.approx(0.003)
    assert exponential_decay(2000) == pytest.approx(0.0001 + 0.0029 / np.e)
    lrs = exponential_decay(np.arange(0, 20001, 1000))
    assert lrs.shape == (21,) and np.all(np.diff(lrs) < 0)
    assert lrs[-1] == pytest.approx(0.0001, rel=2e-3)  # 0.0001 + 0.0029 e^-10


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match=r"lr == -0.1, must be > 0"):
        SGD(-0.1)
    with pytest.raises(TypeError, match="lr must be a real number, got str"):
        SGD("0.1")
    with pytest.raises(ValueError, match=r"beta == 1.0, must be in \[0, 1\)"):
        Momentum(0.1, beta=1.0)
    with pytest.raises(ValueError, match=r"beta2 == 1.5, must be in \[0, 1\)"):
        Adam(beta2=1.5)
    opt = SGD(0.1)
    with pytest.raises(ValueError, match=r"params has names \['a'\] but grads has \['b'\]"):
        opt.step({"a": np.zeros(2)}, {"b": np.zeros(2)})
    with pytest.raises(ValueError, match=r"grads\['a'\] has shape \(3,\), expected \(2,\)"):
        opt.step({"a": np.zeros(2)}, {"a": np.zeros(3)})
    with pytest.raises(TypeError, match=r"params\['a'\] must be a float ndarray"):
        opt.step({"a": [0.0, 1.0]}, {"a": np.zeros(2)})
    opt.lr = 0.0
    with pytest.raises(ValueError, match="lr == 0.0, must be > 0"):
        opt.step({"a": np.zeros(2)}, {"a": np.zeros(2)})
    with pytest.raises(ValueError, match="optimizer == 'rmsprop', must be one of"):
        make_optimizer("rmsprop", 0.1)
    with pytest.raises(ValueError, match="lr_min == 0.01 is above lr_max == 0.003"):
        exponential_decay(0, lr_min=0.01)
    with pytest.raises(ValueError, match="step must be >= 0, got a minimum of -1"):
        exponential_decay(np.array([-1, 2]))
    with pytest.raises(TypeError, match="optimizer must be an Optimizer"):
        descent_path(quadratic_grad, [1.0, 1.0], "sgd", 10)
    with pytest.raises(ValueError, match=r"start has shape \(1, 2\) \(2-D\), expected a 1-D"):
        descent_path(quadratic_grad, [[1.0, 1.0]], SGD(0.1), 10)
    with pytest.raises(ValueError, match=r"p has shape \(3,\), expected \(2,\)"):
        get_surface("valley").grad(np.zeros(3))
    with pytest.raises(ValueError, match="surface == 'saddle', must be one of"):
        get_surface("saddle")
