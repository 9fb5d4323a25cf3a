# Makefile for the membership system. GNU make. `make` (or `make help`) lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO      ?= go
# Data folder (SQLite file, mail/, uploads) and listen address for `make run`.
DATA    ?= ./data
ADDR    ?= 127.0.0.1:8080
# Binaries from `make build`.
BIN     ?= bin
# golangci-lint v2, pinned and built by `go run` (cached after the first build).
GOLANGCI_LINT_VERSION ?= v2.15.0
GOLANGCI_LINT ?= $(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)
# deadcode (golang.org/x/tools), pinned likewise: functions no binary and no test reaches.
DEADCODE_VERSION ?= v0.53.0
DEADCODE ?= $(GO) run golang.org/x/tools/cmd/deadcode@$(DEADCODE_VERSION)

.PHONY: help run test test-unit test-integration e2e lint bench fmt vet build clean deps

help: ## List the targets
	@echo "Usage: make TARGET [DATA=./data] [ADDR=127.0.0.1:8080]"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: ## Run memberd for a local trial (flags -data DATA -addr ADDR, Alipay sandbox ON); installs the fallback font if missing
	scripts/deps.sh fonts
	@echo "make run: a local trial — the embedded Alipay sandbox is ON (-alipay-sandbox): online payments move no money and wait for finance"
	$(GO) run ./apps/memberd -data '$(DATA)' -addr '$(ADDR)' -alipay-sandbox

test: ## Everything: system deps, vet, lint, all Go tests (incl. browser e2e), integration suites
	scripts/deps.sh all
	$(GO) vet ./...
	$(MAKE) --no-print-directory lint
	$(GO) test -count=1 ./...
	$(MAKE) --no-print-directory test-integration

test-unit: ## Fast tests: go test -short (no browser; e2e skips)
	$(GO) test -count=1 -short ./...

test-integration: ## Integration suites in test/integration (build tag `integration`)
	@if [ -n "$$(find test/integration -name '*.go' -print -quit 2>/dev/null)" ]; then \
		engine_env="$$(test/containers/engine.sh)"; eval "$$engine_env"; \
		echo "$(GO) test -count=1 -tags integration ./test/integration/..."; \
		$(GO) test -count=1 -tags integration ./test/integration/...; \
	else \
		echo "no integration suites yet"; \
	fi

e2e: ## Browser end-to-end tests in test/e2e (installs chromium if missing)
	scripts/deps.sh browser
	$(GO) test -count=1 -v ./test/e2e/...

lint: ## golangci-lint (config .golangci.yml: core is pure, adapters stand alone) and deadcode, both pinned
	$(GOLANGCI_LINT) run ./...
	@echo "$(DEADCODE) -test -tags integration ./..."
	@dead="$$($(DEADCODE) -test -tags integration ./...)"; \
	if [ -n "$$dead" ]; then echo "$$dead"; echo "deadcode: unreachable functions (remove them, or test them if embedders use them)"; exit 1; fi

bench: ## Go benchmarks, then the HTTP load test in test/bench/loadtest
	$(GO) test -run '^$$' -bench . -benchmem ./...
	@if [ -d test/bench/loadtest ]; then \
		echo "$(GO) run ./test/bench/loadtest"; \
		$(GO) run ./test/bench/loadtest; \
	else \
		echo "test/bench/loadtest does not exist yet: skipping the load test"; \
	fi

fmt: ## Format the Go code (gofmt -s)
	gofmt -s -l -w $$($(GO) list -e -f '{{.Dir}}' ./...)

vet: ## go vet
	$(GO) vet ./...

build: ## Build the apps (memberd, memberctl) into bin/
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/ ./apps/...

deps: ## Install the system packages the tests need (chromium, fonts, poppler-utils)
	scripts/deps.sh all

clean: ## Remove bin/, test artifacts and coverage files (keeps the data folder)
	rm -rf $(BIN) test/e2e/artifacts coverage.out coverage.html *.coverprofile
