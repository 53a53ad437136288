#!/usr/bin/env bash
# `npm run test:e2e`: builds and packages the extension, installs the editors (scripts/setup-e2e.sh),
# then runs every end-to-end test and exits non-zero if any failed.
#   GO_ESCAPE_E2E_ONLY="neovim emacs"  runs only the named tests (vsix neovim emacs vscode).
#   GO_ESCAPE_E2E_QUICKFIX=0           reports a missing "Return User by value" quick fix instead of failing.
#   GO_ESCAPE_E2E_KEEP=1               keeps the VS Code test's temp folder.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

# `npm run package` builds first (npm run build), then packages dist/ into go-escape.vsix.
echo "== npm run package"
npm run package </dev/null || { echo "e2e: npm run package failed" >&2; exit 1; }
echo "== scripts/setup-e2e.sh"
bash scripts/setup-e2e.sh </dev/null || { echo "e2e: scripts/setup-e2e.sh failed" >&2; exit 1; }

mkdir -p test-output/e2e
tests=(${GO_ESCAPE_E2E_ONLY:-vsix neovim emacs vscode})
passed=0
failed=0
failures=()
for name in "${tests[@]}"; do
  echo "== e2e: $name"
  start=$SECONDS
  # A hung browser or editor must not eat the CI budget; the tests end their own process groups.
  if timeout -k 15 "${GO_ESCAPE_E2E_TIMEOUT:-900}" node "test/e2e/$name.mjs" </dev/null; then
    passed=$((passed + 1))
    echo "== e2e: $name passed ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "== e2e: $name FAILED ($((SECONDS - start)) s)"
  fi
done

echo "e2e screenshots and logs: $ROOT/test-output/e2e"
((failed > 0)) && echo "e2e failures: ${failures[*]}"
echo "e2e: $passed passed, $failed failed"
((failed == 0))
