"""Declared parameter types and ranges: read from the parameters cell, enforced clearly."""

import pytest

from dlcourse.parameters import ParameterError, parse


@pytest.mark.parametrize("source, comment, value, expected", [
    ("60000", "training digits [1 to 60000]", 500, 500),
    ("0.5", "learning rate [> 0]", 2, 2.0),  # an int is a fine float
    ("0", "seed [≥ 0]", 0, 0),
    ('"auto"', "device [one of: auto, cpu, cuda, cuda:N]", "cuda:1", "cuda:1"),
    ("False", "also train the Keras CNN", True, True),
    ('"ROMEO:"', "prime text", "JULIET:", "JULIET:"),  # strings may take any text
])
def test_allowed_values_pass(source, comment, value, expected):
    got = parse("P", source, comment).check(value)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize("source, comment, value, message", [
    ("60000", "training digits [1 to 60000]", -5, "P == -5, must be an int from 1 to 60000."),
    ("60000", "training digits [1 to 60000]", 5.5, "P == 5.5, must be an int from 1 to 60000."),
    ("60000", "training digits [1 to 60000]", True, "P == True, must be an int from 1 to 60000"),
    ("0.5", "learning rate [> 0]", 0, "P == 0, must be a float > 0."),
    ("0.5", "learning rate [> 0]", float("nan"), "P == nan, must be a float > 0."),
    ("0", "seed [≥ 0]", -1, "P == -1, must be an int ≥ 0."),
    ("0", "seed [≥ 0]", "abc", "P == 'abc', must be an int ≥ 0."),
    ('"auto"', "device [one of: auto, cpu, cuda, cuda:N]", "cuda:x",
     "P == 'cuda:x', must be one of auto, cpu, cuda, cuda:N."),
    ("False", "flag", 1, "P == 1, must be true or false."),
])
def test_disallowed_values_name_the_parameter_and_what_is_allowed(source, comment, value,
                                                                 message):
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse("P", source, comment).check(value)


@pytest.mark.parametrize("source, comment, message", [
    ("3", "epochs", "P: its comment must end with the values it allows"),
    ("3", "epochs [some]", r"P: cannot read \[some\]"),
    ("[1, 2]", "sizes [1 to 2]", "P: default \\[1, 2\\] is a list; parameters are bool, int"),
    ("np.pi", "angle [> 0]", "P: default 'np.pi' is not a literal"),
    ("0", "seed [1 to 5]", "P == 0, must be an int from 1 to 5."),  # the default must be allowed
])
def test_bad_declarations_are_reported(source, comment, message):
    with pytest.raises(ParameterError, match=message):
        parse("P", source, comment)


def test_help_text_loses_the_range():
    parameter = parse("EPOCHS", "3", "epochs of the fast CNN [1 to 100]")
    assert parameter.help == "epochs of the fast CNN" and parameter.allowed() == (
        "an int from 1 to 100")
