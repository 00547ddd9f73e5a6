"""Render the notebooks (with their committed outputs) to static HTML pages in _site/.

    python tools/pages.py   # then open _site/index.html, or serve _site/ with `python -m http.server -d _site`

Quarto (nbdev_docs) cannot be installed here, so the pages come from nbconvert's `basic` template (cells only,
no scripts from a CDN), wrapped in our own page with chapter navigation and a Hangul-capable font stack.
Images are embedded in the notebooks, so the pages work without network access.
"""
import html, re
from pathlib import Path
from nbconvert import HTMLExporter
import nbformat

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT/'_site'
CHAPTERS = [('index', '처음'), ('00_data', '00. 데이터'), ('01_model', '01. 모델'), ('02_train', '02. 학습'),
            ('03_faster', '03. 더 빠르게'), ('04_bench', '04. 벤치마크'), ('05_stronger', '05. 더 강한 신경망'),
            ('06_distributed', '06. 여러 프로세스로 학습하기'), ('07_app', '07. 한 명령으로'),
            ('90_faults', '부록. 고장 표')]
CSS = """
body { margin: 0; font-family: 'NanumGothic', 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif;
       line-height: 1.65; color: #222; }
nav { position: sticky; top: 0; background: #f4f6fa; border-bottom: 1px solid #d8dde6; padding: .5rem 1rem;
      display: flex; flex-wrap: wrap; gap: .4rem 1rem; font-size: .95rem; }
nav a { color: #2b4f8a; text-decoration: none; } nav a.here { font-weight: bold; color: #111; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
pre, code { font-family: 'D2Coding', 'NanumGothicCoding', ui-monospace, monospace; font-size: .88rem; }
pre { overflow-x: auto; background: #f7f7f9; padding: .6rem; border-radius: 4px; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; }
.prompt { display: none; }
.output_area pre { background: #fff; border-left: 3px solid #d8dde6; }
"""

def nav(current: str) -> str:
    here = lambda name: ' class="here"' if name == current else ''
    links = (f'<a href="{name}.html"{here(name)}>{html.escape(title)}</a>' for name, title in CHAPTERS)
    return '<nav>' + ''.join(links) + '</nav>'

def render(name: str, exporter: HTMLExporter) -> str:
    nb = nbformat.read(ROOT/'nbs'/f'{name}.ipynb', as_version=4)
    nb.cells = [c for c in nb.cells if not c.source.lstrip().startswith(('#| hide', '#|hide'))]
    for cell in nb.cells:  # nbdev directives are for the tools, not for the reader
        if cell.cell_type == 'code':
            cell.source = '\n'.join(l for l in cell.source.splitlines() if not l.startswith('#|')).strip()
    nb.cells = [c for c in nb.cells if c.source or c.get('outputs')]
    body, _ = exporter.from_notebook_node(nb)
    body = re.sub(r'href="(\d\d_\w+|index)\.ipynb"', r'href="\1.html"', body)  # chapter links between pages
    title = dict(CHAPTERS)[name]
    return (f'<!doctype html><html lang="ko"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="icon" href="data:,"><title>cifar_nb · {html.escape(title)}</title><style>{CSS}</style></head>'
            f'<body>{nav(name)}<main>{body}</main></body></html>')

def build() -> list:
    SITE.mkdir(exist_ok=True)
    exporter = HTMLExporter(template_name='basic')
    pages = []
    for name, _ in CHAPTERS:
        (SITE/f'{name}.html').write_text(render(name, exporter), encoding='utf-8')
        pages.append(SITE/f'{name}.html')
    return pages

if __name__ == '__main__':
    for page in build(): print('wrote', page.relative_to(ROOT))
