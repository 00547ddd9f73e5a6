"""Fail when a notebook's Korean prose uses a variant that tools/glossary.tsv rejects.

    python tools/terms.py   # exit 1 and list each notebook, cell and rejected word
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def glossary() -> dict:
    "Rejected variant -> (the term we use, words that contain the variant but are fine)."
    rows = [line.split('\t') + [''] for line in (ROOT/'tools'/'glossary.tsv').read_text(encoding='utf-8').splitlines()
            if line.strip() and not line.startswith('#')]
    return {bad.strip(): (good, [w for w in allowed.split(',') if w]) for good, bads, allowed, *_ in rows
            for bad in bads.split(',')}

def prose(cell) -> str:
    "Markdown text without code spans and fenced blocks, where English API names and commands live."
    text = re.sub(r'```.*?```', ' ', ''.join(cell['source']), flags=re.S)
    return re.sub(r'`[^`]*`', ' ', text)

def problems(notebook: Path, rejected: dict) -> list:
    return cell_problems(notebook.name, json.loads(notebook.read_text(encoding='utf-8'))['cells'], rejected)

def markdown_outputs(cell) -> str:
    "Prose a code cell generated (display(Markdown(...))): it is read like a Markdown cell."
    return '\n'.join(''.join(o.get('data', {}).get('text/markdown', '')) for o in cell.get('outputs', []))

def cell_problems(name: str, cells: list, rejected: dict) -> list:
    found = []
    for i, cell in enumerate(cells):
        if cell['cell_type'] == 'markdown': cell_prose = prose(cell)
        elif markdown_outputs(cell): cell_prose = prose({'source': [markdown_outputs(cell)]})
        else: continue
        for bad, (good, allowed) in rejected.items():
            text = cell_prose
            for word in allowed: text = text.replace(word, ' ')
            if bad in text: found.append(f'{name} cell {i}: "{bad}" -> use "{good}"')
    return found

def self_test(rejected: dict):
    "The check must catch a rejected variant, spare allowed compounds and code spans."
    md = lambda text: {'cell_type': 'markdown', 'source': [text]}
    assert cell_problems('t', [md('이 데이터세트로 훈련한다')], rejected) == [
        't cell 0: "데이터세트" -> use "데이터셋"', 't cell 0: "훈련" -> use "학습"'], 'terms.py misses variants'
    assert not cell_problems('t', [md('하이퍼파라미터와 `훈련` 코드')], rejected), 'terms.py flags allowed words'
    generated = {'cell_type': 'code', 'source': [], 'outputs': [{'data': {'text/markdown': ['훈련 정확도']}}]}
    assert cell_problems('t', [generated], rejected) == ['t cell 0: "훈련" -> use "학습"'], 'terms.py skips generated prose'

if __name__ == '__main__':
    self_test(glossary())
    found = [p for nb in sorted((ROOT/'nbs').glob('*.ipynb')) for p in problems(nb, glossary())]
    print('\n'.join(found) or 'Korean terms follow tools/glossary.tsv')
    sys.exit(1 if found else 0)
