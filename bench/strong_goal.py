"""Chapter 05's goal, measured in one sitting: a recipe of ours against airbench94 ported to the CPU, seed by seed.

    python bench/port_airbench.py cifar10-airbench/legacy/airbench94.py     # once: writes bench/airbench/
    python bench/strong_goal.py --step 6 --epochs 10 --seeds 0 1 2 --out bench/strong-goal-cpu.json   # AIRBENCH_STEPS[6]
    python bench/strong_goal.py --recipe strong --epochs 9 --memory-format channels_last \
        --out bench/strong-goal-final-cpu.json                                  # a registered recipe: 05's final one
    python bench/strong_goal.py --candidate wide '{"arch_options": {"widths": [64, 256, 256]}}' --epochs 10 \
        --out bench/strong-goal-wide.json                                                    # STRONG with these changes

Both sides train on all 50,000 training images and are scored on the 10,000 test images. The runs alternate
(reference seed 0, ours seed 0, reference seed 1, ...), each in its own process, so that a machine that slows down
during the sitting slows both sides alike. Time, on both sides, is training plus the final evaluation, without the
evaluations after each epoch: the reference's own timer counts exactly that; for ours it is the wall time of
`train_recipe` (building the model from the data included) minus the evaluations after every epoch but the last.
The result file is rewritten after every run, so an interrupted sitting keeps what it measured.

One file can gather several sittings (on a slow CPU one reference seed takes most of two hours): run the same
command again with other --seeds and the same --out. Each run records its sitting and CPU, and a time ratio is only
ever computed within one sitting; the file refuses runs of a different recipe, schedule or reference schedule.

    python bench/strong_goal.py --step 6 --epochs 10 --seeds 0 --out bench/strong-goal-cpu.json   # one sitting
    python bench/strong_goal.py --step 6 --epochs 10 --seeds 1 --out bench/strong-goal-cpu.json   # another

On a GPU (`--device cuda`) the reference is airbench94 as upstream wrote it, fp16 and CUDA-event timer included
(`port_airbench.py --device cuda` changes only its data, seeding and driver), and each process first trains without
timing, on both sides, so that no timed run pays the GPU's start-up costs (cuDNN choosing its kernels for each input
shape): the reference its own warm-up (a whole run on random labels), ours one epoch on all the data.
`tools/gpu_run.sh goal` runs it on a GPU machine that cannot reach the data.
"""
import argparse, datetime, json, os, statistics, subprocess, sys, tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PORTS = dict(cpu=HERE/'airbench'/'airbench94_cpu.py', cuda=HERE/'airbench'/'airbench94_gpu.py')  # port_airbench.py --device

OURS = '''
import json, sys, time
import torch
import cifar_nb.app  # registers every chapter's recipes, architectures, optimizers and callbacks
from cifar_nb.data import CifarDataset
from cifar_nb.faster import train_recipe, detect_settings
recipe, epochs, seed, data, out = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] or None, sys.argv[5]
memory_format, device, autocast = sys.argv[6], sys.argv[7], sys.argv[8]
train_ds, test_ds = CifarDataset(data, 'train+valid'), CifarDataset(data, 'test')
settings = detect_settings(device)
if memory_format != 'auto': settings['channels_last'] = memory_format == 'channels_last'
if autocast != 'auto': settings['autocast_dtype'] = {'fp32': None, 'bf16': torch.bfloat16}[autocast]
if device == 'cuda':  # as the reference does on its GPU: cuDNN picks its fastest kernels, and a warm-up run pays start-up costs
    torch.backends.cudnn.benchmark = True  # it times its kernels anew for every new input shape: so warm up on every shape
    train_recipe(recipe, train_ds, test_ds, 1, seed=seed, log=None, **settings)  # every shape the timed run meets
start = time.perf_counter()
_, history = train_recipe(recipe, train_ds, test_ds, epochs, seed=seed, log=None, **settings)
wall = time.perf_counter() - start
per_epoch_evaluations = sum(h['seconds'] - h['train_seconds'] for h in history[:-1])
json.dump(dict(accuracy=history[-1]['test_accuracy'], seconds=wall - per_epoch_evaluations, wall_seconds=wall,
               settings={k: str(v) for k, v in settings.items()}, history=history), open(out, 'w'))
'''

def run_reference(seed, data, precision, epochs=None, device='cpu') -> dict:
    "One seed of the ported reference, in its own process: accuracy, its own timer's seconds, wall seconds."
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)/'r.json'
        command = [sys.executable, str(PORTS[device]), '--seeds', str(seed), '--out', str(out)]
        command += ['--precision', precision] if device == 'cpu' else ['--warmup']
        command += (['--data', data] if data else []) + (['--epochs', str(epochs)] if epochs else [])
        subprocess.run(command, check=True)
        run = json.loads(out.read_text())
    return dict(accuracy=run['runs'][0]['tta_val_acc'], seconds=run['runs'][0]['seconds'],
                wall_seconds=run['runs'][0]['wall_seconds'], autocast=run['autocast'])

def run_ours(recipe, epochs, seed, data, memory_format='auto', device='cpu', autocast='auto') -> dict:
    "One seed of our recipe, in its own process, timed as the module docstring says."
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)/'o.json'
        subprocess.run([sys.executable, '-c', OURS, json.dumps(recipe), str(epochs), str(seed), data or '', str(out),
                        memory_format, device, autocast], check=True)
        return json.loads(out.read_text())

def summary(runs) -> dict:
    "Mean and spread (sample standard deviation) of accuracy and seconds over seeds."
    acc, sec = [r['accuracy'] for r in runs], [r['seconds'] for r in runs]
    spread = lambda xs: statistics.stdev(xs) if len(xs) > 1 else 0.0
    return dict(seeds=len(runs), mean_accuracy=statistics.mean(acc), std_accuracy=spread(acc),
                mean_seconds=statistics.mean(sec), std_seconds=spread(sec))

def ratios_by_sitting(results) -> list:
    "Ours ÷ reference mean seconds, for each sitting that ran both sides (never across sittings: CPUs differ by day)."
    ratios = []
    for k, sitting in enumerate(results['sittings']):
        ours, ref = ([r['seconds'] for r in results[side] if r['sitting'] == k] for side in ('ours', 'reference'))
        if ours and ref:
            ratios.append(dict(sitting=k, cpu=sitting['cpu'], seeds=len(ours),
                               ratio=statistics.mean(ours) / statistics.mean(ref)))
    return ratios

def cpu_details() -> dict:
    """What tells two CPUs of the same model name apart (family, model, stepping, cache, a few speed-relevant flags):
    machines that print the same name have timed the two sides quite differently."""
    info = Path('/proc/cpuinfo')
    fields = dict(line.split(':', 1) for line in info.read_text().splitlines() if ':' in line) if info.exists() else {}
    fields = {k.strip(): v.strip() for k, v in fields.items()}  # the last processor's lines: all are the same model here
    flags = set(fields.get('flags', '').split())
    return dict({k: fields[k] for k in ('cpu family', 'model', 'stepping', 'cache size') if k in fields},
                flags=sorted(flags & {'avx2', 'avx512f', 'avx512_bf16', 'amx_bf16', 'amx_tile'}))

def start_or_continue(path, plan) -> dict:
    "The results in `path` if it holds the same comparison (`plan`), a fresh record if there is no such file."
    if not path.exists(): return dict(plan, sittings=[], reference=[], ours=[])
    results = json.loads(path.read_text())
    changed = [k for k in plan if results.get(k) != plan[k]]
    if changed: sys.exit(f"{path} holds another comparison (its {', '.join(changed)} differ); choose another --out.")
    return results

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--recipe', default='strong', help='a registered recipe (RECIPES), unless --step is given')
    p.add_argument('--step', type=int, help="row N of chapter 05's AIRBENCH_STEPS instead of --recipe")
    p.add_argument('--candidate', nargs=2, metavar=('NAME', 'JSON'),
                   help="dict(STRONG, **JSON) under NAME instead of --recipe: a recipe chosen on the validation split")
    p.add_argument('--epochs', type=int, required=True)
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2]); p.add_argument('--data')
    p.add_argument('--precision', choices=['auto', 'fp32', 'bf16'], default='auto', help="the reference's (see port)")
    p.add_argument('--memory-format', choices=['auto', 'channels_last', 'contiguous'], default='auto',
                   help="ours: auto is detect_settings' choice, which it times briefly with SimpleCNN and which can differ "
                        "from run to run when two formats are about as fast; fix it to keep the runs of a sitting alike")
    p.add_argument('--reference-epochs', type=float, help="only to check this script quickly (default: airbench94's 9.9)")
    p.add_argument('--skip-reference', action='store_true', help='ours only (for trying recipes; no ratio then)')
    p.add_argument('--autocast', choices=['auto', 'fp32', 'bf16'], default='auto',
                   help="ours: auto is detect_settings' choice (it times SimpleCNN at batch 128, which may not carry over)")
    p.add_argument('--device', choices=['cpu', 'cuda'], default='cpu',
                   help="cuda: both sides on the GPU, the reference as upstream wrote it (port_airbench.py --device cuda)")
    p.add_argument('--out', type=Path, required=True)
    args = p.parse_args()
    import cifar_nb.app  # noqa: F401  every chapter's recipes
    from cifar_nb.faster import RECIPES
    from cifar_nb.stronger import AIRBENCH_STEPS, STRONG
    if args.step is not None and not 0 <= args.step < len(AIRBENCH_STEPS):
        sys.exit(f"--step must be 0 to {len(AIRBENCH_STEPS) - 1} (a row of AIRBENCH_STEPS), not {args.step}.")
    if args.step is None and not args.candidate and args.recipe not in RECIPES: sys.exit(f"Unknown --recipe {args.recipe!r}: use one of {', '.join(RECIPES)}.")
    if args.step is not None: args.recipe = f'step {args.step}'  # the name the result file gives it
    if args.candidate: args.recipe = args.candidate[0]
    if not args.skip_reference and not PORTS[args.device].exists():
        sys.exit(f"{PORTS[args.device]} is missing: run bench/port_airbench.py --device {args.device} first "
                 "(see this script's docstring).")
    from cifar_nb.data import cpu_name
    import torch
    recipe = (AIRBENCH_STEPS[args.step][1] if args.step is not None else
              dict(STRONG, **json.loads(args.candidate[1])) if args.candidate else RECIPES[args.recipe])
    plan = dict(recipe=args.recipe, recipe_config=json.loads(json.dumps(recipe)), epochs=args.epochs,
                reference_epochs=None if args.skip_reference else args.reference_epochs or 9.9, data=args.data,
                **({'autocast': args.autocast} if args.autocast != 'auto' else {}))  # absent: the files made before it
    results = start_or_continue(args.out, plan)
    sitting = len(results['sittings'])
    results['sittings'].append(dict(command=' '.join(sys.argv), cpu=cpu_name(), cpu_details=cpu_details(), cores=os.cpu_count(),
                                    torch=torch.__version__, device=args.device,
                                    **(dict(gpu=torch.cuda.get_device_name()) if args.device == 'cuda' else {}),
                                    started=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')))
    for seed in args.seeds:
        if any(r['seed'] == seed for r in results['ours']):
            print(f"seed {seed}: already in {args.out}, skipped", flush=True); continue
        if not args.skip_reference:
            results['reference'].append(dict(seed=seed, sitting=sitting,
                                             **run_reference(seed, args.data, args.precision, args.reference_epochs,
                                                             args.device)))
        results['ours'].append(dict(seed=seed, sitting=sitting, **run_ours(recipe, args.epochs, seed, args.data,
                                                                             args.memory_format, args.device, args.autocast)))
        for side in ('reference', 'ours'):
            if results[side]: results[f'{side}_summary'] = summary(results[side])
        results['time_ratios'] = ratios_by_sitting(results)
        args.out.write_text(json.dumps(results, indent=1))
        print({k: v for k, v in results.items() if k.endswith('summary') or k == 'time_ratios'}, flush=True)

if __name__ == '__main__': main()
