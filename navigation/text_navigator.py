"""The text line's rules: what a word, a number, MORE, BACK or MENU means for a texter.

The one place that decides a text: answer(TextFacts) -> TextTurn (navigation/turn.py). The route
(flows/sms.py) reads the facts first - the texter's place, whether they opted out, the body,
whether the database answers - calls answer() once, applies the Turn's effects (opt-out, the
place) and renders it. Pure, like the voice navigator: no Flask, no database, no Twilio; the
understanding (understanding/) reads the message, this module decides the reply. In this order:

1. a carrier opt-out word alone (STOP, ...): record it, reply with nothing
2. an alarm (understanding/alarms.py): the crisis plan (content/crisis.py: 911, Poison Help,
   988) first, before any content - and before any note that the line cannot remember the place
3. nothing to read (a picture, an emoji): please send a word
4. START, HELP, ESPAÑOL/ENGLISH, MENU, MORE, BACK, LISTEN, a number (from the last menu, or
   from the "did you mean" choices)
5. a stop wish in other words (PARAR, "please stop texting me"): opt out, one short goodbye
6. hello, thanks, asking for a person
7. a topic the understanding is sure of; two or three it hesitates between ("Did you mean:
   1 Symptoms 2 Can it be cured?"); otherwise the menu with two example words - never a dead end

The reply is in the message's language when it clearly has one, else the conversation's.
Every reply is built by content/replies.py (what the linter measures) and fits the budget.
Nothing is sent to a number that opted out, but the goodbye to a stop wish.

Family (issue #22): once a texter names someone close ("my mom", "mi esposo": Reading.relation),
in this message or an earlier one (remembered: RememberRelation, database/store.py relations), a
topic's first page opens with one line for them ("This may help you and your mom.") where it
fits in the same text, and menus
and "did you mean" offer the care topics first. An urgent sign's page and the crisis plan get
no line in front: nothing comes before 911.
"""

from __future__ import annotations

from dataclasses import replace

from content import crisis, replies
from content.model import FAMILY_FIRST, ROOT_ID, Language, Library, Node, is_urgent
from content.paging import sentences
from navigation.turn import OptOut, RememberRelation, SaveTextPlace, TextFacts, TextState, TextTurn
from understanding import Alarm, Context, Reading, Understanding
from understanding.relations import family as is_family


class TextNavigator:
    def __init__(self, library: Library, understanding: Understanding | None = None):
        self.library = library
        self.understanding = understanding or Understanding(library)
        # A topic's pages never change while the app runs (content is loaded once), and paging
        # measures every candidate reply in GSM-7 septets: work it out once per topic.
        self._pages: dict[tuple[str, str, bool], list[str]] = {}

    # -- building replies ------------------------------------------------------------------
    def pages(self, lang: Language, node: Node, family: bool = False) -> list[str]:
        """A topic as replies (content/replies.py: the same replies the content linter measures).
        Always the same pages for a topic - a line in front goes through first_reply - so MORE
        can count them. `family`: its menu of subtopics lists the care topics first (the same
        lines in another order: the same number of pages)."""
        key = (lang.code, node.id, family)
        if key not in self._pages:
            self._pages[key] = replies.node_replies(lang, node, family=family)
        return list(self._pages[key])

    def pack(self, lang: Language, *blocks: str) -> tuple[str, ...]:
        return replies.pack(lang, *blocks)

    def first_reply(self, lang: Language, node: Node, lead: str, family: bool = False) -> tuple[str, ...]:
        """A topic's first page with a line before it ("as you asked"): one reply when it fits,
        else two. The pages themselves never change, so MORE continues the same way."""
        return self.pack(lang, lead, self.pages(lang, node, family)[0])

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

    # -- the one call a route makes ---------------------------------------------------------
    def answer(self, facts: TextFacts) -> TextTurn:
        """A message's reply and effects. An opted-out number gets nothing (Twilio would refuse
        it: error 21610) but the goodbye to a stop wish, and its place is not kept. Without the
        database the reply leads with a note that the place is not remembered - after the
        crisis lines, never before them."""
        turn = self.handle(facts.state, facts.body)
        change = turn.opt_out
        sent = (turn.farewell and not facts.opted_out) or not (facts.opted_out if change is None else change)
        if not sent:
            # Nothing goes out, so nothing of this message is kept: not the place, not who it is about.
            kept = tuple(e for e in turn.effects if not isinstance(e, RememberRelation))
            turn = replace(turn, replies=(), media=(), effects=kept)
        effects = turn.effects + ((SaveTextPlace(turn.state),) if sent else ())
        turn = replace(turn, effects=effects, first_message=facts.state.new)
        if facts.remembering or not turn.replies or turn.farewell:
            return turn  # a goodbye needs no place to come back to
        lang = self.library.get(turn.state.language)
        note = lang.prompt("sms_no_memory").text
        if turn.alarm:
            return replace(turn, replies=turn.replies[:-1] + self.pack(lang, turn.replies[-1], note))
        return replace(turn, replies=self.pack(lang, note, turn.replies[0]) + turn.replies[1:])

    # -- turns -----------------------------------------------------------------------------
    def handle(self, state: TextState, body: str) -> TextTurn:
        """The rules alone, for a texter who has not opted out (tests and the evaluation). Who the
        message is about, when it names someone (else who the texter named before, state.relation),
        holds for the replies and is remembered again: each use starts its quiet period again. A
        patient writing of their own illness (relations.SELF) ends a remembered family relation."""
        reading = self.understanding.read(body, Context("text", state.language, state.menu))
        before = state.relation
        state = replace(state, relation=reading.relation or state.relation)
        turn = self._rules(state, reading)
        if turn.replies and (is_family(state.relation) or is_family(before)):
            turn = replace(turn, effects=(*turn.effects, RememberRelation(state.relation)))
        return turn

    def _rules(self, state: TextState, reading: Reading) -> TextTurn:
        intent = reading.intent
        if intent.name == "opt_out":
            return TextTurn((), state, outcome="opt_out", effects=(OptOut(True),))
        lang = self._language(state, reading)
        if reading.alarm:
            return self.crisis(state, lang, reading.alarm, reading)
        if intent.name == "empty":
            return replace(self.say(state, lang, lang.prompt("sms_media_only").text), outcome="not_understood")
        if intent.name == "opt_in":
            reply = self.pack(lang, lang.prompt("sms_optin").text, self.menu_block(lang, lang.root))
            return TextTurn(reply, TextState(lang.code), outcome="opt_in", effects=(OptOut(False),))
        if intent.name in ("help", "person"):
            return TextTurn((lang.prompt("sms_help").text,), replace(state, language=lang.code, new=False, choices=()))
        if intent.name == "language" and intent.value in self.library.languages:
            return self.welcome(self.library.get(intent.value))
        if intent.name == "command":
            return self._command(state, lang, intent.value or "")
        if intent.name == "number":
            return self._number(state, lang, intent.value or "")
        if intent.name == "stop":
            # Not a carrier word, so nothing blocks the texts but us: one goodbye that says how to come back.
            kept = replace(state, language=lang.code, new=False, choices=())
            reply = (lang.prompt("sms_stopped").text,)
            return TextTurn(reply, kept, outcome="opt_out", effects=(OptOut(True),), farewell=True)
        if intent.name == "greeting":
            return self.show_menu(state, lang, lang.root)
        if intent.name == "thanks":
            return self.say(state, lang, lang.prompt("sms_thanks").text)
        sign = lang.node(reading.sign or "")
        if sign is not None:
            # A warning sign in the message leads: its page first, whatever else was asked
            # (a texter may never send MORE); the ask itself is offered in one line.
            asked = reading.topic if reading.topic and not sign.id.startswith(reading.topic + ".") else None
            return self.with_also(self.topic(state, lang, sign, family=False), lang, asked or reading.also)
        if intent.name == "topic":
            shown = self.topic(state, lang, lang.node(intent.value or "") or lang.root)
            return self.with_also(shown, lang, reading.also)
        if intent.name == "outside":
            # Nothing in it is ours: say what the line covers and where to ask, never a guessed topic.
            return replace(self.say(state, lang, lang.prompt("sms_outside").text), outcome="outside")
        if intent.name == "unsure" and reading.choices:
            return self.did_you_mean(state, lang, [c.value for c in reading.choices if c.value])
        return self.not_understood(state, lang)

    def _language(self, state: TextState, reading: Reading) -> Language:
        """The message's language when it is clear (or a new texter's best guess), else the conversation's.
        An ESPAÑOL/ENGLISH choice is the conversation's language, so it holds until a message is
        clearly in another language."""
        code = reading.language
        if reading.intent.name in ("command", "number") and not (state.new and code):
            # MÁS from an English texter is still MORE, in English; but a first text has no
            # conversation yet, and "menú" or "MENU por favor" says which language to start in.
            return self.library.get(state.language)
        if code in self.library.languages and (reading.language_sure or (state.new and code)):
            return self.library.get(code)
        return self.library.get(state.language)

    def _command(self, state: TextState, lang: Language, name: str) -> TextTurn:
        if name == "menu":
            return self.show_menu(state, lang, lang.root)
        if name == "more":
            return self._more(state, lang)
        if name == "back":
            return self._back(state, lang)
        return self._listen(state, lang)

    def _number(self, state: TextState, lang: Language, digit: str) -> TextTurn:
        if state.choices:
            index = int(digit) - 1 if digit.isdigit() else -1
            if 0 <= index < len(state.choices) and lang.node(state.choices[index]):
                return self.topic(state, lang, lang.node(state.choices[index]))
        menu = lang.node(state.menu) or lang.root
        child = menu.child_for(digit)
        return self.topic(state, lang, child) if child else self.not_understood(state, lang)

    def did_you_mean(self, state: TextState, lang: Language, choices: list[str]) -> TextTurn:
        """The two or three likeliest topics, numbered; a number then picks one (state.choices)."""
        nodes = [n for n in (lang.node(c) for c in choices) if n]
        if is_family(state.relation):  # a family member: the care topics first (a stable sort keeps the rest in order)
            nodes.sort(key=lambda n: not _for_family(n))
        shown = (replies.did_you_mean_reply(lang, nodes),)
        kept = replace(state, language=lang.code, new=False, choices=tuple(n.id for n in nodes))
        return TextTurn(self._greeted(state, lang, shown), kept, outcome="did_you_mean")

    def say(self, state: TextState, lang: Language, text: str) -> TextTurn:
        """One prompt; the texter stays where they were."""
        return TextTurn(self._greeted(state, lang, (text,)), replace(state, language=lang.code, new=False, choices=()))

    def welcome(self, lang: Language) -> TextTurn:
        """The welcome and the main menu in this language (a language switch or a hello)."""
        return TextTurn(tuple(replies.welcome_replies(lang, self.offers(lang))), TextState(lang.code))

    def show_menu(self, state: TextState, lang: Language, node: Node) -> TextTurn:
        if state.new and node.id == ROOT_ID:
            return self.welcome(lang)
        block = replies.menu_block(lang, node, family=is_family(state.relation))
        return TextTurn(self._greeted(state, lang, (block,)), TextState(lang.code, None, 0, node.id))

    def topic(self, state: TextState, lang: Language, node: Node, family: bool = True) -> TextTurn:
        """A topic's first page; for a family member (state.relation) with one line before it
        (`family` False: an urgent sign or the crisis plan; an urgent page never has it either,
        however it was reached: nothing comes before its 911 line)."""
        pages = self.pages(lang, node, is_family(state.relation))
        menu = node.id if node.children else (node.parent or ROOT_ID)
        new_state = TextState(lang.code, node.id, 1, menu)
        shown = (pages[0],)
        key = f"sms_family_{state.relation}"
        if family and key in lang.prompts and not is_urgent(node.id):
            # Only where it rides in the same text, within the budget: never a text of its own
            # before the key facts (a page already near the budget goes without it).
            led = self.first_reply(lang, node, lang.prompt(key).text, family=True)
            if len(led) == 1:
                shown = led
        return TextTurn(self._greeted(state, lang, shown), new_state, topic=node.id)

    def with_also(self, shown: TextTurn, lang: Language, also: str | None) -> TextTurn:
        """A message that asked two things: the main answer, then one line naming the other, just
        before the last text's closing line, so that text still ends with how to go on (MORE, MENU)."""
        node = lang.node(also or "")
        if node is None or node.id == shown.topic or not shown.replies:
            return shown
        line = lang.prompt("sms_also").text.format(title=node.title)
        body, _, closing = shown.replies[-1].rpartition("\n")
        packed = self.pack(lang, "\n".join([body, line, closing]) if body else "\n".join([closing, line]))
        if len(packed) > 1:
            # A text of its own: it too ends with how to go on, as every last text does.
            packed = self.pack(lang, shown.replies[-1], "\n".join([line, lang.prompt("sms_menu_hint").text]))
        return replace(shown, replies=(*shown.replies[:-1], *packed))

    def not_understood(self, state: TextState, lang: Language) -> TextTurn:
        menu = lang.node(state.menu) or lang.root
        shown = tuple(replies.not_understood_replies(lang, menu, family=is_family(state.relation)))
        return TextTurn(
            self._greeted(state, lang, shown),
            TextState(lang.code, state.node, state.page, menu.id),
            outcome="not_understood",
        )

    def crisis(self, state: TextState, lang: Language, alarm: Alarm, reading: Reading) -> TextTurn:
        """The crisis plan both lines follow (content/crisis.py): 911 first for an emergency or an
        overdose, Poison Help for an overdose, 988 for self-harm. A medical emergency alone is
        followed by the topic it names, if any ("chest pain" -> lung signs); self-harm or an
        overdose gets the numbers and a way back to the menu, and no other content. Answered in
        the language the words were written in (the message's when clear, else the conversation's).
        """
        plan = crisis.plan(alarm.categories, reading.sign or reading.topic)  # the sign named, else the topic
        first = [lang.prompt(key).text for key in plan.prompts]
        kept = replace(state, language=lang.code, new=False, choices=())  # they wrote in it: go on in it
        node = lang.node(plan.topic) if plan.topic else None
        if node:
            shown = self.topic(kept, lang, node, family=False)
            turn = replace(shown, replies=(*self.pack(lang, *first), *shown.replies))
        else:
            turn = TextTurn(self.pack(lang, *first, lang.prompt("sms_menu_hint").text), kept)
        return replace(turn, alarm=plan.categories, outcome="crisis")

    def _more(self, state: TextState, lang: Language) -> TextTurn:
        node = lang.node(state.node or "")
        if node is None:
            return self.show_menu(state, lang, lang.node(state.menu) or lang.root)
        pages = self.pages(lang, node, is_family(state.relation))
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
        pages = self.pages(lang, node, is_family(state.relation))
        index = min(max(state.page, 1), len(pages)) - 1
        page = pages[index]
        heard = tuple(p for p in node.parts if any(s in page for s in sentences(p.text)))
        return TextTurn((page,), state, topic=node.id, media=heard or node.parts[:1])


def _for_family(node: Node) -> bool:
    """A care topic (FAMILY_FIRST and the topics under them): what a family member is offered first."""
    return any(node.id == f or node.id.startswith(f + ".") for f in FAMILY_FIRST)
