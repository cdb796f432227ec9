#!/bin/sh
# Mutation testing of the core's math: mutmut on the code, then the formulas.
#   sh tools/mutation.sh            (one to two hours on two cores)
#   sh tools/mutation.sh onnx       (the ONNX reader and writer and the protobuf
#                                    wire format, with their tests but those that
#                                    train scikit-learn models; needs the peers of
#                                    tests/requirements-peers.txt; about 20 minutes)
# Needs mutmut==3.8.1 beside the test tools (pip install "mutmut==3.8.1"); a
# test-only tool, not needed to run purenn or its tests.  Works in a copy of
# the repository under build/mutation, so nothing here is changed.
#
# 1. mutmut mutates the Python code of the core's math modules (the list
#    below) and runs, per mutant, the tests that reach the mutated function
#    (the in-process tests: no subprocesses, no static checks of the
#    source), with the "mutation" hypothesis profile (60 examples a
#    property, derandomized) and PURENN_FRESH_FORMULAS=1, so that every test
#    compiles its formulas anew (a cache kept across tests would hide the
#    code that fills it).
# 2. tests/mutate_formulas.py mutates the formulas mutmut cannot see: the
#    expressions that define each activation and loss, kept in strings.
set -e
cd "$(dirname "$0")/.."
WORK=$(pwd)/build/mutation
rm -rf "$WORK"
mkdir -p "$WORK"
cp -r purenn tests examples tools setup.cfg "$WORK"/
cd "$WORK"
if [ "${1:-}" = onnx ]; then
  cat >> setup.cfg <<'CONFIG'

[mutmut]
source_paths = purenn/
only_mutate =
    purenn/protobuf.py
    purenn/onnx.py
    purenn/onnxwrite.py
pytest_add_cli_args =
    -p
    no:cacheprovider
    -o
    addopts=
    -k
    not readme and not command and not exports_to_python and not fixtures and not digits and not two_class_and_regression
pytest_add_cli_args_test_selection =
    tests/portable/test_onnx.py
    tests/test_onnx_reader.py
    tests/test_onnx_peers.py
CONFIG
  export HYPOTHESIS_PROFILE=mutation
  python3 -m mutmut run --max-children 2 || true
  python3 -m mutmut results > mutmut-results.txt || true
  echo "mutmut: survivors in $WORK/mutmut-results.txt"
  exit 0
fi
cat >> setup.cfg <<'CONFIG'

[mutmut]
source_paths = purenn/
only_mutate =
    purenn/core/activations.py
    purenn/core/losses.py
    purenn/core/layers.py
    purenn/core/network.py
    purenn/core/optimizers.py
    purenn/core/kernels.py
    purenn/core/training.py
    purenn/core/metrics.py
    purenn/core/rng.py
pytest_add_cli_args =
    -p
    no:cacheprovider
    -o
    addopts=
    -k
    not cli and not micropython and not chromium and not tour and not example
pytest_add_cli_args_test_selection =
    tests/portable
    tests/test_gradient_properties.py
    tests/test_activation_properties.py
    tests/test_compiler_properties.py
    tests/test_new_activation.py
    tests/test_attack.py
    tests/test_serialize.py
    tests/test_export.py
    tests/test_progress.py
    tests/test_see_the_math.py
    tests/test_matrix_properties.py
    tests/test_checkpoint.py
    tests/test_hostile.py
CONFIG
export HYPOTHESIS_PROFILE=mutation
PURENN_FRESH_FORMULAS=1 python3 -m mutmut run --max-children 2 || true
python3 -m mutmut results > mutmut-results.txt || true
echo "mutmut: survivors in $WORK/mutmut-results.txt"
python3 tests/mutate_formulas.py --jobs 2 | tee formulas.txt
