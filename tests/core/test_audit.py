import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from honbu.core.audit import record, verify_chain
from honbu.core.models import AuditEvent


def test_record_chains_each_event_to_the_previous(hq_manager, business_a):
    first = record(hq_manager, "organisation.verified", business_a, changes={"verification": ["pending", "verified"]})
    second = record(hq_manager, "organisation.updated", business_a, changes={"website": ["", "https://sakura.example.jp/"]})
    assert (first.seq, second.seq) == (1, 2)
    assert second.prev_hash == first.hash
    assert first.object_type == "core.organisation"
    assert first.object_id == str(business_a.pk)
    assert list(verify_chain()) == []


def test_verify_names_the_first_edited_event(hq_manager, business_a):
    for n in range(4):
        record(hq_manager, "organisation.updated", business_a, changes={"name_en": [f"v{n}", f"v{n + 1}"]})
    AuditEvent.objects.filter(seq=2).update(changes={"name_en": ["v1", "forged"]})
    with pytest.raises(CommandError, match="broken at event #2"):
        call_command("audit", "verify")


def test_verify_detects_a_deleted_event(hq_manager, business_a):
    for _ in range(3):
        record(hq_manager, "organisation.updated", business_a)
    AuditEvent.objects.filter(seq=3).delete()  # a queryset delete bypasses the model's guard, as raw SQL would
    breaks = list(verify_chain())
    assert [b.seq for b in breaks] == [3]


def test_audit_events_cannot_be_changed_through_the_model(hq_manager, business_a):
    event = record(hq_manager, "organisation.updated", business_a)
    event.action = "something.else"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_verify_command_reports_an_intact_chain(hq_manager, business_a, capsys):
    record(hq_manager, "organisation.updated", business_a)
    call_command("audit", "verify")
    assert capsys.readouterr().out == "Audit chain intact: 1 events verified.\n"


def test_events_carry_the_request_id(as_user, admin_a, business_a):
    response = as_user(admin_a).post(
        f"/organisations/{business_a.pk}/members/",
        {"name": "新人 一郎", "email": "ichiro@sakura.example.jp", "role": "org_member"},
        HTTP_X_REQUEST_ID="req-12345",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="membership.invited")
    assert (event.actor, event.request_id) == (admin_a, "req-12345")
