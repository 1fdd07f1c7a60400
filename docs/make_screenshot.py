"""Regenerate docs/graph.png and docs/report.png: the explorer and the report of the dev corpus in headless Chromium.

    .venv/bin/python docs/make_screenshot.py [--out docs/graph.png] [--report-out docs/report.png] [--corpus DIR]

The corpus is ../shared/eval/dev (the 38 dev reports, read where they are, never copied) when
it is there, else seeds/. The explorer is shot after its layout settles, the report after its
charts are drawn, its first screens only.

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
REPORT_HEIGHT = 2600
DEV = ROOT.parent / "shared" / "eval" / "dev"


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


def screenshot(page: Path, png: Path, height: int = HEIGHT) -> None:
    from kgraph import store

    profile = tempfile.mkdtemp(prefix="kgraph-shot-")
    driver = chromium(profile)
    ready = "return !!((window.kgraph && window.kgraph.stabilized) || document.body.getAttribute('data-drawn'))"
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": WIDTH, "height": height, "deviceScaleFactor": 1, "mobile": False})
        driver.get(page.resolve().as_uri())
        deadline = time.monotonic() + 60
        while not driver.execute_script(ready):
            if time.monotonic() > deadline:
                raise SystemExit(f"{page}: the page did not settle within 60 s")
            time.sleep(0.1)
        if driver.execute_script("return !!window.kgraph"):
            driver.execute_script("kgraph.network.fit();")
        time.sleep(0.5)  # a frame for the redraw after fit, and plotly's transitions
        with store.atomic_path(png) as tmp:
            tmp.write_bytes(driver.get_screenshot_as_png())
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "graph.png")
    parser.add_argument("--report-out", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--corpus", type=Path, default=DEV if DEV.is_dir() else ROOT / "seeds")
    args = parser.parse_args(argv)
    missing = [b for b in (CHROMIUM, CHROMEDRIVER) if not os.access(b, os.X_OK)]
    if missing:
        print(f"make_screenshot: {', '.join(missing)} missing: run .ci/browser-deps.sh", file=sys.stderr)
        return 2
    from kgraph import pipeline, report, view

    with tempfile.TemporaryDirectory(prefix="kgraph-shot-") as work:
        ds, _ = pipeline.build(sorted(args.corpus.glob("*.txt")), None, analysis=True)
        screenshot(view.render(ds, Path(work) / "graph.html"), args.out)
        screenshot(report.write(ds, Path(work)), args.report_out, REPORT_HEIGHT)
    print(f"wrote {args.out} ({WIDTH}x{HEIGHT}) and {args.report_out} ({WIDTH}x{REPORT_HEIGHT}) from {args.corpus}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
