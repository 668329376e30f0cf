# ZkOperator: the two contract commands are `make run` and `make test`.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

.PHONY: build test test-cluster test-cluster-only pack run run-nodes bench format lint sim fuzz clean crd manifest-tools images

ZK_MEMBERS ?= 3
ZK_PORT ?= 2181
ZK_DATA ?= $(CURDIR)/.data/local

build:
	$(DOTNET) build ZkOperator.sln -c $(CONFIG) -nologo -v:q
	$(DOTNET) publish node/Zk.Node.Server -c $(CONFIG) -o out/zknode -nologo -v:q --no-restore
	$(DOTNET) publish operator/Zk.Operator -c $(CONFIG) -o out/zk-operator -nologo -v:q --no-restore
	$(DOTNET) publish bench/Zk.Bench -c $(CONFIG) -o out/zk-bench -nologo -v:q --no-restore

# All tests: unit, interop with real clients (kazoo, cli_mt, zkCli), differential against Apache ZooKeeper, then the
# Kubernetes runtime end to end with real zknode pods (test-cluster).
# Each run's failures are listed last (scripts/test-summary.py over the .trx results), so a log's tail names them.
TEST_RESULTS ?= $(CURDIR)/out/test-results
test: build manifest-tools
	rm -rf $(TEST_RESULTS)
	ZKNODE_BIN=$(CURDIR)/out/zknode/zknode $(DOTNET) test ZkOperator.sln -c $(CONFIG) --no-build -nologo --filter "Category!=Cluster" \
	  --logger trx --results-directory $(TEST_RESULTS)/solution; rc=$$?; ./scripts/test-summary.py $(TEST_RESULTS)/solution; exit $$rc
	$(MAKE) --no-print-directory test-cluster-only

# The operator through the Kubernetes runtime against the fake API server, with a pod runner playing kubelet: pods are
# zknode processes in network namespaces, so it runs inside scripts/cluster-sandbox.sh (root; private namespaces,
# nothing of the machine changes).
test-cluster: build test-cluster-only

test-cluster-only:
	ZKNODE_BIN=$(CURDIR)/out/zknode/zknode ./scripts/cluster-sandbox.sh $(DOTNET) test tests/Zk.Operator.Cluster.Tests -c $(CONFIG) --no-build -nologo \
	  --logger trx --results-directory $(TEST_RESULTS)/cluster; rc=$$?; ./scripts/test-summary.py $(TEST_RESULTS)/cluster; exit $$rc

# NuGet packages of the client library and the protocol records it exposes, checked for dll, XML docs and readme.
PACKAGES ?= $(CURDIR)/out/packages
pack:
	rm -f $(PACKAGES)/Zk.Client.*nupkg $(PACKAGES)/Zk.Node.Protocol.*nupkg
	$(DOTNET) pack node/Zk.Node.Protocol -c $(CONFIG) -o $(PACKAGES) -nologo -v:q
	$(DOTNET) pack node/Zk.Client -c $(CONFIG) -o $(PACKAGES) -nologo -v:q
	./scripts/check-packages.sh $(PACKAGES)

# The schema validator the manifest and chart tests run (tests/manifests): exactly the locked packages.
manifest-tools:
	cd tests/manifests && npm ci --no-audit --no-fund --loglevel=error

# Container images (docker/README.md): both, tagged with the chart's appVersion, where a container engine can build.
IMAGE_REGISTRY ?= ghcr.io/zkoperator
IMAGE_TAG ?= $(shell sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$$/\1/p' charts/zk-operator/Chart.yaml)
CONTAINER_ENGINE ?= $(shell command -v docker || command -v podman)

images:
	@if [ -z "$(CONTAINER_ENGINE)" ] || ! $(CONTAINER_ENGINE) info >/dev/null 2>&1; then \
	  echo "make images: no usable container engine (docker or podman able to build; found '$(CONTAINER_ENGINE)'): no image built." >&2; \
	  echo "  Install one, or set CONTAINER_ENGINE=..., then run make images again. See docker/README.md." >&2; \
	  exit 1; \
	fi
	$(CONTAINER_ENGINE) build -f docker/zknode.Dockerfile -t $(IMAGE_REGISTRY)/zknode:$(IMAGE_TAG) .
	$(CONTAINER_ENGINE) build -f docker/zk-operator.Dockerfile -t $(IMAGE_REGISTRY)/zk-operator:$(IMAGE_TAG) .

# A local ensemble on 127.0.0.1 run by the operator's local runtime: edit $(ZK_DATA)/zkensemble.yaml to scale or
# reconfigure it (replicas, observers, config, restartRequestedAt). Ctrl-C stops it.
run: build
	out/zk-operator/zk-operator local --file $(ZK_DATA)/zkensemble.yaml --data $(ZK_DATA) --replicas $(ZK_MEMBERS) --base-port $(ZK_PORT)

# The same without the operator: plain zknode processes from server.N lines (ports printed at start).
run-nodes: build
	./scripts/run-local.sh

bench: build
	./bench/compare.sh

# Deterministic simulation: `make sim SEED=S` replays one seed, `make sim RUNS=N` runs seeds 1..N.
sim:
	ZK_SIM_SEED=$(SEED) ZK_SIM_RUNS=$(RUNS) $(DOTNET) test tests/Zk.Node.Simulation -c $(CONFIG) -nologo --logger "console;verbosity=detailed"

# Hostile-input fuzzing (tests/Zk.Node.Fuzz): `make test` runs 1500 cases per property from a fixed seed;
# `make fuzz FUZZ_CASES=N` runs N per property from a fresh seed (printed), `make fuzz FUZZ_SEED=seed,gamma` replays one.
FUZZ_CASES ?= 20000
ifndef FUZZ_SEED
FUZZ_SEED := $(shell echo $$(( (RANDOM << 30) | (RANDOM << 15) | RANDOM )),$$(( ((RANDOM << 30) | (RANDOM << 15) | RANDOM) * 2 + 1 )))
endif
fuzz:
	@echo "fuzz: FUZZ_CASES=$(FUZZ_CASES) FUZZ_SEED=$(FUZZ_SEED) (replay with make fuzz FUZZ_SEED=$(FUZZ_SEED))"
	FUZZ_CASES=$(FUZZ_CASES) FUZZ_SEED=$(FUZZ_SEED) $(DOTNET) test tests/Zk.Node.Fuzz -c $(CONFIG) -nologo --logger "console;verbosity=normal"

format:
	$(DOTNET) format ZkOperator.sln

lint:
	$(DOTNET) format ZkOperator.sln --verify-no-changes

clean:
	rm -rf out .data
	$(DOTNET) clean ZkOperator.sln -nologo -v:q

# Regenerate crds/zkensembles.yaml and the chart's copy from the C# types (the same text `zk-operator crd` prints).
crd:
	$(DOTNET) run --project operator/Zk.Operator -c $(CONFIG) -- crd --output crds/zkensembles.yaml
	mkdir -p charts/zk-operator/files && cp crds/zkensembles.yaml charts/zk-operator/files/zkensembles.yaml
