from django import forms
from django.contrib import admin, messages

from audit.admin import AuditedAdmin

from .models import Contact, DutyShift, MashSettings, OfficeHours, Outcome, ReminderTimings
from .selectors import leads_without_email, rota_candidates


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


@admin.register(MashSettings)
class MashSettingsAdmin(SingletonAdmin):
    pass


class DutyShiftForm(forms.ModelForm):
    class Meta:
        model = DutyShift
        fields = ["day", "period", "lead"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = rota_candidates()
        self.fields["lead"].help_text = (
            "Only active safeguarding leads with an email address can be on the rota: urgent "
            "alerts go to the duty lead by email."
        )

    def clean_lead(self):
        lead = self.cleaned_data["lead"]
        if not rota_candidates().filter(pk=lead.pk).exists():
            raise forms.ValidationError("Choose an active safeguarding lead with an email address")
        return lead


@admin.register(DutyShift)
class DutyShiftAdmin(AuditedAdmin):
    form = DutyShiftForm
    list_display = ["day", "period", "lead"]
    list_filter = ["period"]
    date_hierarchy = "day"

    def changelist_view(self, request, extra_context=None):
        _warn_leads_without_email(request)
        return super().changelist_view(request, extra_context)

    def changeform_view(self, request, *args, **kwargs):
        if request.method == "GET":
            _warn_leads_without_email(request)
        return super().changeform_view(request, *args, **kwargs)


def _warn_leads_without_email(request) -> None:
    names = [f"{user.get_full_name()} ({user.get_username()})" for user in leads_without_email()]
    if names:
        messages.warning(
            request,
            f"These safeguarding leads have no email address, so no alert can reach them and "
            f"they cannot be put on the duty rota: {', '.join(names)}. Add an email address "
            f"under Users.",
        )
