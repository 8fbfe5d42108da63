# Haven: `make run` opens the default place, `make test` runs the tests.
# Each target creates .venv and installs the project on first use.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench check-all check-vr clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Haven needs Python 3.11 ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) main.py

test: $(STAMP)
	ALSOFT_DRIVERS=null ALSOFT_LOGLEVEL=0 $(PY) -m pytest -n 2 --dist loadfile

bench: $(STAMP)
	$(PY) -m tools.benchtable

# The slow gates (about 75 minutes on 2 cores): the slow tests and long fuzz
# run, the photosensitivity gate (own WCAG 2.3.1 check and IRIS), the loudness
# gate over every place x practice, the 60-minute soak, then the benchmarks.
# Each exits non-zero when a bar is missed; reports land in docs/quality/ and bench/.
check-all: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,check]'
	HAVEN_SLOW=1 HAVEN_FUZZ_EXAMPLES=400 HAVEN_FUZZ_REPORT=1 ALSOFT_DRIVERS=null ALSOFT_LOGLEVEL=0 $(PY) -m pytest
	ALSOFT_DRIVERS=null ALSOFT_LOGLEVEL=0 $(PY) -m tools.quality.flashgate
	$(PY) -m tools.quality.loudgate
	ALSOFT_DRIVERS=null ALSOFT_LOGLEVEL=0 $(PY) -m tools.quality.soak --minutes 60 --out bench/soak.json --plot docs/quality/soak.png
	$(MAKE) bench

# VR against a real OpenXR runtime (docs/vr.md): builds Monado from
# ../shared/third_party once (about 1-4 minutes on 2 cores, cached in
# ~/.cache/haven/monado), then runs `run --vr --frames` on its simulated
# headset under Xvfb. Kept out of `make test` for the build's time and its
# system packages (cmake, Vulkan, Eigen...), which CI does not install.
check-vr: $(STAMP)
	PY=$(PY) bash tools/vr/check_vr.sh

clean:
	rm -rf $(VENV) .pytest_cache
