"""Every text reply the line sends, built from its snippets, in one place: the text navigator
sends exactly these and the content linter measures exactly these (all_replies)."""

from __future__ import annotations

import re

from content import crisis
from content.model import Language, Node
from content.paging import budget, paginate, sentences


def heading(node: Node) -> str:
    """ "Symptoms:" - but "Can it be cured?" keeps its own mark."""
    return node.title if node.title[-1:] in "?!.:" else node.title + ":"


def menu_block(lang: Language, node: Node, family: bool = False) -> str:
    """A node's text menu: its intro (if any), the menu header, then one numbered line per topic.
    `family`: for someone asking about a family member, the FAMILY_FIRST topics listed first
    (each keeps its own number)."""
    lines = [node.intro.text] if node.intro else []
    options = lang.menu(node).text
    if family:
        option = lang.prompts["sms_menu_option"].text
        options = "\n".join(option.format(label=c.title, key=c.digit) for c in lang.family_order(node))
    lines += [lang.prompts["sms_menu_header"].text, options]
    return "\n".join(lines)


def node_replies(lang: Language, node: Node, first_line: str | None = None, family: bool = False) -> list[str]:
    """A topic as replies within the language's segment budget.

    The title, then the parts in order; each reply but the last ends with sms_more; the last ends with the
    node's menu (when it has subtopics) and sms_menu_hint. `first_line` (e.g. sms_text_me)
    opens the first reply when a section is texted at a caller's request. `family`: its menu lists
    the FAMILY_FIRST topics first (the same lines, so the same pages).
    """
    # The title first: after a fuzzy match the texter sees which topic they got.
    lead = [first_line] if first_line else []
    lead.append(heading(node))
    # A menu of subtopics is the last paragraph: it never pushes the words before it (a "call
    # 911" among them) onto a reply the texter only gets by asking for MORE.
    menu = [menu_block(lang, node, family)] if node.children else []
    chunks = lead + [part.text for part in node.parts] + menu
    more, end = lang.prompts["sms_more"].text, lang.prompts["sms_menu_hint"].text
    # The reply before a new part (or the subtopics) says what MORE brings: "MORE: how it spreads".
    tease = lang.prompts["sms_more_about"].text
    abouts = [None] * len(lead) + [part.about or None for part in node.parts]
    abouts += [lang.prompts["sms_subtopics"].text] if menu else []
    teasers = [tease.format(about=a) if a else None for a in abouts]
    return paginate(chunks, budget(lang.sms_max_segments), more, end, lead=len(lead), teasers=teasers)


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


def not_understood_replies(lang: Language, menu: Node | None = None, family: bool = False) -> list[str]:
    """Reply to words that match nothing: a hint, then the menu the texter was in (the main menu)."""
    return list(pack(lang, lang.prompts["sms_not_understood"].text, menu_block(lang, menu or lang.root, family)))


def did_you_mean_reply(lang: Language, nodes: list[Node]) -> str:
    """ "Did you mean:" and the likeliest topics, numbered 1, 2, 3, then how to answer."""
    option = lang.prompts["sms_menu_option"].text
    lines = [option.format(key=str(i), label=node.title) for i, node in enumerate(nodes, start=1)]
    return "\n".join([lang.prompts["sms_did_you_mean"].text, *lines, lang.prompts["sms_choose"].text])


def crisis_lines(lang: Language, categories: tuple[str, ...]) -> tuple[str, ...]:
    """The crisis texts an alarm gets, in the one plan's order (content/crisis.py)."""
    return tuple(lang.prompts[key].text for key in crisis.plan(categories).prompts)


def pack(lang: Language, *blocks: str) -> tuple[str, ...]:
    """Blocks in order, joined into as few replies as fit the budget (never one over it)."""
    fits = budget(lang.sms_max_segments)
    out: list[str] = []
    for block in (b for b in blocks if b):
        if out and fits(out[-1] + "\n" + block):
            out[-1] += "\n" + block
        elif fits(block):
            out.append(block)
        else:
            out.extend(_split(block, fits))
    return tuple(out)


def _split(block: str, fits) -> list[str]:
    """A block too long for one reply, cut between lines, then sentences, then words."""
    pieces: list[str] = []
    for line in block.split("\n"):
        for sentence in sentences(line) or [line]:
            pieces.extend(_words_within(sentence, fits))
    out: list[str] = []
    for piece in pieces:
        if out and fits(out[-1] + " " + piece):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def _words_within(sentence: str, fits) -> list[str]:
    if fits(sentence):
        return [sentence]
    out: list[str] = []
    for word in re.split(r"\s+", sentence):
        if out and fits(out[-1] + " " + word):
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def all_replies(lang: Language, offers: tuple[str, ...] = ()) -> list[tuple[str, list[str]]]:
    """Every reply the line can send in this language, as (snippet id it comes from, replies).

    `offers` are the other languages' sms_language_offer lines, shown in the welcome.
    """
    out: list[tuple[str, list[str]]] = [(s.id, [s.text]) for _, s in sorted(lang.prompts.items())]
    out.append(("prompt.sms_welcome", welcome_replies(lang, offers)))
    menus = [n for n in lang.nodes.values() if n.children]
    for menu in menus:
        out.append(("prompt.sms_not_understood", not_understood_replies(lang, menu)))
    out.append(("menu.root", [menu_block(lang, lang.root)]))
    # Did you mean: the three longest titles are the worst case.
    longest = sorted((n for n in lang.nodes.values() if n is not lang.root), key=lambda n: -len(n.title))[:3]
    out.append(("prompt.sms_did_you_mean", [did_you_mean_reply(lang, longest)]))
    # Every crisis answer: the lines together with the way back, packed as the line sends them.
    hint = lang.prompts["sms_menu_hint"].text
    for categories in (("emergency",), ("overdose",), ("self_harm",), ("emergency", "overdose", "self_harm")):
        out.append(("prompt.crisis_self_harm", list(pack(lang, *crisis_lines(lang, categories), hint))))
    text_me = lang.prompts["sms_text_me"].text
    # A family member's first page has a line before it (the longest of them is the worst case),
    # and their menus list the FAMILY_FIRST topics first.
    family = max((p.text for k, p in lang.prompts.items() if k.startswith("sms_family_")), key=len, default="")
    for node in lang.nodes.values():
        if node.children:
            out.append((f"menu.{node.id}", [menu_block(lang, node, family=True)]))
        if node is lang.root:
            continue
        out.append((node.id, node_replies(lang, node)))
        out.append((node.id, node_replies(lang, node, first_line=text_me)))
        led = pack(lang, family, node_replies(lang, node, family=True)[0]) if family else ()
        if len(led) == 1:  # the navigator adds the line only where it fits in the same text
            out.append((node.id, list(led)))
    return out
