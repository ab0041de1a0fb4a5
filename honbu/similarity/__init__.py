"""Similarity engine for AI harm reports: duplicate detection and incident linking (ja/en/es/fr).

Django-free. The pieces a caller needs:

- `extract(Report) -> Features`: tokenise once; `Features.to_dict()` is the JSON to store per report.
- `SimilarityIndex`: `add(Report | Features)`, `query(Report | Features, k) -> [Match(id, score, reasons)]`.
- `batch.dedup(reports)`, `batch.rank(reports, k)`: whole-file clustering and ranking.
- `Statistics` and `rank_candidates(query, candidates, statistics=...)`: score candidates found by the
  database with collection-wide document frequencies.
"""
from .features import Features, Report, extract
from .index import Match, SimilarityIndex, rank_candidates
from .scoring import PairScorer
from .statistics import Statistics

__all__ = ["Features", "Match", "PairScorer", "Report", "SimilarityIndex", "Statistics", "extract", "rank_candidates"]
