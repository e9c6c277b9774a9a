# rasd: `make demo` and `make test` are all a fresh machine needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DB ?= rasd-demo.sqlite

.PHONY: demo test install venv bench eval model kb clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	# the machine's pip 23 resolves trafilatura without lxml_html_clean; a current pip does not
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	rm -f $(DB)
	$(BIN)/rasd run samples/ --db $(DB) --out rasd-demo-events.jsonl

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/rasd bench

eval: install
	$(BIN)/rasd eval events
	$(BIN)/rasd eval places

model: install
	$(BIN)/python -m pip install -q -e '.[test,train]'
	$(BIN)/python scripts/train_ner.py

kb: install
	$(BIN)/python scripts/build_places.py
	$(BIN)/python scripts/build_actors.py
	$(BIN)/python scripts/build_vocab.py

clean:
	rm -rf $(VENV) *.egg-info rasd-demo.sqlite rasd-demo-events.jsonl
