"""Seed 003's 2-3-1 linear network and its batches."""

import numpy as np
import pytest
import torch

from dlcourse.models.linear import Linear231, in_order_batches, shuffled_batches


def test_network_is_one_linear_map_without_biases():
    net = Linear231(seed=1)
    gen = torch.Generator().manual_seed(1)
    torch.testing.assert_close(net.w1.data, torch.randn(2, 3, generator=gen))
    torch.testing.assert_close(net.w2.data, torch.randn(3, 1, generator=gen))
    x = torch.randn(5, 2, generator=gen)
    torch.testing.assert_close(net(x), x @ net.combined_weights())
    assert [name for name, _ in net.named_parameters()] == ["w1", "w2"]
    assert torch.all(net(torch.zeros(1, 2)) == 0)  # forced through the origin


def test_biases_start_at_zero_and_are_trained():
    net = Linear231(bias=True, seed=1)
    assert [name for name, _ in net.named_parameters()] == ["w1", "w2", "b1", "b2"]
    x = torch.randn(4, 2, generator=torch.Generator().manual_seed(0))
    torch.testing.assert_close(net(x), Linear231(seed=1)(x))  # zero biases change nothing yet
    net(x).sum().backward()
    torch.testing.assert_close(net.b2.grad, torch.tensor([4.0]))  # d(sum of 4 outputs)/d b2


def test_in_order_batches_follow_the_seed():
    X, Y = torch.arange(32.0).reshape(32, 1), torch.arange(32.0).reshape(32, 1)
    starts = [int(xb[0, 0]) for xb, _ in in_order_batches(X, Y, 8, 6)]
    assert starts == [0, 8, 16, 24, 0, 8]


def test_shuffled_batches_cover_every_row_once_per_epoch():
    X = torch.arange(10.0).reshape(10, 1)
    batches = list(shuffled_batches(X, X * 2, batch_size=4, epochs=3, seed=0))
    assert [len(xb) for xb, _ in batches] == [4, 4, 2] * 3
    for epoch in range(3):
        rows = torch.cat([xb for xb, _ in batches[3 * epoch:3 * epoch + 3]]).ravel()
        assert sorted(rows.tolist()) == list(range(10))
        assert all(torch.equal(yb, xb * 2) for xb, yb in batches)
    first_orders = [torch.cat([b[0] for b in batches[i:i + 3]]).ravel().tolist() for i in (0, 3)]
    assert first_orders[0] != first_orders[1]  # a new order each epoch
    again = list(shuffled_batches(X, X * 2, batch_size=4, epochs=3, seed=0))
    assert all(torch.equal(a[0], b[0]) for a, b in zip(batches, again))


def test_batches_refuse_mismatched_data():
    with pytest.raises(ValueError, match="X has 3 rows and Y has 2"):
        next(in_order_batches(torch.zeros(3, 2), torch.zeros(2, 1), 2, 1))
    with pytest.raises(TypeError, match="X and Y must be torch tensors, got ndarray"):
        next(shuffled_batches(np.zeros((3, 2)), torch.zeros(3, 1), 2, 1))
