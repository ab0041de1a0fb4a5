"""Reports and cases as the domain talks about them."""

from honbu.incidents import transitions
from honbu.incidents.models import Report

DEEPFAKE_JA = {
    "title": "私の顔を使ったディープフェイク動画が投資詐欺の広告に使われた",
    "description": "SNSで、私の顔と声を合成したディープフェイク動画が投資の勧誘広告に使われています。"
                   "私はこの広告に一切関わっていません。知人から問い合わせがあり、精神的な苦痛を受けています。",
    "harms": ["deepfake", "fraud", "psychological"],
    "severity": "significant",
    "system_name": "動画生成AI",
    "location": "SNS広告",
}


def report_data(**overrides) -> dict:
    data = {"title": "Chatbot gave false information about benefits",
            "description": "A municipal chatbot told residents they were not eligible for child benefits.",
            "harms": ["disinformation"], "severity": "minor", "occurred_on": None, "location": "",
            "system_name": "", "organisation_name": "", "organisation": None, "stakeholders": [],
            "affected": "", "source_urls": [], "contact_email": ""}
    data.update(overrides)
    return data


def make_report(by=None, channel=Report.Channel.PUBLIC, **overrides) -> Report:
    return transitions.submit_report(data=report_data(**overrides), by=by, channel=channel)[0]
