"""Time each chapter run end to end as a learner runs it, and record it in bench/chapter-times.json.

    python tools/chapter_times.py --mode quick                  # CIFAR_NB_QUICK=1: the short path, 00-06
    python tools/chapter_times.py --mode full 00_data 01_model  # only some chapters, as written

Each notebook is executed top to bottom with `jupyter nbconvert --execute` into a temporary folder (the notebooks in
nbs/ keep their committed outputs), in nbs/ as working directory, with the data the notebooks find themselves
(CIFAR_NB_DATA or the cache). The wall time includes starting the kernel. The file keeps one entry per mode, each
with the machine it was measured on; running one mode again replaces that mode's chapters that were timed.
"""
import argparse, datetime, json, os, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ['00_data', '01_model', '02_train', '03_faster', '04_bench', '05_stronger', '06_distributed', '07_app']
RESULTS = ROOT/'bench'/'chapter-times.json'

def machine() -> dict:
    import torch
    from cifar_nb.data import cpu_name
    return dict(cpu=cpu_name(), cores=os.cpu_count(), torch=torch.__version__, python=sys.version.split()[0])

def time_chapter(name: str, quick: bool, out: Path) -> float:
    "Seconds to execute nbs/`name`.ipynb from top to bottom; exits with the end of its error output if a cell fails."
    env = {**os.environ, 'CIFAR_NB_QUICK': '1' if quick else '0'}
    command = [sys.executable, '-m', 'jupyter', 'nbconvert', '--to', 'notebook', '--execute', '--output-dir', str(out),
               '--ExecutePreprocessor.timeout=-1', f'{name}.ipynb']
    start = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT/'nbs', env=env, capture_output=True, text=True)
    if run.returncode: sys.exit(f"{name} failed:\n{run.stderr[-3000:]}")
    return time.perf_counter() - start

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--mode', choices=['quick', 'full'], required=True)
    p.add_argument('chapters', nargs='*', default=CHAPTERS, help='notebook names without .ipynb (default: 00-07)')
    args = p.parse_args()
    if unknown := set(args.chapters) - set(CHAPTERS): p.error(f'unknown chapters {sorted(unknown)}; known: {CHAPTERS}')
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    entry = dict(machine=machine(), date=datetime.date.today().isoformat(), seconds={})
    if (old := results.get(args.mode)) and old.get('machine') == entry['machine']:
        entry['seconds'] = old['seconds']  # the same machine: keep the chapters not timed now
    print(f"{entry['machine']['cpu']}, {entry['machine']['cores']} cores | mode {args.mode}", flush=True)
    with tempfile.TemporaryDirectory() as out:
        for name in args.chapters:
            entry['seconds'][name] = round(time_chapter(name, args.mode == 'quick', Path(out)), 1)
            print(f"{name}: {entry['seconds'][name] / 60:.1f} min", flush=True)
            entry['seconds'] = {n: entry['seconds'][n] for n in CHAPTERS if n in entry['seconds']}  # chapter order
            results[args.mode] = entry
            RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + '\n')  # after each: a failure keeps the rest
    print(f"total {sum(entry['seconds'].values()) / 60:.1f} min -> {RESULTS}")

if __name__ == '__main__':
    main()
