"""People, organisations, memberships and the audit trail."""

import hashlib
import json

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from honbu.core.validators import validate_corporate_number


def pick(obj, field: str) -> str:
    """The Japanese or English variant of a paired field (`name_ja`/`name_en`), by the active language,
    falling back to the other when one is empty."""
    ja, en = getattr(obj, f"{field}_ja", ""), getattr(obj, f"{field}_en", "")
    if (get_language() or "ja").startswith("en"):
        return en or ja
    return ja or en


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def memberships_with_org(self):
        return self.memberships.select_related("organisation")

    @property
    def membership(self) -> "Membership | None":
        """The user's membership (people belong to one organisation in honbu); cached per request."""
        if not hasattr(self, "_membership_cache"):
            self._membership_cache = self.memberships.select_related("organisation").first()
        return self._membership_cache

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def is_hq(self) -> bool:
        return self.role in (Membership.Role.HQ_MANAGER, Membership.Role.HQ_ANALYST)

    @property
    def is_hq_manager(self) -> bool:
        return self.role == Membership.Role.HQ_MANAGER

    @property
    def is_liaison(self) -> bool:
        return self.role == Membership.Role.MINISTRY_LIAISON

    @property
    def sees_everything(self) -> bool:
        """HQ staff and ministry liaisons read across organisations (liaisons read-only)."""
        return self.is_hq or self.is_liaison

    @property
    def organisation(self) -> "Organisation | None":
        return self.membership.organisation if self.membership else None


class Organisation(models.Model):
    """An organisation known to the HQ: the secretariat, ministries, businesses, universities, public bodies."""

    class Kind(models.TextChoices):
        HQ_SECRETARIAT = "hq_secretariat", _("HQ secretariat")
        MINISTRY = "ministry", _("Ministry or agency")
        BUSINESS = "business", _("Business")
        UNIVERSITY = "university", _("University or research institute")
        LOCAL_GOVERNMENT = "local_government", _("Local government")
        PUBLIC_BODY = "public_body", _("Incorporated administrative agency or public body")
        OTHER = "other", pgettext_lazy("organisation kind", "Other")

    class ActStatus(models.TextChoices):
        """Status under the AI Promotion Act (Arts 5–7, 25)."""

        RD_INSTITUTION = "rd_institution", _("R&D institution (Art. 6)")
        UTILISING_BUSINESS = "utilising_business", _("Business utilising AI (Art. 7)")
        LOCAL_GOVERNMENT = "local_government", _("Local government (Art. 5)")
        ADMINISTRATIVE_AGENCY = "administrative_agency", _("Incorporated administrative agency (Art. 25)")
        OTHER = "other", pgettext_lazy("act status", "Other")

    class Verification(models.TextChoices):
        PENDING = "pending", _("Awaiting HQ verification")
        VERIFIED = "verified", _("Verified by HQ")
        REJECTED = "rejected", _("Not verified")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_kana = models.CharField(_("name (kana reading)"), max_length=200, blank=True)
    corporate_number = models.CharField(
        _("corporate number"), max_length=13, blank=True, validators=[validate_corporate_number],
        help_text=_("The 13-digit corporate number (法人番号) assigned by the National Tax Agency."),
    )
    legal_form = models.CharField(_("legal form"), max_length=64, blank=True)
    sector = models.CharField(_("sector (JSIC division)"), max_length=2, blank=True)
    is_sme = models.BooleanField(_("small or medium-sized enterprise"), default=False)
    prefecture = models.CharField(_("prefecture"), max_length=2, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=32, blank=True)
    act_status = models.CharField(_("status under the Act"), max_length=32, choices=ActStatus.choices, blank=True)
    is_ai_developer = models.BooleanField(_("AI developer"), default=False)
    is_ai_provider = models.BooleanField(_("AI provider"), default=False)
    is_ai_business_user = models.BooleanField(_("AI business user"), default=False)
    established_in_eu = models.BooleanField(_("established in the EU"), default=False)
    has_eu_authorised_representative = models.BooleanField(_("has an authorised representative in the EU"), default=False)
    verification = models.CharField(_("verification"), max_length=16, choices=Verification.choices, default=Verification.PENDING)
    verification_note = models.TextField(_("reason given by HQ"), blank=True)
    # Sudachi-normalised tokens of the names, kept by honbu.registry for search.
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_kana", "name_ja"]
        constraints = [
            models.UniqueConstraint(
                fields=["corporate_number"], condition=~models.Q(corporate_number=""), name="unique_corporate_number"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self, "name")

    @property
    def is_government(self) -> bool:
        return self.kind in (self.Kind.HQ_SECRETARIAT, self.Kind.MINISTRY)


class Membership(models.Model):
    class Role(models.TextChoices):
        HQ_MANAGER = "hq_manager", _("HQ manager")
        HQ_ANALYST = "hq_analyst", _("HQ analyst")
        MINISTRY_LIAISON = "ministry_liaison", _("Ministry liaison")
        ORG_ADMIN = "org_admin", _("Organisation administrator")
        ORG_MEMBER = "org_member", _("Organisation member")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user"], name="one_membership_per_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class AuditChainHead(models.Model):
    """One row, locked while an event is appended, so concurrent writers cannot fork the hash chain."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")


class AuditEvent(models.Model):
    """An append-only, hash-chained record of one state change."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    data = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def content(self) -> dict:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "changes": self.changes,
            "data": self.data,
            "request_id": self.request_id,
        }

    def compute_hash(self) -> str:
        payload = json.dumps(self.content(), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        return hashlib.sha256((self.prev_hash + payload).encode()).hexdigest()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is kept; the token itself is shown once, at creation."""

    PREFIX = "hb_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def digest_of(token: str) -> str:
        # Tokens are 256-bit random strings, so a plain SHA-256 is enough (no password stretching needed).
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
