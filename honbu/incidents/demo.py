"""Demo AI harm reports (ja/en), two Art. 16 cases with measures to demo businesses, one published.

The incidents are fictional but modelled on the kinds of case the AI Incident Database records. Idempotent:
reports are keyed by a fixed submission key, cases by title.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from honbu.core.models import Organisation, User

from . import transitions
from .models import Case, Report

# (key, language, title, description, harms, severity, organisation name_ja or "", system, url, days ago)
REPORTS = [
    ("demo-deepfake-1", "ja", "私の顔を使ったディープフェイク動画が投資詐欺の広告に使われた",
     "動画SNSの広告で、私の顔と声を合成した動画が「必ず儲かる投資」を勧めています。私はこの広告と無関係です。"
     "知人から問い合わせが相次ぎ、精神的に参っています。動画はかがやき生成AIラボの動画生成サービスで作られたと"
     "広告の透かしから分かりました。", ["deepfake", "fraud", "psychological"], "significant",
     "かがやき生成AIラボ株式会社", "動画生成サービス「かがやきムービー」", "https://news.example.jp/2026/05/deepfake-ad", 20),
    ("demo-deepfake-2", "en", "Deepfake investment ads use a TV presenter's face and voice",
     "Video ads on social media show a synthetic video of a well-known TV presenter recommending a guaranteed-profit "
     "investment. A watermark shows it was made with Kagayaki Movie, a video generation service. Several viewers "
     "transferred money.", ["deepfake", "fraud"], "significant", "かがやき生成AIラボ株式会社", "Kagayaki Movie",
     "https://news.example.jp/2026/05/deepfake-ad", 18),
    ("demo-hiring-1", "ja", "採用AIが女性と50代以上の応募者を一律に低く評価していた",
     "人材サービス会社の書類選考AIが、女性と50代以上の応募者に一律で低いスコアを付けていたと元社員が証言した。"
     "過去の採用実績を学習させたことが原因とみられる。", ["discrimination"], "significant",
     "株式会社あおば人材サービス", "書類選考AI", "https://news.example.jp/2026/04/hiring-ai", 45),
    ("demo-hiring-2", "en", "Resume screening AI scored older and female applicants lower",
     "A former employee of Aoba HR Services says its resume screening model gave systematically lower scores to "
     "women and applicants over 50, apparently because it was trained on past hiring decisions.",
     ["discrimination"], "significant", "株式会社あおば人材サービス", "resume screening model", "", 44),
    ("demo-chatbot-1", "ja", "自治体のAIチャットボットが児童手当の対象外と誤って回答",
     "市の問い合わせ用AIチャットボットが、対象となる世帯に「児童手当の対象外です」と回答していた。"
     "申請をあきらめた世帯があるという。", ["disinformation", "financial"], "minor", "",
     "市の問い合わせチャットボット", "", 12),
    ("demo-chatbot-2", "en", "Insurance chatbot invented a cancellation policy",
     "Tsubasa Insurance's customer chatbot told a customer that a policy could be cancelled without fees within 60 "
     "days. No such rule exists; the customer was charged.", ["disinformation", "financial"], "minor",
     "株式会社つばさ保険", "customer service chatbot", "", 9),
    ("demo-face-1", "ja", "顔認証システムの誤認識で買い物客が万引き犯と扱われた",
     "小売店の顔認証システムが、買い物客を過去の万引き犯と誤って照合し、店員が客を呼び止めて所持品を確認した。"
     "客は人前で犯人扱いされ、強い苦痛を受けた。", ["privacy", "discrimination", "psychological"], "significant",
     "株式会社ふたば顔認証システムズ", "店舗向け顔認証システム", "https://news.example.jp/2026/06/face-shop", 30),
    ("demo-face-2", "en", "Shop's face recognition wrongly flagged a customer as a shoplifter",
     "A retail chain's face recognition system matched a shopper to a past shoplifting suspect. Staff searched her "
     "bag in front of other customers. The vendor is Futaba Face Recognition Systems.",
     ["privacy", "discrimination"], "significant", "株式会社ふたば顔認証システムズ", "store face recognition",
     "https://news.example.jp/2026/06/face-shop", 29),
    ("demo-voice-1", "ja", "AI音声で社長になりすました電話で送金させられた",
     "社長の声を合成したAI音声から電話があり、経理担当者が至急の送金に応じてしまった。", ["fraud", "financial"],
     "serious", "", "音声合成", "", 5),
    ("demo-copyright-1", "en", "Image generator reproduces an illustrator's signature style and watermark",
     "An illustrator found images from an image generation service that reproduce her characters and even part of "
     "her watermark.", ["copyright"], "minor", "", "image generator", "", 3),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _org(name_ja: str) -> Organisation | None:
    return Organisation.objects.filter(name_ja=name_ja).first() if name_ja else None


@transaction.atomic
def load() -> None:
    analyst, manager = _user("hq-analyst"), _user("hq-manager")
    if analyst is None or manager is None:
        return
    reports = {}
    for key, language, title, description, harms, severity, org_name, system, url, days in REPORTS:
        existing = Report.objects.filter(submission_key=key).first()
        if existing is None:
            organisation = _org(org_name)
            data = {"title": title, "description": description, "harms": harms, "severity": severity,
                    "organisation": organisation, "organisation_name": "" if organisation else org_name,
                    "system_name": system, "source_urls": [url] if url else [], "language": language,
                    "occurred_on": timezone.localdate() - dt.timedelta(days=days + 3)}
            existing, _ = transitions.submit_report(data=data, channel=Report.Channel.PUBLIC, submission_key=key)
        reports[key] = existing

    today = timezone.localdate()
    if not Case.objects.filter(title="ディープフェイクによる投資詐欺広告").exists():
        case = transitions.merge_into_case(reports=[reports["demo-deepfake-1"], reports["demo-deepfake-2"]],
                                           by=analyst, title="ディープフェイクによる投資詐欺広告")
        transitions.assign_case(case=case, by=manager, assignee=analyst, due_on=today + dt.timedelta(days=30))
        transitions.start_analysis(case=case, by=analyst)
        kagayaki = _org("かがやき生成AIラボ株式会社")
        transitions.record_analysis(
            case=case, by=analyst, organisations=[kagayaki] if kagayaki else None,
            rights_affected="肖像権・パブリシティ権、財産権", system_description="動画生成サービス",
            cause="第三者の顔画像のアップロードに本人確認がなく、生成動画の広告利用を止める仕組みもなかった。",
            summary_ja="動画生成サービスで著名人の顔と声を合成した投資勧誘広告が作られ、視聴者が送金被害に遭った事案。"
                       "提供事業者に対し、本人の同意確認と生成物の表示について指導を行った。",
            summary_en="Investment ads were made with a video generation service using a public figure's face and "
                       "voice, and viewers lost money. The provider received guidance on consent checks and labelling.",
        )
        transitions.add_note(case=case, by=analyst, text="広告プラットフォーム側への情報提供も検討する。")
        if kagayaki:
            measure = transitions.issue_measure(
                case=case, by=analyst, organisation=kagayaki, kind="guidance", due_on=today + dt.timedelta(days=30),
                text="実在の人物の顔・声を用いる生成について本人の同意を確認する手順を設け、生成動画に"
                     "AI生成である旨の表示を付すこと。対応計画を期限までに報告すること。")
            admin = kagayaki.memberships.filter(role="org_admin").select_related("user").first()
            if admin:
                transitions.accept_measure(measure=measure, by=admin.user,
                                           action_plan="9月末までに本人確認と透かし表示を導入します。")
        transitions.decide_measures(case=case, by=analyst)
        transitions.publish_case(case=case, by=manager)

    if not Case.objects.filter(title="Hiring AI discriminating against women and older applicants").exists():
        case = transitions.merge_into_case(reports=[reports["demo-hiring-1"], reports["demo-hiring-2"]], by=analyst,
                                           title="Hiring AI discriminating against women and older applicants")
        transitions.start_analysis(case=case, by=analyst)
        aoba = _org("株式会社あおば人材サービス")
        if aoba:
            transitions.issue_measure(
                case=case, by=analyst, organisation=aoba, kind="advice", due_on=today + dt.timedelta(days=21),
                text="Audit the screening model for bias by sex and age, and suspend automatic rejections meanwhile.")
        sakura = _org("さくらAIソリューションズ株式会社")
        if sakura:
            transitions.issue_measure(
                case=case, by=analyst, organisation=sakura, kind="information", due_on=today + dt.timedelta(days=21),
                text="Information: the screening model your company supplies was involved in this case; please "
                     "share the bias tests you performed before release.")
