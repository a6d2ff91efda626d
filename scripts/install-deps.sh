#!/usr/bin/env bash
# Installs the Debian 12 packages rekey needs to build, test and benchmark.
# Idempotent and quiet when everything is present; needs root (or sudo) only
# when something is missing. Nothing is downloaded at configure or build time.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config   # toolchain
  libyaml-cpp-dev          # YAML inputs (inventory, schedules, rules, policy)
  libre2-dev               # match confirmation with captures
  libhyperscan-dev         # multi-pattern prefilter (Vectorscan's libvectorscan-dev also works)
  libgit2-dev              # git history / staged / range sources
  libarchive-dev           # zip/jar/tar/7z/gzip/bzip2/xz/zstd archives inside scans
  zip unzip xz-utils zstd bzip2 p7zip-full  # the archive tests make real archives with these
  libcli11-dev             # command line
  libtomlplusplus-dev      # gitleaks TOML rule configurations (--rules x.toml), header-only
  nlohmann-json3-dev       # JSON reports, audit log, baseline
  libfmt-dev               # formatting
  libhowardhinnant-date-dev tzdata   # cron time zones (date/tz.h over the system tzdata)
  libssl-dev               # SHA-256 fingerprints
  libcurl4-openssl-dev     # rekey apply: HTTPS to Vault/OpenBao, providers and Prometheus (src/http)
  libgtest-dev             # GoogleTest
  clang-14 libclang-rt-14-dev   # fuzz targets: clang with libFuzzer, ASan and UBSan runtimes
  python3 python3-jsonschema python3-yaml   # schema tests
  python3-hvac             # rekey apply tests: the real Vault client checks the KV v2 stand-in (contract test)
  git pre-commit           # git-source tests and the pre-commit framework integration test
  jq                       # the CI recipes (action.yml's script, ci/gitlab-ci.yml) and their test
  ripgrep hyperfine time   # benchmarks (bench/; time: /usr/bin/time -v for peak RSS)
  prometheus               # promtool check/test rules and a real server for the `rekey metrics` end-to-end test
  prometheus-alertmanager  # amtool check-config / routes test on `rekey compile alertmanager`
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js + npm run the Mermaid parser in the plan test (tests/plan/mermaid);
# machines that already have them (Debian's or NodeSource's) keep theirs.
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
