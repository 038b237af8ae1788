#!/usr/bin/env bash
# Runs `standby-agent demo`: a throwaway local primary under write load, its WAL streamed by
# the agent. Arguments are passed to the demo command.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
"$repo/deploy/install-prerequisites.sh"
exec dotnet run --project "$repo/src/StandbyAgent" -c Release -- demo "$@"
