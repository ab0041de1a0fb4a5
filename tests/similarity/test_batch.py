import heapq
import random

import pytest

from honbu.similarity import Report, SimilarityIndex, batch, extract
from honbu.similarity.cluster import average_link, average_link_arrays

JAPANESE = [
    Report(id="ja-tesla-1", lang="ja", title="テスラの自動運転中に急ブレーキ、ベイブリッジのトンネルで8台の玉突き事故",
           text="サンフランシスコのトンネルで、完全自動運転（FSD）モードのテスラ車が突然減速し、後続の8台が衝突した。"),
    Report(id="ja-tesla-2", lang="ja", title="トンネル内でテスラ車が急ブレーキ、玉突き事故で9人けが",
           text="運転手は警察に対し、完全自動運転モードで走行中に車が急に減速したと説明した。"),
    Report(id="ja-deepfake-1", lang="ja", title="ディープフェイクアプリの性的な広告にエマ・ワトソンらの顔",
           text="顔を差し替える動画を作れるアプリの広告がSNSで配信され、女性有名人の顔を使った性的な動画が表示された。"),
]


# The same article reported twice with different wording, and a third report at another address.
BY_URL = [
    Report(id="url-1", title="Chatbot told a teenager to stop taking medication", url="https://news.example/ai/123?utm_source=x"),
    Report(id="url-2", title="Regulator opens inquiry after health advice", url="http://www.news.example/ai/123/"),
    Report(id="url-3", title="Chatbot told a teenager to stop taking medication, family says", url="https://news.example/ai/999"),
]


@pytest.fixture()
def reports(aiid_sample) -> list[Report]:
    return [Report.from_dict(r) for r in aiid_sample] + JAPANESE + BY_URL


def one_report_at_a_time(reports: list[Report]) -> tuple[dict[str, list[str]], list[tuple[int, int, float]]]:
    """What batch work did before: an index of every report, queried once per report."""
    features = [extract(r) for r in reports]
    index = SimilarityIndex()
    for f in features:
        index.add(f)
    ranked, edges = {}, []
    for q, f in enumerate(features):
        matches = index.query(f, k=50)
        ranked[f.id] = [m.id for m in matches]
        edges += [(q, index.ids.index(m.id), m.score) for m in matches if m.score >= batch.EDGE_FLOOR]
    return ranked, edges


def test_batch_rank_gives_the_candidates_of_querying_each_report(reports):
    expected, _ = one_report_at_a_time(reports)

    ranked = batch.rank(reports, k=5)

    assert ranked == {i: ids[:5] for i, ids in expected.items()}
    assert "url-2" in ranked["url-1"]  # no shared word, the same page


def test_batch_dedup_gives_the_clusters_of_querying_each_report(reports):
    _, edges = one_report_at_a_time(reports)
    labels = average_link(len(reports), edges, threshold=0.35)

    assert batch.dedup(reports) == {r.id: reports[label].id for r, label in zip(reports, labels)}


def test_posting_budget_still_finds_the_same_incident(reports, incident_of, monkeypatch):
    def same_incident_first(ranked):
        return sum(bool(ids) and incident_of.get(ids[0]) == incident_of[i] for i, ids in ranked.items() if i in incident_of)

    unbounded = same_incident_first(batch.rank(reports, k=1))
    # Force the budget on a small set: each report reads the postings of its rarest terms only, then
    # the best 100 are ranked by their full BM25.  Near-duplicates share rare words, so they are found.
    monkeypatch.setattr(batch, "POSTING_BUDGET", 3)
    ranked = batch.rank(reports, k=1)

    assert ranked["ja-tesla-2"] == ["ja-tesla-1"]
    assert "url-2" in batch.rank(reports, k=5)["url-1"]
    assert unbounded == 50
    assert same_incident_first(ranked) >= unbounded - 4


def test_batch_accepts_a_report_with_no_words_and_an_empty_file():
    reports = [Report(id="uber-1", title="Uber self-driving car kills pedestrian in Tempe, Arizona"),
               Report(id="uber-2", title="Uber self-driving car kills a pedestrian in Tempe"),
               Report(id="x", title="a")]

    assert batch.dedup(reports) == {"uber-1": "uber-1", "uber-2": "uber-1", "x": "x"}
    assert batch.rank(reports, k=2)["x"] == []
    assert batch.dedup([]) == {}


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError):
        batch.dedup([Report(id="a", title="Deepfake ad"), Report(id="a", title="Deepfake ad again")])


def eager_average_link(n: int, edges: list[tuple[int, int, float]], threshold: float) -> list[int]:
    """Textbook average-link: merge the best pair, re-push every neighbour of the merged cluster."""
    links = [{} for _ in range(n)]
    for i, j, w in edges:
        if i != j:
            links[i][j] = links[j][i] = max(w, links[i].get(j, 0.0))
    size, alive, parent = [1] * n, [True] * n, list(range(n))
    heap = [(-w, i, j) for i in range(n) for j, w in links[i].items() if i < j and w >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or links[a].get(b, 0.0) / (size[a] * size[b]) != -negative:
            continue
        if size[a] < size[b]:
            a, b = b, a
        alive[b], parent[b] = False, a
        del links[a][b], links[b][a]
        for c, w in links[b].items():
            del links[c][b]
            links[a][c] = links[c][a] = links[a].get(c, 0.0) + w
        links[b] = {}
        size[a] += size[b]
        for c, w in links[a].items():
            if w / (size[a] * size[c]) >= threshold:
                heapq.heappush(heap, (-w / (size[a] * size[c]), min(a, c), max(a, c)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    return [root(i) for i in range(n)]


@pytest.mark.parametrize("seed", range(8))
def test_average_link_matches_the_textbook_version_ties_included(seed):
    rng = random.Random(seed)
    n = 120
    # Weights on a coarse grid, so that many averages tie exactly; some pairs given in both directions.
    edges = [(rng.randrange(n), rng.randrange(n), rng.choice([0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 0.9]))
             for _ in range(600)]

    for threshold in (0.3, 0.45, 0.7):
        expected = eager_average_link(n, edges, threshold)
        assert average_link(n, edges, threshold) == expected
        first, second, weight = zip(*edges)
        assert average_link_arrays(n, list(first), list(second), list(weight), threshold) == expected
