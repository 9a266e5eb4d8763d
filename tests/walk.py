"""Walking the menu tree the way a caller or texter would (shared by the voice and text tests)."""

from __future__ import annotations

import re

from content.model import ROOT_ID, Language, Node
from content.replies import heading


def texter_in(texter, code: str):
    """A texter past the welcome, at the main menu, reading in `code` (chosen with ESPAÑOL)."""
    texter.send("menu")
    if code == "es":
        texter.send("ESPAÑOL")
    return texter


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
    entered = False  # going on from a topic with one subtopic enters it: no key to press
    for i, step in enumerate(path):
        if not entered:
            call.press(step.digit)
        entered = False
        if i < len(path) - 1:
            for _ in step.parts:  # hear the parts, then its own menu comes (or its one subtopic)
                call.press("1")
            entered = bool(step.parts) and len(step.children) == 1


def start_call(phone, code: str):
    """Call, and press the language's key at the opening (every call opens with the offers)."""
    call = phone.call()
    library = phone.endpoint.transport.client.application.extensions["line"].library
    if at_opening(call):
        action = call.gather.get("action", "")
        if f"/voice/{code}/known/" in action and f"/voice/{code}/known/{ROOT_ID}/" not in action:
            call.silence()  # the language's key would go on where the last call left off
        else:
            call.press(library.get(code).digit)
    return call


def at_opening(call) -> bool:
    """The call waits at the opening's language offers (voice state is in the URL path)."""
    return call.waiting and any(f"/{screen}/" in call.gather.get("action", "") for screen in ("lang", "known"))


def headings(node) -> set[str]:
    """How a reply opens a topic (content.replies.heading: "Symptoms:", "Can it be cured?")."""
    return {heading(node)}


def topic_of(lang, replies) -> str | None:
    """The topic a reply shows: its heading opens a reply (after "(1/3) ") and its first words follow."""
    joined = "\n".join(r.body for r in replies)
    for reply in replies:
        for line in reply.body.split("\n"):
            first = re.sub(r"^\(\d+/\d+\) ", "", line)
            for node in lang.nodes.values():
                opening = node.parts[0].text if node.parts else node.intro.text if node.intro else ""
                if node.id != ROOT_ID and first in headings(node) and opening[:40] in joined:
                    return node.id
    return None
