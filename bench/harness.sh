# Sourced by the bench scripts with their arguments (not run on its own): moves to the repository
# root, builds the bench module and what it needs (no tests) unless the arguments hold --no-build,
# and sets
#   args  the script's arguments without --no-build
#   cp    the bench module's classpath
#   pin   taskset -c 1 where there are two CPUs or more (the driver's CPU), else nothing
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=1
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=0; else args+=("$arg"); fi
done

if [ "$build" = 1 ]; then
  mvn -B -q -pl bench -am package -DskipTests
fi

cp="bench/target/classes:$(cat bench/target/bench-classpath.txt)"

pin=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  pin=(taskset -c 1)
fi
