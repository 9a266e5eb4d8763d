"""What a content file must hold: the language block, every prompt, and the rules for nodes."""

from __future__ import annotations

LANGUAGE_FIELDS = {
    "code": "language code, e.g. en",
    "name": "the language's own name, e.g. Español",
    "digit": "key that picks this language in the opening language choice",
    "say_voice": "Twilio <Say> voice, e.g. Polly.Joanna-Neural",
    "say_language": "Twilio <Say> language, e.g. en-US",
    "speech_language": "<Gather> speech recognition language, e.g. en-US",
    "tts_voice": "eSpeak NG voice id for the offline renderer, e.g. gmw/en-us",
    "sms_alphabet": "GSM-7 (every reply must stay inside it) or UCS-2 (accents allowed)",
    "sms_max_segments": "most segments one text reply may cost (English 3, Spanish 4)",
}

# Placeholders filled at load time from settings: {helpline}, {crisis}, {emergency}.
# {label} and {key} are filled per menu option. Every language must define every prompt.
PROMPTS = {
    # Voice
    "emergency": "first words of every call: emergency -> hang up and call {emergency}",
    "language_offer": "one sentence offering this language, in this language, with its digit",
    "welcome": "after the language choice: the line's name, and general information, not medical advice",
    "menu_option": "one menu option, goal first, as briefly as it stays clear: uses {label} and {key}",
    "keys_help": "the keys that work everywhere (0 person, * back, 9 repeat, # main menu); * at the main menu "
    "changes the language",
    "go_on": "after a part that is not the last: 1 goes on",
    "next_topic": "after a topic's last part: 1 goes to the next topic in its list",
    "last_topic": "after the last topic of a list: it was the last; # for the main menu",
    "text_me_option": "after a part, when this phone can get texts: 2 sends it by text",
    "text_me_instead": "when this phone cannot get our texts: how to read it by texting the line instead",
    "no_input": "said when the caller said or pressed nothing",
    "invalid_key": "said when a key does nothing here",
    "not_understood": "said when speech was not understood",
    "outside": "said when speech asked what the line does not cover (results, another illness, a child's fever): "
    "what it covers, and the care team; the emergency line and the keys follow",
    "end_of_topic": "said after the last part of a topic",
    "goodbye": "kind goodbye with the helpline number {helpline}",
    "error": "apology when something broke, with {helpline}, then back to the menu",
    "connecting": "before connecting to a person at {helpline}",
    "dial_failed": "when the person line was busy or did not answer",
    "text_queued": "the caller's text is on its way",
    "text_not_possible": "we cannot text this phone (hidden number, not a mobile, or opted out)",
    "text_later": "we cannot send a text right now (the line cannot reach its records); try again later",
    "person_option": "at the end of the main menu: 0 reaches a person, at any time",
    "slower": "said once, slowly, when the caller asked for a slower voice; the part or menu follows",
    "faster": "said when the caller asked for the usual speed again; the part or menu follows",
    "take_your_time": "when the caller asked to wait: take your time, press any key when ready",
    "recap_option": "once per call, after the first part heard where a text can go: 3 for a text of what was covered",
    "recap_queued": "the caller said yes to the recap: it comes by text when the call ends",
    "resume_offer": "right after the emergency line of a returning caller: {topic} and the {digit} that goes on",
    # Text (prompts named sms_* are never spoken, so the audio build skips them)
    "sms_welcome": "first reply to a new texter: what the line is, not medical advice, 911",
    "sms_language_offer": "one line offering this language by text, in this language: its reply word",
    "sms_menu_header": "line before the numbered topics",
    "sms_menu_option": "one numbered topic in a text menu: uses {key} and {label}",
    "sms_more": "end of a reply that continues the same part: reply MORE, or MENU",
    "sms_more_about": "end of a reply before a new part or the subtopics: MORE, what it brings ({about}), or MENU",
    "sms_subtopics": "what MORE brings when the next reply is a topic's menu of subtopics ({about} above)",
    "sms_menu_hint": "end of a reply that is complete: reply MENU (or BACK)",
    "sms_not_understood": "unknown text: the menu follows, with two example words",
    "sms_help": "HELP reply: program name, {helpline}, Msg & data rates may apply, Reply STOP to cancel",
    "sms_optin": "reply to START/YES/UNSTOP",
    "sms_media_only": "reply to a picture or file with no words",
    "sms_no_audio": "LISTEN when there is no recording yet: the words follow",
    "sms_error": "short apology when something broke",
    "sms_no_memory": "note before a reply when the line cannot remember the texter's place (database down)",
    "sms_text_me": "first line of a section texted at a caller's request",
    "sms_recap": "the text after a call whose caller said yes: the {topics} heard, and the words to text for more",
    # Safety (both channels)
    "crisis_self_harm": "thoughts of self-harm: call or text {crisis}; in danger call {emergency}",
    "crisis_emergency": "medical emergency: call {emergency} now",
    "crisis_overdose": "too much medicine or a poison: Poison Help {poison}; not awake or not breathing: {emergency}",
    # Understanding (both channels): what the line says when it is not sure, or to a stop wish
    "did_you_mean": "voice: before the two or three likeliest topics, each said with its key",
    "sms_did_you_mean": "text: before the two or three likeliest topics, one numbered line each",
    "sms_choose": "text: after the did-you-mean lines: reply with a number, or MENU",
    "sms_stopped": "one short reply to a stop wish in other words (PARAR, 'stop texting me'): how to come back",
    "sms_thanks": "reply to thanks: kind, short, with MENU",
    "sms_outside": "a question the line does not cover (results, appointments, other illnesses): what it covers, "
    "the care team, 911 in an emergency (a child's fever, another illness) and {helpline}, MENU",
    "sms_also": "one line after an answer when the message asked a second thing: its {title}, and how to read it",
}

# Who a message can be about (understanding/relations.py WORDS): a texter who named one ("my mom",
# "mi esposo") gets one short line before each topic's first page, speaking to them as family.
RELATIONS = ("mom", "dad", "husband", "wife", "son", "daughter", "partner", "friend", "family")
PROMPTS.update(
    {
        f"sms_family_{who}": f"text: one short line before a topic for someone asking about their {who} "
        "('This may help you and your mom.'), possessive right for the person"
        for who in RELATIONS
    }
)

# Spoken words that do what a key does (the keypad always works too). Every language lists all.
SPEECH_COMMANDS = {
    "next": "go on to the next part (key 1 after a part)",
    "text_me": "send this topic by text (key 2 after a part)",
    "repeat": "hear this again (key 9)",
    "back": "go back (key *)",
    "main_menu": "the main menu (key #)",
    "person": "talk with a person (key 0)",
    "slower": "speak more slowly from now on, and play this again (key 9 twice)",
    "faster": "back to the usual speed, and play this again",
    "wait": "take some minutes before going on; any key comes back",
    "language": "words that pick this language at the opening choice",
}

# Words people type or say that are not topics, per language (`words:` in each content file). The
# understanding matches them; every language lists every one, so a new language is a new file.
WORD_LISTS = {
    "menu": "words alone that show the main menu (MENU)",
    "more": "words alone that send the next part of a topic (MORE)",
    "back": "words alone that go up one level (BACK)",
    "listen": "words alone that send the part just read as audio (LISTEN)",
    "help": "words alone that get the HELP reply, besides the carriers' HELP and INFO",
    "language": "words alone that switch the text line to this language (ENGLISH, ESPAÑOL)",
    "greeting": "hellos: alone, they get the menu (and pick this language for a new texter)",
    "thanks": "thank-yous: alone, they get a kind reply",
    "polite": "words around a command that do not change it ('menu please')",
    "person": "ways to ask for a person (text: the helpline number)",
    "stop_wish": "ways to ask for no more texts besides the carriers' STOP words: a word alone (PARAR) or sentences",
    "messages": "words for the line's texts: a stop wish in a sentence must name them ('stop texting me')",
    "stopping": "words that ask to stop: a stop wish in a sentence must say one ('stop', 'no more', 'dejen de')",
    "numbers": "one to nine as words, in order (a caller who says 'two' at a did-you-mean)",
    "outside": "asks the line does not cover (test results, appointments, 'who is this'): learnt, then left alone",
    "animals": "pets and their vet: a message telling that one's own animal is ill asks what the line does not "
    "cover ('our dog was diagnosed with lymphoma'), so it is outside, whatever cancer words it holds",
    "other_ills": "other illnesses, injuries and paperwork the line does not cover (dementia, a bladder infection, "
    "a twisted ankle, medical records): a message that names one and no cancer word is outside, however long its "
    "story (a warning sign in it still leads: someone on chemo may not say so)",
    "young_child": "words for a baby or a young child: with a child's illness (child_ills) and no cancer word, "
    "a parent asks about the child's own health, which the line does not cover (an age under 13 counts too: "
    "'my 3 year old')",
    "child_ills": "a young child's everyday complaints (fever, cough, rash): see young_child",
    "cancer_words": "words that say a message is about cancer or its care (cancer, chemo, tumor, hospice): "
    "with one of these, an other_ills word is part of a cancer story and the topic is read as usual",
}

NODE_FIELDS = {
    "id": "short id, letters and dashes; joined with dots to its parents' ids",
    "digit": "key in the parent's menu, 1-8 (0, 9, * and # are the same everywhere)",
    "title": "heading, as a text menu shows it",
    "label": "goal phrase for the spoken menu, as it opens a sentence: '{label}, press {key}.'",
    "keywords": "words and short phrases that reach this topic by speech or text",
    "parts": "what is said, in order; each at most ~45 seconds when spoken. Every part after the first "
    "has `about:`, a few words the reply before it offers: 'MORE: how it spreads'",
    "intro": "(optional) said before this node's own menu of children",
    "children": "(optional) subtopics, reachable by digit and keyword",
    "examples": "(optional) phrases as people type and say them, misspellings included; never shown",
    "sources": "(optional; required on NEW_SECTIONS) https pages the words were checked against (SOURCE_HOSTS)",
}

# Sections added after the source article (notes TOPICS.md): their facts come from public health
# pages, so each one names them under `sources:` in every language file, and the clinician review
# export shows them beside the words. Any other node may list sources too.
NEW_SECTIONS = frozenset(
    {
        "spread.blood",
        *(
            f"symptoms.urgent.{sign}"
            for sign in ("fever", "spine", "calcium", "clot", "brain", "breathing", "bleeding")
        ),
        "next.trials",
        "next.second",
        "care",
        *(
            f"care.{topic}"
            for topic in ("pain", "hospice", "eating", "feelings", "caring", "children", "planning", "money")
        ),
    }
)

# Where a source may come from: trusted public health sites (a host or any of its subdomains).
# Any US government site (.gov) counts too; add an organisation here, never a commercial site.
SOURCE_HOSTS = (
    "cancer.gov",
    "cancer.org",
    "cancer.net",
    "medlineplus.gov",
    "nih.gov",
    "cdc.gov",
    "asco.org",
    "nccn.org",
    "lls.org",
    "mskcc.org",
    "mdanderson.org",
    "988lifeline.org",
    "poison.org",
    "nhpco.org",
    "caringinfo.org",
    "caregiver.org",
    "who.int",
)
