#!/usr/bin/env bash
# Validates the Bicep under infra/ offline: builds and lints main.bicep (and its modules) and builds both parameter
# files, with the Bicep compiler from the NuGet package Azure.Bicep.CommandLine.linux-x64 at the version pinned in
# infra/tools/BicepTool.proj. Fails on any error or warning. Needs only the .NET SDK; the package comes from the NuGet
# cache (downloaded by `dotnet restore` the first time). Bicep itself runs without network access where the system
# allows it (a private network namespace), and never restores registry modules (--no-restore).
#
# Usage (from anywhere): bash infra/validate.sh
set -euo pipefail

infra="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tool_project="$infra/tools/BicepTool.proj"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== bicep: restore $(realpath --relative-to="$PWD" "$tool_project")"
dotnet restore "$tool_project" --verbosity quiet

version="$(dotnet msbuild "$tool_project" -getProperty:BicepVersion)"
package_root="$(dotnet msbuild "$tool_project" -getProperty:NuGetPackageRoot)"
bicep="${package_root%/}/azure.bicep.commandline.linux-x64/$version/tools/bicep"
if [[ ! -f "$bicep" ]]; then
  echo "error: the Bicep compiler is not at $bicep after restore" >&2
  exit 1
fi
chmod +x "$bicep"

# Cut Bicep off the network when user namespaces are available, so "offline" is checked rather than assumed.
isolate=()
if unshare --user --map-root-user --net true 2>/dev/null; then
  isolate=(unshare --user --map-root-user --net)
  echo "== bicep $version ($bicep), network: none"
else
  echo "== bicep $version ($bicep), network: not isolated (unshare unavailable); --no-restore still applies"
fi

# Placeholder values for every environment variable the parameter files read (readEnvironmentVariable), so they build
# without any real secret and whatever the CI environment holds; each satisfies the template's constraints.
placeholders=(
  ACME_FUNCTION_KEY=validate-function-key-0123456789
  ACME_ADMIN_KEY=validate-admin-key-0123456789abcdef
  ACME_DURABLE_SYSTEM_KEY=validate-durable-system-key-0123456789
  ACME_CALLBACK_SIGNING_KEY=validate-callback-signing-key-0123456789abcdef
  ACME_INVENTORY_WEBHOOK_SECRET=validate-inventory-webhook-secret-0123456789
  ACME_QUICKBOOKS_CLIENT_ID=validate-quickbooks-client-id
  ACME_QUICKBOOKS_CLIENT_SECRET=validate-quickbooks-client-secret
  ACME_QUICKBOOKS_REFRESH_TOKEN=validate-quickbooks-refresh-token
  ACME_QUICKBOOKS_ACCESS_TOKEN=
  ACME_QUICKBOOKS_TOKEN_URL=
  ACME_QUICKBOOKS_REALM_ID=1234567890
  ACME_API_KEY=validate-acme-api-key
  ACME_ACME_WEBHOOK_SECRET=validate-acme-webhook-secret-0123456789abcdef
  ACME_API_BASE_URL=https://api.example.com/
  ACME_ERP_API_KEY=validate-erp-api-key
  ACME_ERP_BASE_URL=https://erp.example.com/
  ACME_SES_SECRET_ACCESS_KEY=validate-ses-secret-access-key
  ACME_SES_ACCESS_KEY_ID=AKIAVALIDATE
  ACME_SES_FROM_ADDRESS=orders@example.com
  ACME_INVENTORY_BASE_URL=https://inventory.example.com/
  ACME_CRM_A_BASE_URL=https://crm-a.example.com/
  ACME_CRM_B_BASE_URL=https://crm-b.example.com/
  ACME_CRM_C_BASE_URL=https://crm-c.example.com/
  ACME_CREDIT_BUREAU_BASE_URL=https://credit-bureau.example.com/
  ACME_WAREHOUSE_EMAIL=warehouse@example.com
  ACME_DEPLOYER_PRINCIPAL_ID=00000000-0000-0000-0000-000000000000
  ACME_DEPLOYER_PRINCIPAL_TYPE=User
)

failures=0

# run <description> <bicep arguments...>: runs Bicep; any diagnostic on stderr (Bicep writes warnings and errors there),
# any output of a lint, or a non-zero exit fails the step. Compiled JSON (--stdout) is discarded.
run() {
  local description="$1"
  shift
  local out err status=0
  out="$(mktemp)"
  err="$(mktemp)"
  (cd "$infra" && env "${placeholders[@]}" "${isolate[@]}" "$bicep" "$@" >"$out" 2>"$err") || status=$?
  if [[ "$1" == lint && -s "$out" ]]; then
    cat "$out" >>"$err"
  fi
  if [[ $status -ne 0 || -s "$err" ]] || grep -qiE '\b(warning|error)\b' "$err"; then
    echo "FAIL  $description (exit $status)"
    sed 's/^/      /' "$err"
    failures=$((failures + 1))
  else
    echo "ok    $description"
  fi
  rm -f "$out" "$err"
}

run "build main.bicep" build main.bicep --stdout --no-restore
run "lint main.bicep (and modules)" lint main.bicep --no-restore
for params in main.dev.bicepparam main.prod.bicepparam; do
  run "build-params $params" build-params "$params" --stdout --no-restore
  run "lint $params" lint "$params" --no-restore
done

if [[ $failures -ne 0 ]]; then
  echo "infra: $failures step(s) failed"
  exit 1
fi
echo "infra: Bicep builds and lints with no warnings"
