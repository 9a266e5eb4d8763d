"""The text line's rules: what a word, a number, MORE, BACK or MENU means for a texter.

Pure, like the navigator: (library, state, message) -> TextTurn. flows/sms.py does HTTP,
the store and TwiML; this module decides the words. The first rule that fits wins:

1. a carrier opt-out word alone (STOP, ...): record it, reply with nothing
2. crisis or emergency words (flows/safety.py): 988 and/or 911 first, before any content
3. nothing to read (a picture, an emoji): please send a word
4. START/YES/UNSTOP, HELP/INFO/AYUDA, ESPAÑOL/ENGLISH, MENU, MORE, BACK, LISTEN
5. a number from the last menu shown
6. a topic by keyword, misspelling or short question (flows/keywords.py): the texter's
   language first, then the others (a Spanish word switches an English texter to Spanish)
7. otherwise the menu with two example words: never a dead end

Every reply fits the language's segment budget; a topic's last reply ends with the next step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from content import commands, replies
from content.model import ROOT_ID, Language, Library, Node, Snippet
from content.paging import budget, sentences
from flows import keywords, safety

# Words around a command that do not change it ("more please", "menú por favor").
POLITE = frozenset({"please", "pls", "plz", "thanks", "thank", "you", "ok", "okay", "por", "favor", "gracias"})
# Hello in a language: a new texter's first word can pick it ("hola" -> Spanish).
GREETINGS = {
    "en": frozenset({"hi", "hello", "hey", "good morning", "good afternoon", "good evening"}),
    "es": frozenset({"hola", "buenas", "buenos dias", "buenas tardes", "buenas noches", "saludos"}),
}


def _folded(words) -> frozenset[str]:
    """Command words from content/commands.py, folded the way texts are (flows.keywords.normalise)."""
    return frozenset(keywords.normalise(w) for w in words)


OPT_OUT, OPT_IN, HELP = _folded(commands.OPT_OUT), _folded(commands.OPT_IN), _folded(commands.HELP)
MORE, BACK, MENU = _folded(commands.MORE), _folded(commands.BACK), _folded(commands.MENU)
LISTEN = _folded(commands.LISTEN)
LANGUAGE_WORDS = {code: _folded(words) for code, words in commands.LANGUAGE_WORDS.items()}


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
    media: tuple[Snippet, ...] = ()  # LISTEN: snippets whose audio goes with replies[0] as its caption
    alarm: tuple[str, ...] = ()  # safety categories answered (only these are logged)


class Texting:
    def __init__(self, library: Library):
        self.library = library
        # A topic's pages never change while the app runs (content is loaded once), and paging
        # measures every candidate reply in GSM-7 septets: work it out once per topic.
        self._pages: dict[tuple[str, str], list[str]] = {}

    # -- building replies ------------------------------------------------------------------
    def pages(self, lang: Language, node: Node) -> list[str]:
        """A topic as replies (content/replies.py: the same replies the content linter measures).
        Always the same pages for a topic - a line in front goes through first_reply - so MORE
        can count them."""
        key = (lang.code, node.id)
        if key not in self._pages:
            self._pages[key] = replies.node_replies(lang, node)
        return list(self._pages[key])

    def pack(self, lang: Language, *blocks: str) -> tuple[str, ...]:
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

    def first_reply(self, lang: Language, node: Node, lead: str) -> tuple[str, ...]:
        """A topic's first page with a line before it ("as you asked"): one reply when it fits,
        else two. The pages themselves never change, so MORE continues the same way."""
        return self.pack(lang, lead, self.pages(lang, node)[0])

    def menu_block(self, lang: Language, node: Node) -> str:
        return replies.menu_block(lang, node)

    def offers(self, lang: Language) -> tuple[str, ...]:
        """The other languages, each offered in its own words ("Para español, responda ESPAÑOL")."""
        return tuple(o.prompt("sms_language_offer").text for o in self.library.languages.values() if o is not lang)

    def _greeted(self, state: TextState, lang: Language, shown: tuple[str, ...]) -> tuple[str, ...]:
        """A new texter's first reply starts with the welcome (what the line is, not advice, 911)
        and the other languages; in the same text when it fits, else in a text of its own."""
        if not state.new:
            return shown
        return self.pack(lang, "\n".join([lang.prompt("sms_welcome").text, *self.offers(lang)]), *shown)

    # -- turns -----------------------------------------------------------------------------
    def handle(self, state: TextState, body: str) -> TextTurn:
        lang = self.library.get(state.language)
        word = keywords.normalise(body)
        if word in OPT_OUT:
            return TextTurn((), state, opt_out=True)
        # Every language's crisis words, the texter's first: "no puedo respirar" is heard even
        # when there is no Spanish content to answer in (the reply is then in the texter's language).
        order = tuple(dict.fromkeys((lang.code, *self.library.languages, *safety.PHRASES)))
        alarm = safety.check(body, languages=order)
        if alarm:
            return self.crisis(state, lang, alarm, body)
        if not word:
            return self.say(state, lang, lang.prompt("sms_media_only").text)
        if word in OPT_IN:
            reply = self.pack(lang, lang.prompt("sms_optin").text, self.menu_block(lang, lang.root))
            return TextTurn(reply, TextState(lang.code), opt_out=False)
        command = " ".join(w for w in word.split() if w not in POLITE) or word
        if command in HELP:
            return TextTurn((lang.prompt("sms_help").text,), replace(state, new=False))
        for code, words in LANGUAGE_WORDS.items():
            if command in words and code in self.library.languages:
                return self.welcome(self.library.get(code))
        if command in MENU:
            return self.show_menu(state, lang, lang.root)
        if command in MORE:
            return self._more(state, lang)
        if command in BACK:
            return self._back(state, lang)
        if command in LISTEN:
            return self._listen(state, lang)
        if command.isdigit():
            menu = lang.node(state.menu) or lang.root
            child = menu.child_for(command)
            return self.topic(state, lang, child) if child else self.not_understood(state, lang)
        return self._understand(state, lang, body, word)

    def _understand(self, state: TextState, lang: Language, body: str, word: str) -> TextTurn:
        if word in GREETINGS.get(lang.code, ()):
            return self.show_menu(state, lang, lang.root)
        match = keywords.best_topic(lang, body, within=lang.node(state.menu))
        if match:
            return self.topic(state, lang, match.node)
        for code, other in self.library.languages.items():
            if code == lang.code:
                continue
            if word in GREETINGS.get(code, ()):
                return self.welcome(other)
            found = keywords.best_topic(other, body)
            if found and found.keyword:  # a keyword of that language, not a stray word
                return self.topic(replace(state, language=code), other, found.node)
        first = word.split()[0]
        if first in OPT_OUT or first in HELP or any(w in HELP for w in word.split()):
            # "stop texting me", "I need help": what the line is, how to stop, who to call.
            return TextTurn((lang.prompt("sms_help").text,), replace(state, new=False))
        return self.not_understood(state, lang)

    def say(self, state: TextState, lang: Language, text: str) -> TextTurn:
        """One prompt; the texter stays where they were."""
        return TextTurn(self._greeted(state, lang, (text,)), replace(state, language=lang.code, new=False))

    def welcome(self, lang: Language) -> TextTurn:
        """The welcome and the main menu in this language (a language switch or a hello)."""
        return TextTurn(tuple(replies.welcome_replies(lang, self.offers(lang))), TextState(lang.code))

    def show_menu(self, state: TextState, lang: Language, node: Node) -> TextTurn:
        if state.new and node.id == ROOT_ID:
            return self.welcome(lang)
        return TextTurn(
            self._greeted(state, lang, (self.menu_block(lang, node),)), TextState(lang.code, None, 0, node.id)
        )

    def topic(self, state: TextState, lang: Language, node: Node) -> TextTurn:
        pages = self.pages(lang, node)
        menu = node.id if node.children else (node.parent or ROOT_ID)
        new_state = TextState(lang.code, node.id, 1, menu)
        return TextTurn(self._greeted(state, lang, (pages[0],)), new_state, topic=node.id)

    def not_understood(self, state: TextState, lang: Language) -> TextTurn:
        menu = lang.node(state.menu) or lang.root
        shown = self.pack(lang, lang.prompt("sms_not_understood").text, self.menu_block(lang, menu))
        return TextTurn(self._greeted(state, lang, shown), TextState(lang.code, state.node, state.page, menu.id))

    def crisis(self, state: TextState, lang: Language, alarm: safety.Alarm, body: str) -> TextTurn:
        """988 and/or 911 first, in the language the words were written in.

        A medical emergency alone is followed by the topic it names, if any ("chest pain" ->
        lung signs), as a second message; thoughts of self-harm or a way to do it get the
        crisis line (and 911) and a way back to the menu, and no other content.
        """
        said = self.library.get(alarm.language) if alarm.language in self.library.languages else lang
        first = []
        if alarm.emergency:
            first.append(said.prompt("crisis_emergency").text)
        if alarm.self_harm:
            first.append(said.prompt("crisis_self_harm").text)
        kept = replace(state, language=said.code, new=False)  # they wrote in it: go on in it
        if not alarm.self_harm:
            match = keywords.best_topic(said, body, within=said.node(state.menu))
            if match:
                shown = self.topic(replace(kept, language=said.code), said, match.node)
                return replace(shown, replies=(*self.pack(said, *first), *shown.replies), alarm=alarm.categories)
        shown = self.pack(said, *first, said.prompt("sms_menu_hint").text)
        return TextTurn(shown, kept, alarm=alarm.categories)

    def _more(self, state: TextState, lang: Language) -> TextTurn:
        node = lang.node(state.node or "")
        if node is None:
            return self.show_menu(state, lang, lang.node(state.menu) or lang.root)
        pages = self.pages(lang, node)
        if state.page >= len(pages):
            # Nothing left of this topic: the menu it belongs to.
            return self.show_menu(state, lang, lang.node(state.menu) or lang.root)
        return TextTurn((pages[state.page],), TextState(lang.code, node.id, state.page + 1, state.menu), topic=node.id)

    def _back(self, state: TextState, lang: Language) -> TextTurn:
        node = lang.node(state.node or state.menu) or lang.root
        parent = lang.parent_of(node) if node.id != ROOT_ID else lang.root
        if parent.id == ROOT_ID:
            return self.show_menu(state, lang, lang.root)
        return self.topic(state, lang, parent)

    def _listen(self, state: TextState, lang: Language) -> TextTurn:
        """The part(s) of the page last read, as audio with the page as its caption."""
        node = lang.node(state.node or "")
        if node is None or not node.parts:
            return self.show_menu(state, lang, lang.node(state.menu) or lang.root)
        pages = self.pages(lang, node)
        index = min(max(state.page, 1), len(pages)) - 1
        page = pages[index]
        heard = tuple(p for p in node.parts if any(s in page for s in sentences(p.text)))
        return TextTurn((page,), state, topic=node.id, media=heard or node.parts[:1])


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
