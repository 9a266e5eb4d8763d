"""Understanding: what one message says - a text or a SpeechResult, for both channels.

Pure (no Flask, no database): `Understanding(library).read(text, Context(...))` returns a Reading
(language, alarm, intent with a confidence, runner-ups). See reading.py for the order of steps,
alarms.py for crisis triage, intents.py for the topic model, language.py for languages.
"""

from understanding.alarms import CATEGORIES, Alarm, Triage
from understanding.reading import Context, Intent, Reading, Understanding
from understanding.text import normalise

__all__ = ["CATEGORIES", "Alarm", "Context", "Intent", "Reading", "Triage", "Understanding", "normalise"]
