"""train_validation_split: sizes, nothing lost or shared, repeatable, whatever the other seeds."""

import pytest
import torch

from dlcourse.data.split import train_validation_split


def numbered(n):
    """n images whose single pixel is their index, labels = index mod 10."""
    return torch.arange(n, dtype=torch.float32).reshape(n, 1, 1, 1), torch.arange(n) % 10


def test_sizes_and_shapes():
    (x_train, y_train), (x_val, y_val) = train_validation_split(numbered(100), 20)
    assert x_train.shape == (80, 1, 1, 1) and y_train.shape == (80,)
    assert x_val.shape == (20, 1, 1, 1) and y_val.shape == (20,)


def test_every_example_lands_in_exactly_one_part_with_its_label():
    (x_train, y_train), (x_val, y_val) = train_validation_split(numbered(100), 20)
    ids = torch.cat([x_train.flatten(), x_val.flatten()]).long()
    assert sorted(ids.tolist()) == list(range(100))
    assert torch.equal(torch.cat([y_train, y_val]), ids % 10)  # labels travel with images


def test_training_part_keeps_the_original_order_and_validation_is_not_a_block():
    (x_train, _), (x_val, _) = train_validation_split(numbered(100), 20)
    train_ids = x_train.flatten().tolist()
    assert train_ids == sorted(train_ids)
    val_ids = sorted(x_val.flatten().long().tolist())
    assert val_ids != list(range(val_ids[0], val_ids[0] + 20))  # drawn at random, not sliced


def test_same_split_every_call_and_whatever_the_global_seed():
    torch.manual_seed(1)
    first = train_validation_split(numbered(50), 10)[1][0]
    torch.manual_seed(2)
    torch.rand(3)
    again = train_validation_split(numbered(50), 10)[1][0]
    other_seed = train_validation_split(numbered(50), 10, seed=3)[1][0]
    assert torch.equal(first, again)
    assert not torch.equal(first, other_seed)


def test_seed_003_sizes_on_mnist_shaped_data():
    data = (torch.zeros(60_000, 1, 28, 28), torch.zeros(60_000, dtype=torch.int64))
    train, validation = train_validation_split(data, 5000)
    assert (len(train[1]), len(validation[1])) == (55_000, 5_000)


@pytest.mark.parametrize("n_validation", [0, 100])
def test_nothing_left_to_train_or_validate_is_refused(n_validation):
    with pytest.raises(ValueError, match="n_validation =="):
        train_validation_split(numbered(100), n_validation)
