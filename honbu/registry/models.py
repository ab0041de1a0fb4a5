"""AI systems and their versioned profiles (システムプロファイル), and runs of the bulk import."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from honbu.core.models import Organisation, pick
from honbu.registry.search import search_text


def validate_general_purpose_models(value) -> None:
    message = _("Each underlying model needs a name, a provider and whether it is the organisation's own model.")
    if not isinstance(value, list):
        raise ValidationError(message)
    for item in value:
        if (not isinstance(item, dict) or set(item) != {"name", "provider", "own"} or not isinstance(item["name"], str)
                or not item["name"].strip() or not isinstance(item["provider"], str) or not isinstance(item["own"], bool)):
            raise ValidationError(message)


class AISystemQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True, organisation__verification=Organisation.Verification.VERIFIED)

    def for_org(self, organisation):
        return self.filter(organisation=organisation)


class AISystem(models.Model):
    """An AI system (AIシステム) that an organisation develops, provides or uses."""

    class Lifecycle(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_DEVELOPMENT = "in_development", _("In development")
        IN_SERVICE = "in_service", _("In service")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ai_systems",
                                     verbose_name=_("organisation"))
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    intended_purpose = models.TextField(_("intended purpose"), blank=True,
                                        help_text=_("What the system is meant to be used for, by whom and where."))
    lifecycle = models.CharField(_("lifecycle status"), max_length=20, choices=Lifecycle.choices,
                                 default=Lifecycle.PLANNED)
    is_developer = models.BooleanField(_("we develop this system (AI developer)"), default=False)
    is_provider = models.BooleanField(_("we provide this system to others (AI provider)"), default=False)
    is_business_user = models.BooleanField(_("we use this system in our business (AI business user)"), default=False)
    market_jp = models.BooleanField(_("offered in Japan"), default=True)
    market_eu = models.BooleanField(_("offered in the EU"), default=False)
    market_other = models.BooleanField(_("offered in other markets"), default=False)
    general_purpose_models = models.JSONField(
        _("underlying general-purpose models"), default=list, blank=True, validators=[validate_general_purpose_models],
    )
    is_public = models.BooleanField(_("listed publicly"), default=False)
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AISystemQuerySet.as_manager()

    class Meta:
        verbose_name = _("AI system")
        verbose_name_plural = _("AI systems")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["organisation", "-id"], name="registry_system_org_idx"),
            models.Index(fields=["lifecycle", "-id"], name="registry_system_life_idx"),
            # One partial index per yes/no filter of the list pages, in the pages' order (see migration 0003).
            models.Index(models.F("id").desc(), condition=models.Q(market_eu=True), name="registry_system_eu_idx"),
            models.Index(models.F("id").desc(), condition=models.Q(market_other=True), name="registry_system_other_idx"),
            models.Index(models.F("id").desc(), condition=models.Q(is_developer=True), name="registry_system_dev_idx"),
            models.Index(models.F("id").desc(), condition=models.Q(is_provider=True), name="registry_system_prov_idx"),
            models.Index(models.F("id").desc(), condition=models.Q(is_business_user=True),
                         name="registry_system_user_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self, "name")

    @property
    def description(self) -> str:
        return pick(self, "description")

    def compute_search_text(self) -> str:
        return search_text(self.name_ja, self.name_en, self.description_ja, self.description_en)

    def save(self, *args, **kwargs):
        self.search_text = self.compute_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def roles(self) -> list[str]:
        return [label for flag, label in ((self.is_developer, _("AI developer")), (self.is_provider, _("AI provider")),
                                          (self.is_business_user, _("AI business user"))) if flag]

    @property
    def markets(self) -> list[str]:
        return [code for flag, code in ((self.market_jp, "JP"), (self.market_eu, "EU"),
                                        (self.market_other, "other")) if flag]

    def latest_profile(self):
        return self.profiles.order_by("-version").first()


class SystemProfile(models.Model):
    """One version of a system's profile. Versions are never changed: every save adds one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    system = models.ForeignKey(AISystem, on_delete=models.CASCADE, related_name="profiles")
    version = models.PositiveIntegerField(_("version"))
    schema_id = models.CharField(_("schema"), max_length=100)
    data = models.JSONField(_("answers"), default=dict)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("system profile")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["system", "version"], name="unique_profile_version")]

    def __str__(self) -> str:
        return f"{self.system} v{self.version}"


class RegistryVersion(models.Model):
    """Counters of writes, one row per kind of record (organisations, AI systems), in the writers' transactions.

    The list pages cache their counts and rendered results under these numbers (`honbu.registry.listcache`): any
    committed write changes its kind's number, so every server process stops using what it cached before, with
    or without a shared cache, and a rolled-back write changes nothing."""

    number = models.BigIntegerField(default=0)


class ImportRun(models.Model):
    """One upload to the bulk import (or its dry run), carried out by the background worker (`honbu worker`).

    The file waits in `content` until the worker takes it and is dropped when the run ends. The outcome is kept
    here, so the status page works from any server process and after restarts; the row counts while the worker
    checks and inserts also go to the cache (the import's single transaction hides them from other connections).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        CHECKING = "checking", _("Checking")
        IMPORTING = "importing", _("Importing")
        CHECKED = "checked", _("Checked")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    RUNNING = (State.QUEUED, State.CHECKING, State.IMPORTING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10, default="ja")
    filename = models.CharField(max_length=200, blank=True)
    dry_run = models.BooleanField(default=False)
    content = models.BinaryField(blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    organisations = models.PositiveIntegerField(default=0)
    systems = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # the first 1,000 row errors: sheet, row, column, message
    error_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    @property
    def running(self) -> bool:
        return self.state in self.RUNNING
