#!/usr/bin/env bash
# Builds the deployable package of the Function App (an isolated-worker .NET app):
#   <out>/package/          `dotnet publish` of FunctionApp: the worker, host.json, worker.config.json, functions.metadata
#                           (every function, written by the worker SDK's source generator) and .azurefunctions/ (the
#                           host's extension bundle for the bindings the app uses)
#   <out>/functionapp.zip   the same, zipped, for `az functionapp deployment source config-zip` or run-from-package
# Usage: bash scripts/publish.sh [out]          (out defaults to artifacts/ in the repository)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(python3 -c 'import os, sys; print(os.path.abspath(sys.argv[1]))' "${1:-$root/artifacts}")"
package="$out/package"
zip="$out/functionapp.zip"

echo "== publish (Release) to $package"
rm -rf "$package" "$zip"
# Its own build folders, so a publish never rewrites the obj/ and bin/ folders a concurrent build or test run uses.
dotnet publish "$root/FunctionApp/FunctionApp.csproj" -c Release --artifacts-path "$out/build" -o "$package" \
  -nologo -v quiet -nodeReuse:false

for required in host.json worker.config.json functions.metadata FunctionApp.dll .azurefunctions; do
  if [[ ! -e "$package/$required" ]]; then
    echo "The publish has no $required: the Functions host could not load this package." >&2
    exit 1
  fi
done

echo "== zip to $zip"
python3 - "$package" "$zip" <<'PY'
import os, sys, zipfile
package, target = sys.argv[1], sys.argv[2]
partial = target + ".partial"
with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
    for folder, subfolders, files in os.walk(package):
        subfolders.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, package))
os.replace(partial, target)
PY
functions="$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$package/functions.metadata")"
echo "== done: $zip ($(du -h "$zip" | cut -f1)), functions: $functions"
