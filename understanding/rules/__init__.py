"""Crisis rules, one module per content language: the data that understanding/alarms.py reads.

Each module holds:
- RULES: (categories, pattern) pairs. Patterns are regular expressions over the folded text
  (understanding/text.py), with {MACROS} spelled out, matched on whole words. A pattern starting
  with "~" is a wish a negation just before it cancels ("I don't want to die", "no me quiero morir").
  A pattern starting with "?" is a strain that stays quiet beside CARING; one starting with "!"
  is the word "emergency" itself, quiet in a rallying cry (RALLY). A pattern starting with "&" is
  read over the whole message, not clause by clause: two signs that together are the emergency,
  told either side of a comma ("he hit his head, now he is confused").
- MACROS: named pieces the patterns share ("{means}": pills, tablets, morphine...).
- CARING, CALM: caregiving or a treatment choice; an end-of-life story (an emergency sign alone
  in it is the story).
- WARD: the person is in a hospital bed now (or will not come home): an emergency sign alone is
  what is happening under the nurses' care, not a 911 call - unless "right now" or "911" is said.
- RALLY: a cure, research or awareness called for: "stage 4 is an emergency!" is a cause.
- SPELLING: text-speak spelled out before the rules read a message ("cnt" -> "cant").
- BY_SOUND: read by sound (Spanish: ll/y, v/b, z/s, soft c, silent h), rules and messages alike.
- ASKED_ABOUT, ASKED_WORDS: a symptom asked about rather than happening ("what do seizures
  look like"): the topic answers, not 911.
- OVERDOSE_ASKED, OVERDOSE_TAKEN: an overdose asked about in general ("how much morphine is an
  overdose?") with nothing said to be taken: the pain topic answers, not 911.
- WHETHER_TO_CALL: a question whether to call 911, which is not calling ("do we still call 911
  or hospice first"): taken out of the message before any rule, and alarms.CALLING_NOW, read it.
- REAL_WORDS (optional): real words a letter away from a crisis word, never "fixed" into it
  ("tainted" is not "fainted"). The dictionary's common words are in real_words.py, made by
  dictionary.py (run it after changing a rule: tests/test_alarms.py checks it); REAL_WORDS holds
  the rest (a word the dictionary lacks, "separarme").
- PAST_WORDS (optional): accented words respelled before folding drops the accent.
- WORD_FORMS (optional): whole words the stems in RULES stand for ("suicide" for "suicid\\w*"),
  which the language model (understanding/language.py) learns beside the rules' own words.

How the lists were chosen (FIELD-NOTES, "Safety and privacy"):
- Recall first. A caring 911/988 reply sent by mistake costs little; a missed one can cost a
  life. So any mention of suicide answers, even "I'm not suicidal", and "I want to die" answers
  even when it might mean "at home". Only where the place is said ("when the time comes I want to
  die at home", "quiero morirme en mi casa") is it a care plan, unless it is tonight, today or now;
  and "I'd rather die than go back to that hospital" or "than do chemo again" is a treatment choice.
- People write indirectly: "everyone would be better off without me", "can't do this anymore",
  "I'm a burden", "I wish I wouldn't wake up" - the wish without the word. They write about
  someone else ("he collapsed", "his lips are turning blue", "she wants to kill herself"), so
  the rules say he/she/my mom as well as I.
- Warning signs said without any wish at all count too (checked with blind probes written apart
  from the rules, session 34): pills put aside, things given away, goodbyes to everyone, a way
  named ("walk into the lake"), a life "taken" named, the end hurried ("hurry this up"), "if I put
  on 5 patches at once". Those that are also an illness's own story (goodbyes, things given away,
  the end hurried) are "?" rules: quiet beside treatment, hospice or caregiving words.
- Means predict rescue better than the word "suicide" (Crisis Text Line, 100M+ messages): pills,
  tablets, "800 mg", acetaminophen, a whole bottle, the pill emoji, a gun. Means with excess
  ("all my pills", "took 20", "a handful", "too many") or with intent ("going to take", "saving
  up") answer; medicine talk without excess does not ("which pain pills help", "I take all my
  meds every morning", "tomo muchas pastillas para el dolor"). Taking all of them, a whole
  bottle, or saying so ahead is also self-harm: 988 with 911 and Poison Help.
- Doses counted up are excess too, with no "too many" said: "took another four", "3 more
  oxycodone", "60mg of oxycontin and more", "otras cuatro pastillas" (911 and Poison Help). One
  more pill, or one more dose in milligrams ("another 10mg for breakthrough pain"), is not.
- The wish that life ends, hoped or prayed for without the word ("I just want all of this to be
  over", "no point going on", "lost the will to live", "quisiera que mi vida ya se acabe"), answers
  wherever it stands in a long message: the alarm reads the whole text, so it leads any topic.
  Said of "it" or "this" alone ("I hope it is over soon", "ojalá ya se acabe"), it is a "?" rule:
  beside chemo, treatment or caregiving it is about those, not a crisis.
- Fear of dying and questions about it are this line's daily work, not a crisis: "will I die
  from this", "am I dying", "I'm going to die", "me voy a morir?" get the outlook topic. "I don't
  want to die" / "no quiero morir" are the opposite of intent: a negation just before a wish
  cancels it, while "no quiero vivir" is itself a crisis phrase.
- Idioms stay quiet: "the waiting is killing me", "my back is killing me", "dying to know",
  "chemo kills cells", "el dolor me está matando". "kill myself", "kms", "just kill me" answer.
- A symptom asked about is not a symptom happening: "what do seizures from brain mets look like"
  gets the brain signs, "she is having a seizure" gets 911. "short of breath" (a common symptom
  question; the lung signs topic says when to call 911), "breathing exercises", "chest x-ray",
  "chest port", "radiografía de pecho" stay quiet; "can't breathe", "chest pain", "no puede
  respirar" answer.
- Typos: words are folded (case, accents, apostrophes, "kiiill"), text-speak is spelled out
  ("cnt", "u", "wanna", "kms"), Spanish is read by sound (ll/y, v/b, z/s: "se desmallo" is "se
  desmayó"), and a word of 5+ letters that is not a known word is fixed to the nearest crisis word
  when it is close ("unconcious", "sezure", "suicde"). Guessing towards a crisis is the safe side.
"""

LANGUAGES = ("en", "es")  # every content language needs a module here (tested)
