"""Walking the menu tree the way a caller or texter would (shared by the voice and text tests)."""

from __future__ import annotations

from content.model import ROOT_ID, Language, Node


def chain(lang: Language, node: Node) -> list[Node]:
    """Root's child first, `node` last."""
    out = []
    while node.id != ROOT_ID:
        out.append(node)
        node = lang.parent_of(node)
    return list(reversed(out))


def keypad_to(call, lang: Language, node: Node) -> None:
    """From the main menu, press the keys that reach `node` and start its first part (or menu)."""
    path = chain(lang, node)
    for i, step in enumerate(path):
        call.press(step.digit)
        if i < len(path) - 1:
            for _ in step.parts:  # hear the parts, then its own menu comes
                call.press("1")


def start_call(phone, code: str):
    """Call, and pick the language at the opening choice (skipped when the line remembers it)."""
    call = phone.call()
    library = phone.endpoint.transport.client.application.extensions["line"].library
    if library.get(code).prompt("language_offer").voice in call.last_text:
        call.press(library.get(code).digit)
    return call
