"""dlcourse.nn.layer: the protocol every NumPy layer follows; the example of CONTRIBUTING.md."""

import re
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from dlcourse.nn.gradcheck import TOLERANCE, check_layer
from dlcourse.nn.layer import Layer, check_grad_shape
from dlcourse.nn.optim import SGD

CONTRIBUTING = Path(__file__).resolve().parents[2] / "CONTRIBUTING.md"


def example_layer_class() -> type:
    """Execute the code block of the section "The NumPy layer protocol" and return its class."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    section = text.split("## The NumPy layer protocol", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    namespace: dict = {}
    exec(compile(code, str(CONTRIBUTING), "exec"), namespace)
    (cls,) = [v for v in namespace.values()
              if isinstance(v, type) and issubclass(v, Layer) and v is not Layer]
    return cls


def test_the_contributing_example_passes_the_gradient_check():
    Scale = example_layer_class()
    layer = Scale(3)
    layer.gamma[...] = [0.5, -2.0, 3.0]
    X = np.random.default_rng(0).normal(size=(4, 3))
    assert_allclose(layer.forward(X), X * [0.5, -2.0, 3.0], rtol=1e-15)
    errors = check_layer(layer, X)
    assert set(errors) == {"dLdX", "dLdgamma"}
    assert max(errors.values()) < TOLERANCE, errors


def test_the_contributing_example_follows_the_protocol():
    Scale = example_layer_class()
    layer = Scale(2)
    with pytest.raises(RuntimeError,
                       match=r"^Scale.backward called before forward: call forward\(X\) first.$"):
        layer.backward(np.ones((1, 2)))
    layer.forward(np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"dLdY has shape \(3, 1\), expected \(3, 2\)"):
        layer.backward(np.ones((3, 1)))
    layer.backward(np.full((3, 2), 2.0))
    assert list(layer.params) == list(layer.grads) == ["gamma"]
    SGD(lr=0.5).step(layer.params, layer.grads)  # grads["gamma"] = 3 · 2 · 1 = 6
    assert_allclose(layer.gamma, [1.0 - 3.0, 1.0 - 3.0], rtol=1e-15)
    assert repr(layer) == "Scale(gamma: (2,))"
    with pytest.raises(ValueError, match="n == 0, must be >= 1"):
        Scale(0)


class Affine(Layer):
    """A minimal layer for the base class's own behaviour: y = a x + b, b optional."""

    param_names = ("a", "b")

    def __init__(self, bias: bool):
        super().__init__()
        self.a, self.b = np.ones(1), (np.zeros(1) if bias else None)

    def forward(self, X):
        self.cache = {"X": X}
        return self.a * X + (0.0 if self.b is None else self.b)

    def backward(self, dLdY):
        self.grads = {"a": np.sum(dLdY * self.cached()["X"], keepdims=True)}  # (1,)
        if self.b is not None:
            self.grads["b"] = np.sum(dLdY, keepdims=True)  # (1,)
        return dLdY * self.a


def test_params_skip_a_missing_bias_and_are_the_arrays_themselves():
    with_bias, without = Affine(True), Affine(False)
    assert list(with_bias.params) == ["a", "b"] and list(without.params) == ["a"]
    assert with_bias.params["a"] is with_bias.a
    assert with_bias.cache is None and with_bias.grads == {}
    for layer, names in [(with_bias, {"dLdX", "dLda", "dLdb"}), (without, {"dLdX", "dLda"})]:
        errors = check_layer(layer, np.arange(4.0))
        assert set(errors) == names and max(errors.values()) < TOLERANCE


def test_a_layer_must_define_forward_and_backward():
    class ForwardOnly(Layer):
        def forward(self, X):
            return X

    with pytest.raises(TypeError, match="abstract method"):
        ForwardOnly()


def test_check_grad_shape():
    check_grad_shape(np.ones((2, 3)), (2, 3))
    with pytest.raises(ValueError, match=r"^dLdY has shape \(3, 2\), expected \(2, 3\) \(the "
                                         r"shape of forward's output\).$"):
        check_grad_shape(np.ones((3, 2)), (2, 3))
