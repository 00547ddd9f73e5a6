"""Write README.md from nbs/index.ipynb, so the landing page is written once.

    python tools/readme.py          # regenerate README.md
    python tools/readme.py --check  # exit 1 when README.md differs from what index.ipynb gives
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = '<!-- Generated from nbs/index.ipynb by tools/readme.py: edit the notebook, not this file. -->\n\n'

def cell_text(cell) -> str:
    "Markdown as is; code fenced without nbdev directives; `echo: false` cells as their Markdown output; hidden cells dropped."
    src = ''.join(cell['source'])
    if cell['cell_type'] == 'markdown':
        return re.sub(r'\]\((\d\d_\w+)\.ipynb\)', r'](nbs/\1.ipynb)', src)  # chapter links work from the repo root
    lines = src.splitlines()
    directives = {l.replace(' ', '') for l in lines if l.startswith('#|')}
    if '#|hide' in directives: return ''
    code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
    shown = [''.join(o['data']['text/markdown']) for o in cell.get('outputs', []) if 'text/markdown' in o.get('data', {})]
    if '#|echo:false' in directives: return '\n\n'.join(shown)  # a table the cell computes: its output, not its code
    return f'```python\n{code}\n```' if code else ''

def render(index: Path) -> str:
    nb = json.loads(index.read_text(encoding='utf-8'))
    return HEADER + '\n\n'.join(t for t in map(cell_text, nb['cells']) if t) + '\n'

if __name__ == '__main__':
    text, readme = render(ROOT/'nbs'/'index.ipynb'), ROOT/'README.md'
    if '--check' in sys.argv:
        if readme.read_text(encoding='utf-8') != text:
            sys.exit('README.md is out of date with nbs/index.ipynb: run python tools/readme.py and commit.')
        print('README.md matches nbs/index.ipynb')
    else:
        readme.write_text(text, encoding='utf-8')
        print('wrote', readme)
