# dlcourse: `make lab` to learn, `make test` to check everything.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# A CPU build of torch, installed first and pinned: an unpinned torch pulls a multi-GB CUDA build.
TORCH  := torch==2.13.0
STAMP  := $(VENV)/.installed
# The versions the committed outputs were made with (pinned on Python 3.11 only); empty = newest.
CONSTRAINTS ?= constraints.txt
PIN    := $(if $(CONSTRAINTS),--constraint $(CONSTRAINTS))
NOTEBOOKS := $(wildcard notebooks/[0-9][0-9]_*.ipynb)

.PHONY: setup lab run notebooks test test-unit test-notebooks test-headless test-browser \
        chromium constraints lint clean bench

$(STAMP): pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet $(PIN) $(TORCH)
	$(BIN)/python -m pip install --quiet $(PIN) -e ".[lab,test]"
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install the course

lab: $(STAMP)  ## open the course in JupyterLab on chapter 01 (as root, in a container: --allow-root)
	$(BIN)/jupyter lab notebooks/01_neurons_and_activations.ipynb $$([ "$$(id -u)" = 0 ] && echo --allow-root)

run: $(STAMP)  ## execute every chapter headlessly into build/run (with a report)
	$(BIN)/dlcourse run --out build/run

notebooks: $(STAMP)  ## re-execute the committed notebooks in place (the only way outputs are made)
	$(BIN)/dlcourse run --in-place --out build/notebooks

test: $(STAMP) chromium  ## every test layer: unit, notebooks (nbval), headless run, browser
	$(MAKE) --no-print-directory test-unit test-notebooks test-headless test-browser

test-unit: $(STAMP)
	$(BIN)/pytest tests/unit tests/test_notebook_hygiene.py tests/test_packaging.py

test-notebooks: $(STAMP)  ## nbval; strict_cells fails the cells nbval would mark xfail after a failure
	PYTHONPATH=$(CURDIR)/tests/notebooks $(BIN)/pytest -p strict_cells --nbval $(NOTEBOOKS) \
	    --nbval-sanitize-with tests/notebooks/sanitize.cfg --nbval-cell-timeout=900

test-headless: $(STAMP)
	$(BIN)/pytest tests/headless

test-browser: $(STAMP) chromium
	$(BIN)/pytest tests/browser

chromium:  ## the browser test drives Debian's Chromium, with a CJK font for the Chinese headings (needs root)
	@{ command -v chromium && fc-list :lang=zh | grep -q .; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "missing: sudo apt-get install chromium fonts-noto-cjk" >&2; exit 1; fi; }

constraints:  ## re-pin constraints.txt to the newest versions (then: make notebooks && make test)
	rm -rf build/pin-venv
	$(MAKE) --no-print-directory setup VENV=build/pin-venv CONSTRAINTS=
	build/pin-venv/bin/python -m pip install --quiet -e ".[bench]"  # pin the benchmarks' extra too
	{ echo "# The exact versions the committed notebook outputs were made and tested with (Python 3.11)."; \
	  echo "# make setup installs them on Python 3.11; elsewhere pip picks the newest compatible ones."; \
	  echo "# Refresh with \`make constraints\`, then \`make notebooks\` and \`make test\` (see CONTRIBUTING.md)."; \
	  build/pin-venv/bin/pip freeze --exclude-editable | grep -v -i '^torch==' \
	    | sed 's/$$/ ; python_version == "3.11"/'; } > constraints.txt.tmp
	mv constraints.txt.tmp constraints.txt
	rm -rf build/pin-venv

bench: $(STAMP) chromium  ## install the benchmarks' extra and run every benchmark briefly (benchmarks/README.md)
	$(BIN)/python -m pip install --quiet $(PIN) -e ".[bench]"
	$(BIN)/python benchmarks/conv2d.py --repeats 5 --threads 1
	$(BIN)/python benchmarks/fast_cnn_layout.py --steps 10
	$(BIN)/python benchmarks/cnn_time_to_accuracy.py --seeds 0 --epochs 1 --keras-epochs 0
	$(BIN)/python benchmarks/threads_under_load.py --steps 10
	$(BIN)/python benchmarks/explorer_render.py --changes 2
	$(BIN)/python benchmarks/widget_latency.py --changes 1 --chapters 01
	$(BIN)/python benchmarks/word2vec.py --epochs 1
	$(BIN)/python benchmarks/ppmi_corpus_size.py --fractions 0.1 --no-thread-check
	$(BIN)/python benchmarks/genre_classifier.py --seeds 0 --epochs 1 --long-epochs 0
	$(BIN)/python benchmarks/attention_bottleneck.py --seeds 0 --seconds 5 --test 500
	$(BIN)/python benchmarks/serving.py --requests 20

lint: $(STAMP)
	$(BIN)/ruff check dlcourse tests benchmarks data

clean:
	rm -rf build .pytest_cache
