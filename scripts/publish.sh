#!/usr/bin/env bash
# Builds the deployable package of the Function App:
#   <out>/package/          a self-contained linux-x64 publish of the app, host.json, and one folder with a function.json
#                           for every function the app defines (written by the app itself: FunctionApp --emit-functions)
#   <out>/functionapp.zip   the same, zipped (the executable keeps its mode bits), for zip or run-from-package deployment
# Usage: bash scripts/publish.sh [out]          (out defaults to artifacts/ in the repository)
# The queue triggers follow Durable__TaskHubName and Durable__PartitionCount from the environment, if set: publish with
# the values the app will run with (defaults: AcmeHub, 4).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(python3 -c 'import os, sys; print(os.path.abspath(sys.argv[1]))' "${1:-$root/artifacts}")"
package="$out/package"
zip="$out/functionapp.zip"
executable="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["customHandler"]["description"]["defaultExecutablePath"])' "$root/host.json")"

echo "== publish (Release, linux-x64, self-contained) to $package"
rm -rf "$package" "$zip"
# Its own build folders, so a publish never rewrites the obj/ and bin/ folders a concurrent build or test run uses.
dotnet publish "$root/FunctionApp/FunctionApp.csproj" -c Release -r linux-x64 --self-contained true \
  --artifacts-path "$out/build" -o "$package" -nologo -v quiet -nodeReuse:false
cp "$root/host.json" "$package/host.json"
if [[ ! -f "$package/$executable" ]]; then
  echo "host.json names '$executable' as the executable, but the publish has no such file." >&2
  exit 1
fi
chmod 755 "$package/$executable"

echo "== function.json files"
emit_env=(env -u FUNCTIONS_CUSTOMHANDLER_PORT -u ASPNETCORE_URLS ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production)
if [[ "$(uname -s)/$(uname -m)" == "Linux/x86_64" ]]; then
  # The packaged executable itself, which also shows it starts.
  (cd "$package" && "${emit_env[@]}" "./$executable" --emit-functions "$package")
else
  # Elsewhere the same app, built for the machine running this script.
  dotnet build "$root/FunctionApp/FunctionApp.csproj" -c Release --artifacts-path "$out/build-portable" -o "$out/emitter" \
    -nologo -v quiet -nodeReuse:false
  (cd "$package" && "${emit_env[@]}" dotnet "$out/emitter/FunctionApp.dll" --emit-functions "$package")
fi

echo "== zip to $zip"
python3 - "$package" "$zip" "$executable" <<'PY'
import os, sys, zipfile
package, target, executable = sys.argv[1], sys.argv[2], sys.argv[3]
partial = target + ".partial"
with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
    for folder, subfolders, files in os.walk(package):
        subfolders.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            entry = zipfile.ZipInfo.from_file(path, os.path.relpath(path, package))
            entry.compress_type = zipfile.ZIP_DEFLATED
            # Unix mode bits in the entry's external attributes: the host starts the executable from the extracted package.
            mode = 0o100755 if entry.filename == executable else 0o100644
            entry.create_system = 3
            entry.external_attr = mode << 16
            with open(path, "rb") as source:
                archive.writestr(entry, source.read())
os.replace(partial, target)
PY
echo "== done: $zip ($(du -h "$zip" | cut -f1)), functions: $(find "$package" -mindepth 2 -maxdepth 2 -name function.json | wc -l)"
