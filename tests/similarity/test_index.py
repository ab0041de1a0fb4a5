import pytest

from honbu.similarity import Features, Report, SimilarityIndex, extract
from honbu.similarity.batch import dedup


TESLA_TUNNEL_JA = Report(
    id="ja-tesla-1", lang="ja", date=None,
    title="テスラの自動運転中に急ブレーキ、ベイブリッジのトンネルで8台の玉突き事故",
    text="サンフランシスコのトンネルで、完全自動運転（FSD）モードのテスラ車が突然減速し、後続の8台が衝突した。9人が軽傷。",
)
TESLA_TUNNEL_JA_AGAIN = Report(
    id="ja-tesla-2", lang="ja",
    title="トンネル内でテスラ車が急ブレーキ、玉突き事故で9人けが",
    text="運転手は警察に対し、完全自動運転モードで走行中に車が急に減速したと説明した。8台が絡む事故となった。",
)
DEEPFAKE_ADS_JA = Report(
    id="ja-deepfake-1", lang="ja",
    title="ディープフェイクアプリの性的な広告にエマ・ワトソンらの顔",
    text="顔を差し替える動画を作れるアプリの広告がSNSで配信され、女性有名人の顔を使った性的な動画が表示された。",
)


@pytest.fixture()
def english_index(aiid_sample) -> SimilarityIndex:
    index = SimilarityIndex()
    for record in aiid_sample:
        index.add(Report.from_dict(record))
    return index


def test_japanese_near_duplicate_ranks_first(english_index):
    english_index.add(TESLA_TUNNEL_JA)

    best = english_index.query(TESLA_TUNNEL_JA_AGAIN, k=3)[0]

    assert best.id == "ja-tesla-1"


def test_japanese_deepfake_report_finds_the_english_incident(english_index, incident_of):
    matches = english_index.query(DEEPFAKE_ADS_JA, k=3)

    assert [incident_of[m.id] for m in matches[:1]] == [494]
    assert "different languages (ja/en)" in matches[0].reasons


def test_added_report_is_findable_immediately():
    index = SimilarityIndex()
    index.add(Report(id="uber-1", title="Uber AV Killed Pedestrian in Arizona", date=None))
    assert index.query(Report(id="q", title="Uber self-driving car kills pedestrian in Tempe, Arizona"), k=1)[0].id == "uber-1"

    index.add(Report(id="uber-2", title="Uber self-driving car kills pedestrian in Tempe, Arizona"))

    assert [m.id for m in index.query(Report(id="q", title="Uber self-driving car kills pedestrian in Tempe, Arizona"), k=2)] == ["uber-2", "uber-1"]


def test_query_never_returns_the_report_itself(english_index, aiid_sample):
    report = Report.from_dict(aiid_sample[0])

    assert report.id not in [m.id for m in english_index.query(report, k=10)]


def test_same_url_raises_the_score_and_says_so():
    stored = Report(id="a", title="Chatbot for DPD malfunctioned and swore at customers",
                    url="https://www.example.com/news/dpd-chatbot")
    query = Report(id="b", title="Parcel firm DPD disables part of its AI chatbot after it swore",
                   url="http://example.com/news/dpd-chatbot/")
    without_url = Report(id="b", title=query.title)
    index = SimilarityIndex()
    index.add(stored)

    with_same_url = index.query(query, k=1)[0]

    assert with_same_url.score > index.query(without_url, k=1)[0].score
    assert with_same_url.reasons[0] == "same URL"


def test_reasons_name_text_similarity_names_and_dates():
    index = SimilarityIndex()
    index.add(Report.from_dict({"id": "a", "title": "Sudden Braking by Tesla Caused Pileup in Tunnel", "text": "",
                                "date": "2022-11-24", "lang": "en"}))
    match = index.query(Report.from_dict({"id": "b", "title": "Tesla braking blamed for eight-car tunnel pileup",
                                          "text": "", "date": "2022-11-26", "lang": "en"}), k=1)[0]

    assert match.reasons[0].startswith("text similarity 0.")
    assert match.reasons[1:] == ["shared names: tesla", "dates 2 days apart"]


def test_index_rebuilt_from_stored_features_answers_the_same(aiid_sample):
    from_reports, from_features = SimilarityIndex(), SimilarityIndex()
    for record in aiid_sample:
        from_reports.add(Report.from_dict(record))
        from_features.add(Features.from_dict(extract(Report.from_dict(record)).to_dict()))

    query = Report.from_dict(aiid_sample[3])

    assert from_features.query(query, k=5) == from_reports.query(query, k=5)


def test_dedup_keeps_unrelated_incidents_apart(aiid_sample, incident_of):
    clusters = dedup([Report.from_dict(r) for r in aiid_sample])

    incidents_per_cluster = {}
    for report_id, cluster in clusters.items():
        incidents_per_cluster.setdefault(cluster, set()).add(incident_of[report_id])
    assert [c for c, incidents in incidents_per_cluster.items() if len(incidents) > 1] == []


def test_dedup_groups_a_japanese_report_with_its_english_incident(aiid_sample, incident_of):
    reports = [Report.from_dict(r) for r in aiid_sample] + [TESLA_TUNNEL_JA]

    clusters = dedup(reports)

    together = {incident_of.get(i) for i, c in clusters.items() if c == clusters["ja-tesla-1"]} - {None}
    assert together == {434}


def test_adding_the_same_id_twice_is_refused():
    index = SimilarityIndex()
    index.add(Report(id="a", title="Uber AV Killed Pedestrian in Arizona"))

    with pytest.raises(ValueError, match="already indexed"):
        index.add(Report(id="a", title="Uber AV Killed Pedestrian in Arizona"))
