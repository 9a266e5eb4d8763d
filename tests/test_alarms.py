"""Crisis triage (understanding/alarms.py): 911, Poison Help and 988 first, near misses left alone,
only the category logged. These are the rules' own cases; the held-out set is measured in
tests/test_understanding_eval.py."""

from __future__ import annotations

import logging
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.walk import topic_of
from understanding import alarms
from understanding.alarms import Triage

TRIAGE = Triage()

SELF_HARM = [
    ("I want to kill myself", "en"),
    ("i wanna die", "en"),
    ("I want to die", "en"),
    ("No, I want to die", "en"),  # the "no" answers something else: a new clause
    ("ya no puedo mas con mi vida", "es"),  # not a relative one cannot stand (session 35)
    ("I don't want to live anymore", "en"),
    ("i dont want to live", "en"),
    ("thinking about suicide", "en"),
    ("Im SUICIDAL", "en"),
    ("I'm not suicidal but", "en"),  # any mention of suicide gets the crisis line
    ("I want to end my life", "en"),
    ("kiiilll myself", "en"),
    ("kms", "en"),
    ("quiero morir", "es"),
    ("Quiero morirme ya", "es"),
    ("ya no quiero vivir", "es"),
    ("no quiero vivir", "es"),
    ("voy a suicidarme", "es"),
    ("pienso en el suicidio", "es"),
    ("me voy a matar", "es"),
    ("quiero quitarme la vida", "es"),
    ("a veces siento que hoy me quito la vida", "es"),  # the act in the first person, any tense
    ("si no fuera por ellos me quitaba la vida", "es"),
]
MEANS = [
    ("mi mama se puso demasiados parches de fentanilo", "es"),  # a patch is put on, not taken
    ("he overdoes on his pain pills again", "en"),  # a rare word a slip away: still fixed
    ("I might overdose", "en"),
    ("thinking of taking all my pills at once", "en"),
    ("I took too many pills", "en"),
    ("swallowed a whole bottle of morphine", "en"),
    ("she took 30 of her sleeping pills", "en"),
    ("my kid drank drain cleaner", "en"),
    ("💊💊💊", "en"),
    ("sobredosis", "es"),
    ("me tomé todas las pastillas", "es"),
    ("mi hijo tomó muchas pastillas", "es"),
    ("se tomo el cloro", "es"),
    # doses counted up, no "too many" said (issue 25): 911 and Poison Help all the same
    ("my pain is through the roof, took 60mg oxycontin this morning and more since lunch", "en"),
    ("i've swallowed another five of the oxynorm tonight", "en"),
    ("he took 4 more percocet an hour ago", "en"),
    ("me tomé otras seis pastillas de morfina hace rato", "es"),
    ("ya se tomó 4 más de tramadol", "es"),
    ("I think she took too much, what happens if someone overdoses on morphine", "en"),
    ("what happens if you overdose? he already swallowed a bunch of his sleeping pills", "en"),
]
# Said indirectly, about someone else, with typos: the kinds a keyword list misses.
INDIRECT = [
    ("everyone would be happier if i was gone", "self_harm"),
    ("i just cant do this anymore", "self_harm"),
    ("my wife says she wants to kill herself", "self_harm"),
    ("i feel like such a burden", "self_harm"),
    ("i have a gun", "self_harm"),
    ("life is not worth living", "self_harm"),
    ("nadie me va a extrañar", "self_harm"),
    ("estoy cansada de vivir", "self_harm"),
    ("he is unresponsive", "emergency"),
    ("his speech is slurred", "emergency"),
    ("she is blue and not breathing", "emergency"),
    ("unconcious", "emergency"),
    ("se desmallo", "emergency"),
    ("no siente las piernas", "emergency"),
    ("le dio un infarto", "emergency"),
]
EMERGENCY = [
    # not waking, now or as it is told
    ("mi abuela sigue sin despertar, la movemos y nada", "es"),
    ("no hay forma de despertarlo", "es"),
    ("anoche no despertaba aunque le hablabamos fuerte", "es"),
    ("he stopped responding and his lips look blue", "en"),
    ("mi papa ya no responde", "es"),
    ("he had a stroke last year and today his face is drooping", "en"),  # said of now too
    ("had a seizure two weeks ago and now she is seizing again", "en"),
    ("she had a seizure last sunday and now she is having another one", "en"),
    ("call 911 he is not breathing", "en"),
    ("he is having a stroke, what do i do", "en"),
    ("mi papa se desmayo, hay que llamar al 911?", "es"),
    ("he fainted last night and now he wont wake up", "en"),
    ("she fainted today and is not ok", "en"),
    ("hoy se desmayo y no despierta", "es"),
    # last night and not well, or only feared: still 911 (session 35)
    ("yesterday she had a seizure and now im scared", "en"),
    ("last night he fainted and he is not ok today", "en"),
    ("anoche se desmayo y no esta bien", "es"),
    ("he fainted in march, now he is on the floor and wont wake up", "en"),
    ("tuvo una convulsion el lunes pasado y ahora otra vez esta convulsionando", "es"),
    ("can't breathe", "en"),
    ("I cant breath", "en"),
    ("I CANNOT BREATHE", "en"),
    ("it's hard to breathe", "en"),
    ("bad chest pain", "en"),
    ("my chest hurts", "en"),
    ("she is having a seizure", "en"),
    ("seizures", "en"),
    # one side of the body gone numb or weak (session 33)
    ("my left side went numb and weak", "en"),
    ("se le paralizó el lado derecho de repente", "es"),
    ("tengo dormido todo el lado izquierdo", "es"),
    ("are his seizures dangerous", "en"),  # his own, and maybe now: a kind of seizure asked about is not
    ("sus convulsiones son peligrosas?", "es"),
    ("he passed out", "en"),
    ("coughing up blood", "en"),
    ("no puedo respirar", "es"),
    ("No puedo respiraaar!!", "es"),
    ("dolor de pecho", "es"),
    ("me duele el pecho", "es"),
    ("tiene una convulsión", "es"),
    ("convulsiones", "es"),
]
# Not a crisis: everyday medicine talk, fear of dying, idioms, words that only look alike.
NEAR_MISSES = [
    "el trabajo me quita la vida",  # an idiom: it drains me
    "the pills make me sick?",
    "which pain pills help",
    "I take all my pills every morning",
    "killing time",
    "this pain is killing me",
    "is chemo going to kill me?",
    "chemo kills cancer cells",
    "breathe easier",
    "breathing exercises",
    "short of breath",
    "chest x-ray",
    "chest port",
    "will I die?",
    "am I dying",
    "how long until I die",
    "I don't want to die",
    "i do not want to die",
    "I don't really want to die",
    "how do I stop the pain",
    "stroll",
    "an odd question",
    "no quiero morir",
    "no me quiero morir",
    "me voy a morir?",
    "el dolor me está matando",
    "la quimio mata las células",
    "las pastillas me dan náuseas",
    "tomo muchas pastillas",
    "voy a cortarme el pelo",
    "respirar mejor",
    "radiografía de pecho",
    "dying to know about new drugs",
    "what does a seizure from brain mets look like",
    "can brain mets cause a stroke",
    "me tomé la pastilla",
    "derrame pleural",
    "tomo muchas pastillas para el dolor",
    "my mom passed away last year",
    # a real word a few letters from a crisis word is not a typo of it
    "she is responsive today and ate some soup",
    "he was conscious and talking this morning",
    "quiero que siga consciente para despedirnos",
    "a veces he pensado en separarme de mi esposo",
    "no puedo esperar a que lleguen los resultados",
    # ...nor any common word of the language's dictionary (understanding/rules/real_words.py)
    "she loves cooking for us on sundays",
    "i need to start putting myself first",
    "we are all grasping at any hope",
    "he is willing to try the new drug",
    # the cancer, not the person, stopped responding
    "bad news, his prostate cancer stopped responding. what do they try next",
    "el cancer ya no responde, que sigue",
    # a sign told of weeks or years back, nothing said of now: the care team answers, not 911
    "my dad had a stroke three years ago, can he fly to see us",
    "tuvo una convulsion hace dos anos, puede manejar?",
]


@pytest.mark.parametrize(("text", "language"), SELF_HARM)
def test_self_harm_words(text, language):
    alarm = TRIAGE.check(text, first=language)
    assert alarm and alarm.categories == ("self_harm",), text
    assert alarm.language == language


@pytest.mark.parametrize(("text", "language"), MEANS)
def test_overdose_and_poisoning_words(text, language):
    alarm = TRIAGE.check(text, first=language)
    assert alarm and alarm.overdose, text
    assert alarm.emergency  # 911 first, then Poison Help


@pytest.mark.parametrize(("text", "language"), EMERGENCY)
def test_emergency_words(text, language):
    alarm = TRIAGE.check(text, first=language)
    assert alarm and alarm.categories == ("emergency",), text
    assert alarm.emergency and not alarm.self_harm


@pytest.mark.parametrize(("text", "category"), INDIRECT)
def test_indirect_third_person_and_misspelt(text, category):
    alarm = TRIAGE.check(text)
    assert alarm and category in alarm.categories, text


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_do_not_trigger(text):
    assert TRIAGE.check(text) is None


def test_taking_them_all_is_an_overdose_and_self_harm():
    alarm = TRIAGE.check("I took all my pills at once and now I can't breathe")
    assert alarm.categories == ("emergency", "overdose", "self_harm")


def test_every_content_language_has_crisis_rules(line):
    for code in line.library.languages:
        assert code in alarms.TABLES, f"add understanding/rules/{code}.py and list it in rules.LANGUAGES"
        covered = {c for categories, _, _, _ in alarms.TABLES[code].rules for c in categories}
        assert covered == set(alarms.CATEGORIES), code


def test_the_language_asked_first_decides_the_reply_language():
    assert TRIAGE.check("convulsión", first="es").language == "es"
    assert TRIAGE.check("convulsion", first="en").language == "en"


# -- through the simulator -----------------------------------------------------------------------
def prompt_texts(line, key):
    return {lang.prompt(key).text for lang in line.library.languages.values()}


@pytest.mark.parametrize(("text", "_lang"), SELF_HARM[:4] + SELF_HARM[12:15])
def test_self_harm_gets_the_crisis_line_first_and_no_other_content(texter, line, app, text, _lang):
    texter.send("menu")
    replies = texter.send(text)
    assert replies[0].body.split("\n")[0] in prompt_texts(line, "crisis_self_harm")
    assert app.config["CRISIS_NUMBER"] in replies[0].body
    assert app.config["EMERGENCY_NUMBER"] in replies[0].body
    assert not any("(1/" in r.body or "Reply with a number" in r.body for r in replies)


@pytest.mark.parametrize(("text", "_lang"), MEANS)
def test_an_overdose_gets_911_then_poison_help(texter, line, app, text, _lang):
    texter.send("menu")
    replies = texter.send(text)
    bodies = "\n".join(r.body for r in replies)
    assert replies[0].body.split("\n")[0] in prompt_texts(line, "crisis_emergency")
    assert any(p in bodies for p in prompt_texts(line, "crisis_overdose"))
    assert "1-800-222-1222" in bodies


def test_taking_them_all_also_gets_988(texter, line):
    texter.send("menu")
    bodies = "\n".join(r.body for r in texter.send("I took all my pills"))
    assert any(p in bodies for p in prompt_texts(line, "crisis_self_harm"))


@pytest.mark.parametrize(("text", "_lang"), EMERGENCY)
def test_emergency_gets_911_first(texter, line, app, text, _lang):
    texter.send("menu")
    replies = texter.send(text)
    assert replies[0].body.split("\n")[0] in prompt_texts(line, "crisis_emergency")
    assert app.config["EMERGENCY_NUMBER"] in replies[0].body


@pytest.mark.parametrize("text", ["chest pain", "I have seizures"])
def test_an_emergency_is_followed_by_the_topic_it_names(texter, english, text):
    texter.send("menu")
    replies = texter.send(text)
    assert replies[0].body == english.prompt("crisis_emergency").text
    assert topic_of(english, replies[1:]) is not None


@pytest.mark.parametrize(
    "text",
    [
        "My dad has stage 4 lung cancer and it spread to his bones. The pain pills stopped helping. I am so tired "
        "of watching him hurt and honestly some days I just want all of this to be over for me too.",
        "A mi esposo le dio cancer de colon y ya se le paso al higado. Yo lo cuido todos los dias y estoy sola. "
        "A veces le pido a dios que mi vida ya se acabe.",
    ],
)
def test_despair_in_a_long_message_gets_988_before_any_topic(texter, line, text):
    """The wish that life ends leads, whatever topic the rest of the message names."""
    texter.send("menu")
    replies = texter.send(text)
    assert replies[0].body.split("\n")[0] in prompt_texts(line, "crisis_self_harm")
    assert not any("(1/" in r.body for r in replies)


def test_a_new_texter_in_crisis_gets_the_crisis_line_before_any_welcome(texter, english):
    replies = texter.send("I want to kill myself")
    assert replies[0].body.startswith(english.prompt("crisis_self_harm").text)
    assert english.prompt("sms_welcome").text not in replies[0].body


def test_crisis_keeps_the_place_to_go_back_to(texter):
    texter.send("menu")
    texter.send("what comes next")
    texter.send("I want to die")
    assert texter.send("MORE")[0].body.startswith("(2/")


def test_spanish_crisis_words_are_answered_in_spanish(texter, spanish):
    texter.send("menu")
    replies = texter.send("quiero morir")
    assert replies[0].body.startswith(spanish.prompt("crisis_self_harm").text)


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_get_the_usual_reply(texter, line, text):
    texter.send("menu")
    bodies = "\n".join(r.body for r in texter.send(text))
    for key in ("crisis_self_harm", "crisis_emergency"):
        assert not any(p in bodies for p in prompt_texts(line, key)), text


def test_only_the_category_is_logged(texter, caplog):
    caplog.set_level(logging.DEBUG)
    texter.send("I want to kill myself tonight")
    texter.send("my chest hurts")
    logs = "\n".join(r.getMessage() for r in caplog.records)
    assert "self_harm" in logs and "emergency" in logs
    for word in ("kill", "myself", "tonight", "chest", "hurts"):
        assert word not in logs


# -- respelling in one pass reads as respelling rule by rule ---------------------------------------
def _one_by_one(respelling: alarms.Respelling, text: str) -> str:
    for pattern, replacement in respelling.rules:
        text = re.sub(rf"\b(?:{pattern})\b", replacement, text, flags=respelling.flags)
    return text


_TRIGGERS = sorted(
    {w for table in alarms.TABLES.values() for p, r in table.spelling.rules for w in re.findall(r"[a-z]+", p + " " + r)}
    | {w for word, spelled in alarms.PAST.rules for w in [word, word.upper(), *spelled.split()]}
    | {"not", "am", "i", "he", "she", "can", "do", "is", "will", "breathing", "hess", "uu", "tomo"}
)


@settings(max_examples=400, deadline=None)
@given(words=st.lists(st.sampled_from(_TRIGGERS), max_size=12), glue=st.sampled_from([" ", ", ", " y "]))
def test_respelling_in_one_pass_is_respelling_rule_by_rule(words, glue):
    # Text-speak and Spanish past tenses are spelled out in one regex pass (a scan per rule cost
    # more than the rest of reading a calm message); a rule whose output fed another would make
    # the two readings differ.
    text = glue.join(words)
    for table in alarms.TABLES.values():
        assert table.spelling(text) == _one_by_one(table.spelling, text)
    assert alarms.PAST(text) == _one_by_one(alarms.PAST, text)


_RULE_WORDS = sorted(
    {w for t in alarms.TABLES.values() for _, rx, _, _ in t.rules for w in re.findall(r"[a-z]+|911", rx.pattern)}
)


@settings(max_examples=500, deadline=None)
@given(words=st.lists(st.sampled_from(_RULE_WORDS + ["my", "the", "42", "x", "and", "no"]), min_size=1, max_size=10))
def test_the_quick_look_finds_every_text_a_rule_would_match(words):
    # The quick look is every rule in one search; it must say yes exactly when some rule
    # matches, or a crisis would go unread (or calm texts slow).
    text = " ".join(words)
    for table in alarms.TABLES.values():
        assert bool(table.any.search(text)) == any(rx.search(text) for _, rx, _, _ in table.rules), (table.code, text)


def test_the_quick_look_agrees_on_every_crisis_and_held_out_text():
    from tests.evaluation import cases

    texts = [c.text for c in cases()] + [t for t, _ in SELF_HARM + MEANS + INDIRECT + EMERGENCY] + NEAR_MISSES
    hits = 0
    for text in texts:
        for table in alarms.TABLES.values():
            for clause in filter(None, (alarms.normalise(part) for part in alarms.CLAUSE_END.split(text))):
                read = TRIAGE._read(table, clause)
                expected = any(rx.search(read) for _, rx, _, _ in table.rules)
                assert bool(table.any.search(read)) == expected, (table.code, text)
                hits += expected
    assert hits > 100  # the set holds many crises: the look is tested on both answers


@settings(max_examples=400, deadline=None)
@given(word=st.text(alphabet="abcdeilmnoprstuvyz", min_size=5, max_size=16))
def test_a_typo_is_fixed_to_the_same_crisis_word_as_searching_every_word(word):
    # _closest searches only the crisis words of a length that could score FUZZY_MIN: the same
    # answer as searching them all.
    from rapidfuzz import fuzz, process

    for table in alarms.TABLES.values():
        hit = process.extractOne(word, table.lexicon, scorer=fuzz.ratio, score_cutoff=alarms.FUZZY_MIN)
        assert alarms._closest(table, word) == (hit[0] if hit else word)


def test_typos_of_every_crisis_word_are_fixed_as_searching_every_word():
    from rapidfuzz import fuzz, process

    for table in alarms.TABLES.values():
        for w in table.lexicon:
            # a letter or two short, or long, at either end: what a hurried thumb does
            for typo in {w[:-1], w[1:], w[:-2], w[2:], w + "s", w + "ss", "x" + w, w[:-2] + "xyz"}:
                if len(typo) >= alarms.FUZZY_MIN_LETTERS:
                    hit = process.extractOne(typo, table.lexicon, scorer=fuzz.ratio, score_cutoff=alarms.FUZZY_MIN)
                    assert alarms._closest(table, typo) == (hit[0] if hit else typo), (table.code, typo)


# -- said around the word, and what only looks like it (issue 25) ----------------------------------
# Written apart from the rules and from the held-out sets: the kinds people write.
AROUND_THE_WORD = [
    ("honestly i pray god takes me in my sleep tonight", "self_harm"),
    ("i keep hoping i dont wake up in the morning", "self_harm"),
    ("i just want to disappear and not be a problem for anyone", "self_harm"),
    ("I see no way out of this", "self_harm"),
    ("since he died i only want to go be with my husband again", "self_harm"),
    ("le pido a dios que me recoja ya", "self_harm"),
    ("ya no le veo salida a nada", "self_harm"),
    ("mejor me muero y ya", "self_harm"),
    ("I think I gave my dad a double dose of his morphine", "overdose"),
    ("she took way more than prescribed of the oxycodone", "overdose"),
    ("creo que le di doble dosis de la morfina a mi papa", "overdose"),
    ("his eyes rolled back and he is foaming at the mouth", "emergency"),
    ("mom fell and cant get up and she looks gray", "emergency"),
    ("mi abuelo esta echando espuma por la boca", "emergency"),
    ("no le entra el aire a mi esposo", "emergency"),
    # the wish that life ends, in a long message of despair (issue 25)
    ("my husband has colon cancer in his liver. i am worn out and i just want all of this to be over", "self_harm"),
    ("some nights i pray to god that my life is over by morning", "self_harm"),
    ("since my wife died there is no point going on, what do i do with myself", "self_harm"),
    ("honestly i wish this life of mine would just end", "self_harm"),
    ("lately i have lost the will to live", "self_harm"),
    ("mi hermano tiene cancer en el higado. estoy cansado y a veces quisiera que mi vida ya se termine", "self_harm"),
    ("ya nada mas quiero que todo esto se acabe", "self_harm"),
    ("desde que se fue mi esposo, ojala ya se termine todo de una vez", "self_harm"),
    ("ojala yo me hubiera muerto en vez de el", "self_harm"),
    # a burden, or sleep with no waking, said of oneself (session 34)
    ("some days i feel my family would do better if i fell asleep one night and never woke up", "self_harm"),
    ("im only a burden to my husband now", "self_harm"),
    ("a veces pienso que todos estarian mejor si yo ya no estuviera", "self_harm"),
    ("quisiera que una noche me durmiera y ya no despertara", "self_harm"),
    ("me siento nada mas que un estorbo pa mis hijos", "self_harm"),
    # blood brought up, and the spinal cord pressed on, told by what is seen
    ("mi esposo empezo a vomitar mucha sangre", "emergency"),
    ("mi papa esta arrojando sangre por la boca", "emergency"),
    ("his legs went heavy and he is numb below the waist", "emergency"),
    ("mi mama no siente nada de la cintura para abajo", "emergency"),
    # a second blind probe (session 34): the wish said of someone else, pills put by, a way named,
    # goodbyes and things given away, the end hurried; Spanish as it is texted
    ("my mom says she wants to fall asleep and not wake up, and she keeps asking where her pills are", "self_harm"),
    ("ive been setting aside some of my morphine pills each week", "self_harm"),
    ("my family would be better off if i just wasnt around", "self_harm"),
    ("dad has been giving away his things to the grandkids", "self_harm"),
    ("how much does life insurance pay if a person takes their own life", "self_harm"),
    ("she talks about driving into the river", "self_harm"),
    ("im tired of waiting for the cancer to take me", "self_harm"),
    ("my uncle called all of us to say goodbye last night", "self_harm"),
    ("he keeps saying he wants to hurry things along so we can stop paying for him", "self_harm"),
    ("my dad wants to speed this up so we stop spending on him, he is not on hospice", "self_harm"),
    ("if i put on 4 of my patches at the same time would i just go to sleep", "self_harm"),
    ("he estado juntando las pastillas para dormir", "self_harm"),
    ("cuanta morfina hay que tomar para no despertar", "self_harm"),
    ("pa que sigo luchando si ya no hay nada que hacer", "self_harm"),
    ("mi hermano dice que se va a tirar al rio", "self_harm"),
    ("mi papa regalo todas sus cosas y dice que ya no las va a necesitar", "self_harm"),
    ("si me pongo todos los parches a la vez ya no siento nada?", "self_harm"),
    ("after the new infusion her tongue looks swollen and she sounds hoarse", "emergency"),
    ("my husband collapsed in the kitchen, he is not on hospice", "emergency"),
    ("a mi mama se le cayo la cara de un lado", "emergency"),
    ("de repente mi esposo habla raro y no se le entiende", "emergency"),
    ("tiene un dolor horrible en el pecho", "emergency"),
    ("se le voltearon los ojos y no responde", "emergency"),
    ("mi nieto de 3 años se comio unas pastillas de la presion", "overdose"),
    ("me tome doble la morfina y respiro muy despacio", "overdose"),
    ("despues del tratamiento le salieron ronchas en todo el cuerpo y le cuesta tragar", "emergency"),
    # a third blind probe (session 34), in other words
    ("there is no point in waking up, and i know how i would do it", "self_harm"),
    ("i go up on the roof and think jumping would be quicker", "self_harm"),
    ("some days i think if i crashed my car it would all be over", "self_harm"),
    ("ive been looking up ways to die on my phone", "self_harm"),
    ("my wife would be relieved if i was already gone", "self_harm"),
    ("i cut myself again last night", "self_harm"),
    ("my kids will do fine without me, i have made my peace", "self_harm"),
    ("mi familia descansaria si yo ya no estuviera", "self_harm"),
    ("cuantas pastillas pa ya no despertar", "self_harm"),
    ("he estado buscando maneras de morir en internet", "self_harm"),
    ("a veces pienso en estrellarme con el carro", "self_harm"),
    ("mi suegra tiene guardado el veneno para ratas por si acaso", "self_harm"),
    ("grandma put on 4 patches instead of 1 by mistake", "overdose"),
    ("mi papa se puso tres parches en vez de uno", "overdose"),
    ("there is a heavy pressure in my chest and my arm is numb", "emergency"),
    ("his lips look sort of blue", "emergency"),
    ("she went stiff and then her arms and legs were jerking", "emergency"),
    ("my throat is getting tight and im breaking out in hives", "emergency"),
    ("the cut on his arm is not stopping bleeding", "emergency"),
    # session 35: the near misses above have their limits
    ("i want to die at home tonight, nobody would even notice", "self_harm"),
    ("id rather die than keep living like this", "self_harm"),
    ("quiero morirme en mi cama esta noche", "self_harm"),
    # session 35, from a fourth blind probe's misses (in other words here)
    ("i gave him 5 ml of the oxycodone instead of 0.5, he is so sleepy", "overdose"),
    ("forgot to take the old patch off and put a new one on, now she can barely keep her eyes open", "overdose"),
    ("found my son in the garage with the car running, he says he will try again", "self_harm"),
    ("parked on the overpass after my appointment. i dont see the point of going home", "self_harm"),
    ("tonight i stop being everyones problem", "self_harm"),
    ("i have the pills already, i just need it to be quick", "self_harm"),
    ("when she goes, im going with her", "self_harm"),
    ("coughed up a lot of bright red blood just now", "emergency"),
    ("vomiting something like coffee grounds", "emergency"),
    ("his chest tube site is pouring blood", "emergency"),
    ("feels like someone heavy is sitting on my chest", "emergency"),
    ("the pain goes down my left arm and im sweating", "emergency"),
    ("his legs got weak this afternoon, and he wet himself", "emergency"),
    ("mi papa dice que manana ya no va a amanecer, puso todas sus pastillas en la mesa", "self_harm"),
    ("no le veo sentido regresar a la casa, estoy en el puente", "self_harm"),
    ("cuando mi esposo se muera yo me voy con el", "self_harm"),
    ("lo encontre en la cochera con el carro prendido", "self_harm"),
    ("ya tengo mis pastillas pa ese dia", "self_harm"),
    ("mi esposa no puede mover el brazo derecho y habla enredado", "emergency"),
    ("estoy vomitando como cafe molido", "emergency"),
    ("me levante y se me fue todo negro y me cai", "emergency"),
    # session 35, from a fifth blind probe's misses (in other words here)
    ("she told the grandkids she wont be here by christmas and gave them her rings", "self_harm"),
    ("dad keeps a shotgun in the barn just in case, he stopped eating and wont call back", "self_harm"),
    ("im going to take care of it myself before the cancer takes everything", "self_harm"),
    ("i already know how i'd do it and when", "self_harm"),
    ("i picked the day i will go, after my birthday", "self_harm"),
    ("im not sticking around for the end of this", "self_harm"),
    ("i burned myself with a lighter again tonight", "self_harm"),
    ("i keep banging my head against the wall when the panic comes", "self_harm"),
    ("mom suddenly doesnt know where she is and keeps talking nonsense", "emergency"),
    ("worst headache of my life and i cant see out of one eye", "emergency"),
    ("coughing up clots of blood", "emergency"),
    ("la otra semana voy a dejar de ser una carga pa ustedes", "self_harm"),
    ("mi abuelo dice q si sigue el dolor el mismo se despacha", "self_harm"),
    ("pense en tomarme todas sus pastillas", "self_harm"),
    ("si me inyecto toda la insulina de una vez es rapido", "self_harm"),
    ("ya tengo escogido el dia", "self_harm"),
    ("no voy a esperar a que el cancer me gane", "self_harm"),
    ("pienso en aventarme del puente", "self_harm"),
    ("me queme otra vez con el cigarro a proposito", "self_harm"),
    ("me golpee la cabeza contra la pared varias veces", "self_harm"),
    ("mi suegra tiene la cara chueca y no le entiendo", "emergency"),
    ("tengo el peor dolor de cabeza de mi vida", "emergency"),
    ("mi tia de repente esta hablando puras incoherencias", "emergency"),
    ("le sangra el cuello a chorros", "emergency"),
    # session 35, from a sixth blind probe's misses (in other words here)
    ("i know how and when i'd do it", "self_harm"),
    ("what is a lethal dose of oxycodone, asking for myself", "self_harm"),
    ("kissed my wife goodnight, she has no idea it was goodbye", "self_harm"),
    ("my pills are all lined up on the dresser", "self_harm"),
    ("god will understand if i go early", "self_harm"),
    ("standing on the roof of the hospital garage looking over the edge", "self_harm"),
    ("no point fighting anymore, i picked a date", "self_harm"),
    ("take care of mom for me, im sorry", "self_harm"),
    ("his leg was swollen and suddenly he is short of breath", "emergency"),
    ("estoy parada en el puente, ya me voy", "self_harm"),
    ("esta noche termino con todo", "self_harm"),
    ("mi abuela respira muy despacito y no despierta", "emergency"),
    ("de repente no me reconoce", "emergency"),
    ("un dolor de cabeza como un trueno", "emergency"),
    # session 35, from a seventh blind probe's misses (in other words here)
    ("gave away my tools this week. after the funeral plot is paid i already know how", "self_harm"),
    ("she said she might drive into the river so we stop suffering with her", "self_harm"),
    ("the rope is already tied in the shed", "self_harm"),
    ("love you all, see you on the other side", "self_harm"),
    (
        "grandpa slipped and hit his head on the tub, he takes eliquis, now he keeps vomiting and is so sleepy",
        "emergency",
    ),
    ("his stomach is hard as a rock and he is screaming in pain", "emergency"),
    ("blood is spurting from his port site", "emergency"),
    ("mañana cuando se vayan al trabajo me tomo todo lo que hay en el botiquin", "self_harm"),
    ("dios me va a perdonar si me voy antes", "self_harm"),
    ("dice que prefiere acabarse antes que el cancer", "self_harm"),
    ("me voy a tirar del puente", "self_harm"),
    ("ya no voy a necesitar este telefono, gracias por todo", "self_harm"),
    ("que tan alto tiene que ser para no sobrevivir", "self_harm"),
    ("esta tieso y sacudiendose en el piso", "emergency"),
    ("esta devolviendo como cafe molido", "emergency"),
    ("esta sangrando muchisimo y ya lleno 3 toallas", "emergency"),
    ("de la nada empezo a hablar cosas sin sentido y no sabe donde esta", "emergency"),
    # session 35, found writing the likeness tests: signs the likeness missed too
    ("her mouth is drooping on one side and she cant lift her right arm", "emergency"),
    ("his smile looks droopy on the left side all of a sudden", "emergency"),
    ("dad fell in the bathroom and hit his head, now he is confused and keeps asking where he is", "emergency"),
    ("she banged her head on the cabinet and has thrown up twice since", "emergency"),
    ("mi mama se cayo, se pego en la cabeza y ahora no sabe ni donde esta", "emergency"),
    ("a mi tia le sale mucha sangre del puerto, no se detiene con la gasa", "emergency"),
    ("mi papa tiene las piernas sin fuerza desde esta manana y se orino sin darse cuenta", "emergency"),
    ("le pusieron el suero en la casa y se le esta cerrando la garganta", "emergency"),
    ("esta sudando frio y dice que le aprieta el pecho", "emergency"),
    # a ninth blind probe's misses (session 36), in other words
    ("he said if the scan is bad hes going to drive out to the lake and not coming back", "self_harm"),
    ("figured i would save this cancer the trouble", "self_harm"),
    ("my son found out my brother has been cutting his wrists since the diagnosis", "self_harm"),
    ("i left the front door unlocked so they find me quick", "self_harm"),
    ("dad asked me to get him some tubing that fits the tailpipe of his truck", "self_harm"),
    ("i have the morphine ready, just wanted to say thanks", "self_harm"),
    ("my grandpa asked me where to buy a handgun fast", "self_harm"),
    ("her temp is 103 and shes shivering, the blood pressure cuff says 82/48", "emergency"),
    ("my wife is so hard to wake up this afternoon and barely makes sense", "emergency"),
    ("his foot went ice cold and pale and he is screaming in pain", "emergency"),
    ("she said her head is splitting, then threw up twice and now she seems confused", "emergency"),
    ("esta noche si me atrevo, ya tengo todo", "self_harm"),
    ("mi papa dice que ya no le encuentra sentido a nada", "self_harm"),
    ("la escopeta de mi abuelo esta debajo del colchon de mi tio y ya se despidio", "self_harm"),
    ("jaja me voy yo primero antes que el cancer me gane", "self_harm"),
    ("mi abuelo compro una manguera larga y cinta y dice q es pa la troca", "self_harm"),
    ("manana voy otra vez al puente y ya no me regreso", "self_harm"),
    ("deje la llave afuera pa que me encuentren rapido", "self_harm"),
    ("esta noche me voy a tomar todo lo que tengo guardado", "self_harm"),
    ("tiene 39 de fiebre, esta temblando y la presion le marca 85/50", "emergency"),
    ("mi mama se queda dormida mientras le hablo y casi no despierta", "emergency"),
    ("a mi esposo se le puso el pie frio y morado y le duele horrible", "emergency"),
    ("dice que se le parte la cabeza, ya vomito dos veces y esta confundido", "emergency"),
    ("la herida empezo a chorrear sangre y no se detiene", "emergency"),
    ("mi tio no pudo caminar esta manana y se hizo pipi sin darse cuenta", "emergency"),
    ("tengo miedo que le de un derrame, ya tiene la boca chueca", "emergency"),
]
# Caregiver strain, treatment choices, tiredness, stories of a death: their topic, not 988 or 911.
NOT_A_CRISIS = [
    "I have been taking care of my dad for a year and I just cant do this anymore",
    "caring for my wife alone, im done, i need a break",
    "cuido a mi mama sola y ya no puedo mas, estoy agotada",
    "my mother has decided to stop chemo and go on hospice",
    "mi papa ya no quiere seguir con la quimio",
    "mi mama ya no quiere seguir con el tratamiento, que hacemos",
    "she was unresponsive for her last two days in hospice and then passed away peacefully",
    "en el hospicio mi abuela ya no despertaba y fallecio tranquila",
    "ya no aguanto el dolor de espalda",
    "la quimio me va a matar de cansancio jaja",
    "mi hijo me colgo el telefono",
    "is it normal for brain mets to cause seizures",
    "es normal que las metastasis en el cerebro den convulsiones",
    # a kind of seizure or stroke asked about in general, no one's own (session 33)
    "are absence seizures dangerous",
    "is a mini stroke serious",
    "son peligrosas las convulsiones por fiebre?",
    "las convulsiones por fiebre son graves?",
    "is there a difference between a mini stroke and a big one",
    "do strokes run in families",
    "what should you do if someone has a seizure",
    "los derrames cerebrales son hereditarios?",
    "una convulsion deja secuelas?",
    "que hago si a alguien le da una convulsion en la calle",
    "my fingers and toes are numb from the chemo",
    # a death told, or asked about: sleep with no waking said of someone else
    "my grandpa went to sleep one night and never woke up, is that how it goes with cancer",
    "will he just fall asleep and not wake up at the end",
    "mi tia se durmio y ya no desperto, asi es el final?",
    # what only looks like the second probe's crises (session 34)
    "i wish i could disappear for a day and just sleep, where can i find respite care",
    "if we stop chemo will it be painless at the end",
    "she gave away her wigs after chemo ended",
    "cuales son los sintomas de un derrame cerebral",
    "como es una convulsion por tumores en el cerebro",
    "el doctor dice que podria tener una convulsion",
    "termine la quimio y ya no la voy a necesitar la peluca",
    "my mom with dementia keeps hiding her pills in her purse",
    "will it be peaceful at the end, what does dying from liver cancer look like",
    "mi mama con demencia anda escondiendo las pastillas",
    # what only looks like the third probe's crises
    "i know how to do it, the nurse showed me how to flush his port",
    "looking up ways to help my mom with nausea",
    "the kids will be fine without me for the weekend while im at chemo",
    "what if i crash the car because of chemo brain",
    "he takes 2 pills instead of 1 now, the doctor raised the dose",
    "my legs keep twitching at night since the morphine",
    "my neck went stiff and sore after radiation",
    "my mom is hard to wake in the mornings",
    "tengo guardado el cloro arriba para que los niños no lo alcancen",
    "tiene la cara hinchada por los esteroides y le cuesta tragar por las llagas",
    "tengo miedo de que me duerma y no despierte de la anestesia",
    # a sign told long ago, and all well now (session 34)
    "he had a seizure two months ago, now on medication and doing fine, can he drive",
    "tuvo una convulsion hace un mes y ahora ya esta bien, puede manejar?",
    # ...told by a weekday or a month, well "now" after the fact, not come back, or only feared (session 35)
    "she had a seizure last sunday, the doctor changed her pills and she is doing well. can she still work",
    "grandpa fainted last month when his sugar dropped, hes home and doing ok now",
    "my wife had a seizure in march, now she takes keppra and hasnt had another",
    "i had a heart attack 5 years ago and now im scared the chemo will cause another, what should i watch for",
    "mi hermano se desmayo el viernes pasado pero ya esta bien, le hicieron estudios",
    "en julio tuvo una convulsion y desde que toma la pastilla no le ha vuelto a dar",
    # where to die when the time comes, a treatment refused, a relative one cannot stand (session 35)
    "when it is my time i want to die in my own bed, not hooked to machines",
    "i would rather die than do another round of chemo, can i just stop",
    "cuando llegue la hora mi papa quiere morir en su casa, como lo arreglamos con hospicio",
    "ya no aguanto a mi cunado, siempre opina de todo",
    # near the fourth probe's crises, and none
    "i accidentally took 2 tylenol instead of 1, is that ok",
    "when he goes I'm going to need help with the funeral",
    "she cant keep her eyes open after chemo, is that normal",
    "i keep my car in the garage, is the heat bad for my meds",
    "what does it mean if pain goes down the left arm",
    "mom coughed up a little streak of blood in her spit this morning, she feels fine",
    "cuando se muera mi papa yo me voy a vivir con mi hermana",
    "mi tia habla enredado desde el derrame que le dio hace 3 anos",
    "ocho meses cuidando a mi mama y ya no puedo mas, necesito ayuda unos dias",
    # near the fifth probe's crises, and none
    "the doctor says she wont be around much longer, how do we prepare",
    "i keep an extra bottle of pain pills just in case the pharmacy runs out",
    "how do i take care of it myself when the wound dressing comes off",
    "we picked a date for the funeral, what do i say at the service",
    "mom gets confused in the evenings since the brain mets, is that the tumor",
    "i burned myself cooking, can i use aloe while on chemo",
    "i wake up with a weight on my chest and dont care about anything, is that depression",
    "la doctora dice que ya no le queda mucho, como nos preparamos",
    "ya escogimos el dia para la boda de mi hija, mi mama quiere estar",
    "me tomo todas las pastillas que me recetaron en la manana",
    "me queme con la plancha, puedo usar pomada con la quimio",
    "no voy a esperar a que me llamen, mejor voy a la clinica",
    "mi papa estaba confundido anoche, vino la enfermera y ya esta tranquilo. le puede volver a pasar?",
    # near the sixth probe's crises, and none
    "what is the lethal dose of tylenol, i want to be careful with dads meds",
    "my pills are lined up in the weekly organizer, is it ok to take them with food",
    "we picked a date for the memorial, no point waiting longer",
    "i get short of breath walking up stairs since chemo, it comes on suddenly when i climb",
    "es malo q una parte de mi quiera q ya descanse? sufre mucho y yo ya no puedo mas",
    "hoy acabo con la quimio, ultima sesion!",
    "nos paramos en el puente a ver el rio, a mi mama le gusta",
    # asked how to tell or what to do, whether to call 911 at a death on hospice, a sign over and
    # well since (session 35)
    "how do you know if someone is having a stroke? my mom has brain mets",
    "what should i do if he has one, the neurologist said seizures can happen",
    "q diferencia hay entre un derrame y un desmayo",
    "do we still call 911 when she passes at home with hospice?",
    "tengo que llamar al 911 cuando se muera en la casa?",
    "last week she had a seizure, the ER changed her meds and she has been fine since. should she still be driving",
    "last month he coughed up blood, they sealed it off. hes doing ok. what should we watch for now",
    "my wife had a seizure in june, they raised her keppra, none since. can she drive again?",
    "el sabado a mi papa le dio una convulsion, ya lo mandaron a la casa y ahorita esta tranquilo",
    "mi mama tuvo un derrame hace 5 anos y quedo bien. ahora con el cancer q senales debo vigilar?",
    "he passed out last night getting up to pee but he has been fine all day, should we tell the doctor",
    # a choice to stop treatment said as "ready to die", a fear of the end, a sign years back and
    # recovered, a worry it could happen again, a pill gone down wrong (session 36)
    "mom told the oncologist she is ready to die and wants to stop chemo and go on hospice, what happens now",
    "afraid of choking when the tumor in my throat gets bigger, what can hospice do about it",
    "my dad had a seizure 3 yrs ago and fully recovered, now has prostate cancer, does chemo raise the risk",
    "he passed out 2 wks ago from low blood pressure, they changed his pills. how do we keep it from happening again",
    "i swallowed my pill the wrong way and coughed a lot, its down now",
    # near misses beside those rules (session 36)
    "my mom is hard to wake in the mornings since the new sleeping pill, should we ask about the dose",
    "he went to the store and is not coming back until six",
    "fui regalando mis cosas a mis nietos mientras todavia puedo ver que las disfrutan",
    "el martes me dio dolor en el pecho en la quimio, me hicieron estudios y todo salio bien",
    "toma la pastilla de la presion dos veces al dia y anda un poco mareado, es normal?",
    "her blood pressure was 85/50 at the clinic last month, they said it was fine for her",
    "no me regreso a trabajar hasta enero",
    # general health questions (session 36): food poisoning, the signs or kinds of one asked about
    "how long does food poisoning usually last",
    "what are the common warning signs of a heart attack",
    "what are the main types of seizures",
    "me quiero morir de risa con mi nieta, que me recomiendan para el mareo de la quimio",
    "tengo miedo de que me de un derrame por el tumor, que sintomas tiene",
    "anoche me desmaye en el bano, hoy ya estoy bien. es por la quimio?",
    "ya no puedo mas con mi cunada, siempre opinando de todo",
    "i already know how hospice works, my mom had it",
    "the rope swing is in the yard, my kids love it",
    "the nurse said we wont need this machine after tonight",
    "my belly is hard and bloated since the tumor grew, what helps",
    "dios me va a perdonar si no voy a misa por la quimio?",
    "me tomo todo lo que me recetan, es normal el sueño?",
    "me voy a tirar en la cama todo el dia hoy, estoy cansadisima",
    "se sacudio un poco del frio pero ya esta bien",
    "de repente le dio hambre y no sabe donde dejo la cartera",
    # medicine taken as prescribed, a wish about treatment, a caregiver's wish for a loved one's peace
    "took another pill for the pain at 3am, is that ok",
    "took another 10mg of morphine for breakthrough pain",
    "i took 2 tylenol and more water",
    "I hope this chemo is over soon, it makes me so sick",
    "caring for my dad in his last days, I hope it is over soon for his sake",
    "she is suffering so much, i pray it is over soon for her",
    "ojala se acabe pronto la quimio",
    "nomas quiero que se acabe el tratamiento",
    "me tomé otra pastilla para el dolor",
    "en la noche tomo otras 3 pastillas para dormir",
    # an overdose asked about in general, nothing taken: the pain topic answers
    "how much morphine would be an overdose for someone his size?",
    "can a person overdose on the fentanyl patch if it gets warm",
    "cuanta morfina seria una sobredosis para una persona mayor?",
    # near the signs above, and no emergency now
    "my eyelid droops since the eye surgery, is that the cancer",
    "she hit her head on the car door last week but she is fine now",
    "he bumped his head on the shelf. what does it mean if the cancer makes him confused",
    "mi papa se pego en la cabeza con la puerta pero esta bien",
    "le sale un poco de sangre de la nariz cuando se suena pero luego se quita",
    "me aprieta el zapato por la hinchazon de los pies",
    "tiene las piernas hinchadas y orina poquito, es normal con la quimio",
]


@pytest.mark.parametrize(("text", "category"), AROUND_THE_WORD)
def test_crises_said_around_the_word(text, category):
    alarm = TRIAGE.check(text)
    assert alarm and category in alarm.categories, text
    if category != "self_harm":
        assert alarm.emergency  # 911 first


@pytest.mark.parametrize("text", NOT_A_CRISIS)
def test_strain_choices_and_stories_raise_no_alarm(text):
    assert TRIAGE.check(text) is None, text


def test_a_tired_caregiver_who_says_more_still_gets_988():
    alarm = TRIAGE.check("I take care of my mom and I cant do this anymore, I want to die")
    assert alarm and alarm.self_harm
    assert TRIAGE.check("i just cant do this anymore").self_harm  # no caregiving said: recall first


def test_ready_to_die_is_quiet_only_beside_a_treatment_choice():
    assert TRIAGE.check("honestly i am ready to die").self_harm
    assert TRIAGE.check("i stopped chemo and im ready to die tonight").self_harm
    assert TRIAGE.check("she stopped chemo last month, she says she is ready to die and wants to go home") is None


def test_a_call_for_help_now_in_a_hospice_story_still_gets_911():
    assert TRIAGE.check("he is in hospice and he is not breathing right now").emergency


# A question whether to call 911 is taken out of the message before the rules and CALLING_NOW read
# it (rules' WHETHER_TO_CALL): the question alone is quiet, calling (or a sign beside it) is not.
@pytest.mark.parametrize(
    "text",
    [
        "what are the signs of a stroke and when should we call 911",
        "when to call 911 for a cancer patient",
        "do we call 911 or the hospice nurse when he passes",
        "hay que llamar al 911 cuando fallezca en casa con hospicio?",
        "she is on hospice and barely responds now, do we still call 911 at the end",
    ],
)
def test_asking_whether_to_call_911_is_not_calling(text):
    assert TRIAGE.check(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "mi mama esta en hospicio y no despierta, voy a llamar al 911",
        "vamos a llamar al 911, no despierta",
        "should i call 911? he is not breathing",
        "tenemos que llamar al 911 ya, no respira",
        "she is in hospice and unresponsive, calling 911 now",
        "call 911",
    ],
)
def test_calling_911_or_a_sign_beside_the_question_still_gets_911(text):
    alarm = TRIAGE.check(text)
    assert alarm and alarm.emergency, text


# The word "emergency" as a figure of speech, and a sign told about someone in a hospital bed now:
# neither is a 911 call (understanding/rules: RALLY, WARD). Written for these rules, in our words.
NOT_A_CALL = [
    "metastatic patients are dying every day, it is an emergency, fund the research already",
    "stage four deserves more than pink ribbons. this is an emergency! where is the cure",
    "para los pacientes en etapa 4 es una emergencia, queremos una cura y mas investigacion",
    "my uncle is still in the hospital, the tumor in his head gives him seizures and his words come out slurred",
    "grandpa has been in the ICU since friday, he had a seizure yesterday, what should we ask the doctors",
    "mi abuela sigue internada, tuvo convulsiones anoche por el tumor, que le preguntamos al medico",
    "dicen que mi tio ya no va a regresar a casa, casi no puede hablar por las convulsiones",
]
STILL_A_CALL = [
    "this is an emergency, my wife is not breathing",
    "EMERGENCY",
    "es una emergencia, mi papa se desmayo",
    "he was in the hospital last month and now he is having a seizure",
    "mom is in the hospital and she is not breathing right now, call 911",
    "dad came home from the hospital yesterday and he just collapsed",
    "we need a cure but right now she cant breathe",
    "he is not in the hospital, he collapsed at home",
    "mi mama no esta en el hospital y no puede respirar",
    "she was admitted last month and now she is having a seizure at home",
]


@pytest.mark.parametrize("text", NOT_A_CALL)
def test_a_cause_or_a_story_from_a_hospital_bed_is_not_a_911_call(text):
    assert TRIAGE.check(text) is None, text


@pytest.mark.parametrize("text", STILL_A_CALL)
def test_an_emergency_happening_where_no_nurse_is_still_gets_911(text):
    alarm = TRIAGE.check(text)
    assert alarm and alarm.emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "her cancer is not responding to the chemo anymore, what now",
        "his tumors stopped responding to hormone therapy",
        "el cancer de mi papa ya no responde a la quimio, que sigue",
        "every good day feels tainted by the scans",
    ],
)
def test_a_cancer_not_responding_and_real_words_are_not_emergencies(text):
    assert TRIAGE.check(text) is None, text


def test_a_person_not_responding_still_gets_911():
    assert TRIAGE.check("my husband is not responding to me").emergency
    assert TRIAGE.check("mi mama no responde").emergency


def test_the_dictionarys_real_words_are_made_from_todays_rules():
    # understanding/rules/real_words.py is data the web process reads; a rule's new word changes
    # which dictionary words sit near a crisis word. Run: python -m understanding.rules.dictionary
    from understanding.rules import dictionary

    assert dictionary.OUT.read_text(encoding="utf-8") == dictionary.source()


def test_a_rules_own_real_words_are_the_ones_the_dictionary_lacks():
    # One place for each word: a rule module's REAL_WORDS holds only what real_words.py does not.
    from understanding.rules import real_words

    for code, data in alarms.RULES.items():
        assert not set(getattr(data, "REAL_WORDS", ())) & real_words.WORDS.get(code, frozenset()), code
