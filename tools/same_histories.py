"""Train the original recipe and FAST for a few epochs with a fixed seed and fixed settings, and write the histories.

Run it once with one version of the package and once with another (PYTHONPATH=other-checkout), then compare:
    python tools/same_histories.py --out /tmp/new.json
    PYTHONPATH=/path/to/old/checkout python tools/same_histories.py --out /tmp/old.json
    python tools/same_histories.py --compare /tmp/old.json /tmp/new.json
The largest difference per history key is printed, with each version's training time and their ratio.
"""
import argparse, json, sys, time

def run(epochs, out):
    import torch
    import cifar_nb
    from cifar_nb.data import CifarDataset, cpu_name
    from cifar_nb.faster import FAST, ORIGINAL, train_recipe
    train_ds, valid_ds = CifarDataset(None, 'train'), CifarDataset(None, 'valid')
    results = dict(package=cifar_nb.__file__, cpu=cpu_name(), threads=torch.get_num_threads(), runs={})
    for name, recipe in (('original', ORIGINAL), ('fast', FAST)):
        start = time.perf_counter()
        _, history = train_recipe(recipe, train_ds, valid_ds, epochs, device='cpu', seed=0, log=print,
                                  channels_last=False, autocast_dtype=None)  # fixed: detect_settings measures
        results['runs'][name] = dict(history=history, seconds=time.perf_counter() - start)
    with open(out, 'w') as f: json.dump(results, f, indent=1)

def compare(old_path, new_path):
    old, new = (json.load(open(p)) for p in (old_path, new_path))
    print(f"old: {old['package']} | new: {new['package']} | {new['cpu']}, {new['threads']} threads")
    for name, o in old['runs'].items():
        n = new['runs'][name]
        keys = [k for k in o['history'][0] if k not in ('seconds', 'train_seconds')]
        diffs = {k: max(abs(a[k] - b[k]) for a, b in zip(o['history'], n['history'])) for k in keys}
        print(f"{name}: {len(o['history'])} epochs | largest difference " +
              ', '.join(f"{k} {v:.2e}" for k, v in diffs.items()) +
              f" | time old {o['seconds']:.1f} s, new {n['seconds']:.1f} s (new/old {n['seconds'] / o['seconds']:.3f})")

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--epochs', type=int, default=2)
    p.add_argument('--out')
    p.add_argument('--compare', nargs=2, metavar=('OLD', 'NEW'))
    args = p.parse_args()
    if args.compare: compare(*args.compare)
    elif args.out: run(args.epochs, args.out)
    else: p.error('give --out or --compare')
