# Two commands: `make run` and `make test`. Both create .venv and install pinned packages first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test check audio bench clarity worker clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)  ## start the development server with the simulator on http://127.0.0.1:5000
	$(FLASK) db upgrade
	$(FLASK) audio build --web || echo "Audio build failed: the line speaks with <Say> until 'make audio' works."
	$(FLASK) run --host $(HOST) --port $(PORT)

audio: $(STAMP)  ## render new or changed voice snippets into audio/build (recordings win)
	$(FLASK) audio build

test: $(STAMP)  ## the whole suite
	$(BIN)/python -m pytest

check: $(STAMP)  ## lint, format and the content linter
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(FLASK) content check

bench: $(STAMP)  ## benchmark scripts; results go in BENCHMARKS.md
	$(BIN)/python bench/webhooks.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/audio.py
	$(BIN)/python bench/caller_time.py
	$(BIN)/python bench/understanding.py
	$(BIN)/python bench/usage.py

clarity: $(STAMP)  ## how clear the voice is on the phone: word error rate of an offline recogniser (bench only)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	$(BIN)/python bench/voice_clarity.py

worker: $(STAMP)  ## the outbox worker (sends "text me this"; needs TWILIO_ACCOUNT_SID and TWILIO_FROM_NUMBER)
	$(FLASK) outbox run

clean:
	rm -rf $(VENV) instance audio/build .pytest_cache .ruff_cache
