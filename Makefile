# dadsbook — construir el libro y pasar las pruebas.
# `make help` lista los objetivos.

PYTHON ?= python3
VENV ?= .venv
PROFILE ?= full
PAGES ?= conceptos
PORT ?= 8000
BIN := $(VENV)/bin
STAMP := $(VENV)/.dadsbook-installed
SPHINX_OPTS ?=
SPHINX := DADSBOOK_PROFILE=$(PROFILE) $(BIN)/sphinx-build -c conf -W --keep-going -n $(SPHINX_OPTS)

.DEFAULT_GOAL := help
.PHONY: help install html html-fresh page labels serve test lint typecheck build-speed site-size spelling clean verdicts

help: ## Muestra esta ayuda
	@echo "Objetivos (PROFILE=$(PROFILE); usa PROFILE=quick para tamaños pequeños):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 24

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Hace falta Python ≥ 3.11 (se encontró $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	@touch $@

install: $(STAMP) ## Crea .venv e instala las dependencias fijadas

html: $(STAMP) ## Construye el libro en _build/html (caché: solo re-ejecuta lo que cambió)
	$(SPHINX) -b html docs _build/html
	@echo "Libro en _build/html/index.html (perfil $(PROFILE)). Míralo con: make serve"

html-fresh: $(STAMP) ## Re-ejecuta todas las celdas y reconstruye todo desde cero
	$(SPHINX) -E -D nb_execution_mode=force -b html docs _build/html

serve: ## Sirve _build/html en 127.0.0.1 (puerto PORT, 8000 por defecto)
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

test: $(STAMP) ## Todas las pruebas: fragmentos, construcción, sitio en Chromium, ortografía, paquete, CLI, ruff, mypy
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff sobre el código
	$(BIN)/ruff check src tests conf docs/conftest.py

typecheck: $(STAMP) ## mypy estricto sobre src/dadsbook
	$(BIN)/mypy

build-speed: $(STAMP) ## Mide una construcción limpia y una reconstrucción sin cambios
	@$(BIN)/python conf/build_speed.py --profile $(PROFILE)

verdicts: $(STAMP) ## Construye dos veces desde cero y comprueba que ningún veredicto cambia de bando
	rm -f _build/verdicts-1.jsonl _build/verdicts-2.jsonl
	DADSBOOK_VERDICT_LOG=$(CURDIR)/_build/verdicts-1.jsonl $(SPHINX) -E -D nb_execution_mode=force -b html docs _build/html
	DADSBOOK_VERDICT_LOG=$(CURDIR)/_build/verdicts-2.jsonl $(SPHINX) -E -D nb_execution_mode=force -b html docs _build/html
	$(BIN)/python conf/verdicts.py _build/verdicts-1.jsonl _build/verdicts-2.jsonl

site-size: ## Tamaño del sitio construido en _build/html (y sus imágenes más pesadas)
	@du -sh _build/html && find _build/html -type f | wc -l | xargs echo "ficheros:"
	@echo "imágenes más pesadas (KiB):" && find _build/html -type f \( -name '*.png' -o \
	  -name '*.svg' -o -name '*.jpg' -o -name '*.jpeg' -o -name '*.gif' -o -name '*.webp' \) \
	  -printf '%k\t%P\n' | sort -rn | head -5

spelling: $(STAMP) ## Ortografía en español (hunspell-es + conf/spelling_wordlist.txt) en _build/spelling
	DADSBOOK_SPELLING=1 $(SPHINX) -b spelling -d _build/spelling-doctrees docs _build/spelling

clean: ## Borra _build (libro, cachés de ejecución)
	rm -rf _build

empty :=
space := $(empty) $(empty)
PAGEDIR = $(subst /,-,$(subst $(space),+,$(strip $(PAGES))))

page: $(STAMP) ## Construye solo PAGES="hardware/cpu …" en _build/pages/… (mientras se escribe)
	DADSBOOK_PAGES="$(PAGES)" DADSBOOK_CACHE_DIR=_build/pages-cache/$(PROFILE)/$(PAGEDIR) \
	  $(SPHINX) -b html -d _build/pages-doctrees/$(PAGEDIR) docs _build/pages/$(PAGEDIR)

labels: $(STAMP) ## Añade a conf/labels.txt las etiquetas nuevas (las publicadas no se quitan)
	$(BIN)/python conf/labels.py --update
