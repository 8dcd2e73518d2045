"""Chapter 07's genre passages: exact lengths and counts, none across plays, unseen test plays."""

from collections import Counter

import pytest

from dlcourse.data.passages import (
    LABELS,
    LEFT_OUT,
    PASSAGE_WORDS,
    TEST_PLAYS,
    class_counts,
    genre_passages,
    passages_of,
    play_words,
)
from dlcourse.data.shakespeare import GENRES, VALIDATION_PLAYS, load_plays


@pytest.fixture(scope="module")
def plays():
    return load_plays()


@pytest.fixture(scope="module")
def split(plays):
    return genre_passages(plays)


def test_every_genre_is_labelled_or_left_out():
    assert sorted([*LABELS, *LEFT_OUT]) == sorted(GENRES)
    assert LABELS == {"comedies": 0, "tragedies": 1, "roman": 1}


def test_passages_are_80_words(split):
    train, test = split
    assert PASSAGE_WORDS == 80
    assert {len(p.words) for p in train + test} == {80}
    assert all(p.text.split() == list(p.words) for p in test[:50])


def test_exact_counts(plays, split):
    train, test = split
    assert class_counts(train) == {"comedy": 1186, "tragedy": 2090}
    assert class_counts(test) == {"comedy": 705, "tragedy": 769}
    assert Counter(p.play for p in test) == {"othello": 324, "much-ado-about-nothing": 260,
                                             "twelfth-night": 243, "julius-caesar": 239,
                                             "macbeth": 206, "a-midsummer-night-s-dream": 202}
    by_play = Counter(p.play for p in train + test)
    for play in plays:  # every labelled play gives len(words) // 80 passages, the others none
        expected = len(play_words(play)) // 80 if play.genre in LABELS else 0
        assert by_play[play.name] == expected, play.name
    assert len(play_words({p.name: p for p in plays}["macbeth"])) == 16_538  # 206 * 80 + 58


def test_no_passage_crosses_a_play(plays, split):
    train, test = split
    for play in plays:
        mine = [p for p in train + test if p.play == play.name]
        assert all(p.genre == play.genre and p.label == LABELS[play.genre] for p in mine)
        # the play's passages, in order, are its words from the first on, cut every 80 words
        words = play_words(play)
        assert [w for p in mine for w in p.words] == words[:len(mine) * 80]


def test_test_plays_are_never_trained_on(plays, split):
    train, test = split
    assert {p.play for p in test} == set(TEST_PLAYS)
    assert not {p.play for p in train} & set(TEST_PLAYS)
    genre = {play.name: play.genre for play in plays}
    assert Counter(LABELS[genre[name]] for name in TEST_PLAYS) == {0: 3, 1: 3}
    assert {"twelfth-night", "macbeth", "julius-caesar"} <= set(VALIDATION_PLAYS) & set(TEST_PLAYS)
    assert {p.genre for p in train + test} == {"comedies", "tragedies", "roman"}


def test_speakers_names_are_not_words(plays):
    macbeth = {p.name: p for p in plays}["macbeth"]
    assert play_words(macbeth)[:8] == ["when", "shall", "we", "three", "meet", "again", "in",
                                       "thunder"]
    assert passages_of(macbeth, length=3)[0].words == ("when", "shall", "we")


def test_other_lengths_and_test_plays(plays):
    train, test = genre_passages(plays, test_plays=("macbeth", "twelfth-night"), length=500)
    assert {len(p.words) for p in train + test} == {500}
    assert class_counts(test) == {"comedy": 19_501 // 500, "tragedy": 16_538 // 500}


def test_errors(plays):
    tempest = {p.name: p for p in plays}["the-tempest"]
    with pytest.raises(ValueError, match="play 'the-tempest' is of genre 'romances', which has "
                                         "no label"):
        passages_of(tempest)
    with pytest.raises(ValueError, match=r"test_plays names \['the-tempest'\], which are not "
                                         "comedies or tragedies"):
        genre_passages(plays, test_plays=("macbeth", "the-tempest"))
    with pytest.raises(ValueError, match=r"the test passages hold \{'comedy': 0, 'tragedy': 206\}"):
        genre_passages(plays, test_plays=("macbeth",))
