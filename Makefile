# Hengyang plan review plugin. Run from the repository root on Debian 12.
# `make run` and `make test` install everything they need themselves.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PLUGIN := hengyang_plan_plugin
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)
SYS_PYTHON := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
TEST_REQUIREMENTS := requirements/testing.txt
BUILD := build
STAGE_ROOT := $(BUILD)/plugin
STAGE := $(STAGE_ROOT)/$(PLUGIN)
DIST_ZIP := dist/$(PLUGIN)-$(VERSION).zip
PROFILE := .qgis-profile
SAMPLE_PLAN := resources/data/hengyang_sample_plan.gpkg
SAMPLE_SUBMISSION := resources/samples/sample_submission.txt

POSTGIS_APT_PACKAGES := postgresql-15 postgresql-15-postgis-3 python3-psycopg2
APT_PACKAGES := qgis python3-qgis qgis-providers xvfb xauth fonts-noto-cjk \
	python3-venv gdal-bin poppler-utils qttools5-dev-tools pyqt5-dev-tools \
	imagemagick x11-utils zip python3-pip qttranslations5-l10n libreoffice-writer-nogui $(POSTGIS_APT_PACKAGES)

TS_FILES := $(wildcard $(PLUGIN)/i18n/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)
PLUGIN_SOURCES := $(shell find $(PLUGIN) resources styles -type f -not -path '*/__pycache__/*' -not -name '*.qm' 2>/dev/null) metadata.txt

# Headless by default; `make run` uses a real display or xvfb-run.
HEADLESS_ENV := QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp/runtime-$$(id -u)

SMOKE ?=
SUBMISSION ?= $(SAMPLE_SUBMISSION)
LAND_USE ?=
LAYER ?=
CRS ?=
PLAN ?=
OUT ?= $(BUILD)/review
PYTEST_ARGS ?=
BENCH ?=

# The throwaway PostGIS cluster (scripts/postgis_server.sh): tests, postgis-load, bench.
# POSTGIS_PORT=… (make's command line or the environment) runs a second checkout's suite beside a
# cluster another checkout has on the default port.
POSTGIS_PORT ?= 55432
POSTGIS_SERVER := PGPORT=$(POSTGIS_PORT) scripts/postgis_server.sh
POSTGIS_TEST_DSN := host=127.0.0.1 port=$(POSTGIS_PORT) dbname=hengyang user=hengyang password=hengyang-test
POSTGIS_ENV := HENGYANG_TEST_PG="$(POSTGIS_TEST_DSN)" HENGYANG_PG="PG:$(POSTGIS_TEST_DSN)"

.PHONY: help setup deps venv data i18n plugin profile package run test lint review checkplan screenshot bench clean \
	postgis-start postgis-stop postgis-load

help:
	@echo "make run         open QGIS with the plugin and the styled sample plan"
	@echo "make test        the whole test suite, headless"
	@echo "make lint        ruff and flake8-qgis (read-only)"
	@echo "make package     $(DIST_ZIP)"
	@echo "make review SUBMISSION=file [LAND_USE=code] [PLAN=gpkg|folder|PG:...] [OUT=dir] [SHEET=A3|A4]"
	@echo "make checkplan [PLAN=gpkg|folder|PG:...] [OUT=dir]   规划成果质检 → OUT/qa.{json,html,pdf}, qa_errors.gpkg"
	@echo "make screenshot  $(BUILD)/screenshot.png of the real QGIS window"
	@echo "make data        regenerate $(SAMPLE_PLAN)"
	@echo "make bench [SMOKE=1]"
	@echo "make postgis-load [BENCH=1 [SMOKE=1]]  the sample (and benchmark) plan into the local PostGIS"
	@echo "make postgis-start | postgis-stop       the throwaway PostGIS cluster on 127.0.0.1:$(POSTGIS_PORT)"

# --- set-up ---------------------------------------------------------------

$(BUILD)/.deps-ok: scripts/install-system-deps.sh
	@mkdir -p $(BUILD)
	scripts/install-system-deps.sh $(APT_PACKAGES)
	@touch $@

$(VENV)/.requirements-ok: $(TEST_REQUIREMENTS) $(BUILD)/.deps-ok
	@test -x $(PY) || $(SYS_PYTHON) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(TEST_REQUIREMENTS)
	@touch $@

deps: $(BUILD)/.deps-ok
venv: $(VENV)/.requirements-ok
setup: venv $(SAMPLE_PLAN) i18n plugin

# --- build ----------------------------------------------------------------

$(SAMPLE_PLAN): scripts/generate_sample_plan.py $(PLUGIN)/core/plan_schema.py resources/rules/dltb_classes.csv \
		$(VENV)/.requirements-ok
	$(PY) scripts/generate_sample_plan.py --quiet --output $@

data: $(VENV)/.requirements-ok
	$(PY) scripts/generate_sample_plan.py --output $(SAMPLE_PLAN)

%.qm: %.ts $(BUILD)/.deps-ok
	lrelease -silent $< -qm $@

i18n: $(QM_FILES)

# The installed-plugin layout: package modules plus metadata.txt, resources/
# and styles/ inside one folder.
$(STAGE)/.staged: $(PLUGIN_SOURCES) $(QM_FILES) $(SAMPLE_PLAN)
	rm -rf $(STAGE) && mkdir -p $(STAGE)
	cp -r $(PLUGIN)/. $(STAGE)/
	cp -r metadata.txt resources styles $(STAGE)/
	find $(STAGE) -name '__pycache__' -prune -exec rm -rf {} +
	rm -f $(STAGE)/resources/data/*.gpkg-wal $(STAGE)/resources/data/*.gpkg-shm
	@touch $@

plugin: $(STAGE)/.staged

package: $(DIST_ZIP)

$(DIST_ZIP): $(STAGE)/.staged
	@mkdir -p dist
	rm -f $@
	cd $(STAGE_ROOT) && zip -q -r -X $(abspath $@) $(PLUGIN) -x '$(PLUGIN)/.staged' '*/__pycache__/*' '*.pyc'
	@echo "wrote $@"

# A throwaway QGIS profile with the plugin installed and enabled.
profile: $(STAGE)/.staged
	$(PY) scripts/make_profile.py --profiles-path $(PROFILE) --plugin-dir $(STAGE)

# --- use ------------------------------------------------------------------

run: setup profile
	@export PYTHONPATH="$$($(PY) scripts/qgis_env.py)"; \
	if [ -n "$$DISPLAY" ]; then \
	  qgis --profiles-path $(PROFILE) --code scripts/qgis_startup_load_plan.py; \
	else \
	  xvfb-run -a -s '-screen 0 1600x1000x24' qgis --profiles-path $(PROFILE) --code scripts/qgis_startup_load_plan.py; \
	fi

# The user's values reach the CLI through the environment, never pasted into the shell line: a
# file named a`touch X`.txt or ";rm …;" is a name, not a command. Values given on the command line
# or in the environment are passed as typed ($(value)), so make does not expand them either.
raw_value = $(if $(filter command line environment,$(origin $1)),$(value $1),$($1))
REVIEW_ARGUMENTS := SUBMISSION LAND_USE PLAN OUT LAYER CRS SHEET
# make would otherwise export (and so expand: $(shell …) in a name) command-line values to every recipe.
unexport $(REVIEW_ARGUMENTS)
$(foreach name,$(REVIEW_ARGUMENTS),$(eval review: export HENGYANG_CLI_$(name) := $$(call raw_value,$(name))))

review: setup
	@$(HEADLESS_ENV) QGIS_PLUGINPATH=$(abspath $(STAGE_ROOT)) $(SYS_PYTHON) scripts/review_cli.py \
	  --submission "$$HENGYANG_CLI_SUBMISSION" --land-use "$$HENGYANG_CLI_LAND_USE" --plan "$$HENGYANG_CLI_PLAN" \
	  --out "$$HENGYANG_CLI_OUT" --layer "$$HENGYANG_CLI_LAYER" --crs "$$HENGYANG_CLI_CRS" \
	  --sheet "$$HENGYANG_CLI_SHEET"

# 规划成果质检: PLAN and OUT reach the CLI the same way (OUT defaults to build/checkplan, not build/review).
# The contract's exit codes (0 no 错误, 1 错误 found, 2 unusable PLAN) through make, which exits 2
# whenever a recipe fails: `make checkplan` alone runs the check while the Makefile is read, and on
# the CLI's 1 turns on question mode (-q), in which make exits 1 for the (phony) goal; 0 and 2 go
# through the recipe. PLAN and OUT reach the CLI through files, unquoted and unexpanded.
CHECKPLAN_OUT = $(if $(filter command line environment,$(origin OUT)),$(value OUT),$(BUILD)/checkplan)
CHECKPLAN_CLI = $(HEADLESS_ENV) QGIS_PLUGINPATH=$(abspath $(STAGE_ROOT)) $(SYS_PYTHON) scripts/checkplan_cli.py \
  --plan "$$(cat $(BUILD)/.checkplan-plan)" --out "$$(cat $(BUILD)/.checkplan-out)"
ifneq ($(filter checkplan,$(MAKECMDGOALS)),)
$(shell mkdir -p $(BUILD))
$(file >$(BUILD)/.checkplan-plan,$(call raw_value,PLAN))
$(file >$(BUILD)/.checkplan-out,$(CHECKPLAN_OUT))
ifeq ($(MAKECMDGOALS)$(findstring n,$(firstword -$(MAKEFLAGS))),checkplan)
CHECKPLAN_STATUS := $(shell rm -f $(BUILD)/.checkplan-stdout; $(MAKE) -s --no-print-directory setup >&2 && \
  $(CHECKPLAN_CLI) >$(BUILD)/.checkplan-stdout; echo $$?)
CHECKPLAN_STDOUT := $(file <$(BUILD)/.checkplan-stdout)
$(if $(CHECKPLAN_STDOUT),$(info $(CHECKPLAN_STDOUT)))
ifeq ($(CHECKPLAN_STATUS),1)
MAKEFLAGS += -q
endif
endif
endif

ifdef CHECKPLAN_STATUS
checkplan:
	@exit $(CHECKPLAN_STATUS)
else
checkplan: setup
	@$(CHECKPLAN_CLI)
endif

screenshot: setup profile
	$(PY) scripts/run_qgis_desktop.py --profiles-path $(PROFILE) --output $(BUILD)/screenshot.png --review $(SAMPLE_SUBMISSION)

bench: setup postgis-start
	$(HEADLESS_ENV) $(POSTGIS_ENV) $(PY) scripts/bench.py $(if $(SMOKE),--smoke,); \
	  status=$$?; $(POSTGIS_SERVER) stop; exit $$status

# --- PostGIS ----------------------------------------------------------------

postgis-start: $(BUILD)/.deps-ok
	@scripts/install-system-deps.sh $(POSTGIS_APT_PACKAGES)
	$(POSTGIS_SERVER) start

postgis-stop:
	$(POSTGIS_SERVER) stop

postgis-load: postgis-start $(VENV)/.requirements-ok $(SAMPLE_PLAN)
	$(POSTGIS_ENV) $(PY) scripts/postgis_load.py --gpkg $(SAMPLE_PLAN) --schema hengyang
	$(if $(BENCH),$(POSTGIS_ENV) $(PY) scripts/postgis_load.py --bench $(if $(SMOKE),smoke,full),)

# --- checks ---------------------------------------------------------------

# test/unit is Qt-free and runs without pytest-qgis; test/qgis needs QGIS.
UNIT_PYTEST := -p no:qgis -W ignore::pytest.PytestConfigWarning

test: setup package postgis-start
	$(HEADLESS_ENV) $(POSTGIS_ENV) $(PY) -m pytest $(UNIT_PYTEST) test/unit test/fuzz $(PYTEST_ARGS) \
	  && $(HEADLESS_ENV) $(POSTGIS_ENV) $(PY) -m pytest test/qgis $(PYTEST_ARGS); \
	  status=$$?; $(POSTGIS_SERVER) stop; exit $$status

# Static checks, read-only: ruff (pyproject.toml) and flake8-qgis (QGS rules, .flake8) over the
# plugin, scripts and tests. Both always run; either one's findings fail the target.
LINT_PATHS := $(PLUGIN) scripts test

$(VENV)/.lint-ok: requirements/lint.txt $(VENV)/.requirements-ok
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/lint.txt
	@touch $@

lint: $(VENV)/.lint-ok
	@status=0; \
	$(VENV)/bin/ruff check $(LINT_PATHS) || status=1; \
	$(VENV)/bin/flake8 --select=QGS $(LINT_PATHS) || status=1; \
	exit $$status

clean:
	rm -rf $(BUILD) dist $(PROFILE) $(QM_FILES)

# --- QGIS version matrix ------------------------------------------------------

# `make test-qgis QGIS=3.40` (Debian trixie) or `QGIS=3.44` (Debian forky): the whole
# suite (`make test`) inside a Debian chroot with that release's QGIS, Python, GDAL and
# shapely, built once by scripts/qgis_chroot.sh into /var/cache/hengyang-qgis-chroots.
# `make test-matrix`: the host's `make test`, then each chroot; one line per version.
.PHONY: test-qgis test-matrix

QGIS ?=
MATRIX ?= host 3.40 3.44

test-qgis:
	@test -n "$(QGIS)" || { echo "usage: make test-qgis QGIS=3.40|3.44 [PYTEST_ARGS=...]" >&2; exit 2; }
	scripts/qgis_chroot.sh test $(QGIS) $(if $(PYTEST_ARGS),PYTEST_ARGS='$(PYTEST_ARGS)',)

test-matrix:
	scripts/qgis_matrix.sh $(MATRIX)
