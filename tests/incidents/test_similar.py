"""Similar reports from the database's term index: the same answers as an in-memory index of everything."""

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from honbu.incidents import similar
from honbu.incidents.models import ReportFeatures, SimilarityPosting, SimilaritySnapshot, SimilarityTerm
from honbu.similarity import SimilarityIndex, Statistics
from tests.incidents.factories import DEEPFAKE_JA, make_report

SAMPLE = Path(__file__).parents[1] / "similarity" / "fixtures" / "aiid-sample.jsonl"


def stored(report):
    row = ReportFeatures.objects.get(pk=report.pk)
    return similar.from_stored(row.data, row.grams)


@pytest.fixture
def aiid_reports(db):
    """The English and Japanese-free part of the AIID sample (Tesla pileup, Uber fatality, BlenderBot, ...)."""
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    return [make_report(title=r["title"] or r["text"][:80], description=r["text"], language="en",
                        occurred_on=dt.date.fromisoformat(r["date"]) if r.get("date") else None)
            for r in rows if r["lang"] == "en"]


def test_similar_reports_match_an_in_memory_index_of_every_report(aiid_reports):
    everything = SimilarityIndex()
    for report in aiid_reports:
        everything.add(stored(report))

    for report in aiid_reports:
        expected = everything.query(stored(report), k=5)
        got = similar.similar_to(report, k=5)

        assert [m.id for m in got] == [m.id for m in expected]
        assert [m.reasons for m in got] == [m.reasons for m in expected]
        assert np.allclose([m.score for m in got], [m.score for m in expected], atol=1e-9)


def test_a_new_report_is_found_by_the_next_query(db):
    first = make_report(**DEEPFAKE_JA)
    unrelated = make_report()
    second = make_report(title="有名人のディープフェイク動画を使った投資詐欺広告がSNSに出ている",
                         description="私の顔と声を合成したディープフェイク動画が、SNSの投資勧誘広告に使われていました。",
                         harms=["deepfake"], severity="minor")

    found = [m.id for m in similar.similar_to(first)]

    assert found[0] == str(second.pk)
    assert str(unrelated.pk) not in found


def test_each_report_raises_the_document_frequency_of_its_terms_once(db):
    a = make_report(title="Chatbot gave false benefits advice", description="The chatbot said benefits stopped.")
    b = make_report(title="Benefits chatbot wrong again", description="A chatbot gave wrong answers on benefits.")

    chatbot = SimilarityTerm.objects.get(term="chatbo")

    assert chatbot.df == 2
    assert sorted(SimilarityPosting.objects.filter(term=chatbot).values_list("report_id", "count")) == [
        (a.pk, 2), (b.pk, 2)]


def test_a_report_citing_the_same_page_is_suggested_without_shared_words(db):
    first = make_report(title="Gesichtserkennung", description="", source_urls=["https://news.example.jp/a/1?utm_source=x"])
    second = make_report(title="顔認証の誤認", description="", source_urls=["http://www.news.example.jp/a/1/"])

    matches = similar.similar_to(second)

    assert [m.id for m in matches] == [str(first.pk)]
    assert "same URL" in matches[0].reasons


def test_the_posting_budget_keeps_the_rarest_terms(db, monkeypatch):
    target = make_report(title="Zorblax facial recognition misidentified a shopper",
                         description="The Zorblax camera system flagged an innocent shopper in Sapporo.")
    for i in range(3):
        make_report(title=f"Facial recognition camera flagged shopper {i}",
                    description="A facial recognition camera system flagged a shopper as a thief.")
    query = make_report(title="Zorblax misidentified someone", description="Zorblax flagged a person wrongly.")
    monkeypatch.setattr(similar, "POSTING_BUDGET", 2)

    assert similar.similar_to(query)[0].id == str(target.pk)


def test_statistics_count_a_report_committed_after_a_later_one(db):
    make_report(title="first")
    assert similar.collection().documents == 1
    late = make_report(title="late")
    make_report(title="later")
    row = ReportFeatures.objects.filter(pk=late.pk).values("data", "grams", "length", "url_key").get()
    ReportFeatures.objects.filter(pk=late.pk).delete()  # as if `late`'s transaction had not committed yet

    assert similar.collection().documents == 2

    ReportFeatures.objects.create(report=late, **row)  # it commits now
    assert similar.collection().documents == 3


def test_a_process_starting_from_a_snapshot_counts_what_counting_everything_counts(db, monkeypatch):
    monkeypatch.setattr(similar, "SNAPSHOT_EVERY", 2)
    reports = [make_report(**DEEPFAKE_JA), make_report(), make_report(title="Robot vacuum mapped the house")]
    similar.collection()
    assert SimilaritySnapshot.objects.get().through == reports[-1].pk
    similar.reset()  # another process
    reports.append(make_report(title="Voice clone scam called my mother", description="A cloned voice asked for money."))

    got = similar.collection()

    expected = Statistics.from_features(stored(r) for r in reports)
    assert (got.documents, got.total_length) == (expected.documents, expected.total_length)
    assert np.array_equal(got.gram_df, expected.gram_df)


@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_features_stored_before_it():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from honbu.similarity import extract
    from honbu.similarity.features import Report as EngineReport

    old, new = [("incidents", "0002_link_registry_systems")], [("incidents", "0003_similarity_term_index")]
    executor = MigrationExecutor(connection)
    executor.migrate(old)
    apps = executor.loader.project_state(old).apps
    Report, Features = apps.get_model("incidents", "Report"), apps.get_model("incidents", "ReportFeatures")
    texts = ["Deepfake ad used a singer's face", "Deepfake advert showed a singer", "Robot vacuum mapped the house"]
    for text in texts:
        report = Report.objects.create(channel="public", language="en", title=text, harms=",deepfake,",
                                       severity="minor", source_urls="https://example.jp/a")
        Features.objects.create(report=report, data=extract(EngineReport(id=str(report.pk), title=text,
                                                                        url="https://example.jp/a")).to_dict())
    first = Features.objects.order_by("pk").first()

    executor = MigrationExecutor(connection)
    executor.migrate(new)

    row = ReportFeatures.objects.get(pk=first.pk)
    assert "grams" not in row.data
    assert similar.from_stored(row.data, row.grams).grams == {int(k): c for k, c in first.data["grams"]}
    assert row.url_key == similar.url_key("example.jp/a")
    assert SimilarityTerm.objects.get(term="deepfa").df == 2
    assert SimilarityTerm.objects.get(term="singer").df == 2
    assert SimilarityPosting.objects.filter(report_id=first.pk).count() == len(similar.index_terms(
        similar.from_stored(row.data, row.grams)))
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_report_as_long_as_the_form_allows_is_indexed_and_found(db):
    from honbu.incidents.models import MAX_TEXT

    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    long_text = "\n".join(r["text"] for r in rows if r["text"])[:MAX_TEXT]
    first = make_report(title="Collected AIID reports", description=long_text, language="en")
    second = make_report(title="Collected AIID reports, resent", description=long_text[:MAX_TEXT - 100], language="en")

    assert SimilarityPosting.objects.filter(report_id=first.pk).count() == len(similar.index_terms(stored(first)))
    assert similar.similar_to(second)[0].id == str(first.pk)
