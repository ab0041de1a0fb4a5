"""Text normalisation, language detection and tokenisation for report similarity.

Japanese goes through SudachiPy (normalised forms of content words); Latin-script languages
are lower-cased, accent-folded and cut to a short prefix, which acts as a cheap stemmer that
also lines up cognates across English, Spanish and French ("algorithm", "algoritmo",
"algorithme").  A small bilingual glossary adds English equivalents of common Japanese
incident vocabulary so Japanese and English reports share terms.
"""
from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections import Counter
from importlib import resources

import numpy as np
import yaml

WORD_PREFIX = 6
GRAM_SIZES = (3, 4, 5)
GRAM_BITS = 22
_GRAM_BASE = 1_000_003

_KANA = re.compile(r"[\u3040-\u30ff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_NAME = re.compile(r"\b(?:[A-Z][\w\-]*[A-Z0-9][\w\-]*|[A-Z][a-z]+(?:[A-Z]\w*)?|\w*\d\w*)\b")
_SPACES = re.compile(r"\s+")

_LATIN_STOPWORDS = {
    "en": "a an the and or of to in on at by for with from as is was were be been are it its this that "
          "these those which who whom after before over into about than then but not no has have had "
          "their his her they he she we you i our us said says say also more most other such can could "
          "would will may might reportedly allegedly report reported reports new",
    "es": "el la los las un una unos unas y o de del al en por para con sin sobre que se su sus es "
          "fue son como mas pero lo le les ha han este esta estos estas",
    "fr": "le la les un une des et ou de du au aux en par pour avec sans sur que qui se sa son ses est "
          "a ete sont comme plus mais ce cette ces dans il elle ils ont l d",
}
STOPWORDS = frozenset(w for words in _LATIN_STOPWORDS.values() for w in words.split())
# Only words that belong to a single language vote ("de", "en", "un" are both Spanish and French).
_LANG_VOTES = {lang: frozenset(words.split()) - frozenset(w for other, ws in _LATIN_STOPWORDS.items()
                                                         if other != lang for w in ws.split())
               for lang, words in _LATIN_STOPWORDS.items()}

_LANG_LETTERS = {"es": "ñáíóú¿¡", "fr": "àâçèêëîïôûù"}

_JA_CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞", "代名詞"}
_JA_STOPWORDS = frozenset("為る 有る 居る 成る 言う 事 物 為 様 此れ 其れ 等 所 中 方 後 前 時".split())


def fold(text: str) -> str:
    """NFKC-normalise, lower-case and strip accents ("Reconnaissance Faciale" → "reconnaissance faciale")."""
    if text.isascii():  # NFKC, NFKD and NFC leave ASCII alone
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).lower())
    # Look up only the distinct characters (a few dozen) instead of testing every character.
    marks = {ord(c): None for c in set(decomposed) if unicodedata.combining(c)}
    return unicodedata.normalize("NFC", decomposed.translate(marks) if marks else decomposed)


def is_japanese(text: str) -> bool:
    """Kana, or more than two kanji: the script test of `detect_lang`."""
    return bool(_KANA.search(text)) or len(_CJK.findall(text)) > 2


def detect_lang(text: str) -> str:
    """Guess the language from the script (kana or kanji → ja) and, for Latin script, stopword votes."""
    if is_japanese(text):
        return "ja"
    words = _LATIN_WORD.findall(fold(text))
    lower = text.lower()
    votes = {lang: sum(w in vocab for w in words) + sum(lower.count(c) for c in _LANG_LETTERS.get(lang, ""))
             for lang, vocab in _LANG_VOTES.items()}
    best = max(votes, key=votes.get)
    return best if votes[best] > votes["en"] else "en"


@functools.cache
def _dictionary():
    # Loading the dictionary takes ~0.2 s: once per process, shared by every thread's tokenizer.
    from sudachipy import Dictionary

    return Dictionary(dict="core")


_local = threading.local()


def _sudachi():
    # A Sudachi tokenizer refuses concurrent use (SudachiError), and the web server runs threads.
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        from sudachipy import SplitMode

        tokenizer = _local.tokenizer = _dictionary().tokenizer(mode=SplitMode.B)
    return tokenizer


@functools.cache
def _glossary() -> tuple[tuple[str, str], ...]:
    data = yaml.safe_load(resources.files(__package__).joinpath("data/glossary-ja-en.yaml").read_text("utf-8"))
    # Longest first so "顔認識システム" wins over "顔認識".
    return tuple(sorted(((fold(ja), en) for ja, en in data.items()), key=lambda p: -len(p[0])))


def english_bridge_folded(folded: str) -> str:
    """English equivalents of the glossary terms found in a Japanese text already passed through `fold`."""
    found = []
    present = set(folded)  # a term whose first character is absent cannot occur: skip its substring search
    for ja, en in _glossary():
        if ja[0] in present and ja in folded:
            found.append(en)
            folded = folded.replace(ja, " ")
    return " ".join(found)


def latin_words(text: str) -> list[str]:
    """Accent-folded content words cut to a short prefix."""
    return [w[:WORD_PREFIX] for w in _LATIN_WORD.findall(fold(text)) if w not in STOPWORDS and len(w) > 1]


def japanese_words(text: str) -> tuple[list[str], list[str]]:
    """Sudachi normalised forms of content words, and the proper nouns among them."""
    words, names = [], []
    pos_kind = _pos_kinds()
    forms = _form_terms()
    if len(forms) > _MAX_CACHED_FORMS:
        forms.clear()
    for m in _sudachi().tokenize(unicodedata.normalize("NFKC", text)):
        kind = pos_kind.get(m.part_of_speech_id())
        if kind is None:
            pos = m.part_of_speech()
            kind = pos_kind[m.part_of_speech_id()] = (
                0 if pos[0] not in _JA_CONTENT_POS or pos[1] == "数詞" else 2 if pos[1] == "固有名詞" else 1)
        if not kind:
            continue
        form = m.normalized_form()
        terms = forms.get(form)
        if terms is None:
            terms = forms[form] = _form_terms_of(form)
        if not terms:
            continue
        words.extend(terms[1:])
        if kind == 2:
            names.append(terms[0])
    return words, names


# A report repeats its words and reports share most of them: work out each normalised form's terms once.
_MAX_CACHED_FORMS = 200_000


@functools.cache
def _form_terms() -> dict[str, tuple[str, ...]]:
    """Normalised form → () when it is skipped, else (its folded name, *its word terms)."""
    return {}


def _form_terms_of(form: str) -> tuple[str, ...]:
    if form in _JA_STOPWORDS or (len(form) == 1 and _KANA.match(form)):
        return ()
    return (fold(form), *(latin_words(form) if form.isascii() else [form]))


@functools.cache
def _pos_kinds() -> dict[int, int]:
    """Part-of-speech id → 0 (skip), 1 (content word), 2 (proper noun); filled as ids are met."""
    return {}


def latin_names(text: str) -> list[str]:
    """Capitalised, mixed-case or digit-bearing words: names of organisations, systems and places.

    Headline capitalisation lets ordinary words in too; the pair scorer weights shared names by
    rarity, so common ones count for little.
    """
    names = []
    for name in _NAME.findall(text):
        name = name.lower() if name.isascii() else fold(name)
        if name not in STOPWORDS and len(name) > 1 and not name.isdigit():
            names.append(name)
    return names


def char_grams(text: str) -> Counter:
    """Hashed character n-grams of the accent-folded text, word boundaries marked by spaces.

    Polynomial hashes over code points, computed with numpy: stable across processes (unlike
    Python's salted hash()) and ~20× faster than hashing each n-gram string.
    """
    keys, counts = hashed_grams(fold(text))
    return Counter(dict(zip(keys.tolist(), counts.tolist())))


def hashed_grams(folded: str) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct n-gram hashes of already folded text, and their counts."""
    folded = " " + _SPACES.sub(" ", folded).strip() + " "
    codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    size = len(codes)
    if size < GRAM_SIZES[0]:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    # The hash of an n-gram starting at i is n·P^n + Σ codes[i+o]·P^(n-1-o) (mod 2^64).  Each size
    # extends the one before: h_(n+1)[i] = P·h_n[i] + P^(n+1) + codes[i+n], one pass instead of n+1.
    # The kept sizes are written straight into one array.
    mixed = np.empty(sum(size - n + 1 for n in GRAM_SIZES if n <= size), dtype=np.uint64)
    h = codes + _POWERS[1]
    filled = 0
    for n in range(2, min(GRAM_SIZES[-1], size) + 1):
        if n in GRAM_SIZES:
            out = mixed[filled : filled + size - n + 1]
            filled += size - n + 1
        else:
            out = np.empty(size - n + 1, dtype=np.uint64)
        np.multiply(h[:-1], _BASE, out=out)
        out += codes[n - 1 :]
        out += _POWERS[n]
        h = out
    mixed ^= mixed >> _MIX_SHIFT
    mixed *= _GOLDEN
    mixed >>= _TOP_SHIFT
    mixed.sort()
    first = np.empty(len(mixed), dtype=bool)
    first[0] = True
    np.not_equal(mixed[1:], mixed[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return mixed[starts], np.diff(starts, append=len(mixed))


_POWERS = tuple(np.uint64(pow(_GRAM_BASE, n, 1 << 64)) for n in range(GRAM_SIZES[-1] + 1))
_BASE = np.uint64(_GRAM_BASE)
_MIX_SHIFT, _GOLDEN, _TOP_SHIFT = np.uint64(29), np.uint64(0x9E3779B97F4A7C15), np.uint64(64 - GRAM_BITS)
