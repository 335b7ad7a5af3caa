"""Form rendering the whole site shares: fields for words take their direction from the words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting

# The widgets a person writes their own words in; email addresses, numbers, dates and
# passwords are not among them.
WORD_WIDGETS = (forms.TextInput, forms.Textarea)


# Said when words run over a field's limit (a paste the browser's maxlength did not cut, a form
# sent without the page's own check); the text is sent back with it, so nothing is lost.
TOO_LONG = (
    "That is %(show_value)d characters, and this has room for %(limit_value)d. "
    "Your words are still here: shorten them a little and save again."
)


class WordsBoundField(forms.BoundField):
    """``dir="auto"`` on every text field and textarea, so Hebrew or Arabic typed into one runs
    right to left from the first letter, and English still left to right; and a clear message
    when the words are longer than the field holds, unless the field says it its own way."""

    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        # Each form holds its own copy of its fields, so this changes no other form.
        if isinstance(field, forms.CharField) and isinstance(field.widget, WORD_WIDGETS):
            field.error_messages.setdefault("max_length", TOO_LONG)

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if isinstance(widget or self.field.widget, WORD_WIDGETS):
            attrs.setdefault("dir", "auto")
        return attrs


class FormRenderer(TemplatesSetting):
    """Django's own form templates, found through settings.TEMPLATES (``django.forms`` is an
    installed app) so a widget of ours can keep its markup in ``templates/widgets/``; and
    ``WordsBoundField`` for every field (settings.FORM_RENDERER)."""

    bound_field_class = WordsBoundField
