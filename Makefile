# kgraph: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast install need-shared score score-extra bench screenshot docs themes clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/kgraph build

# Everything the tests need (the browser tests' Chromium included), then the whole suite.
test: $(STAMP)
	bash .ci/browser-deps.sh
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# The scored reports are third-party text kept beside the checkout in ../shared, never inside it.
SHARED := ../shared/eval
need-shared:
	$(if $(wildcard $(SHARED)/score.py),,$(error $(SHARED)/score.py not found: the scored reports live beside the checkout, in ../shared/eval))

score: need-shared $(STAMP)
	$(BIN)/python $(SHARED)/score.py $(SHARED)/dev --misses 20

bench: $(STAMP)
	$(BIN)/python bench/run.py

# docs/graph.png and docs/report.png: the explorer and the report of the dev corpus (../shared/eval/dev,
# else seeds/) in the same headless Chromium the browser tests use.
screenshot: $(STAMP)
	bash .ci/browser-deps.sh
	$(BIN)/python docs/make_screenshot.py

# Re-run every `$ kgraph …` transcript in README.md and docs/*.md and paste the real output.
docs: $(STAMP)
	$(BIN)/python docs/refresh.py

# ontology/themes.ttl, the SKOS theme scheme, from ontology/lexicon/themes.tsv and theme_categories.tsv.
themes: $(STAMP)
	$(BIN)/python -c 'from kgraph import scheme; scheme.main()'

score-extra: need-shared $(STAMP)
	$(BIN)/python $(SHARED)/score.py $(SHARED)/extra_gold --misses 20
	$(BIN)/python $(SHARED)/score.py $(SHARED)/extra_gold2 --misses 20

clean:
	rm -rf output/*.trig output/*.ttl output/*.html output/*.csv output/*.json output/*.gexf output/*.graphml
