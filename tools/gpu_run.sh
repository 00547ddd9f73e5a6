#!/usr/bin/env bash
# Chapter 05's GPU measurements in one run, on a GPU machine that has PyTorch but no network. Two kinds:
#   bash tools/gpu_run.sh        the original tutorial, FAST and StrongCNN given FAST's time, 20 epochs, through the
#                                `cifar_nb_bench` command (`cifar_nb.app.bench_main`, which knows chapter 05's pipeline)
#   bash tools/gpu_run.sh goal   chapter 05's goal on the GPU (issue 22): the final recipe (`--recipe strong`, 10 epochs)
#                                and airbench94 as upstream wrote it, seed by seed (bench/strong_goal.py --device cuda)
# Prepare here, once (the folders are git-ignored; carry them with the run):
#   python tools/gpu_data.py pack "$CIFAR_NB_DATA" gpu_data       # about 40 MB of JPEG mosaics
#   python3 -m pip download --no-deps --only-binary=:all: -d .whl koreanize-matplotlib tqdm
#   python bench/port_airbench.py --device cuda cifar10-airbench/legacy/airbench94.py   # for `goal`: bench/airbench/
# Then run `bash tools/gpu_run.sh [goal]` there. The log and the results JSON go to $OUT (default runs/gpu).
# DEVICE, EPOCHS and PIPELINES override the defaults (cuda, 20, original,ours,strong), e.g. for a dry run on a CPU;
# EPOCHS, SEEDS and GOAL_FILE (10; 0 1 2; strong-goal-gpu.json) those of `goal`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-runs/gpu}; mkdir -p "$out"
exec > >(tee "$out/log.txt") 2>&1
if compgen -G ".whl/*.whl" >/dev/null; then
  python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/cifar_nb_site .whl/*.whl
  export PYTHONPATH=/tmp/cifar_nb_site
fi
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH} PYTHONUNBUFFERED=1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
data=$tmp/cifar-10-batches-py
python3 tools/gpu_data.py unpack gpu_data "$data"
if command -v nvidia-smi >/dev/null; then nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv; fi
if [ "${1:-}" = goal ]; then  # what follows `goal` goes to strong_goal.py, e.g. --candidate NAME JSON instead of the final recipe
  shift
  python3 bench/strong_goal.py --device cuda --recipe strong --epochs "${EPOCHS:-10}" --seeds ${SEEDS:-0 1 2} --data "$data" \
    --memory-format channels_last --out "$out/${GOAL_FILE:-strong-goal-gpu.json}" "$@"
  exit
fi
python3 -c 'from cifar_nb.app import bench_main; bench_main()' --data "$data" --device "${DEVICE:-cuda}" --epochs "${EPOCHS:-20}" \
  --pipelines "${PIPELINES:-original,ours,strong}" --out "$out/results-${DEVICE:-cuda}-strong.json"
