from django.contrib import admin

from audit.admin import AuditedAdmin
from common.templatetags.portal import points

from . import services
from .models import Indicator, IndicatorVersion, ScoringPolicy


class IndicatorVersionInline(admin.TabularInline):
    model = IndicatorVersion
    extra = 0
    can_delete = False
    readonly_fields = [
        "version",
        "text",
        "help_text",
        "weight",
        "active",
        "changed_at",
        "changed_by",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["text", "kind", "weight", "order", "active", "version"]
    list_editable = ["order", "active"]
    list_filter = ["kind", "active"]
    fields = ["key", "kind", "text", "help_text", "weight", "order", "active"]
    inlines = [IndicatorVersionInline]

    def get_readonly_fields(self, request, obj=None):
        return ["key", "kind"] if obj else []

    def history_view(self, request, object_id, extra_context=None):
        """The History page lists every version: wording, weight and who changed it."""
        versions = IndicatorVersion.objects.filter(indicator_id=object_id).select_related(
            "changed_by"
        )
        context = {**(extra_context or {}), "versions": versions}
        return super().history_view(request, object_id, extra_context=context)

    def save_model(self, request, obj, form, change):
        services.indicator_save(indicator=obj, by=request.user)
        self._audit(
            request, obj, "config.changed" if change else "config.added", sorted(form.changed_data)
        )

    def has_delete_permission(self, request, obj=None):
        return False  # answers point at indicators; switch one off with "active" instead


@admin.register(ScoringPolicy)
class ScoringPolicyAdmin(AuditedAdmin):
    list_display = [
        "version",
        "medium_points",
        "high_points",
        "young_age",
        "repeat_count",
        "repeat_days",
        "looked_after_floor",
        "created_at",
        "created_by",
    ]
    fields = [
        "medium_threshold",
        "high_threshold",
        "young_age",
        "repeat_count",
        "repeat_days",
        "looked_after_floor",
    ]

    # Thresholds as a person writes them: 6, not 6.0.
    @admin.display(description="Medium threshold")
    def medium_points(self, obj):
        return points(obj.medium_threshold)

    @admin.display(description="High threshold")
    def high_points(self, obj):
        return points(obj.high_threshold)

    def save_model(self, request, obj, form, change):
        services.policy_new_version(policy=obj, by=request.user)
        self._audit(request, obj, "config.added", sorted(form.changed_data))

    def has_delete_permission(self, request, obj=None):
        return False
