from django import forms, template

register = template.Library()


@register.filter
def error_anchor(bound_field, field_id: str) -> str:
    """The id the error summary should link to: the first radio of a group, the day box of a
    date, otherwise the field itself. GOV.UK's script then moves focus to that control."""
    if field_id != bound_field.auto_id:
        return field_id
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{field_id}_0"
    return field_id
