"""The EU decision order: tier, general-purpose model axis, and the obligations that follow."""
from __future__ import annotations

from ...engine import Evaluation, any3, nonempty, not3

_AREA_REGISTERED_SECURELY = ("6", "7")     # Art 49(4): law enforcement, migration (point 1 in LE: see docs)


def decide(ev: Evaluation) -> dict:
    subject = ev.fact("system.subject")
    outside = any3(not3(ev.value("eu.in_scope")), nonempty(ev.value("eu.excluded")))
    if outside is True:
        return {"tier": "out_of_scope", "gpai": None}

    gpai = ev.value("eu.gpai")
    if gpai:
        _gpai_obligations(ev, gpai)
    gpai = gpai or None
    if subject == "gpai_model":      # a bare model: the system axis is minimal (issue 4 convention)
        return {"tier": None if outside is None else "minimal", "gpai": gpai}

    if subject is None:
        ev.need(("system.subject",))
    ai = ev.value("eu.ai_system") if subject == "ai_system" else None
    if ai is False:
        return {"tier": "out_of_scope", "gpai": gpai}

    tier = _tier(ev, outside, ai)
    roles = ev.value("eu.roles") or ()
    if tier in ("prohibited", None) and nonempty(ev.value("eu.prohibited")):
        _prohibited_obligations(ev, roles)
        return {"tier": tier, "gpai": gpai}
    _rbi_exception_conditions(ev, roles)
    if ev.value("eu.high_risk") and not ev.value("eu.annex_iii_high") and not ev.value("eu.annex_i_section_a_high"):
        for r in roles:           # Annex I Section B: only Arts 6(1), 102-109 and 112 apply (Art 2(2))
            ev.oblige("eu.art2_2", r, "annex_i_high_risk_apply")
        return {"tier": tier, "gpai": gpai}
    if tier != "out_of_scope":
        _literacy(ev, roles)
    if ev.value("eu.high_risk"):
        _high_risk_obligations(ev, roles)
    elif ev.value("eu.annex_iii_high") is False and ev.value("eu.annex_iii_points"):
        _derogation_obligations(ev, roles)
    _transparency_obligations(ev, roles)
    if tier == "minimal":
        for r in ("provider", "deployer"):
            if r in roles:
                ev.oblige("eu.art95", r)
    return {"tier": tier, "gpai": gpai}


def _tier(ev: Evaluation, outside, ai) -> str | None:
    """Highest tier that holds; None while an unanswered question above it could still change it."""
    undecided = any3(outside, not3(ai)) is None
    prohibited = nonempty(ev.value("eu.prohibited"))
    if prohibited is True:
        ev.settle("eu.high_risk", False)         # a prohibited system is not classified further
        ev.settle("eu.annex_i_section_a_high", False)
        return None if undecided else "prohibited"
    undecided = undecided or prohibited is None
    annex_i = ev.value("eu.annex_i_high")
    annex_iii = ev.value("eu.annex_iii_high")
    high = any3(annex_i, annex_iii)
    ev.settle("eu.high_risk", high)
    section_a = None if annex_i is None else bool(annex_i) and any(s == "A" for s, _ in ev.value("eu.annex_i_points") or ())
    ev.settle("eu.annex_i_section_a_high", section_a)
    if high is True:
        return None if undecided else "high"
    undecided = undecided or high is None
    limited = nonempty(ev.value("eu.art50"))
    if limited is True:
        return None if undecided else "limited"
    undecided = undecided or limited is None
    open_source = ev.value("eu.open_source_excluded")
    if open_source is True and not undecided:
        return "out_of_scope"
    if undecided or open_source is None:
        return None
    return "minimal"


def _fired(ev: Evaluation, label: str) -> bool:
    return any(e["rule"] == label and "overridden_by" not in e for e in ev.trace)


def _literacy(ev: Evaluation, roles) -> None:
    for r in ("provider", "deployer"):
        if r in roles:
            ev.oblige(ev.params["ai_literacy_obligation"], r)


def _prohibited_obligations(ev: Evaluation, roles) -> None:
    practices = ev.value("eu.prohibited") or ()
    date = "prohibitions_apply" if set(practices) - {"ba", "bb"} else "new_prohibitions_apply"
    for r in roles:
        ev.oblige("eu.art5", r, date)


def _rbi_exception_conditions(ev: Evaluation, roles) -> None:
    if "deployer" in roles and _fired(ev, "eu.art5_1_h_objective"):
        ev.oblige("eu.art5_2_7", "deployer")


def _high_risk_obligations(ev: Evaluation, roles) -> None:
    via_iii = ev.value("eu.annex_iii_high") is True
    points = ev.value("eu.annex_iii_points") or () if via_iii else ()
    areas = {p.split("(")[0] for p in points}
    date = "annex_iii_high_risk_apply" if via_iii else "annex_i_high_risk_apply"
    if "provider" in roles:
        for oid in ("eu.art9", "eu.art10", "eu.art11", "eu.art12", "eu.art13", "eu.art14", "eu.art15",
                    "eu.art16", "eu.art17", "eu.art18_19", "eu.art20_21"):
            ev.oblige(oid, "provider", date)
        if "1" in areas:
            ev.oblige("eu.art43_biometrics", "provider", date)
        elif via_iii:
            ev.oblige("eu.art43_internal", "provider", date)
        if ev.value("eu.annex_i_section_a_high"):
            ev.oblige("eu.art43_sectoral", "provider", "annex_i_high_risk_apply")
        ev.oblige("eu.art47_48", "provider", date)
        if via_iii:
            if areas == {"2"}:
                ev.oblige("eu.art49_5", "provider", date)
            elif areas & set(_AREA_REGISTERED_SECURELY):
                ev.oblige("eu.art49_4", "provider", date)
            else:
                ev.oblige("eu.art49_1", "provider", date)
        ev.oblige("eu.art72", "provider", date)
        ev.oblige("eu.art73", "provider", date)
        if ev.fact("eu_nexus.established_in_eu") is False:
            ev.oblige("eu.art22", "provider", date)
    if "deployer" in roles:
        ev.oblige("eu.art26", "deployer", date)
        if "4" in areas:
            ev.oblige("eu.art26_7", "deployer", date)
        if via_iii:
            ev.oblige("eu.art26_11", "deployer", date)
            public = ev.fact("role.public_body")
            if areas - {"2"} and (public or "5(b)" in points or "5(c)" in points):
                ev.oblige("eu.art27", "deployer", date)
            if public:
                ev.oblige("eu.art49_3", "deployer", date)
    for r, oid in (("importer", "eu.art23"), ("distributor", "eu.art24"), ("authorised_representative", "eu.art22_tasks")):
        if r in roles:
            ev.oblige(oid, r, date)


def _derogation_obligations(ev: Evaluation, roles) -> None:
    if "provider" in roles:
        ev.oblige("eu.art6_4", "provider")
        ev.oblige("eu.art49_2", "provider")


_ART50 = (("eu.art50_1", "provider"), ("eu.art50_2", "provider"), ("eu.art50_3", "deployer"),
          ("eu.art50_4_deep_fake", "deployer"), ("eu.art50_4_text", "deployer"))


def _transparency_obligations(ev: Evaluation, roles) -> None:
    if not ev.value("eu.art50"):
        return
    fired = {e["rule"] for e in ev.trace if "overridden_by" not in e}
    for label, addressee in _ART50:
        if addressee in roles and label in fired:
            if label == "eu.art50_2" and "art50_2_legacy_deadline" in ev.params:
                _marking(ev)
            else:
                ev.oblige(label, addressee)


def _marking(ev: Evaluation) -> None:
    """Art 50(2) once Art 111(4) is law: a generative system already on the market before the
    general date has until the legacy deadline.  Unanswered: the general (earlier) date is listed
    and the question is asked, since the answer moves the date."""
    legacy = ev.ask("transparency.placed_on_market_before_2026_08_02")
    ev.oblige("eu.art50_2", "provider", "art50_2_legacy_deadline" if legacy else None)


def _gpai_obligations(ev: Evaluation, gpai: str) -> None:
    date = "gpai_legacy_deadline" if ev.fact("gpai.placed_on_market_before_2025_08_02") else "gpai_obligations_apply"
    exempt = ev.value("eu.gpai_open_source_exempt")
    if exempt is False:
        ev.oblige("eu.art53_1_a", "provider", date)
        ev.oblige("eu.art53_1_b", "provider", date)
    ev.oblige("eu.art53_1_c", "provider", date)
    ev.oblige("eu.art53_1_d", "provider", date)
    if exempt is False and ev.fact("eu_nexus.established_in_eu") is False:
        ev.oblige("eu.art54", "provider", date)
    if gpai == "gpai_systemic":
        ev.oblige("eu.art52", "provider", date)
        ev.oblige("eu.art55", "provider", date)
