"""A form renderer that writes Django's commonest form templates in Python.

Rendering a form field through Django's templates costs four to eight template renders
(field, label, errors, widget, attrs and, for checkboxes, one more per choice). Today shows
five gratitude forms, so that was over half of the page's time. The functions below produce
byte-for-byte what Django's own templates produce (tests/perf/test_form_rendering.py compares
them over many fields, widgets, values and errors), and each is used only while Django's template
source is exactly the one it was written against: a Django upgrade that changes a template
quietly falls back to the template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

FORMS_TEMPLATES = Path(django.forms.__file__).parent / "templates"


class _PlainContext:
    """What ``render_value_in_context`` reads from a template Context: autoescape on, the
    project's localisation and time zone settings."""

    autoescape = True
    use_l10n = None
    use_tz = None


_CONTEXT = _PlainContext()


def _out(value: Any) -> str:
    """``{{ value }}``: escaped unless already safe; numbers, dates and lazy text as a template would."""
    if type(value) is str:
        return escape(value)
    if isinstance(value, SafeData):
        return str(value)
    return render_value_in_context(value, _CONTEXT)  # type: ignore[arg-type]


def _stringformat(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``."""
    text = "%s" % (value,)  # noqa: UP031 - exactly what the stringformat filter does
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: Mapping[str, Any] | None) -> str:
    parts = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        parts.append(f" {_out(name)}" if value is True else f' {_out(name)}="{_stringformat(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = f' value="{_stringformat(value)}"' if value != None else ""  # noqa: E711 - the template's test
    name = _out(widget["name"])
    return f'<input type="{_out(widget["type"])}" name="{name}"{shown}{_attrs(widget["attrs"])}>\n'


def _input_option(option: Mapping[str, Any]) -> str:
    if not option["wrap_label"]:
        return _input(option) + "\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{_out(option_id)}"' if option_id else ""
    return f"<label{label_for}>{_input(option)} {_out(option['label'])}</label>\n"


OPTION_TEMPLATES = {"django/forms/widgets/checkbox_option.html", "django/forms/widgets/radio_option.html"}


def _multiple_input(widget: Mapping[str, Any]) -> str | None:
    attrs = widget["attrs"]
    widget_id, css_class = attrs.get("id"), attrs.get("class")
    parts = ["<div", f' id="{_out(widget_id)}"' if widget_id else ""]
    parts.append(f' class="{_out(css_class)}">' if css_class else ">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_out(group)}</label>")
        for option in options:
            if option["template_name"] not in OPTION_TEMPLATES:
                return None
            parts.append(f"<div>\n    {_input_option(option)}\n</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def _textarea(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    text = _out(value) if value else ""
    return f'<textarea name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>\n'


def _errors(context: Mapping[str, Any]) -> str:
    errors = context["errors"]
    if not errors:
        return ""
    field_id = errors.field_id
    error_id = f' id="{_out(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_out(error)}</li>" for error in errors)
    return f'<ul class="{_out(context["error_class"])}"{error_id}>{items}</ul>'


def _label(context: Mapping[str, Any]) -> str:
    if not context["use_tag"]:
        return _out(context["label"]) + "\n"
    tag = _out(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_out(context['label'])}</{tag}>\n"


def _field(context: Mapping[str, Any]) -> str:
    field = context["field"]
    fieldset = field.use_fieldset
    parts = []
    if fieldset:
        described = field.aria_describedby
        parts.append(
            "\n  <fieldset" + (f' aria-describedby="{_out(described)}"' if described else "") + ">\n  "
        )
        parts.append(_out(field.legend_tag()) if field.label else "")
    else:
        parts.append("\n  ")
        parts.append(_out(field.label_tag()) if field.label else "")
    parts.append("\n\n")
    if field.help_text:
        help_id = f' id="{_out(field.auto_id)}_helptext"' if field.auto_id else ""
        parts.append(f'<div class="helptext"{help_id}>{field.help_text}</div>')
    parts.append(f"\n{_out(field.errors)}\n{_out(field)}")
    parts.append("</fieldset>\n" if fieldset else "\n")
    return "".join(parts)


def _widget(render: Callable[[Mapping[str, Any]], str | None]) -> Callable[[Mapping[str, Any]], str | None]:
    return lambda context: render(context["widget"])


def _input_wrapper(context: Mapping[str, Any]) -> str:
    return _input(context["widget"]) + "\n"


def _multiple_wrapper(context: Mapping[str, Any]) -> str | None:
    html = _multiple_input(context["widget"])
    return None if html is None else html + "\n"


_INCLUDE_INPUT = '{% include "django/forms/widgets/input.html" %}\n'
INPUT_TYPES = ["checkbox", "date", "datetime", "email", "hidden", "number", "password"]
INPUT_TYPES += ["search", "tel", "text", "time", "url", "color"]

# template name -> (the exact Django source it reproduces, the Python that does)
FAST_TEMPLATES: dict[str, tuple[str, Callable[[Mapping[str, Any]], str | None]]] = {
    "django/forms/field.html": (
        '{% if field.use_fieldset %}\n  <fieldset{% if field.aria_describedby %} aria-describedby="'
        '{{ field.aria_describedby }}"{% endif %}>\n  {% if field.label %}{{ field.legend_tag }}{% endif %}\n'
        "{% else %}\n  {% if field.label %}{{ field.label_tag }}{% endif %}\n{% endif %}\n"
        '{% if field.help_text %}<div class="helptext"{% if field.auto_id %} '
        'id="{{ field.auto_id }}_helptext"{% endif %}>{{ field.help_text|safe }}</div>{% endif %}\n'
        "{{ field.errors }}\n{{ field }}{% if field.use_fieldset %}</fieldset>{% endif %}\n",
        _field,
    ),
    "django/forms/label.html": (
        "{% if use_tag %}<{{ tag }}{% include 'django/forms/attrs.html' %}>{{ label }}</{{ tag }}>"
        "{% else %}{{ label }}{% endif %}\n",
        _label,
    ),
    "django/forms/errors/list/default.html": ('{% include "django/forms/errors/list/ul.html" %}', _errors),
    "django/forms/widgets/textarea.html": (
        '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
        "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n",
        _widget(_textarea),
    ),
    "django/forms/widgets/checkbox_select.html": (
        '{% include "django/forms/widgets/multiple_input.html" %}\n',
        _multiple_wrapper,
    ),
    "django/forms/widgets/radio.html": (
        '{% include "django/forms/widgets/multiple_input.html" %}\n',
        _multiple_wrapper,
    ),
    **{f"django/forms/widgets/{name}.html": (_INCLUDE_INPUT, _input_wrapper) for name in INPUT_TYPES},
}
_ATTRS_BODY = (
    "{% if value is not False %} {{ name }}{% if value is not True %}=\"{{ value|stringformat:'s' }}\""
    "{% endif %}{% endif %}{% endfor %}"
)
# The templates those functions inline; they too must be exactly as written against.
INLINED_SOURCES = {
    "django/forms/attrs.html": "{% for name, value in attrs.items %}" + _ATTRS_BODY,
    "django/forms/widgets/attrs.html": "{% for name, value in widget.attrs.items %}" + _ATTRS_BODY,
    "django/forms/errors/list/ul.html": '{% if errors %}<ul class="{{ error_class }}"'
    '{% if errors.field_id %} id="{{ errors.field_id }}_error"{% endif %}>'
    "{% for error in errors %}<li>{{ error }}</li>{% endfor %}"
    "</ul>{% endif %}",
    "django/forms/widgets/input.html": '<input type="{{ widget.type }}" name="{{ widget.name }}"'
    "{% if widget.value != None %} value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
    '{% include "django/forms/widgets/attrs.html" %}>\n',
    "django/forms/widgets/multiple_input.html": '{% with id=widget.attrs.id %}<div{% if id %} id="{{ id }}"'
    '{% endif %}{% if widget.attrs.class %} class="{{ widget.attrs.class }}"{% endif %}>'
    "{% for group, options, index in widget.optgroups %}{% if group %}\n  <div><label>{{ group }}</label>"
    "{% endif %}{% for option in options %}<div>\n    {% include option.template_name with widget=option %}"
    "</div>{% endfor %}{% if group %}\n  </div>{% endif %}{% endfor %}\n</div>{% endwith %}\n",
    "django/forms/widgets/input_option.html": '{% if widget.wrap_label %}<label{% if widget.attrs.id %} for="'
    '{{ widget.attrs.id }}"{% endif %}>{% endif %}{% include "django/forms/widgets/input.html" %}'
    "{% if widget.wrap_label %} {{ widget.label }}</label>{% endif %}\n",
    "django/forms/widgets/checkbox_option.html": '{% include "django/forms/widgets/input_option.html" %}\n',
    "django/forms/widgets/radio_option.html": '{% include "django/forms/widgets/input_option.html" %}\n',
}


def _source(name: str) -> str | None:
    try:
        return (FORMS_TEMPLATES / name).read_text()
    except OSError:
        return None


@cache
def fast_templates() -> dict[str, Callable[[Mapping[str, Any]], str | None]]:
    """The fast paths whose Django templates are unchanged; none at all if an inlined one changed."""
    if any(_source(name) != source for name, source in INLINED_SOURCES.items()):
        return {}
    return {name: render for name, (source, render) in FAST_TEMPLATES.items() if _source(name) == source}


class FastFormRenderer(DjangoTemplates):
    """Django's default form renderer, with the commonest templates done in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        fast = fast_templates().get(template_name)
        if fast is not None:
            html = fast(context)
            if html is not None:
                # Stripped, as BaseRenderer.render strips what a template renders.
                return mark_safe(html.strip())  # noqa: S308 - every value above is escaped as a template would
        return super().render(template_name, context, request)
