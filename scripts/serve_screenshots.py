"""Screenshots of `termalign serve` for docs/serve.md: lookup, review queue, history (headless Chromium).

Builds the small termbase of tests/test_serve.py, starts `termalign serve` on a free
loopback port, approves one concept so the history has a review in it, and writes
docs/img/serve-lookup.png, serve-review.png and serve-history.png (1280 px wide).

  .venv/bin/python scripts/serve_screenshots.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_serve import make_termbase  # noqa: E402
from test_serve_browser import free_port  # noqa: E402


def main() -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    folder = Path(tempfile.mkdtemp(prefix="serve-shots-"))
    path = make_termbase(folder / "un-terms.db")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-c", "from termalign.cli import main; main()", "serve",
                               "--termbase", str(path), "--port", str(port)],
                              env={**os.environ, "TERMALIGN_CACHE_DIR": str(folder / "cache")})
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run", "--window-size=1280,900",
                     "--hide-scrollbars", f"--user-data-dir={folder / 'chromium'}"):
        options.add_argument(argument)
    driver = None
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/lookup", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        out = REPO / "docs" / "img"
        driver.get(url + "/lookup?q=互联网治理论坛")
        driver.save_screenshot(str(out / "serve-lookup.png"))
        driver.get(url + "/review")
        driver.find_element(By.TAG_NAME, "body").send_keys("j")
        driver.save_screenshot(str(out / "serve-review.png"))
        driver.find_element(By.CSS_SELECTOR, ".queue-item.selected").send_keys("a")
        driver.get(url + "/history")
        driver.save_screenshot(str(out / "serve-history.png"))
        for name in ("lookup", "review", "history"):
            print(f"docs/img/serve-{name}.png  {(out / f'serve-{name}.png').stat().st_size:,} bytes")
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
