"""Chapter 05's ablation of airbench94's ideas: each row of AIRBENCH_STEPS, for each seed, on the validation split.

    python bench/strong_ablation.py --out bench/ablation-cpu.jsonl                 # every row, seeds 0 1 2
    python bench/strong_ablation.py --out bench/ablation-cpu.jsonl --steps 0 1     # only the first two rows
    python bench/strong_ablation.py --out bench/candidates-cpu.jsonl --epochs 16 --seeds 0 \
        --candidate 'wide' '{"arch_options": {"widths": [48, 192, 192]}}'         # STRONG with these changes

Each run trains one row's recipe on the 45,000 training images for AIRBENCH_ABLATION_EPOCHS epochs (or --epochs) and
scores it on the 5,000 validation images. It appends one JSON line per run to --out: the row, the seed, the recipe, the
validation accuracy, right/wrong per image (for 04's paired test), the time, and the machine. Runs already in the file
(same row name, seed and epochs) are skipped, so the ablation can be run over several sittings; runs from different
machines then sit in one file, and each line says which machine it came from.

--candidate trains STRONG with the given changes instead of the rows: a recipe for the final run, chosen on the
validation split, never on the test set. Give it its own --out.

A row that only adds six views to the last evaluation of the row before it (the same training) is not trained again
when that row was trained just before it in the same process: its line is that row's trained model scored on six views,
with that row's training time, and its `training_of` names that row. Training it again would mostly give the same model
(it did for seed 0, and on a 4,500-image check its six-view score matched this one image for image), but not always
bit for bit, and the row is meant to measure the last evaluation alone, so one model scored both ways is the fairer pair.
"""
import argparse, datetime, json, os, sys, time
from pathlib import Path

import torch
from torch.nn import functional as F

import cifar_nb.app  # noqa: F401  registers every chapter's recipes, architectures, optimizers and callbacks
from cifar_nb.bench import KeepPredictions, pack_correct
from cifar_nb.data import CifarDataset, TensorLoader, cpu_name
from cifar_nb.faster import detect_settings, precision_callbacks, train_recipe
from cifar_nb.stronger import AIRBENCH_ABLATION_EPOCHS, AIRBENCH_STEPS, STRONG, ShiftFlipAveraged, with_idea
from cifar_nb.train import collect_logits, forward_contexts


def done_runs(path: Path, recipes: dict) -> set:
    "(row name, seed, epochs) of the runs already in `path`; stop if a row's recipe there is not today's."
    if not path.exists(): return set()
    runs = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    for r in runs:
        if r['step'] in recipes and r['recipe'] != recipes[r['step']]:
            sys.exit(f"{path} holds row {r['step']!r} (seed {r['seed']}) trained with another recipe than this "
                     f"command gives (AIRBENCH_STEPS or --candidate): write the new runs to another --out.")
    return {(r['step'], r['seed'], r['epochs']) for r in runs}


def one_run(name, recipe, seed, epochs, train_ds, valid_ds, settings) -> tuple:
    "Train `recipe` with `seed`; return the trained model and the line for the result file."
    keep = KeepPredictions()
    start = time.perf_counter()
    model, history = train_recipe(recipe, train_ds, valid_ds, epochs, seed=seed, log=None, callbacks=[keep], **settings)
    correct = keep.correct(valid_ds.labels)
    return model, dict(step=name, seed=seed, epochs=epochs, recipe=recipe, valid_accuracy=history[-1]['valid_accuracy'],
                       correct=pack_correct(correct), n_valid=len(correct), n_train=len(train_ds.labels),
                       train_seconds=sum(h['train_seconds'] for h in history), wall_seconds=time.perf_counter() - start,
                       history=history, settings={k: str(v) for k, v in settings.items()}, cpu=cpu_name(),
                       cores=os.cpu_count(), torch=torch.__version__, date=datetime.date.today().isoformat(),
                       command=' '.join(sys.argv))


def only_adds_six_views(recipe, previous) -> bool:
    "Whether `recipe` trains exactly as `previous` does and only its last evaluation differs (six views)."
    return recipe == with_idea(previous, callback='six_view_tta', tta_flip=False)


def six_views_line(name, recipe, model, trained, valid_ds, settings) -> dict:
    """The line of row `name`, whose recipe trains as the one of line `trained` does, from `model`, that run's trained
    model, scored on six views as SixViewsAtEnd's last evaluation does."""
    start = time.perf_counter()
    dl = TensorLoader(valid_ds.images, valid_ds.labels, 500, device=settings['device'], channels_last=settings['channels_last'])
    with forward_contexts(precision_callbacks(settings['device'], settings['autocast_dtype'])):
        logits, labels = collect_logits(ShiftFlipAveraged(model, recipe.get('shift_fill', 'zeros')), dl, settings['device'])
    right = logits.argmax(1) == labels
    correct, accuracy = right.numpy(), right.float().mean().item()  # as 02's evaluate computes it
    last = dict(trained['history'][-1], valid_accuracy=accuracy, valid_loss=F.cross_entropy(logits, labels).item())
    return dict(trained, step=name, recipe=recipe, valid_accuracy=last['valid_accuracy'], correct=pack_correct(correct),
                history=[*trained['history'][:-1], last], training_of=trained['step'],
                wall_seconds=trained['wall_seconds'] + time.perf_counter() - start, command=' '.join(sys.argv))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', type=Path, required=True, help='JSON lines file; runs already in it are skipped')
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    p.add_argument('--steps', type=int, nargs='+', help='row numbers of AIRBENCH_STEPS (default: all)')
    p.add_argument('--epochs', type=int, default=AIRBENCH_ABLATION_EPOCHS,
                   help="chapter 05's table reads only runs of AIRBENCH_ABLATION_EPOCHS (the rows' '3 epochs' of the "
                        "whitening bias are fixed, so other lengths change what that row means)")
    p.add_argument('--data', help='CIFAR-10 folder (default: as cifar_nb finds it)')
    p.add_argument('--memory-format', choices=['auto', 'channels_last', 'contiguous'], default='auto',
                   help="auto is detect_settings' choice, which it times briefly with SimpleCNN and which can differ from "
                        "run to run when two formats are about as fast; fix it to keep the times of a sitting comparable")
    p.add_argument('--candidate', nargs=2, metavar=('NAME', 'JSON'),
                   help="train dict(STRONG, **JSON) under NAME instead of the rows (e.g. '{\"lr\": 0.2}')")
    args = p.parse_args()
    rows = [AIRBENCH_STEPS[i] for i in (args.steps if args.steps is not None else range(len(AIRBENCH_STEPS)))]
    if args.candidate: rows = [(args.candidate[0], dict(STRONG, **json.loads(args.candidate[1])))]
    train_ds, valid_ds = CifarDataset(args.data, 'train'), CifarDataset(args.data, 'valid')
    settings = detect_settings()
    if args.memory_format != 'auto': settings['channels_last'] = args.memory_format == 'channels_last'
    print(f"{cpu_name()}, {os.cpu_count()} logical CPUs, torch {torch.__version__}, settings {settings}", flush=True)
    for seed in args.seeds:  # seed by seed: an interrupted sitting leaves every row with the same seeds
        previous = None  # (recipe, model, line) of the row trained just before, with this seed, in this process
        for name, recipe in rows:
            if (name, seed, args.epochs) in done_runs(args.out, {**dict(AIRBENCH_STEPS), **dict(rows)}): continue
            if previous and only_adds_six_views(recipe, previous[0]):  # same training: score that model on six views
                line = six_views_line(name, recipe, previous[1], previous[2], valid_ds, settings)
            else:
                model, line = one_run(name, recipe, seed, args.epochs, train_ds, valid_ds, settings)
                previous = (recipe, model, line)
            with open(args.out, 'a') as f: f.write(json.dumps(line) + '\n')
            print(f"{name} | seed {seed} | valid {line['valid_accuracy']:.2%} | {line['train_seconds']:.0f} s", flush=True)


if __name__ == '__main__': main()
