"""The training loop of chapter 05: it learns real MNIST, repeats itself, checks arguments."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from dlcourse.data.mnist import as_float_tensors, load_mnist
from dlcourse.models.cnn import FastCNN
from dlcourse.models.ladder import RUNGS, climb
from dlcourse.nn.optim import exponential_decay
from dlcourse.train import History, eval_mode, evaluate, fit, make_scheduler, predict_proba


@pytest.fixture(scope="module")
def small_mnist():
    """The first 1,000 training and 500 test digits of the real MNIST."""
    X, y = as_float_tensors(load_mnist("train"))
    X_test, y_test = as_float_tensors(load_mnist("test"))
    return (X[:1000], y[:1000]), (X_test[:500], y_test[:500])


def test_fast_cnn_learns_real_digits_from_a_thousand_images(small_mnist):
    train, test = small_mnist
    torch.manual_seed(0)
    history = fit(FastCNN(), train, test, epochs=4, batch_size=50, lr=3e-3,
                  schedule="one-cycle", seed=0, progress=False)
    assert history.test_acc[-1] > 0.85  # chance is 0.10
    assert history.train_loss[-1] < history.train_loss[0]
    assert history.seconds == sorted(history.seconds) and history.seconds[0] > 0


def test_history_rows_and_callback(small_mnist):
    train, test = small_mnist
    calls = []
    torch.manual_seed(0)
    history = fit(nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), train, test, epochs=2,
                  batch_size=300, evals_per_epoch=2, on_eval=lambda h: calls.append(len(h)),
                  progress=False)
    assert calls == [1, 2, 3, 4]
    # 4 batches per epoch (300, 300, 300, 100): evaluate after batches 2 and 4
    assert history.epoch == [0.5, 1.0, 1.5, 2.0]
    assert len(history) == len(history.test_acc) == len(history.lr) == 4
    assert "4 evaluations" in repr(history) and repr(History()) == "History(empty)"


@pytest.mark.parametrize("evaluated_on, label", [("test", "test_acc="), ("validation", "val_acc=")])
def test_the_progress_bar_names_the_set_it_evaluates(small_mnist, capsys, evaluated_on, label):
    train, test = small_mnist
    history = fit(nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), train, test, epochs=1,
                  batch_size=500, evaluated_on=evaluated_on)
    shown = capsys.readouterr().err
    assert f"{label}{history.test_acc[-1]:.4f}" in shown
    assert ("test_acc=" in shown) == (evaluated_on == "test")


def test_same_seed_same_run_different_seed_different_run(small_mnist):
    train, test = small_mnist

    def run(seed):
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Dropout(0.2),
                              nn.Linear(32, 10))
        return fit(model, train, test, epochs=1, batch_size=100, seed=seed,
                   progress=False).test_loss

    assert run(1) == run(1)
    assert run(1) != run(2)


def test_evaluate_and_predict_proba_of_a_known_model():
    class AlwaysThree(nn.Module):
        def __init__(self):
            super().__init__()
            self.w = nn.Parameter(torch.zeros(1))

        def forward(self, x):
            logits = torch.zeros(len(x), 10) + self.w
            logits[:, 3] = math.log(9.0)  # p(3) = 9 / (9 + 9) = 0.5, others 1/18
            return logits

    labels = torch.tensor([3, 3, 0, 5])
    loss, acc = evaluate(AlwaysThree(), torch.zeros(4, 1, 28, 28), labels, batch_size=3)
    assert acc == 0.5
    assert loss == pytest.approx((2 * math.log(2) + 2 * math.log(18)) / 4)
    probs = predict_proba(AlwaysThree(), torch.zeros(4, 1, 28, 28))
    assert probs.shape == (4, 10)
    torch.testing.assert_close(probs[:, 3], torch.full((4,), 0.5))


def test_schedules_end_where_they_should():
    opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.003)
    scheduler = make_scheduler(opt, "exponential", total_steps=50, lr_min=1e-4, decay_steps=10)
    lrs = []
    for _ in range(50):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    assert lrs[0] == pytest.approx(0.003)
    assert lrs[10] == pytest.approx(1e-4 + 0.0029 / math.e)  # one time constant
    assert lrs == pytest.approx([1e-4 + 0.0029 * math.exp(-t / 10) for t in range(50)])
    assert lrs[-1] < 1.25e-4  # close to lr_min after 5 time constants
    opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.01)
    scheduler = make_scheduler(opt, "one-cycle", total_steps=100)
    lrs = []
    for _ in range(100):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    assert max(lrs) == pytest.approx(0.01) and 25 <= lrs.index(max(lrs)) <= 35
    assert lrs[-1] < 1e-4 and lrs[0] < 0.01 / 10
    assert make_scheduler(opt, "constant", 10) is None


def test_climb_trains_each_rung(small_mnist):
    train, test = small_mnist
    histories = climb(train, test, epochs=3, rungs=RUNGS[:1], progress=False)
    assert list(histories) == ["softmax"]
    assert histories["softmax"].test_acc[-1] > 0.75


def test_bad_arguments_are_named(small_mnist):
    train, test = small_mnist
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with pytest.raises(ValueError, match="optimizer == 'rmsprop', must be one of"):
        fit(model, train, test, optimizer="rmsprop")
    with pytest.raises(ValueError, match="schedule == 'cosine', must be one of"):
        fit(model, train, test, schedule="cosine", progress=False)
    with pytest.raises(ValueError, match=r"lr_min == None, must be in \(0, lr=0.001\]"):
        fit(model, train, test, schedule="exponential", progress=False)
    with pytest.raises(ValueError, match="epochs == 0, must be >= 1"):
        fit(model, train, test, epochs=0)
    with pytest.raises(ValueError, match=r"lr == -1, must be > 0 and finite"):
        fit(model, train, test, lr=-1)
    with pytest.raises(TypeError, match="train must be a pair of tensors"):
        fit(model, train[0], test)
    with pytest.raises(ValueError, match=r"test: images \(500, 1, 28, 28\) and labels \(499,\)"):
        fit(model, train, (test[0], test[1][:499]))
    with pytest.raises(ValueError, match="device == 'tpu', must be one of"):
        fit(model, train, test, device="tpu")


def test_augment_is_applied_to_every_training_batch_and_never_to_the_test_set(small_mnist):
    train, test = small_mnist
    seen = []

    def blank(images):  # erase every training image: nothing left to learn
        seen.append(images.shape)
        return torch.zeros_like(images)

    torch.manual_seed(0)
    history = fit(nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), train, test, epochs=2,
                  batch_size=250, lr=0.01, augment=blank, progress=False)
    assert seen == [(250, 1, 28, 28)] * 8  # 4 batches per epoch, 2 epochs
    assert history.test_acc[-1] < 0.3  # it learnt only the label frequencies
    with pytest.raises(TypeError, match="augment must be a function of a batch of images, got str"):
        fit(nn.Linear(784, 10), train, test, augment="shift", progress=False)


def test_eval_mode_restores_training_mode_even_when_the_model_fails():
    model = FastCNN()  # training mode
    with pytest.raises(RuntimeError):
        predict_proba(model, torch.rand(2, 3, 28, 28))  # 3 channels: conv1 takes 1
    assert model.training
    with eval_mode(model) as device:
        assert not model.training and not torch.is_grad_enabled() and device.type == "cpu"
    assert model.training


def test_numpy_scalars_are_numbers_and_bools_are_not(small_mnist):
    train, test = small_mnist
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    history = fit(model, train, test, lr=np.float32(0.01), batch_size=np.int64(500),
                  epochs=1, progress=False)
    assert history.lr == [pytest.approx(0.01)]
    with pytest.raises(TypeError, match="lr must be a real number, got bool"):
        fit(model, train, test, lr=True, progress=False)


def test_more_evaluations_than_batches_are_refused(small_mnist):
    train, test = small_mnist
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with pytest.raises(ValueError, match=r"evals_per_epoch == 5, but an epoch has only 1 "
                                         r"batch\(es\) \(1000 images, batch_size 1000\)"):
        fit(model, train, test, batch_size=1000, evals_per_epoch=5, progress=False)
    history = fit(model, train, test, epochs=1, batch_size=250, evals_per_epoch=4,
                  progress=False)
    assert history.epoch == [0.25, 0.5, 0.75, 1.0]  # one evaluation after each of 4 batches


def test_a_pair_of_wrong_things_is_described_by_its_elements(small_mnist):
    train, test = small_mnist
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with pytest.raises(TypeError, match=r"train must be a pair of tensors \(images, labels\), "
                                        r"got a pair of \(ndarray, list\)"):
        fit(model, (train[0].numpy(), [0] * 1000), test)
    with pytest.raises(TypeError, match="train must be a pair of tensors .*got tuple of length 3"):
        fit(model, (*train, None), test)


def test_exponential_schedule_uses_the_decay_formula_of_nn_optim():
    opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.003)
    scheduler = make_scheduler(opt, "exponential", 100, lr_min=0.0001, decay_steps=20)
    lrs = []
    for _ in range(50):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    assert lrs == pytest.approx(exponential_decay(np.arange(50), 0.003, 0.0001, 20).tolist(),
                                rel=1e-12)
    with pytest.raises(ValueError, match="lr_min == 0.01 is above lr_max == 0.003"):
        make_scheduler(torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.003),
                       "exponential", 100, lr_min=0.01)


def test_climb_leaves_the_callers_random_state_alone(small_mnist):
    train, test = small_mnist
    tiny = ((train[0][:200], train[1][:200]), (test[0][:100], test[1][:100]))
    torch.manual_seed(123)
    before = torch.random.get_rng_state()
    first = climb(*tiny, epochs=1, rungs=RUNGS[4:5], progress=False)  # dropout draws numbers
    assert torch.equal(torch.random.get_rng_state(), before)
    again = climb(*tiny, epochs=1, rungs=RUNGS[4:5], progress=False)
    assert first["relu5_dropout"].test_loss == again["relu5_dropout"].test_loss
