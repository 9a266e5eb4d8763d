"""Words with a fixed meaning on the text line, compared after flows.keywords.normalise().

Carrier opt-out words are matched exactly (never fuzzy): "stop the pain" is a question.
Topic keywords must not collide with any of these (the content linter checks).
"""

OPT_OUT = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"})
OPT_IN = frozenset({"start", "yes", "unstop"})
HELP = frozenset({"help", "info", "ayuda"})
MORE = frozenset({"more", "mas"})
BACK = frozenset({"back", "atras", "volver"})
MENU = frozenset({"menu", "topics", "temas", "inicio"})
LISTEN = frozenset({"listen", "escuchar"})
LANGUAGE = {
    "es": frozenset({"espanol", "spanish", "en espanol"}),
    "en": frozenset({"english", "ingles", "en ingles"}),
}

ALL = OPT_OUT | OPT_IN | HELP | MORE | BACK | MENU | LISTEN | frozenset().union(*LANGUAGE.values())
