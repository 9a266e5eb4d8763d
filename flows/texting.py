"""The text line's rules: what a word, a number, MORE, BACK or MENU means for a texter.

Pure, like the navigator: (library, state, message) -> TextTurn. flows/sms.py does HTTP,
the store and TwiML; this module decides the words.
"""

from __future__ import annotations

from dataclasses import dataclass

from content import commands, replies
from content.model import ROOT_ID, Language, Library, Node
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


_OPT_OUT = commands.folded(commands.OPT_OUT)
_OPT_IN = commands.folded(commands.OPT_IN)
_HELP = commands.folded(commands.HELP)
_MORE = commands.folded(commands.MORE)
_BACK = commands.folded(commands.BACK)
_MENU = commands.folded(commands.MENU)
_LANGUAGE = {code: commands.folded(words) for code, words in commands.LANGUAGE_WORDS.items()}


class Texting:
    def __init__(self, library: Library):
        self.library = library

    def pages(self, lang: Language, node: Node, header: str | None = None) -> list[str]:
        """A topic as replies within budget (the same replies the content linter measures)."""
        return replies.node_replies(lang, node, first_line=header)

    def _offers(self, lang: Language) -> tuple[str, ...]:
        return tuple(o.prompt("sms_language_offer").text for o in self.library.languages.values() if o is not lang)

    def welcome(self, lang: Language) -> tuple[str, ...]:
        return tuple(replies.welcome_replies(lang, self._offers(lang)))

    def topic(self, state: TextState, lang: Language, node: Node) -> TextTurn:
        pages = self.pages(lang, node)
        menu = node.id if node.children else (node.parent or ROOT_ID)
        first = (lang.prompt("sms_welcome").text,) if state.new else ()
        return TextTurn(first + (pages[0],), TextState(lang.code, node.id, 1, menu), topic=node.id)

    def handle(self, state: TextState, body: str) -> TextTurn:
        lang = self.library.get(state.language)
        word = commands.fold(body)
        if word in _OPT_OUT:
            return TextTurn((), state, opt_out=True)
        if word in _OPT_IN:
            return TextTurn((lang.prompt("sms_optin").text,), TextState(lang.code), opt_out=False)
        if word in _HELP:
            return TextTurn((lang.prompt("sms_help").text,), state)
        for code, words in _LANGUAGE.items():
            if word in words and code in self.library.languages:
                other = self.library.get(code)
                return TextTurn(self.welcome(other), TextState(code))
        if word in _MENU:
            shown = self.welcome(lang) if state.new else (replies.menu_block(lang, lang.root),)
            return TextTurn(shown, TextState(lang.code))
        if word in _MORE:
            return self._more(state, lang)
        if word in _BACK:
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
        return TextTurn(tuple(replies.not_understood_replies(lang)), TextState(lang.code))

    def _more(self, state: TextState, lang: Language) -> TextTurn:
        node = lang.node(state.node or "")
        if node is None:
            return TextTurn((replies.menu_block(lang, lang.root),), TextState(lang.code))
        pages = self.pages(lang, node)
        if state.page >= len(pages):
            # Nothing left of this topic: the menu it belongs to.
            menu = lang.node(state.menu) or lang.root
            return TextTurn((replies.menu_block(lang, menu),), TextState(lang.code, None, 0, menu.id))
        return TextTurn((pages[state.page],), TextState(lang.code, node.id, state.page + 1, state.menu), topic=node.id)

    def _back(self, state: TextState, lang: Language) -> TextTurn:
        node = lang.node(state.node or state.menu) or lang.root
        parent = lang.parent_of(node) if node.id != ROOT_ID else lang.root
        if parent.id == ROOT_ID:
            return TextTurn((replies.menu_block(lang, lang.root),), TextState(lang.code))
        return self.topic(state, lang, parent)
