"""Search text: Sudachi-normalised Japanese tokens and lowercased English words, one space-separated string per row.

The same tokeniser runs when a row is saved and when a query is parsed, so 「さくら」 finds 「桜」 and 「ＡＩ」 finds
"AI". Split mode A (the finest) makes 「採用選考」 findable by 「選考」. PostgreSQL matches the string through a GIN
index on `to_tsvector('simple', search_text)` with prefix queries; SQLite (demo and small installs) matches each
query token as a word prefix with LIKE, which is a scan but fast enough at demo sizes.
"""

import re
import threading
from functools import cache

from django.db.models import BooleanField, F, Func

SKIPPED_POS = {"助詞", "助動詞", "補助記号", "空白", "記号"}
_UNSAFE = re.compile(r"[\s'\"\\:&|!()<>%_*]+")
_local = threading.local()


@cache
def _dictionary():
    from sudachipy import Dictionary

    return Dictionary()


def _tokenizer():
    # A Sudachi tokenizer is not thread-safe; the dictionary (the expensive part) is loaded once and shared.
    if not hasattr(_local, "tokenizer"):
        _local.tokenizer = _dictionary().tokenizer()
    return _local.tokenizer


def tokens(text: str, *, for_query: bool = False) -> list[str]:
    """Normalised tokens of `text`, in order, without particles or punctuation."""
    from sudachipy import SplitMode

    found: list[str] = []
    if not text:
        return found
    for morpheme in _tokenizer().tokenize(text[:20000], SplitMode.A):
        if morpheme.part_of_speech()[0] in SKIPPED_POS:
            continue
        surface = morpheme.surface()
        if surface.isascii():
            candidates = [surface.lower()]
            normalised = morpheme.normalized_form().lower()
            if not for_query and normalised != candidates[0]:
                candidates.append(normalised)  # "credit" is also indexed as クレジット
        else:
            candidates = [morpheme.normalized_form().lower()]
        for candidate in candidates:
            candidate = _UNSAFE.sub("", candidate)
            if candidate and candidate not in found:
                found.append(candidate)
    return found


def search_text(*texts: str) -> str:
    """The stored form: tokens of all texts joined with spaces, with a space at both ends for word-prefix LIKE."""
    seen: list[str] = []
    for text in texts:
        for token in tokens(text or ""):
            if token not in seen:
                seen.append(token)
    return f" {' '.join(seen)} " if seen else ""


class TokensMatch(Func):
    """True when every query token is a word prefix in the row's `search_text`."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, query_tokens: list[str]):
        self.query_tokens = query_tokens
        super().__init__(F(field))

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        clauses = " AND ".join([f"{column} LIKE %s"] * len(self.query_tokens))
        return f"({clauses})", [*params, *(f"% {token}%" for token in self.query_tokens)]

    def as_postgresql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        query = " & ".join(f"'{token}':*" for token in self.query_tokens)
        return f"to_tsvector('simple'::regconfig, {column}) @@ to_tsquery('simple'::regconfig, %s)", [*params, query]


def matching(queryset, query: str, field: str = "search_text"):
    query_tokens = tokens(query, for_query=True)[:12]
    if not query_tokens:
        return queryset
    return queryset.filter(TokensMatch(field, query_tokens))

