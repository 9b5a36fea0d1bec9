"""What the load client reads in a script run's elements: widgets (found by their user key, the
suffix of their element id), the texts shown, errors; and widget values written the way the
browser sends them (streamlit.proto WidgetState)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from streamlit.proto.WidgetStates_pb2 import WidgetState

ID_PREFIX = "$$ID-"
#: element type → the WidgetState field its value travels in
VALUE_FIELDS = {
    "selectbox": "string_value",
    "radio": "string_value",
    "text_input": "string_value",
    "text_area": "string_value",
    "color_picker": "string_value",
    "tab_container": "string_value",
    "multiselect": "string_array_value",
    "button_group": "string_array_value",
    "select_slider": "string_array_value",
    "date_input": "string_array_value",
    "checkbox": "bool_value",
    "expandable": "bool_value",
    "number_input": "double_value",
    "slider": "double_array_value",
    "button": "trigger_value",
    "file_uploader": "file_uploader_state_value",
}


@dataclass
class Widget:
    id: str
    kind: str
    proto: Any
    fragment: str = ""  # the fragment that drew it ("" for the page itself)

    @property
    def key(self) -> str | None:
        return user_key(self.id)

    @property
    def options(self) -> list[str]:
        options = getattr(self.proto, "options", [])
        return [getattr(o, "content", o) for o in options]


def user_key(element_id: str) -> str | None:
    if not element_id.startswith(ID_PREFIX):
        return None
    key = element_id.split("-", 2)[-1]
    return None if key == "None" else key


def element(
    element,
    seen: dict[str, Widget],
    texts: list[str],
    errors: list[str],
    kinds: dict[str, int],
    fragment: str = "",
    scripts: list[str] | None = None,
) -> None:
    """Note what one element shows: its texts, errors, the widget it is, a script the page asks the
    browser to run (``scripts``)."""
    scripts = [] if scripts is None else scripts
    kind = element.WhichOneof("type")
    kinds[kind] = kinds.get(kind, 0) + 1
    body = getattr(element, kind)
    if kind in ("heading", "markdown", "caption"):
        texts.append(body.body)
    elif kind == "html" and body.unsafe_allow_javascript:
        scripts.append(body.body)
    elif kind == "alert":
        texts.append(body.body)
        if body.format == body.ERROR:
            errors.append(f"error shown: {body.body}")
    elif kind == "exception":
        errors.append(f"{body.type}: {body.message}")
    widget_id = getattr(body, "id", "")
    if widget_id and kind in VALUE_FIELDS:
        seen[widget_id] = Widget(widget_id, kind, body, fragment)


def encode(widget: Widget, value: Any) -> WidgetState:
    """A widget's value as the browser sends it (options by their shown label)."""
    state = WidgetState(id=widget.id)
    field_name = VALUE_FIELDS[widget.kind]
    if field_name == "string_array_value":
        state.string_array_value.data.extend(str(v) for v in (value if isinstance(value, list | tuple) else [value]))
    elif field_name == "double_array_value":
        state.double_array_value.data.extend(float(v) for v in (value if isinstance(value, list | tuple) else [value]))
    elif field_name == "bool_value":
        state.bool_value = bool(value)
    elif field_name == "double_value":
        state.double_value = float(value)
    elif field_name == "trigger_value":
        state.trigger_value = bool(value)
    else:
        state.string_value = str(value)
    return state
