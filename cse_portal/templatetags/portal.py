from decimal import Decimal, InvalidOperation

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


@register.filter
def points(value) -> str:
    """A score, weight or threshold the way a person writes it: 6, 8, 7.5 (never 8.0 or 6.00).
    Anything that is not a number is shown as it is."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")
