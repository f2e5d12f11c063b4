# Sourced by the browser tests, run as `tests/web/NAME_test.sh HOTLINE SOURCE_DIR ARTIFACTS`:
# the API tests' harness ($tmp, the server, check/expect) and the built pages they need.
hotline=$1
source_dir=$(cd "$2" && pwd)
artifacts=$3
source "$source_dir/tests/api/harness.sh"
[[ -f $source_dir/web/dist/index.html ]] || { echo "FAIL: web/dist is not built (scripts/build-web)"; exit 1; }
