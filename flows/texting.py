"""The text line's rules: what a word, a number, MORE, BACK or MENU means for a texter.

Pure, like the navigator: (library, state, message) -> TextTurn. flows/sms.py does HTTP,
the store and TwiML; this module decides the words.
"""

from __future__ import annotations

from dataclasses import dataclass

from content import commands
from content.model import ROOT_ID, Language, Library, Node
from content.paging import budget, paginate
from flows import keywords


@dataclass(frozen=True)
class TextState:
    language: str
    node: str | None = None  # topic being read
    page: int = 0  # pages of it already sent
    menu: str = ROOT_ID  # last menu shown: numbers pick from it
    new: bool = False  # first message from this person (or first after a long quiet)


@dataclass(frozen=True)
class TextTurn:
    replies: tuple[str, ...]  # each within the language's segment budget; empty for STOP
    state: TextState
    opt_out: bool | None = None  # True: STOP family; False: START family
    topic: str | None = None  # topic shown (for audio by message)


class Texting:
    def __init__(self, library: Library):
        self.library = library

    def pages(self, lang: Language, node: Node, header: str | None = None) -> list[str]:
        """A topic as replies: title, parts, then its own menu when it has subtopics."""
        chunks = [node.title + ":"] if header is None else [header, node.title + ":"]
        chunks += [p.text for p in node.parts]
        end = lang.prompt("sms_menu_hint").text
        if node.children:
            intro = node.intro.text + " " if node.intro else ""
            end = intro + lang.prompt("sms_menu_header").text + "\n" + lang.menu(node).text
        return paginate(chunks, budget(lang.sms_max_segments), lang.prompt("sms_more").text, end)

    def menu_reply(self, lang: Language, node: Node, lead: str = "") -> str:
        header = lang.prompt("sms_menu_header").text
        return "\n".join(x for x in (lead, header, lang.menu(node).text) if x)

    def topic(self, state: TextState, lang: Language, node: Node) -> TextTurn:
        pages = self.pages(lang, node)
        menu = node.id if node.children else (node.parent or ROOT_ID)
        new_state = TextState(lang.code, node.id, 1, menu)
        return TextTurn((self._welcome(state, lang, pages[0]),), new_state, topic=node.id)

    def _welcome(self, state: TextState, lang: Language, reply: str) -> str:
        if not state.new:
            return reply
        return (
            lang.prompt("sms_welcome").text + "\n" + reply
            if _fits(lang, lang.prompt("sms_welcome").text + "\n" + reply)
            else reply
        )

    def handle(self, state: TextState, body: str) -> TextTurn:
        lang = self.library.get(state.language)
        word = keywords.normalise(body)
        if word in commands.OPT_OUT:
            return TextTurn((), state, opt_out=True)
        if word in commands.OPT_IN:
            return TextTurn((self.menu_reply(lang, lang.root, lang.prompt("sms_optin").text),), state, opt_out=False)
        if word in commands.HELP:
            return TextTurn((lang.prompt("sms_help").text,), state)
        for code, words in commands.LANGUAGE.items():
            if word in words and code in self.library.languages:
                other = self.library.get(code)
                reply = self.menu_reply(other, other.root, other.prompt("sms_welcome").text)
                return TextTurn((reply,), TextState(code, None, 0, ROOT_ID))
        if word in commands.MENU:
            return TextTurn((self._welcome(state, lang, self.menu_reply(lang, lang.root)),), TextState(lang.code))
        if word in commands.MORE:
            return self._more(state, lang)
        if word in commands.BACK:
            return self._back(state, lang)
        if word.isdigit():
            menu = lang.node(state.menu) or lang.root
            child = menu.child_for(word)
            if child:
                return self.topic(state, lang, child)
        match = keywords.best_topic(lang, body, within=lang.node(state.menu))
        if match:
            return self.topic(state, lang, match.node)
        return self.not_understood(state, lang)

    def not_understood(self, state: TextState, lang: Language) -> TextTurn:
        menu = lang.node(state.menu) or lang.root
        reply = self.menu_reply(lang, menu, lang.prompt("sms_not_understood").text)
        return TextTurn((reply,), TextState(lang.code, state.node, state.page, menu.id))

    def _more(self, state: TextState, lang: Language) -> TextTurn:
        node = lang.node(state.node or "")
        if node is None:
            return TextTurn((self.menu_reply(lang, lang.root),), TextState(lang.code))
        pages = self.pages(lang, node)
        if state.page >= len(pages):
            # Nothing left of this topic: the menu it belongs to.
            menu = lang.node(state.menu) or lang.root
            return TextTurn((self.menu_reply(lang, menu),), TextState(lang.code, None, 0, menu.id))
        return TextTurn((pages[state.page],), TextState(lang.code, node.id, state.page + 1, state.menu), topic=node.id)

    def _back(self, state: TextState, lang: Language) -> TextTurn:
        node = lang.node(state.node or state.menu) or lang.root
        parent = lang.parent_of(node) if node.id != ROOT_ID else lang.root
        if parent.id == ROOT_ID:
            return TextTurn((self.menu_reply(lang, lang.root),), TextState(lang.code))
        return self.topic(state, lang, parent)


def _fits(lang: Language, text: str) -> bool:
    return budget(lang.sms_max_segments)(text)
