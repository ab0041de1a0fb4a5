"""Saved assessments: a system's position under both regimes, pinned to a profile version and a rulebook version."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from honbu.registry.models import AISystem, SystemProfile


class AssessmentQuerySet(models.QuerySet):
    def current(self):
        """Each system's newest assessment (one row per system)."""
        return self.filter(is_latest=True)


class Assessment(models.Model):
    class Trigger(models.TextChoices):
        PROFILE_SUBMITTED = "profile_submitted", _("Profile submitted")
        REASSESSMENT = "reassessment", _("Registry re-assessed")
        MANUAL = "manual", _("Assessed on request")

    system = models.ForeignKey(AISystem, on_delete=models.CASCADE, related_name="assessments")
    profile = models.ForeignKey(SystemProfile, on_delete=models.CASCADE, related_name="assessments")
    rulebook_version = models.CharField(_("rulebook version"), max_length=20)
    as_of = models.DateField(_("as of"))
    eu_tier = models.CharField(_("EU AI Act tier"), max_length=20, blank=True, db_index=True)
    gpai = models.CharField(_("general-purpose model"), max_length=20, blank=True)
    result = models.JSONField(_("result"))  # compact form, see compare.compact
    digest = models.CharField(max_length=64)
    trigger = models.CharField(_("trigger"), max_length=20, choices=Trigger.choices)
    # Kept by the transitions: exactly one row per system is the latest, so the inventory counts one index.
    is_latest = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["system", "-created_at"])]
        constraints = [models.UniqueConstraint(fields=["system"], condition=models.Q(is_latest=True), name="one_latest_assessment")]

    def __str__(self) -> str:
        return f"{self.system} — {self.eu_tier or '?'} ({self.as_of})"

    @property
    def tier_label(self) -> str:
        from honbu.assessments.report import EU_TIERS

        return str(EU_TIERS.get(self.eu_tier or None, self.eu_tier))

    def previous(self) -> "Assessment | None":
        return self.system.assessments.filter(pk__lt=self.pk).order_by("-pk").first()


class ReassessmentRun(models.Model):
    """One background pass over the registry, with progress for the inventory page."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    as_of = models.DateField()
    rulebook_version = models.CharField(max_length=20)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.state == self.State.FINISHED else 0)
