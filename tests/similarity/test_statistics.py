import io

import numpy as np
import pytest

from honbu.similarity import Report, SimilarityIndex, Statistics, extract, rank_candidates
from honbu.similarity.scoring import pair_features


@pytest.fixture(scope="module")
def sample_features(aiid_sample):
    return [extract(Report.from_dict(r)) for r in aiid_sample]


def test_precomputed_weights_give_the_same_evidence(sample_features):
    live, precomputed = SimilarityIndex(), SimilarityIndex()
    for f in sample_features:
        live.add(f)
        precomputed.add(f)
    precomputed.precompute()

    for f in sample_features:
        a, b = live.evidence(f), precomputed.evidence(f)
        if a is None:
            assert b is None
            continue
        assert a.docs.tolist() == b.docs.tolist()
        assert np.abs(pair_features(a) - pair_features(b)).max() < 1e-6


def test_adding_a_report_drops_precomputed_weights(sample_features):
    index = SimilarityIndex()
    for f in sample_features[:-1]:
        index.add(f)
    index.precompute()

    index.add(sample_features[-1])

    assert index._weights is None


def test_candidates_scored_with_global_statistics_match_the_full_index(sample_features):
    full = SimilarityIndex()
    for f in sample_features:
        full.add(f)
    stats = Statistics.from_features(sample_features)
    by_id = {f.id: f for f in sample_features}

    for query in sample_features[::5]:
        expected = full.query(query, k=10)
        candidates = [by_id[full.ids[d]] for d in full.evidence(query).docs]

        got = rank_candidates(query, candidates, statistics=stats, k=10)

        assert [m.id for m in got] == [m.id for m in expected]
        assert [m.reasons for m in got] == [m.reasons for m in expected]
        assert np.allclose([m.score for m in got], [m.score for m in expected], atol=1e-9)


def test_a_candidate_index_without_global_statistics_scores_differently(sample_features):
    full = SimilarityIndex()
    for f in sample_features:
        full.add(f)
    query = sample_features[0]
    candidates = [f for f in sample_features if f.id in {full.ids[d] for d in full.evidence(query).docs}]
    local = SimilarityIndex()
    for f in candidates:
        local.add(f)

    assert [m.score for m in local.query(query, k=5)] != [m.score for m in full.query(query, k=5)]


def test_statistics_survive_a_save_and_load(sample_features):
    stats = Statistics.from_features(sample_features)
    buffer = io.BytesIO()

    stats.save(buffer)
    loaded = Statistics.load(buffer.getvalue())

    assert (loaded.documents, loaded.total_length, loaded.term_df) == (stats.documents, stats.total_length, stats.term_df)
    assert np.array_equal(loaded.gram_df, stats.gram_df)


def test_removing_a_report_undoes_adding_it(sample_features):
    stats = Statistics.from_features(sample_features[:-1])
    before = (stats.documents, stats.total_length, dict(stats.term_df), stats.gram_df.copy())

    stats.add(sample_features[-1])
    stats.remove(sample_features[-1])

    assert (stats.documents, stats.total_length, stats.term_df) == before[:3]
    assert np.array_equal(stats.gram_df, before[3])


def test_statistics_refreshed_after_queries_are_used_by_the_next_query(sample_features):
    stats = Statistics.from_features(sample_features)
    index = SimilarityIndex(statistics=stats)
    for f in sample_features[1:]:
        index.add(f)
    before = index.query(sample_features[0], k=3)

    for _ in range(50):  # the collection grows: 50 more copies of the first report elsewhere
        stats.add(sample_features[0])

    after = index.query(sample_features[0], k=3)
    assert [m.score for m in after] != [m.score for m in before]


def test_precomputed_weights_use_the_global_statistics(sample_features):
    stats = Statistics.from_features(sample_features)
    live, precomputed = SimilarityIndex(statistics=stats), SimilarityIndex(statistics=stats)
    for f in sample_features[1:]:
        live.add(f)
        precomputed.add(f)
    precomputed.precompute()

    a, b = live.evidence(sample_features[0]), precomputed.evidence(sample_features[0])

    assert a.docs.tolist() == b.docs.tolist()
    assert np.abs(pair_features(a) - pair_features(b)).max() < 1e-6
