#!/usr/bin/env bash
# `make pack` check: each library package carries its dll, its XML docs and its readme, declares a license
# expression and a repository, and depends on no server project (Zk.Node.Core/Storage/Server).
set -euo pipefail
dir=${1:-out/packages}
version=${2:-0.1.0}
status=0
for id in Zk.Client Zk.Node.Protocol; do
  pkg="$dir/$id.$version.nupkg"
  if [ ! -f "$pkg" ]; then echo "missing $pkg" >&2; status=1; continue; fi
  listing=$(unzip -Z1 "$pkg")
  for entry in "lib/net10.0/$id.dll" "lib/net10.0/$id.xml" "README.md" "$id.nuspec"; do
    grep -qxF "$entry" <<<"$listing" || { echo "$pkg lacks $entry" >&2; status=1; }
  done
  nuspec=$(unzip -p "$pkg" "$id.nuspec")
  grep -q '<license type="expression">' <<<"$nuspec" || { echo "$pkg: no license expression" >&2; status=1; }
  grep -q '<repository type="git"' <<<"$nuspec" || { echo "$pkg: no repository" >&2; status=1; }
  grep -q '<readme>README.md</readme>' <<<"$nuspec" || { echo "$pkg: no readme" >&2; status=1; }
  if grep -qE 'dependency id="Zk\.Node\.(Core|Storage|Server)' <<<"$nuspec"; then
    echo "$pkg depends on a server project" >&2; status=1
  fi
done
[ $status -eq 0 ] && echo "packages in $dir: dll, xml docs, readme, license, repository present"
exit $status
