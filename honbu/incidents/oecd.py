"""Mapping onto the OECD common reporting framework for AI incidents ("Towards a common reporting framework
for AI incidents", OECD, February 2025).

| OECD criterion (dimension)                         | honbu                                               |
|----------------------------------------------------|-----------------------------------------------------|
| Title (metadata) *                                 | `Report.title`                                      |
| Description of the incident (metadata) *           | `Report.description`                                |
| Date(s) of occurrence (metadata)                   | `Report.occurred_on`                                |
| Date reported (metadata)                           | `Report.created_at`                                 |
| Country / location (metadata)                      | `Report.country`, `Report.location`                 |
| Submitter information (metadata) *                 | `Report.channel`, submitter organisation (never a member of the public's email) |
| Supporting materials / sources (metadata) *        | `Report.source_urls`, attachments (count only)      |
| How the AI system relates to the incident *        | `Report.description`, `Case.cause`                  |
| AI system name (AI model)                          | `Report.system` (registry) or `Report.system_name`  |
| Developer / deployer (economic context)            | the system's organisation, `Report.organisation` or `organisation_name` |
| Industry (economic context)                        | `Report.sector` (JSIC division of the organisation) |
| Severity (harm details) *                          | `Report.severity`: hazard → AI hazard; minor/significant → AI incident; serious → serious AI incident |
| Harm type (harm details) *                         | `Report.harms` (see HARM_TYPES)                     |
| Affected stakeholders (people and planet)          | `Report.stakeholders`, `Report.affected`            |
| Human rights / rights impacts (people and planet)  | `Case.rights_affected`                              |
| Actions taken (other information)                  | `Measure` kinds and states                          |

`*` marks the seven criteria the framework treats as mandatory.
"""

from .models import HarmKind, Severity

HARM_TYPES = {
    HarmKind.PHYSICAL: "physical",
    HarmKind.PSYCHOLOGICAL: "psychological",
    HarmKind.FINANCIAL: "economic/property",
    HarmKind.DISCRIMINATION: "human rights (non-discrimination)",
    HarmKind.PRIVACY: "human rights (privacy and data protection)",
    HarmKind.COPYRIGHT: "intellectual property rights",
    HarmKind.DISINFORMATION: "societal (information integrity)",
    HarmKind.DEEPFAKE: "reputational / human rights (likeness)",
    HarmKind.FRAUD: "economic/property",
    HarmKind.OTHER: "other",
}

SEVERITY = {
    Severity.HAZARD: "AI hazard",
    Severity.MINOR: "AI incident",
    Severity.SIGNIFICANT: "AI incident",
    Severity.SERIOUS: "serious AI incident",
}


def _name(obj) -> str:
    return obj.name_en or obj.name_ja


def report_to_oecd(report) -> dict:
    """One report as OECD framework fields. Text is data, never markup: consumers must escape it."""
    return {
        "title": report.title,
        "description": report.description,
        "date_of_occurrence": report.occurred_on.isoformat() if report.occurred_on else None,
        "date_reported": report.created_at.date().isoformat(),
        "countries": [report.country] if report.country else [],
        "location": report.location,
        "submitter": {"channel": report.channel,
                      "organisation": _name(report.submitter_organisation) if report.submitter_organisation else None},
        "supporting_materials": report.url_list,
        "ai_system_name": _name(report.system) if report.system else report.system_name,
        "ai_system": ({"registry_id": report.system.pk, "name_ja": report.system.name_ja,
                       "name_en": report.system.name_en, "organisation_ja": report.system.organisation.name_ja,
                       "organisation_en": report.system.organisation.name_en} if report.system else None),
        "developer_or_deployer": (_name(report.system.organisation) if report.system
                                  else _name(report.organisation) if report.organisation else report.organisation_name),
        "industry": report.sector,
        "severity": SEVERITY.get(report.severity, ""),
        "harm_types": sorted({HARM_TYPES[HarmKind(code)] for code in report.harm_list if code in HarmKind.values}),
        "affected_stakeholders": report.stakeholder_list,
        "affected_stakeholders_description": report.affected,
        "language": report.language,
    }


def case_to_public(case) -> dict:
    """A published case for the portal feed: the anonymised summary and facts that identify no submitter."""
    return {
        "reference": case.reference,
        "summary_ja": case.summary_ja,
        "summary_en": case.summary_en,
        "severity": SEVERITY.get(case.severity, ""),
        "harm_kinds": case.harm_list,
        "harm_types": sorted({HARM_TYPES[HarmKind(code)] for code in case.harm_list if code in HarmKind.values}),
        "rights_affected": case.rights_affected,
        "state": case.state,
        "actions_taken": [measure.kind for measure in case.measures.all()],
        "organisations_named": [{"name_ja": p.organisation.name_ja, "name_en": p.organisation.name_en}
                                for p in getattr(case, "published_names", [])],
        "published_at": case.published_at.isoformat(),
    }
