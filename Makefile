# The two commands of the README:
#   make demo   installs what is missing, builds, and runs `rekey check` and
#               `rekey plan` on the seed example (testdata/seed)
#   make test   installs what is missing, builds, and runs the whole test suite
BUILD ?= build
JOBS ?= $(shell nproc)
NOW ?= 2026-11-25T00:00:00Z

.PHONY: deps build demo test clean install

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

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

install: build
	@cmake --install $(BUILD)

clean:
	@rm -rf $(BUILD)
