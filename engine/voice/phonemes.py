"""Text to the phoneme ids a Piper-format voice reads (pure; espeak-ng for IPA).

Piper voices were trained on espeak-ng's IPA, one symbol per code point
(NFD), with the clause punctuation kept: the model has learnt to pause and
fall at a comma or a full stop. The espeak-ng command line drops that
punctuation, so a line is cut into sentences and clauses here, each clause
is phonemised on its own (plain text on stdin, never through a shell), and
its punctuation is put back after it. Ids follow Piper: "^" to begin, the
pad "_" after every symbol, "$" to end; a symbol the voice lacks is left out.
"""
from __future__ import annotations

import functools
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Mapping, Sequence

EXE = "espeak-ng"
TIMEOUT = 30.0
BOS, PAD, EOS = "^", "_", "$"
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_CLAUSE = re.compile(r"\s*([,;:.!?]|\s[-\u2013\u2014]\s|\u2014)\s*")
"""A clause ends at punctuation; a spaced dash reads as a comma."""


class PhonemeError(RuntimeError):
    """espeak-ng is missing or could not phonemise; str() is one line."""


def sentences(text: str) -> list[str]:
    """The line's sentences, each with its end punctuation (a line without
    any is one sentence and is given a full stop, so its voice falls)."""
    words = " ".join(str(text).split())
    out = [s.strip() for s in _SENTENCE.split(words) if s.strip()]
    return [s if s[-1] in ".!?" else s + "." for s in out]


def clauses(sentence: str) -> list[tuple[str, str]]:
    """(words, punctuation) for each clause of a sentence; a spaced dash
    becomes a comma. Clauses without letters or digits are dropped."""
    parts = _CLAUSE.split(sentence)
    out: list[tuple[str, str]] = []
    for i in range(0, len(parts), 2):
        words = parts[i].strip()
        mark = parts[i + 1].strip() if i + 1 < len(parts) else ""
        mark = "," if mark in ("-", "\u2013", "\u2014") else mark
        if any(ch.isalnum() for ch in words):
            out.append((words, mark))
        elif out and mark and not out[-1][1]:
            out[-1] = (out[-1][0], mark)
    return out


@functools.lru_cache(maxsize=1)
def espeak() -> str | None:
    return shutil.which(EXE)


def ipa(words: str, language: str) -> str:
    """espeak-ng's IPA for one clause (no punctuation), words space-separated."""
    return ipa_many([words], language)[0]


def ipa_many(clause_words: Sequence[str], language: str) -> list[str]:
    """espeak-ng's IPA for many clauses in one run: each clause is its own
    paragraph, so espeak gives one line back for each. Should espeak split a
    clause of its own accord, the clauses are phonemised one run each."""
    if not clause_words:
        return []
    out = _espeak_ipa("\n\n".join(clause_words), language).splitlines()
    out = [" ".join(line.split()) for line in out if line.strip()]
    if len(out) == len(clause_words):
        return out
    return [" ".join(_espeak_ipa(w, language).split()) for w in clause_words]


def _espeak_ipa(text: str, language: str) -> str:
    exe = espeak()
    if exe is None:
        raise PhonemeError("espeak-ng is not installed (the natural voice needs it for its phonemes)")
    try:
        run = subprocess.run([exe, "-q", "--ipa", "-v", language, "--stdin"], input=text.encode("utf-8"),
                             capture_output=True, timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError) as e:
        raise PhonemeError(f"espeak-ng could not run: {e}") from None
    if run.returncode != 0:
        raise PhonemeError(f"espeak-ng failed (exit {run.returncode}): "
                           + run.stderr.decode("utf-8", "replace").strip()[:120])
    return run.stdout.decode("utf-8", "replace")


def sentence_phonemes(sentence: str, language: str) -> str:
    """A sentence as IPA with its clause punctuation, e.g. 'lˈɛt ... slˈoʊ, dʒˈɛntli.'"""
    return lines_phonemes([sentence], language)[0][0]


def lines_phonemes(lines: Sequence[str], language: str) -> list[list[str]]:
    """Each line's sentences as IPA with punctuation, all in one espeak-ng run."""
    parts = [[clauses(s) for s in sentences(line)] for line in lines]
    flat = [words for line in parts for sentence in line for words, _ in sentence]
    sounds = iter(ipa_many(flat, language))
    out = []
    for line in parts:
        said = []
        for sentence in line:
            bits = [f"{sound}{mark}" for (_, mark), sound in ((c, next(sounds)) for c in sentence) if sound]
            said.append(" ".join(bits))
        out.append(said)
    return out


def phoneme_ids(phonemes: str, id_map: Mapping[str, Sequence[int]]) -> list[int]:
    """Piper's ids for an IPA string: BOS, each known symbol followed by the pad, EOS."""
    ids = [*id_map[BOS], *id_map[PAD]]
    for ch in unicodedata.normalize("NFD", phonemes):
        if ch in id_map:
            ids += [*id_map[ch], *id_map[PAD]]
    return ids + list(id_map[EOS])
