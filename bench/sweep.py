"""Recipe sweep for chapter 03: train SimpleCNN with variants of `FAST`, several at once, one JSON line per run.

Each run trains on the 'train' split (45,000 images) and is scored on the 'valid' split (5,000), so that choices
are made without looking at the test set; every result line records `split='valid'` and the CPU it ran on.

    python bench/sweep.py lr     --device cpu --procs 1 --bf16 --out bench/sweep-cpu-valid-lr.jsonl   # 2 x 20 epochs
    python bench/sweep.py short3 --device cpu --procs 1 --bf16 --out bench/sweep-cpu-valid-short.jsonl   # 6 x 2 epochs
    python bench/sweep.py long   --device cuda --procs 6 --deadline 240 --out ...                 # 21 x 20 epochs
    python bench/sweep.py short  --device cuda --procs 8 --deadline 190 --out ...                 # 72 x 2 epochs

The runs use fp32 without TF32 and without autocast, so that results carry over between devices, unless --bf16
asks for bf16 autocast (used for the CPU sweeps, on a CPU with AMX, where it is 1.5 times faster).
Variants run in the order listed; those not finished by `--deadline` seconds are left out.
"""
import argparse, itertools, json, multiprocessing as mp, sys, time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from cifar_nb.data import CifarDataset, cpu_name
from cifar_nb.faster import FAST, train_recipe


def long_variants():
    "20-epoch variants of FAST: the model under-fits, so less regularization, other learning rates and schedules."
    changes = [{}, dict(label_smoothing=0.0), dict(label_smoothing=0.05), dict(weight_decay=2.5e-4),
               dict(weight_decay=1e-4), dict(lr=0.1), dict(lr=0.1, weight_decay=2.5e-4), dict(lr=0.025),
               dict(crop_padding=2), dict(crop_padding=2, label_smoothing=0.0), dict(warmup=0.15), dict(warmup=0.4),
               dict(batch_size=64, lr=0.025), dict(label_smoothing=0.0, weight_decay=2.5e-4),
               dict(lr=0.1, weight_decay=1e-4), dict(batch_size=256, lr=0.1),
               dict(label_smoothing=0.0, weight_decay=2.5e-4, lr=0.1),
               dict(label_smoothing=0.0, weight_decay=2.5e-4, crop_padding=2),
               dict(label_smoothing=0.05, weight_decay=2.5e-4), dict(label_smoothing=0.0, weight_decay=1e-4),
               dict(label_smoothing=0.0, warmup=0.15)]
    return [dict(FAST, **c) for c in changes]


def short_variants():
    "2-epoch grid: augmentation (none, flips only, crop and flip) × peak lr × label smoothing × warm-up × batch size."
    grid = itertools.product([dict(augment=False), dict(augment=True, crop_padding=0), dict(augment=True)],
                             [0.05, 0.1, 0.2], [0.0, 0.1], [0.25, 0.4], [64, 128])
    return [dict(FAST, **aug, lr=lr, label_smoothing=ls, warmup=w, batch_size=bs) for aug, lr, ls, w, bs in grid]


def lr_variants():
    "The peak learning rates compared when FAST was chosen."
    return [dict(FAST, lr=lr) for lr in (0.05, 0.2)]


def short3_variants():
    "The two factors that decided SHORT: augmentation (none, flips only, crop and flip) × warm-up fraction."
    return [dict(FAST, **aug, warmup=w) for aug in (dict(augment=False), dict(augment=True, crop_padding=0),
                                                    dict(augment=True)) for w in (0.25, 0.4)]


GROUPS = {'long': (long_variants, 'L', 20), 'short': (short_variants, 'S', 2),
          'lr': (lr_variants, 'R', 20), 'short3': (short3_variants, 'V', 2)}


def _init(root, device, bf16):
    "Worker set-up: load the train and valid splits once per process; fp32 (or bf16 autocast with --bf16), no TF32."
    global _data, _device, _dtype
    torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.benchmark = True
    torch.set_num_threads(2)
    _data, _device = (CifarDataset(root, 'train'), CifarDataset(root, 'valid')), device
    _dtype = torch.bfloat16 if bf16 else None


def _run(job):
    name, recipe, epochs, seed = job
    start = time.perf_counter()
    _, history = train_recipe(recipe, *_data, epochs, device=_device, seed=seed, log=None,
                              channels_last=True, autocast_dtype=_dtype)
    return dict(name=name, recipe=recipe, epochs=epochs, seed=seed, split='valid', autocast=str(_dtype), machine=cpu_name(),
                seconds=time.perf_counter() - start,
                accuracy=[h['valid_accuracy'] for h in history], train_loss=[h['train_loss'] for h in history])


def run_jobs(jobs, pool, log_file, deadline):
    "Run `jobs` on `pool`, writing each result as it arrives, until all are done or time.time() passes `deadline`."
    results, it = [], pool.imap_unordered(_run, jobs)
    while len(results) < len(jobs) and time.time() < deadline:
        try: r = it.next(timeout=deadline - time.time())
        except mp.TimeoutError: break
        results.append(r)
        log_file.write(json.dumps(r) + '\n'); log_file.flush()
        print(f"{r['name']:>4} {r['epochs']:2d} ep {r['accuracy'][-1]:.2%} {r['seconds']:.0f}s", flush=True)
    return results


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('group', choices=GROUPS)
    p.add_argument('--data', help='cifar-10-batches-py folder or its parent')
    p.add_argument('--device', default='cuda')
    p.add_argument('--out', type=Path, required=True, help='JSON lines file, appended to')
    p.add_argument('--procs', type=int, default=6, help='runs at a time')
    p.add_argument('--deadline', type=float, default=24 * 3600, help='seconds; unfinished runs are left out')
    p.add_argument('--bf16', action='store_true', help='bf16 autocast instead of fp32')
    p.add_argument('--epochs', type=int, help='override the group\'s epochs (for a smoke test)')
    args = p.parse_args(argv)
    variants, prefix, epochs = GROUPS[args.group]
    jobs = [(f'{prefix}{i}', r, args.epochs or epochs, 0) for i, r in enumerate(variants())]
    deadline = time.time() + args.deadline
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, 'a') as log, mp.get_context('spawn').Pool(args.procs, _init, (args.data, args.device, args.bf16)) as pool:
        done = run_jobs(jobs, pool, log, deadline)
        pool.terminate()
    print(f'{len(done)} of {len(jobs)} runs finished')


if __name__ == '__main__': main()
