from honbu.core import demo as core_demo
from honbu.incidents import demo
from honbu.incidents.models import Case, Measure, Report


def test_demo_loads_reports_cases_and_measures_idempotently(db):
    core_demo.load()
    demo.load()
    demo.load()
    assert Report.objects.count() == len(demo.REPORTS)
    assert Case.objects.count() == 2
    assert Case.objects.published().count() == 1
    addressees = set(Measure.objects.values_list("organisation__name_ja", flat=True))
    assert addressees == {"かがやき生成AIラボ株式会社", "株式会社あおば人材サービス", "さくらAIソリューションズ株式会社"}
