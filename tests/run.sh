#!/usr/bin/env bash
# Installs what the tests need, then runs every test project; exits with dotnet test's status.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
"$repo/deploy/install-prerequisites.sh" --with-tests --with-rdma-harness
cd "$repo"
# Minimal console verbosity prints each failing test with its message and stack trace.
exec dotnet test StandbyAgent.sln -c Release --logger "console;verbosity=minimal"
