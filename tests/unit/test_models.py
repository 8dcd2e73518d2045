"""Chapter 05 models: parameter counts worked out by hand, output shapes, argument checks."""

import math

import pytest
import torch
from torch import nn

from dlcourse.exercises.ch05 import (
    CONV_PARAM_CASES,
    OUTPUT_SIZE_CASES,
    check_conv_output_size,
    check_conv_params,
)
from dlcourse.models.classic import VGG, AlexNet, BasicBlock, Inception, LeNet5, summary
from dlcourse.models.cnn import (
    FAST_RECIPE,
    KERAS_RECIPE,
    TFCNN,
    FastCNN,
    KerasCNN,
    Recipe,
    init_bounds,
)
from dlcourse.models.inspect import feature_maps, first_filters
from dlcourse.models.ladder import RUNGS, gorner_cnn, mlp, softmax_regression
from dlcourse.train import fit


def conv(c_in, c_out, k, bias=True):
    """Parameters of a k x k conv: one k x k x c_in kernel (+ bias) per output channel."""
    return c_out * (c_in * k * k + bias)


def dense(n_in, n_out):
    return n_out * (n_in + 1)


def n_params(model):
    return sum(p.numel() for p in model.parameters())


MNIST_MODELS = {
    # conv 5x5 without bias (BN follows) + BN scale/shift, conv 3x3 + BN, dense 800-256-10
    FastCNN: conv(1, 24, 5, False) + 2 * 24 + conv(24, 32, 3, False) + 2 * 32
    + dense(32 * 5 * 5, 256) + dense(256, 10),
    KerasCNN: conv(1, 32, 3) + conv(32, 64, 3) + dense(64 * 12 * 12, 128) + dense(128, 10),
    TFCNN: conv(1, 32, 5) + conv(32, 64, 5) + dense(64 * 7 * 7, 1024) + dense(1024, 10),
    LeNet5: conv(1, 6, 5) + conv(6, 16, 5) + conv(16, 120, 5) + dense(120, 84) + dense(84, 10),
}


@pytest.mark.parametrize("cls", list(MNIST_MODELS), ids=lambda c: c.__name__)
def test_mnist_models_have_the_hand_counted_parameters_and_output_shape(cls):
    model = cls()
    assert n_params(model) == MNIST_MODELS[cls]
    assert model(torch.zeros(3, 1, 28, 28)).shape == (3, 10)


def test_known_totals():
    assert MNIST_MODELS[KerasCNN] == 1_199_882  # the Keras example's model.summary()
    assert MNIST_MODELS[LeNet5] == 61_706
    assert MNIST_MODELS[FastCNN] == 215_250
    assert n_params(softmax_regression()) == 7_850  # Görner: "7850 weights and biases"


def test_large_models_on_meta_match_published_counts_and_shapes():
    with torch.device("meta"):
        alex, vgg16 = AlexNet(), VGG(16)
    s = summary(alex, (2, 3, 227, 227))
    assert s.output_shape == (2, 1000)
    assert s.total_params == (conv(3, 96, 11) + conv(96, 256, 5) + conv(256, 384, 3)
                              + conv(384, 384, 3) + conv(384, 256, 3) + dense(9216, 4096)
                              + dense(4096, 4096) + dense(4096, 1000)) == 62_378_344
    assert [r.shape for r in s.rows if r.kind == "MaxPool2d"] == [
        (2, 96, 27, 27), (2, 256, 13, 13), (2, 256, 6, 6)]
    s = summary(vgg16, (1, 3, 224, 224))
    assert s.total_params == 138_357_544  # Simonyan & Zisserman, configuration D
    assert s.rows[-1].shape == (1, 1000)
    assert sum(r.kind == "Conv2d" for r in s.rows) == 13


def test_inception_3a_and_what_its_1x1_reductions_save():
    block = Inception(192, 64, 96, 128, 16, 32, 32)
    expected = (conv(192, 64, 1) + conv(192, 96, 1) + conv(96, 128, 3) + conv(192, 16, 1)
                + conv(16, 32, 5) + conv(192, 32, 1))
    assert n_params(block) == expected == 163_696
    assert block(torch.zeros(1, 192, 28, 28)).shape == (1, 256, 28, 28)
    assert conv(192, 128, 3) + conv(192, 32, 5) > 2 * (conv(192, 96, 1) + conv(96, 128, 3)
                                                       + conv(192, 16, 1) + conv(16, 32, 5))


def test_resnet_basic_block_shapes_and_shortcut():
    same = BasicBlock(64, 64)
    assert isinstance(same.shortcut, nn.Identity)
    assert n_params(same) == 2 * conv(64, 64, 3, bias=False) + 2 * 2 * 64 == 73_984
    down = BasicBlock(64, 128, stride=2)
    assert down(torch.zeros(2, 64, 56, 56)).shape == (2, 128, 28, 28)
    assert n_params(down) == (conv(64, 128, 3, False) + conv(128, 128, 3, False)
                              + conv(64, 128, 1, False) + 3 * 2 * 128)


def test_ladder_models():
    assert [r.name for r in RUNGS] == ["softmax", "sigmoid5", "relu5", "relu5_decay",
                                       "relu5_dropout", "cnn"]
    five = dense(784, 200) + dense(200, 100) + dense(100, 60) + dense(60, 30) + dense(30, 10)
    assert n_params(mlp(nn.Sigmoid)) == n_params(mlp(nn.ReLU, dropout=0.25)) == five == 185_300
    assert sum(isinstance(m, nn.Dropout) for m in mlp(nn.ReLU, dropout=0.25)) == 4
    cnn = gorner_cnn()
    assert n_params(cnn) == (conv(1, 6, 6) + conv(6, 12, 5) + conv(12, 24, 4)
                             + dense(24 * 7 * 7, 200) + dense(200, 10))
    assert [tuple(r.shape) for r in summary(cnn, (1, 1, 28, 28)).rows if r.kind == "Conv2d"] == [
        (1, 6, 28, 28), (1, 12, 14, 14), (1, 24, 7, 7)]
    for rung in RUNGS:
        assert rung.build()(torch.zeros(2, 1, 28, 28)).shape == (2, 10)


def test_keras_init_is_glorot_uniform_with_zero_bias():
    torch.manual_seed(0)
    keras, default = KerasCNN(init="keras"), KerasCNN(init="torch")
    dense1 = keras.classifier[0]
    bound = math.sqrt(6 / (9216 + 128))
    assert torch.all(dense1.bias == 0)
    assert dense1.weight.abs().max() <= bound
    assert dense1.weight.abs().max() > 0.95 * bound  # uses the whole range
    conv1 = keras.features.conv1[0]
    assert conv1.weight.abs().max() <= math.sqrt(6 / (9 + 32 * 9))
    assert not torch.all(default.classifier[0].bias == 0)
    assert default.classifier[0].weight.abs().max() <= 1 / math.sqrt(9216)  # Kaiming, a=sqrt(5)


def test_feature_maps_of_each_block_and_first_filters():
    model = FastCNN()
    maps = feature_maps(model, torch.rand(1, 28, 28))
    assert [(name, m.shape) for name, m in maps] == [
        ("conv1", (24, 24, 24)), ("pool1", (24, 12, 12)), ("conv2", (32, 10, 10)),
        ("pool2", (32, 5, 5))]
    assert (maps[0][1] < 0).any()  # the raw convolution
    assert (maps[1][1] >= 0).all() and (maps[3][1] >= 0).all()  # pooled, normalised, rectified
    assert model.training  # mode restored
    assert first_filters(model).shape == (24, 1, 5, 5)
    assert first_filters(LeNet5()).shape == (6, 1, 5, 5)


def test_fast_cnn_pooling_first_is_the_usual_block_with_positive_batch_norm_scales():
    """pool -> BN -> ReLU equals BN -> ReLU -> pool when BN's scales are positive (eval mode)."""
    torch.manual_seed(0)
    model = FastCNN().eval()
    for norm in (model.features.pool1[1], model.features.pool2[1]):
        norm.running_mean.uniform_(-1, 1)
        norm.running_var.uniform_(0.5, 2)
        norm.weight.data.uniform_(0.5, 2)  # positive scales
        norm.bias.data.uniform_(-1, 1)
    x = torch.rand(4, 1, 28, 28)
    usual = x
    for conv, (pool, norm, relu) in [(model.features.conv1, model.features.pool1),
                                     (model.features.conv2, model.features.pool2)]:
        usual = pool(relu(norm(conv(usual))))  # the textbook order: conv, BN, ReLU, pool
    expected = model.classifier(usual.flatten(1))
    torch.testing.assert_close(model(x), expected, rtol=1e-5, atol=1e-5)


def test_fast_cnn_runs_channels_last_with_the_same_numbers_as_contiguous():
    torch.manual_seed(0)
    model = FastCNN(batch_norm=False).eval()
    assert model.features.conv2.weight.is_contiguous(memory_format=torch.channels_last)
    x = torch.rand(4, 1, 28, 28)
    contiguous = FastCNN(batch_norm=False).eval()
    contiguous.load_state_dict(model.state_dict())
    contiguous.to(memory_format=torch.contiguous_format)
    expected = contiguous.classifier(contiguous.features(x).flatten(1))
    torch.testing.assert_close(model(x), expected, rtol=1e-5, atol=1e-5)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match=r"init == 'glorot', must be one of \('torch', 'keras'\)"):
        KerasCNN(init="glorot")
    with pytest.raises(ValueError, match=r"depth == 15, must be one of \(11, 13, 16, 19\)"):
        VGG(15)
    with pytest.raises(ValueError, match="stride == 3, must be 1 or 2"):
        BasicBlock(8, 8, stride=3)
    with pytest.raises(ValueError, match=r"dropout == 1.0, must be in \[0, 1\)"):
        FastCNN(dropout=1.0)
    with pytest.raises(ValueError, match=r"input_shape == \(1, 28, 28\), must be a tuple \(N, C"):
        summary(LeNet5(), (1, 28, 28))
    with pytest.raises(TypeError, match="model must be a torch.nn.Module, got str"):
        summary("LeNet5", (1, 1, 28, 28))
    with pytest.raises(TypeError, match="must have a `features` nn.Sequential"):
        feature_maps(softmax_regression(), torch.rand(1, 28, 28))
    with pytest.raises(ValueError, match=r"image has shape \(2, 1, 28, 28\), must be"):
        feature_maps(FastCNN(), torch.rand(2, 1, 28, 28))


def test_exercise_answers_agree_with_torch():
    for case in CONV_PARAM_CASES:
        c_in, c_out, k = case.args
        assert n_params(nn.Conv2d(c_in, c_out, k)) == case.expected, case.label
    for case in OUTPUT_SIZE_CASES:
        n, k, s, p = case.args
        layer = nn.Conv2d(1, 1, k, stride=s, padding=p)
        assert layer(torch.zeros(1, 1, n, n)).shape[-1] == case.expected, case.label


def test_exercise_checkers_pass_right_answers_and_report_wrong_ones():
    assert check_conv_params(lambda c_in, c_out, k: c_out * (c_in * k * k + 1)).passed
    wrong = check_conv_params(lambda c_in, c_out, k: c_out * c_in * k * k)  # forgot the bias
    assert not wrong.passed and "expected 320" in repr(wrong)
    assert check_conv_output_size(lambda n, k, s, p: (n + 2 * p - k) // s + 1).passed
    assert not check_conv_output_size(lambda n, k, s, p: n - k + 1).passed
    starter = check_conv_params(lambda c_in, c_out, k: None)
    assert not starter.passed and "returned None" in repr(starter)


def test_init_bounds_of_the_keras_cnn():
    rows = {row["layer"]: row for row in init_bounds(KerasCNN())}
    assert list(rows) == ["features.conv1.0", "features.conv2.0", "classifier.0", "classifier.3"]
    conv2, dense1 = rows["features.conv2.0"], rows["classifier.0"]
    assert (conv2["fan_in"], conv2["fan_out"]) == (32 * 9, 64 * 9)
    assert dense1["torch"] == pytest.approx(1 / 96)  # 1 / sqrt(9216)
    assert dense1["xavier"] == pytest.approx(math.sqrt(6 / (9216 + 128)))
    # the bound PyTorch really uses: a default-initialised weight never exceeds it
    torch.manual_seed(0)
    assert KerasCNN().features.conv1[0].weight.abs().max() <= rows["features.conv1.0"]["torch"]


def test_recipes_state_their_fields_and_pass_to_fit():
    assert FAST_RECIPE.fit_kwargs() == {"batch_size": 256, "optimizer": "adam", "lr": 0.01,
                                        "schedule": "one-cycle", "optimizer_options": {}}
    assert KERAS_RECIPE == Recipe(batch_size=128, optimizer="adadelta", lr=1.0,
                                  schedule="constant",
                                  optimizer_options={"rho": 0.95, "eps": 1e-7})
    kwargs = KERAS_RECIPE.fit_kwargs()
    kwargs["optimizer_options"]["rho"] = 0.0  # a fresh dict: the recipe is unchanged
    assert KERAS_RECIPE.optimizer_options["rho"] == 0.95
    with pytest.raises(AttributeError):
        FAST_RECIPE.lr = 1.0  # frozen
    data = (torch.rand(8, 1, 28, 28), torch.arange(8) % 10)
    torch.manual_seed(0)
    history = fit(KerasCNN(), data, data, epochs=1, progress=False, **KERAS_RECIPE.fit_kwargs())
    assert len(history) == 1 and history.lr == [1.0]


def test_dropout_must_be_a_number():
    with pytest.raises(TypeError, match="dropout must be a real number, got str"):
        FastCNN(dropout="0.5")
