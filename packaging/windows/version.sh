#!/usr/bin/env bash
# version.sh: the release version of the working tree, for stamping builds.
#
#   version.sh              the version for -X main.version: "1.2.3" on a
#                           release tag, "1.2.3-4-gabc1234" after it, with
#                           "-dirty" for uncommitted changes; "dev" without a
#                           v-tag
#   version.sh --numeric V  the first three numbers of V for the exe resources
#                           and the MSI ("1.2.3"), "0.0.0" when V has none
#
# Only tags that look like versions (v1.2.3) count: a bare commit hash from
# `git describe --always` would be read as a version number by the resource
# compiler ("1234567abc" -> 1234567).
set -euo pipefail

if [[ ${1:-} == --numeric ]]; then
	v=${2:?version.sh --numeric needs a version}
	if [[ ${v#v} =~ ^([0-9]+)\.([0-9]+)\.([0-9]+) ]]; then
		echo "${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.${BASH_REMATCH[3]}"
	else
		echo 0.0.0
	fi
	exit 0
fi

cd "$(dirname "${BASH_SOURCE[0]}")"
if v=$(git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null); then
	echo "${v#v}"
else
	echo dev
fi
