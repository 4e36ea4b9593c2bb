from decimal import Decimal, InvalidOperation

from django import forms, template
from django.utils.html import format_html

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
def as_list(value) -> list:
    """One form as the list of forms the shared error summary takes."""
    return [value]


@register.tag
def scroll_region(parser, token):
    """{% scroll_region "Concerns you have filed" %}<table>…</table>{% endscroll_region %}:
    a data table wider than a narrow screen scrolls inside its own region, which a keyboard
    user can reach and a screen reader names, rather than the whole page (WCAG 1.4.10)."""
    try:
        _, label = token.split_contents()
    except ValueError as exc:
        raise template.TemplateSyntaxError("scroll_region takes one label") from exc
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegionNode(nodelist, parser.compile_filter(label))


class ScrollRegionNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist = nodelist
        self.label = label

    def render(self, context):
        return format_html(
            '<div class="app-scroll-region" role="region" aria-label="{}" tabindex="0" '
            "data-scroll-region>{}</div>",
            self.label.resolve(context),
            self.nodelist.render(context),  # already safe: an escaped template
        )


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
