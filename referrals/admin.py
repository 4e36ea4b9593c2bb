from django.contrib import admin

from cse_portal.admin import AuditedAdmin

from .models import Contact, OfficeHours, Outcome, ReminderTimings


@admin.register(Contact)
class ContactAdmin(AuditedAdmin):
    list_display = ["name", "number", "purpose"]

    def has_delete_permission(self, request, obj=None):
        return False


class SingletonAdmin(AuditedAdmin):
    """One row of settings: it can be changed but not added to or removed."""

    def has_add_permission(self, request):
        return not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfficeHours)
class OfficeHoursAdmin(SingletonAdmin):
    pass


@admin.register(ReminderTimings)
class ReminderTimingsAdmin(SingletonAdmin):
    pass


@admin.register(Outcome)
class OutcomeAdmin(AuditedAdmin):
    list_display = ["name", "order", "active"]
    list_editable = ["order", "active"]
