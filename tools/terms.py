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
    cells = json.loads(notebook.read_text(encoding='utf-8'))['cells']
    found = []
    for i, cell in enumerate(cells):
        if cell['cell_type'] != 'markdown': continue
        for bad, (good, allowed) in rejected.items():
            text = prose(cell)
            for word in allowed: text = text.replace(word, ' ')
            if bad in text: found.append(f'{notebook.name} cell {i}: "{bad}" -> use "{good}"')
    return found

if __name__ == '__main__':
    found = [p for nb in sorted((ROOT/'nbs').glob('*.ipynb')) for p in problems(nb, glossary())]
    print('\n'.join(found) or 'Korean terms follow tools/glossary.tsv')
    sys.exit(1 if found else 0)
