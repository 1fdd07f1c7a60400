"""Regenerate docs/graph.png: the seeds' graph.html in headless Chromium, after the layout settles.

    .venv/bin/python docs/make_screenshot.py [--out docs/graph.png]

Uses Debian's chromium and chromedriver (``.ci/browser-deps.sh`` installs them; Chinese
labels need a CJK font such as fonts-noto-cjk) with the network blocked, like the tests.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
WIDTH, HEIGHT = 1400, 900


def chromium(profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager download a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--hide-scrollbars",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--proxy-server=127.0.0.1:9"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def screenshot(page: Path, png: Path) -> None:
    from kgraph import store

    profile = tempfile.mkdtemp(prefix="kgraph-shot-")
    driver = chromium(profile)
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
        driver.get(page.resolve().as_uri())
        deadline = time.monotonic() + 60
        while not driver.execute_script("return !!(window.kgraph && window.kgraph.stabilized)"):
            if time.monotonic() > deadline:
                raise SystemExit(f"{page}: the layout did not stabilize within 60 s")
            time.sleep(0.1)
        driver.execute_script("kgraph.network.fit();")
        time.sleep(0.3)  # one frame for the redraw after fit
        with store.atomic_path(png) as tmp:
            tmp.write_bytes(driver.get_screenshot_as_png())
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "graph.png")
    args = parser.parse_args(argv)
    missing = [b for b in (CHROMIUM, CHROMEDRIVER) if not os.access(b, os.X_OK)]
    if missing:
        print(f"make_screenshot: {', '.join(missing)} missing: run .ci/browser-deps.sh", file=sys.stderr)
        return 2
    from kgraph import pipeline, view

    with tempfile.TemporaryDirectory(prefix="kgraph-seeds-") as work:
        ds, _ = pipeline.build([ROOT / "seeds"], None)
        page = view.render(ds, Path(work) / "graph.html")
        screenshot(page, args.out)
    print(f"wrote {args.out} ({WIDTH}x{HEIGHT})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
