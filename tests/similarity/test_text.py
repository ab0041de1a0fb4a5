import json
from concurrent.futures import ThreadPoolExecutor

from honbu.similarity import Features
from honbu.similarity.features import Report, extract, normalise_url
from honbu.similarity.text import detect_lang, fold, japanese_words, latin_words


def test_detect_lang_uses_script_then_stopwords():
    assert detect_lang("顔認識で誤認逮捕") == "ja"
    assert detect_lang("ディープフェイク") == "ja"
    assert detect_lang("Uber AV Killed Pedestrian in Arizona") == "en"
    assert detect_lang("El frenado repentino de Tesla supuestamente en el modo de conducción autónoma "
                       "provocó un choque de varios autos en un túnel") == "es"
    assert detect_lang("La \"conduite entièrement autonome\" de Tesla a déclenché un accident de huit "
                       "voitures, a déclaré un conducteur à la police") == "fr"


def test_fold_strips_accents_and_case():
    assert fold("Reconnaissance FACIALE, vehículo") == "reconnaissance faciale, vehiculo"


def test_japanese_words_are_sudachi_normalised_content_words():
    words, names = japanese_words("警察が顔認識システムで男性を誤認逮捕した。")
    assert words == ["警察", "顔認識", "システム", "男性", "誤認", "逮捕"]
    assert names == []


def test_japanese_words_from_several_threads_at_once():
    # The web server tokenises Japanese reports in parallel threads; one Sudachi tokenizer refuses that.
    text = "テスラの自動運転中に急ブレーキ、トンネルで8台の玉突き事故。警察が顔認識システムで男性を誤認逮捕した。" * 4
    expected = japanese_words(text)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: japanese_words(text), range(200)))

    assert results == [expected] * 200


def test_latin_words_share_prefixes_across_languages():
    assert latin_words("algorithm") == latin_words("algoritmo") == latin_words("algorithme") == ["algori"]


def test_extract_bridges_japanese_to_english_terms():
    features = extract(Report(id="ja1", title="テスラの自動運転車が歩行者をはねた"))
    assert features.lang == "ja"
    assert {"tesla", "self-d", "pedest"} <= set(features.words)
    assert "tesla" in features.names


def test_features_survive_a_json_round_trip():
    features = extract(Report.from_dict({"id": "r1", "title": "Uber AV Killed Pedestrian in Arizona",
                                         "text": "", "date": "2018-03-18", "lang": "en",
                                         "url": "https://www.example.com/uber/"}))
    assert Features.from_dict(json.loads(json.dumps(features.to_dict()))) == features


def test_normalise_url_ignores_scheme_www_tracking_and_trailing_slash():
    assert normalise_url("https://www.Example.com/a/?utm_source=x&id=3#top") == "example.com/a?id=3"
    assert normalise_url("example.com/a?id=3") == "example.com/a?id=3"
