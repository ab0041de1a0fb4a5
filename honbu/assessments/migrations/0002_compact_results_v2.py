"""Saved results move to the smaller compact form: rule labels only, obligations grouped by addressee and date."""

from django.db import migrations


def _rule_citations():
    import honbu.rulebook as rulebook

    return {rule.label: rule.citation for book in rulebook.BOOKS.values() for rule in book.rules}


def forward(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    for assessment in Assessment.objects.filter(result__eu__has_key="citations").iterator():
        for side in assessment.result.values():
            side.pop("citations", None)
            side["rules"] = [rule[0] if isinstance(rule, list) else rule for rule in side["rules"]]
            grouped = {}
            for oid, addressee, applies_from in side["obligations"]:
                grouped.setdefault(f"{addressee}@{applies_from}", []).append(oid)
            side["obligations"] = {key: sorted(ids) for key, ids in grouped.items()}
        assessment.save(update_fields=["result"])


def backward(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    citations = _rule_citations()
    for assessment in Assessment.objects.exclude(result__eu__has_key="citations").iterator():
        for side in assessment.result.values():
            side["rules"] = [[rule, citations.get(rule, "")] for rule in side["rules"]]
            side["citations"] = list(dict.fromkeys(citation for _, citation in side["rules"]))
            side["obligations"] = sorted([oid, *key.rsplit("@", 1)] for key, ids in side["obligations"].items() for oid in ids)
        assessment.save(update_fields=["result"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
