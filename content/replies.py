"""The text replies a language can send, built from its snippets; the SMS flow and the linter share them."""

from __future__ import annotations

from content.model import Language, Node
from content.paging import budget, paginate


def heading(node: Node) -> str:
    """ "Symptoms:" - but "Can it be cured?" keeps its own mark."""
    return node.title if node.title[-1:] in "?!.:" else node.title + ":"


def menu_block(lang: Language, node: Node) -> str:
    """A node's text menu: its intro (if any), the menu header, then one numbered line per topic."""
    lines = [node.intro.text] if node.intro else []
    lines += [lang.prompts["sms_menu_header"].text, lang.menu(node).text]
    return "\n".join(lines)


def node_replies(lang: Language, node: Node, first_line: str | None = None) -> list[str]:
    """A topic as replies within the language's segment budget.

    The title, then the parts in order; each reply but the last ends with sms_more; the last ends with the
    node's menu (when it has subtopics) and sms_menu_hint. `first_line` (e.g. sms_text_me)
    opens the first reply when a section is texted at a caller's request.
    """
    # The title first: after a fuzzy match the texter sees which topic they got.
    lead = [first_line] if first_line else []
    lead.append(heading(node))
    # A menu of subtopics is the last paragraph: it never pushes the words before it (a "call
    # 911" among them) onto a reply the texter only gets by asking for MORE.
    menu = [menu_block(lang, node)] if node.children else []
    chunks = lead + [part.text for part in node.parts] + menu
    more, end = lang.prompts["sms_more"].text, lang.prompts["sms_menu_hint"].text
    return paginate(chunks, budget(lang.sms_max_segments), more, end, lead=len(lead))


def _with_menu(lang: Language, lines: list[str]) -> list[str]:
    """Lines then the main menu: one reply when it fits the budget, else two messages sent together."""
    menu = menu_block(lang, lang.root)
    joined = "\n".join([*lines, menu])
    if budget(lang.sms_max_segments)(joined):
        return [joined]
    return ["\n".join(lines), menu]


def welcome_replies(lang: Language, offers: tuple[str, ...] = ()) -> list[str]:
    """First reply to a new texter: what the line is, the other languages' offers, the main menu."""
    return _with_menu(lang, [lang.prompts["sms_welcome"].text, *offers])


def not_understood_replies(lang: Language) -> list[str]:
    """Reply to words that match nothing: a hint, then the main menu."""
    return _with_menu(lang, [lang.prompts["sms_not_understood"].text])


def all_replies(lang: Language, offers: tuple[str, ...] = ()) -> list[tuple[str, list[str]]]:
    """Every reply the line can send in this language, as (snippet id it comes from, replies).

    `offers` are the other languages' sms_language_offer lines, shown in the welcome.
    """
    out: list[tuple[str, list[str]]] = [(s.id, [s.text]) for _, s in sorted(lang.prompts.items())]
    out.append(("prompt.sms_welcome", welcome_replies(lang, offers)))
    out.append(("prompt.sms_not_understood", not_understood_replies(lang)))
    out.append(("menu.root", [menu_block(lang, lang.root)]))
    text_me = lang.prompts["sms_text_me"].text
    for node in lang.nodes.values():
        if node is lang.root:
            continue
        out.append((node.id, node_replies(lang, node)))
        out.append((node.id, node_replies(lang, node, first_line=text_me)))
    return out
