"""Reports and the per-report features that similarity works on.

`Features` is what a Django app stores beside each report (`to_dict()` is plain JSON): its word
and name terms can feed a PostgreSQL/SQLite term table for the candidate step, and an in-memory
`SimilarityIndex` can be rebuilt from stored features without re-tokenising.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import numpy as np

from . import text

MAX_TEXT_CHARS = 20_000


@dataclass(frozen=True)
class Report:
    """One AI harm report as the similarity engine sees it."""

    id: str
    title: str = ""
    text: str = ""
    date: dt.date | None = None
    lang: str | None = None
    url: str | None = None

    @classmethod
    def from_dict(cls, data: dict) -> Report:
        """Build from a `{"id", "title", "text", "date", "lang", "url"?}` mapping; raise ValueError if malformed."""
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        if data.get("id") in (None, ""):
            raise ValueError('missing "id"')
        for key in ("title", "text", "lang", "url"):
            if data.get(key) is not None and not isinstance(data[key], str):
                raise ValueError(f'"{key}" must be a string')
        title, body = data.get("title") or "", data.get("text") or ""
        if not (title.strip() or body.strip()):
            raise ValueError('"title" and "text" are both empty')
        date = data.get("date")
        if date is not None:
            try:
                date = dt.date.fromisoformat(str(date)[:10])
            except ValueError:
                raise ValueError(f'"date" is not an ISO date: {date!r}') from None
        return cls(id=str(data["id"]), title=title, text=body, date=date,
                   lang=data.get("lang") or None, url=data.get("url") or None)


@dataclass
class Features:
    """The serialisable similarity representation of one report.

    words: content-word terms with counts (Sudachi normalised forms for Japanese, folded word
    prefixes for Latin script); names: proper nouns; grams: hashed character 3–5-grams with counts.
    """

    id: str
    lang: str
    date: dt.date | None = None
    url: str | None = None
    has_title: bool = False
    has_text: bool = False
    words: dict[str, int] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    grams: dict[int, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"id": self.id, "lang": self.lang, "date": self.date.isoformat() if self.date else None,
                "url": self.url, "has_title": self.has_title, "has_text": self.has_text,
                "words": self.words, "names": self.names,
                "grams": [[key, count] for key, count in sorted(self.grams.items())]}

    @classmethod
    def from_dict(cls, data: dict) -> Features:
        return cls(id=data["id"], lang=data["lang"],
                   date=dt.date.fromisoformat(data["date"]) if data.get("date") else None,
                   url=data.get("url"), has_title=data["has_title"], has_text=data["has_text"],
                   words=dict(data["words"]), names=list(data["names"]),
                   grams={int(key): int(count) for key, count in data["grams"]})


def extract(report: Report) -> Features:
    """Tokenise a report once; everything downstream works on the result."""
    features, keys, counts = extract_arrays(report)
    features.grams = dict(zip(keys.tolist(), counts.tolist()))
    return features


def extract_arrays(report: Report) -> tuple[Features, np.ndarray, np.ndarray]:
    """`extract`, with the character n-grams as sorted hashed keys and their counts instead of a dict.

    Batch work keeps the arrays: a dict of ~700 n-grams costs ~60 KB of Python objects per report.
    """
    title, body = report.title[:MAX_TEXT_CHARS], report.text[:MAX_TEXT_CHARS]
    full = f"{title}\n{body}".strip()
    lang = report.lang or text.detect_lang(full)
    folded = text.fold(full)
    if lang == "ja" or text.is_japanese(full):
        words, names = text.japanese_words(full)
        bridge = text.english_bridge_folded(folded)
        words += text.latin_words(bridge)
        names += text.latin_names(bridge)
        # Folding is per character and a space separates the two, so fold(full + " " + bridge) is this.
        folded = f"{folded} {text.fold(bridge)}"
    else:
        words, names = text.latin_words(full), text.latin_names(full)
    keys, counts = text.hashed_grams(folded)
    features = Features(id=report.id, lang=lang, date=report.date, url=normalise_url(report.url),
                        has_title=bool(title.strip()), has_text=bool(body.strip()),
                        words=dict(Counter(words)), names=sorted(set(names)))
    return features, keys, counts


_TRACKING = re.compile(r"(^|&)(utm_[^=&]*|fbclid|gclid)=[^&]*")


def normalise_url(url: str | None) -> str | None:
    """Scheme, "www.", tracking parameters, fragment and trailing slash do not make a different page."""
    if not url:
        return None
    parts = urlsplit(url.strip() if "://" in url else "http://" + url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = _TRACKING.sub("", parts.query).strip("&")
    return host + parts.path.rstrip("/") + (f"?{query}" if query else "")
