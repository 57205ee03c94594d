"""The protocol-level load generator replays a recorded browser rerun as its own session:
its own widget ids, its own XSRF cookie, its own address (bench/protocol.py)."""

from __future__ import annotations

import json

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element

from bench.protocol import Client, widget_key


def recorded(*widgets: tuple[str, dict]) -> bytes:
    message = BackMsg()
    message.rerun_script.context_info.url = "http://127.0.0.1:40000/case?id=7"
    message.rerun_script.cached_message_hashes.append("abc")
    for widget_id, value in widgets:
        state = message.rerun_script.widget_states.widgets.add(id=widget_id)
        for name, content in value.items():
            setattr(state, name, content)
    return message.SerializeToString()


def drawn(client: Client, widget_id: str) -> None:
    """The server sent this session a widget."""
    element = Element()
    element.button.id = widget_id
    client._element(element)


def test_the_key_survives_sessions_and_counters() -> None:
    assert widget_key("$$ID-1f3a-qc0_kind_id") == "qc#_kind_id"
    assert widget_key("$$ID-9bd0-FormSubmitter:qc12-Speichern") == "FormSubmitter:qc#-Speichern"


def test_a_recorded_rerun_becomes_this_sessions_own() -> None:
    client = Client("http://127.0.0.1:50000")
    client.xsrf = "2|mine|token|1"
    drawn(client, "$$ID-ffff-qc3_kind_id")  # the form after three saves, in this session
    drawn(client, "$$ID-eeee-kc_relogin_cookie")  # made from this session's own token
    drawn(client, "$$ID-aaaa-None")  # a field without a key: its id is the same everywhere
    message = BackMsg.FromString(
        client._rewrite(
            recorded(
                ("$$ID-1111-qc0_kind_id", {"string_value": "Telefon"}),
                ("$$ID-2222-kc_relogin_cookie", {"json_value": "true"}),
                ("$$ID-aaaa-None", {"string_value": "kuemmerer.chemnitz"}),
                ("$$ID-bbbb-None", {"string_value": "passwort"}),
                ("$$ID-3333-init", {"json_value": '{"_streamlit_xsrf": "2|recorder|x|1"}'}),
            )
        )
    )
    state = message.rerun_script
    ids = [w.id for w in state.widget_states.widgets]
    assert ids == [
        "$$ID-ffff-qc3_kind_id",
        "$$ID-eeee-kc_relogin_cookie",
        "$$ID-aaaa-None",
        "$$ID-bbbb-None",  # not mistaken for the other keyless field
        "$$ID-3333-init",  # not drawn yet: kept as recorded
    ]
    assert json.loads(state.widget_states.widgets[4].json_value) == {"_streamlit_xsrf": client.xsrf}
    assert state.context_info.url == "http://127.0.0.1:50000/case?id=7"
    assert not state.cached_message_hashes  # the client keeps no message cache
