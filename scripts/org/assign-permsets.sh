#!/usr/bin/env bash
# Assigns the admin, agent and voice agent permission sets to the target org's default user (the deployer), so the
# setup tab, the retry buttons, the chat utility and the phone utility work for them. Extra arguments go to sf, e.g. --target-org my-org.
# Assign Tim_Chat_Integration to the relay's integration user and Tim_Chat_Supervisor to supervisors by hand
# (see docs/admin-guide.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/sf.sh" org assign permset --name Tim_Chat_Admin --name Tim_Chat_Agent --name Tim_Voice_Agent "$@"
