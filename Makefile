# The two commands of the README:
#   make demo   installs what is missing, builds, and runs `rekey check` and
#               `rekey plan` on the seed example (testdata/seed)
#   make test   installs what is missing, then what CI runs (.ci/run):
#               1. the normal build and the whole test suite (ctest),
#               2. the same suite built with ASan + UBSan ($(ASAN_BUILD)),
#               3. every fuzz target (clang + libFuzzer, $(FUZZ_BUILD)) for
#                  $(FUZZ_SECONDS) s each; any crash, leak or timeout fails.
# Stages alone: make test-quick | test-asan | fuzz (FUZZ_SECONDS=600 for longer).
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 30
JOBS ?= $(shell nproc)
NOW ?= 2026-11-25T00:00:00Z
# Sanitizer builds: -O1 with line tables keeps them quick to build and run.
SANITIZER_FLAGS = -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1"
# plan_mermaid and emit_platform_schemas check generated text with npm packages
# (Mermaid; the Kubernetes and CloudFormation schemas); the sanitized binary
# prints the same text, so they run in the normal build only.
ASAN_CTEST_EXCLUDE ?= ^(plan_mermaid|emit_platform_schemas)$$

.PHONY: deps build demo test test-quick test-asan build-asan fuzz build-fuzz install clean

deps:
	@./scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@echo '$$ rekey check --inventory testdata/seed/inventory.yaml --schedules testdata/seed/schedules.yaml --now $(NOW)'
	@$(BUILD)/src/cli/rekey check --inventory testdata/seed/inventory.yaml \
	  --schedules testdata/seed/schedules.yaml --now $(NOW); \
	  echo "(exit $$?: 1 = the seed example has policy violations, see README)"
	@echo
	@echo '$$ rekey plan --inventory testdata/seed/inventory.yaml --schedules testdata/seed/schedules.yaml --from $(NOW) --format text'
	@$(BUILD)/src/cli/rekey plan --inventory testdata/seed/inventory.yaml \
	  --schedules testdata/seed/schedules.yaml --from $(NOW) --format text

test: test-quick test-asan fuzz

test-quick: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja $(SANITIZER_FLAGS) -DREKEY_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

test-asan: build-asan
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -E '$(ASAN_CTEST_EXCLUDE)'

build-fuzz: deps
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -G Ninja $(SANITIZER_FLAGS) \
	  -DREKEY_FUZZ=ON -DREKEY_BUILD_TESTS=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_targets

fuzz: build-fuzz
	@fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

install: build
	@cmake --install $(BUILD)

clean:
	@rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
