"""Open every page of _site/ in headless Chromium and check what a reader would see.

    python tools/pages.py && python tools/browser_test.py   # needs Debian's chromium and `pip install playwright`

For each page: no console errors, every image loaded (natural size > 0; the diagrams are images too), every local
link resolves, Korean text present; a screenshot at phone width goes to _site/screenshots/. Pages are served from
127.0.0.1 only. Prints "N passed, N failed" (one per page) and exits 1 if any page failed.
"""
import functools, http.server, sys, threading
from pathlib import Path
from playwright.sync_api import sync_playwright

SITE = Path(__file__).resolve().parent.parent/'_site'
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync']

def serve(folder: Path) -> str:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f'http://127.0.0.1:{server.server_address[1]}'

def check_page(page, url: str, shot: Path) -> list:
    "Problems found on the page at `url`; a screenshot is saved to `shot`."
    errors = []
    page.on('console', lambda m: errors.append(f'console {m.type}: {m.text}') if m.type == 'error' else None)
    page.on('pageerror', lambda e: errors.append(f'page error: {e}'))
    response = page.goto(url, wait_until='load')
    if not response or response.status != 200: return errors + [f'HTTP {response.status if response else "none"}']
    broken = page.eval_on_selector_all('img', 'imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).length')
    if broken: errors.append(f'{broken} image(s) did not load')
    for href in page.eval_on_selector_all('a[href]', 'as => as.map(a => a.href)'):
        if href.startswith(url.rsplit('/', 1)[0]) and page.request.get(href.split('#')[0]).status != 200:
            errors.append(f'broken link {href}')
    if not any('\uac00' <= ch <= '\ud7a3' for ch in page.inner_text('main')): errors.append('no Korean text')
    page.screenshot(path=str(shot), full_page=False)
    return errors

def main() -> int:
    pages = sorted(SITE.glob('*.html'))
    if not pages: sys.exit('No pages in _site/: run python tools/pages.py first.')
    (SITE/'screenshots').mkdir(exist_ok=True)
    base, failed = serve(SITE), 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path='/usr/bin/chromium', args=CHROMIUM_ARGS)
        for html_file in pages:
            page = browser.new_page(viewport={'width': 390, 'height': 844})  # a phone-sized screen
            problems = check_page(page, f'{base}/{html_file.name}', SITE/'screenshots'/f'{html_file.stem}.png')
            page.close()
            failed += bool(problems)
            print(f"{'FAIL' if problems else 'ok  '} {html_file.name}" + ''.join(f'\n     {e}' for e in problems))
        browser.close()
    print(f'pages: {len(pages) - failed} passed, {failed} failed')
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
