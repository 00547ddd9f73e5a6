#!/usr/bin/env bash
# Chapter 05's GPU measurements (issue 11) in one run, on a GPU machine that has PyTorch but no network:
# the original tutorial, FAST and StrongCNN given FAST's time, 20 epochs, through the `cifar_nb_bench` command (`cifar_nb.app.bench_main`, which knows chapter 05's pipeline).
# Prepare here, once (both folders are git-ignored and travel with the run):
#   python tools/gpu_data.py pack "$CIFAR_NB_DATA" gpu_data       # about 40 MB of JPEG mosaics
#   python3 -m pip download --no-deps --only-binary=:all: -d .whl koreanize-matplotlib
# Then run `bash tools/gpu_run.sh` there. The log and the results JSON go to $OUT (default runs/gpu).
# DEVICE, EPOCHS and PIPELINES override the defaults (cuda, 20, original,ours,strong), e.g. for a dry run on a CPU.
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
python3 -c 'from cifar_nb.app import bench_main; bench_main()' --data "$data" --device "${DEVICE:-cuda}" --epochs "${EPOCHS:-20}" \
  --pipelines "${PIPELINES:-original,ours,strong}" --out "$out/results-${DEVICE:-cuda}-strong.json"
