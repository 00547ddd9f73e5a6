"""Check that every measured number in the notebooks' prose is true of the committed outputs.

A measured number is a number written with one of the units %, %p, 배, 장, 초, 분 in a Markdown cell. It passes when
  - the same notebook's outputs hold it (the same digits, commas ignored; a percentage also as a fraction with two more
    decimals, e.g. 85.25% as 0.8525...; a sentence a cell generated with Markdown(...) is an output too), or
  - it is a constant of the notebook's code rather than a measurement (the number appears in a code cell's source,
    e.g. 5,000 in `images[:5000]`, 25% in `warmup=0.25`), or
  - it is marked as quoted: its paragraph names a file under bench/ that holds it (`bench/results-cpu.json`), or
    names a public source (a link, or 출처). Quoted numbers are counted and printed, never silently passed.
Anything else is reported with its notebook, cell id and sentence, and the exit status is 1.

    python tools/prose_numbers.py                 # every notebook in nbs/
    python tools/prose_numbers.py nbs/03_faster.ipynb
    python tools/prose_numbers.py --pending nbs/05_stronger.ipynb   # report that notebook, do not fail on it
"""
import argparse, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNIT = r'(?:%p|%|배|장|초|분)'
NUMBER = re.compile(r'(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(' + UNIT + r')(?![가-힣]*\w*\d)')
ANY_NUMBER = re.compile(r'\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?')
BENCH_FILE = re.compile(r'bench/[\w.-]+\.jsonl?')
PUBLIC = re.compile(r'https?://|출처')
DATASET_FACTS = {60000, 50000, 45000, 10000, 5000}  # CIFAR-10's sizes and this series' split, in 장: facts, not measurements
DROP = re.compile(r'```.*?```|`[^`]*`', re.S)  # code spans and blocks: commands, not claims

def numbers_in(text) -> set:
    "Every number in `text` as (value, decimals written, whether a % sign follows it)."
    return {(float(m[0].replace(',', '')), len(m[0].split('.')[1]) if '.' in m[0] else 0, text[m.end():m.end() + 2].lstrip()[:1] == '%')
            for m in ANY_NUMBER.finditer(text)}

def output_text(cell) -> str:
    "Everything a code cell's outputs show: streams, plain text, Markdown and HTML."
    parts = []
    for out in cell.get('outputs', []):
        parts.append(''.join(out.get('text', '')))
        for kind in ('text/plain', 'text/markdown', 'text/html'):
            parts.append(''.join(out.get('data', {}).get(kind, '')))
    return '\n'.join(parts)

def file_numbers(name) -> set:
    "Every number a file under bench/ holds, as written there (JSON values, recursively)."
    path = ROOT/'bench'/name
    if not path.is_file(): return set()
    return {(v, 17, False) for v, _, _ in numbers_in(path.read_text())}  # JSON keeps full precision

def matches(value, decimals, unit, pool) -> bool:
    "Whether `value` (written with `decimals` decimals and `unit`) is in `pool`, rounded the way the prose rounds it."
    for v, written, percent in pool:
        if unit in ('%', '%p'):  # a percentage in the outputs, or a fraction with two more decimals (0.8525 → 85.25%)
            if percent and written >= decimals and round(v, decimals) == value: return True
            if not percent and v <= 1 and written >= decimals + 2 and round(100 * v, decimals) == value: return True
        elif written >= decimals and round(v, decimals) == value: return True
    return False

def check(path: Path):
    "(checked, quoted, problems) for one notebook."
    nb = json.loads(path.read_text(encoding='utf-8'))
    cells = nb['cells']
    outputs = numbers_in('\n'.join(output_text(c) for c in cells if c['cell_type'] == 'code'))
    code = {v for v, _, _ in numbers_in('\n'.join(''.join(c['source']) for c in cells if c['cell_type'] == 'code'))}
    code |= {round(100 * v, 6) for v in code}  # warmup=0.25 is the 25% the prose names
    checked, quoted, problems = 0, [], []
    for cell in cells:
        if cell['cell_type'] != 'markdown': continue
        for paragraph in ''.join(cell['source']).split('\n\n'):
            prose = DROP.sub(' ', paragraph)
            files = BENCH_FILE.findall(paragraph)
            for match in NUMBER.finditer(prose):
                text, unit = match.groups()
                value = float(text.replace(',', ''))
                if unit == '장' and (re.fullmatch(r'0\d|90', text) or value in DATASET_FACTS): continue  # "03장": a chapter
                if '≈' in prose[max(0, match.start() - 3):match.start()]: continue  # worked out in the sentence itself
                decimals = len(text.split('.')[1]) if '.' in text else 0
                checked += 1
                if matches(value, decimals, unit, outputs) or value in code: continue
                source = next((f for f in files if matches(value, decimals, unit, file_numbers(f[len('bench/'):]))), None)
                if source or PUBLIC.search(paragraph):
                    quoted.append((cell.get('id'), f'{text}{unit}', source or 'public source'))
                    continue
                start = max(0, match.start() - 60)
                problems.append((cell.get('id'), f'{text}{unit}', ' '.join(prose[start:match.end() + 30].split())))
    return checked, quoted, problems

def self_test():
    "The check must flag a number the outputs lack, and pass one they hold, a code constant and a named quote."
    import tempfile
    md = lambda text: {'cell_type': 'markdown', 'id': 'm', 'source': [text]}
    out = {'cell_type': 'code', 'id': 'c', 'source': ['warmup = 0.25'], 'outputs': [{'text': ['| bf16 | 1,652 | 2.02배 |']}]}
    cells = [out, md('bf16은 1.7배 빠르다.'), md('bf16은 2.0배, 1,652장이다. 워밍업 25%.'),
             md('원래 글은 75.8%였다(출처: 원래 튜토리얼).')]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d)/'t.ipynb'
        path.write_text(json.dumps({'cells': cells}), encoding='utf-8')
        checked, quoted, problems = check(path)
    assert [p[1] for p in problems] == ['1.7배'], problems
    assert [q[1] for q in quoted] == ['75.8%'], quoted

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='*', type=Path, help='default: every notebook in nbs/')
    p.add_argument('--pending', nargs='*', type=Path, default=[], help='report these notebooks, but do not fail on them')
    args = p.parse_args(argv)
    self_test()
    notebooks = args.notebooks or sorted((ROOT/'nbs').glob('*.ipynb'))
    pending = {q.resolve() for q in args.pending}
    failed = False
    for path in [*notebooks, *[q for q in args.pending if q.resolve() not in {n.resolve() for n in notebooks}]]:
        checked, quoted, problems = check(path)
        waived = path.resolve() in pending
        print(f"{path.name}: {checked} measured numbers, {len(quoted)} quoted from a named source, "
              f"{len(problems)} not found" + (' (pending: not failing)' if waived and problems else ''))
        for cell, number, source in quoted: print(f"  quoted  {cell}  {number}  ({source})")
        for cell, number, context in problems: print(f"  MISSING {cell}  {number}  …{context}…")
        failed |= bool(problems) and not waived
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
