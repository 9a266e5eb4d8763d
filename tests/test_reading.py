"""Reading whole messages (understanding/reading.py): the ask in a long story, a second ask, an
urgent warning sign, who the message is about, asks the line does not cover, and a did-you-mean
list without repeats. These are the reading's own cases, written apart from the content's
examples; the held-out sets are measured in tests/test_understanding_eval.py."""

from __future__ import annotations

import pytest

from understanding import Context, Intent
from understanding.reading import ANSWER
from understanding.relations import relation
from understanding.text import normalise


@pytest.fixture
def read(line):
    understanding = line.navigator.understanding
    return lambda text, menu="root": understanding.read(text, Context("text", None, menu))


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        (
            "My sister and I have been taking turns at the hospital for weeks now. Her liver numbers keep going "
            "up and nobody explains anything. Is it normal for the cancer to go to the liver?",
            {"where.place.liver", "symptoms.liver"},
        ),
        (
            "We moved my father in with us in March. He has prostate cancer and it is in his bones now. "
            "How long do people usually live once that happens?",
            {"cure.outlook"},
        ),
        (
            "mi hermana tiene cancer de colon desde hace dos anos, la operaron y le dieron quimio pero ahora le "
            "encontraron manchas en el pulmon. eso quiere decir que se extendio?",
            # The colon page answers it too: colon cancer most often goes to the liver and the lungs.
            {"spread", "where.place.lungs", "where.type.colon"},
        ),
    ],
)
def test_the_ask_in_a_long_story_leads(read, text, topic):
    got = read(text)
    assert got.intent.name == "topic" and got.topic in topic, (got.intent, got.choices)


@pytest.mark.parametrize(
    ("text", "main", "also"),
    [
        (
            "Can stage 4 breast cancer ever be cured? Also what happens when the treatment stops working?",
            {"cure"},
            {"resist"},
        ),
        (
            "what does it mean that the cancer is in her lymph nodes, and how long can she live with it",
            {"where.place.lymph", "spread"},
            {"cure.outlook"},
        ),
        (
            "se puede curar el cancer de pulmon en etapa 4? y que pasa si la quimio deja de funcionar?",
            {"cure"},
            {"resist"},
        ),
    ],
)
def test_a_second_ask_is_named_too(read, text, main, also):
    got = read(text)
    assert got.topic in main and got.also in also, (got.intent, got.also)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        (
            "My husband has stage 4 colon cancer. He is not getting better on the chemo. "
            "How do we tell our two girls what is going on?",
            {"care.children"},
        ),
        (
            "mi papa tiene cancer de prostata en etapa 4. como le digo a mis hijos chiquitos lo que esta pasando?",
            {"care.children"},
        ),
    ],
)
def test_a_clear_ask_leads_over_the_diagnosis_told_before_it(read, text, topic):
    """The cancer named in the story is background: the clause that asks clearly is the main ask."""
    got = read(text)
    assert got.topic in topic, (got.intent, got.choices)


def test_a_question_mark_belongs_to_the_part_that_holds_it():
    from understanding.clauses import clauses

    parts = clauses("She has cancer in her liver and is very tired. My mom has breast cancer, and is it curable?")
    assert [c.asks for c in parts] == [False, False, False, True]  # "and is very tired" goes on telling
    assert clauses("how long can she live, and should we look at hospice?")[0].asks


def test_one_ask_names_no_second_topic(read):
    assert read("what does it mean when cancer has spread to the bones").also is None


@pytest.mark.parametrize(
    ("text", "page"),
    [
        ("my dad has had a temperature of 101 since his chemo on monday, is that bad", "fever"),
        ("her back has hurt for a week and today her legs feel numb", "spine"),
        ("his left calf is swollen and red and warm to touch", "clot"),
        ("mi esposo tiene fiebre y escalofrios despues de la quimioterapia", "fever"),
        ("a mi mama le duele la espalda y tiene las piernas dormidas", "spine"),
        # bone spread in the pelvis or hip near the nerves, a leg gone numb: the spine page too
        ("the cancer is in his hip bones and since this morning his right foot feels numb", "spine"),
        ("tiene metastasis en la cadera y ahora siente la pierna entumida", "spine"),
        ("she has been coughing up bloody mucus since yesterday", "bleeding"),
        ("mi papa tiene flemas con sangre desde ayer", "bleeding"),
        ("my aunt has had problems with breathing for a few days now", "breathing"),
        ("mi tia tiene dificultad para respirar desde el martes", "breathing"),
    ],
)
def test_a_warning_sign_names_its_urgent_page(read, line, text, page):
    nodes = line.library.get(None).nodes
    want = f"symptoms.urgent.{page}" if f"symptoms.urgent.{page}" in nodes else "symptoms.urgent"
    assert read(text).sign == want


@pytest.mark.parametrize(
    "text",
    [
        "what is stage 4 cancer",
        "my back hurts from sleeping on the couch",
        "she feels cold all the time",
        "he broke his hip last year",
        "breathing exercises for stress",
    ],
)
def test_no_warning_sign_no_urgent_page(read, text):
    assert read(text).sign is None


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("my mom has stage 4 lung cancer", "mom"),
        ("My 82 year old father was just told it spread", "dad"),
        ("mi esposo tiene cancer de prostata", "husband"),
        ("Mi mamá ya no quiere comer", "mom"),
        ("my wife's cancer is in her liver", "wife"),
        ("mis padres no entienden lo que dijo el doctor", "family"),
        ("my best friend has melanoma", "friend"),
        ("mi hija de 30 anos tiene cancer", "daughter"),
        ("I have stage 4 colon cancer", "self"),  # relations.SELF: the writer's own illness
        ("my doctor said it spread", None),
    ],
)
def test_who_the_message_is_about(read, text, who):
    assert read(text).relation == who
    assert relation(normalise(text)) == who


@pytest.mark.parametrize(
    "text",
    [
        "when do the results from a ct scan usually come back",
        "who sent me this message",
        "i need to move my infusion appointment to friday",
        "cuando me entregan los resultados de la tomografia",
        "quien me mando este mensaje",
        # the one who is ill is an animal, whatever cancer words follow
        "My cat was just diagnosed with bone cancer and spread to her lungs. How long does she have?",
        "el veterinario dice que mi perrita tiene cancer de mama con metastasis, se puede curar?",
    ],
)
def test_an_ask_the_line_does_not_cover_is_outside(read, text):
    got = read(text)
    assert got.intent.name == "outside" and got.topic is None and got.alarm is None, got.intent


@pytest.mark.parametrize(
    "text",
    [
        "my mom has cancer in her bones and her dog is all she talks about, how long can she live?",
        "mi papa tiene cancer en el higado y mi perro lo acompana todo el dia, que es la metastasis?",
        "my dog is the only one who gets me through this stage 4 lung cancer, how long do people live with it?",
    ],
)
def test_a_pet_beside_a_person_who_is_ill_is_not_outside(read, text):
    got = read(text)
    assert got.intent.name != "outside", got.intent


def test_a_did_you_mean_list_never_repeats_a_topic_or_pairs_a_parent_with_its_child(line):
    understanding = line.navigator.understanding
    guesses = [
        _g("where.place", 0.30),
        _g("where.place.liver", 0.20),
        _g("where.place", 0.10),
        _g("spread", 0.15),
        _g("where", 0.12),
    ]
    kept = [c.value for c in understanding._choices(guesses)]
    assert kept == ["where.place", "spread"]  # the child is not sure enough to stand beside its parent
    both = [_g("where.place", 0.40), _g("where.place.liver", 0.35), _g("spread", 0.1)]
    assert [c.value for c in understanding._choices(both)] == ["where.place", "where.place.liver", "spread"]


@pytest.mark.parametrize(
    "text",
    [
        "my mom cancer hurts pain liver bones lungs brain help",
        "cancer spread where symptoms",
        "esparcido cancer sintomas higado",
        "simptoms liver",
    ],
)
def test_read_choices_are_each_topic_once(read, text):
    got = read(text)
    ids = [c.value for c in got.choices]
    assert len(ids) == len(set(ids))
    for a in ids:
        for b in ids:
            if a != b and b.startswith(a + "."):
                assert all(c.confidence >= 0.3 for c in got.choices if c.value in (a, b)), got.choices


def _g(intent: str, confidence: float):
    from understanding.intents import Guess

    return Guess(intent, confidence)


def test_intent_names_the_navigators_know():
    assert Intent("outside").name == "outside"


@pytest.mark.parametrize(
    "text",
    [
        "el cáncer de mi mamá",
        "el cancer de mi mama se fue a los huesos, que significa?",
        "a mi mama le encontraron cancer",
    ],
)
def test_a_mothers_cancer_is_not_breast_cancer(read, text):
    # Folding takes the accent off "mamá" (mom), leaving "mama" (breast): after a possessive it is
    # the mother (understanding/text.py), and who the message is about is still the mom.
    got = read(text)
    assert got.topic != "where.type.breast", got
    assert got.relation == "mom"


@pytest.mark.parametrize("text", ["cancer de mama", "cancer de mama en etapa 4", "mi mama tiene cancer de mama"])
def test_breast_cancer_is_still_breast_cancer(read, text):
    got = read(text)
    assert "where.type.breast" in {got.topic, got.also, *(c.value for c in got.choices)}, got


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("my dad has lung problems", "symptoms.lung"),
        ("she has liver problems now", "symptoms.liver"),
        ("bone problems from the cancer", "symptoms.bone"),
        ("mi papa tiene problemas en el pulmon", "symptoms.lung"),
    ],
)
def test_an_organs_problems_are_that_organs_signs_not_the_brains(read, text, topic):
    # The brain's examples say "memory problems", "balance problems": "problems" alone once led there.
    assert read(text).topic == topic


@pytest.mark.parametrize(
    "text", ["can i still go to my job while on chemo", "me van a dar incapacidad en el trabajo por el cancer?"]
)
def test_work_and_disability_are_money_and_work(read, text):
    # "Job" beside "chemo" was only "did you mean" with whether the treatment still works (resist).
    assert read(text).topic == "care.money"


def test_a_section_and_its_subtopics_together_make_a_clear_answer(read, line, monkeypatch):
    """A page and its own section share the evidence: together they are clear enough to answer,
    where the page alone (below ANSWER, and not LEAD times the next) would be a did-you-mean list."""
    from understanding.intents import Guess

    shared = [Guess("symptoms.liver", 0.36), Guess("symptoms", 0.30), Guess("care.pain", 0.10), Guess("cure", 0.08)]
    monkeypatch.setattr(line.navigator.understanding.model, "guesses", lambda *a, **k: list(shared))
    assert shared[0].confidence < ANSWER and shared[0].confidence < 4 * shared[1].confidence
    reading = read("her belly hurts on the right and her eyes look yellow", menu=None)
    assert (reading.intent.name, reading.topic) == ("topic", "symptoms.liver")
    # Two topics of different families at the same shares stay a question.
    shared[1] = Guess("care.eating", 0.30)
    assert read("her belly hurts on the right and her eyes look yellow", menu=None).intent.name == "unsure"
