"""Search and filters shared by the HTML pages, the API and the export."""

from honbu.registry.search import matching

ORG_ROLE_FIELDS = {"developer": "is_ai_developer", "provider": "is_ai_provider", "business_user": "is_ai_business_user"}
SYSTEM_ROLE_FIELDS = {"developer": "is_developer", "provider": "is_provider", "business_user": "is_business_user"}
MARKET_FIELDS = {"JP": "market_jp", "EU": "market_eu", "other": "market_other"}


def filter_organisations(organisations, *, q: str = "", sector: str = "", role: str = "", act_status: str = "", **_):
    organisations = matching(organisations, q)
    if sector:
        organisations = organisations.filter(sector=sector)
    if role in ORG_ROLE_FIELDS:
        organisations = organisations.filter(**{ORG_ROLE_FIELDS[role]: True})
    if act_status:
        organisations = organisations.filter(act_status=act_status)
    return organisations


def filter_systems(systems, *, q: str = "", sector: str = "", role: str = "", act_status: str = "", market: str = "",
                   lifecycle: str = "", organisation: int | None = None, **_):
    systems = matching(systems, q)
    if organisation:
        systems = systems.filter(organisation_id=organisation)
    if sector:
        systems = systems.filter(organisation__sector=sector)
    if act_status:
        systems = systems.filter(organisation__act_status=act_status)
    if role in SYSTEM_ROLE_FIELDS:
        systems = systems.filter(**{SYSTEM_ROLE_FIELDS[role]: True})
    if market in MARKET_FIELDS:
        systems = systems.filter(**{MARKET_FIELDS[market]: True})
    if lifecycle:
        systems = systems.filter(lifecycle=lifecycle)
    return systems
