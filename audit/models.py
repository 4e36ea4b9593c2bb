from django.conf import settings
from django.db import models

# How each action reads on an audit trail: what the person did, in plain words. Every action
# the service records needs a label here (tests/test_wording.py checks the code for them).
ACTION_LABELS = {
    "concern.filed": "Filed the concern",
    "concern.viewed": "Viewed",
    "concern.denied": "Was refused access",
    "concern.monitoring": "Decided to monitor the concern",
    "concern.closed": "Closed the concern with no further action",
    "concern.referred": "Referred the concern to MASH",
    "concern.band_overridden": "Changed the band",
    "addendum.added": "Added information",
    "access.denied": "Was refused access",
    "referral.viewed": "Viewed the referral",
    "referral.acknowledged": "Acknowledged the referral",
    "referral.contacted": "Recorded the call",
    "referral.call_recorded": "Recorded a call",
    "referral.reference_added": "Added the reference given on the call",
    "referral.withdrawn": "Withdrew the referral",
    "referral.written_generated": "Generated the written referral",
    "referral.written_viewed": "Viewed the written referral",
    "referral.written_downloaded": "Downloaded the written referral",
    "referral.written_sent": "Recorded the written referral as sent to MASH",
    "referrals.live_update": "Was shown new urgent referrals",
    "referral.outcome_recorded": "Recorded the outcome",
    "referral.closed": "Closed the referral",
    "referral.follow_up_sent": "Marked the written follow-up to MASH as sent",
    "referrals.queue_viewed": "Viewed the referral queue",
    "child.viewed": "Viewed the child's chronology",
    "triage.viewed": "Viewed the triage dashboard",
    "concerns.exported": "Downloaded concerns as a spreadsheet",
    "login": "Signed in",
    "login.failed": "Failed to sign in",
    "logout": "Signed out",
    "session.expired": "Was signed out after a period of inactivity",
    "two_factor.enrolled": "Set up two-factor authentication",
    "two_factor.verified": "Entered a two-factor code",
    "two_factor.failed": "Entered a wrong two-factor code",
    "config.added": "Added a setting",
    "config.changed": "Changed a setting",
    "config.deleted": "Deleted a setting",
    "config.password_set": "Set a user's password",
    "role.granted": "Gave a user a role",
    "role.removed": "Took a role away from a user",
    "user.deactivated": "Switched off a user's account",
    "retention.dry_run": "Checked what retention would delete",
    "retention.purged": "Deleted concerns past their retention period",
    "draft.started": "Kept an unfinished concern to finish later",
    "draft.discarded": "Deleted an unfinished concern",
    "draft.purged": "Deleted unfinished concerns past their expiry",
    "child.searched": "Searched for a child",
    "child.matches_viewed": "Viewed the possible matches of child records",
    "child.match_viewed": "Viewed a possible match of two child records",
    "child.match_dismissed": "Kept two child records apart",
    "child.merged": "Merged two child records",
    "child.merge_undone": "Undid a merge of child records",
    "entities.added": "Added people, vehicles, places, phones or accounts",
    "entity.viewed": "Viewed a person, vehicle, place, phone or account",
    "entity.edited": "Corrected a person's, vehicle's, place's, phone's or account's details",
    "entity.merged": "Merged two people, vehicles, places, phones or accounts",
    "entity.split": "Split concerns off a person, vehicle, place, phone or account",
    "entity.match_decided": "Decided whether two people, vehicles or places are the same",
    "network.viewed": "Viewed a network",
    "network.exported": "Printed a meeting pack",
    "networks.viewed": "Viewed the networks",
    "places.viewed": "Viewed the places",
}


class AuditEvent(models.Model):
    """Append-only: who did what to which record, when and from where. Never child data."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=32, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    object_ref = models.CharField(max_length=32, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "cse_portal_auditevent"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(
                fields=["object_type", "object_id", "-at"], name="cse_portal__object__664054_idx"
            ),
            # A concern's trail, newest first, paged by keyset on (at, id) (common.paging).
            models.Index(
                fields=["object_type", "object_ref", "at", "id"], name="audit_object_ref_at_id"
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_ref}"

    @property
    def action_label(self) -> str:
        fallback = self.action.replace(".", " ").replace("_", " ").capitalize()
        return ACTION_LABELS.get(self.action, fallback)
