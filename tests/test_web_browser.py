"""End to end in a real headless Chromium.

End to end in a real headless Chromium: ``jixiao serve`` started on a free port, driven by
Playwright pointed at the system's Chromium (Debian's ``chromium`` package).

These tests never skip: without a browser or a CJK font they fail and say what to install
(``.ci/install-browser`` installs both). Screenshots of every page are written to a temporary
folder, or to ``$JIXIAO_SCREENSHOTS`` (``docs/screenshots`` regenerates the README's).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from web_fixtures import fill_template, targets_folder, zip_folder

WIDTH, HEIGHT = 1366, 900
#: Scoring and writing every output of 126 indicators takes seconds; on a loaded CI machine
#: much longer.
TIMEOUT_MS = 180_000
INSTALL_HINT = "install it with .ci/install-browser (as root: apt-get install chromium " \
               "fonts-noto-cjk)"


def chromium_path() -> str:
    """The system Chromium: ``$JIXIAO_CHROMIUM``, else ``chromium`` on the PATH."""
    found = os.environ.get("JIXIAO_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    if not found:
        pytest.fail(f"no Chromium found for the browser tests; {INSTALL_HINT}")
    return found


def require_cjk_font() -> None:
    """Chinese must render as glyphs, not boxes: a font covering Chinese must be installed."""
    fc_list = shutil.which("fc-list")
    families = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True,
                              check=False).stdout if fc_list else ""
    if not families.strip():
        pytest.fail(f"no font covering Chinese is installed; {INSTALL_HINT}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``jixiao serve`` on a free port, as a user starts it; its base address."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "scoring.cli.main", "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/score", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read() if process.stdout else ""
                process.kill()
                pytest.fail(f"jixiao serve did not start: {output}")
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium driven by Playwright."""
    executable = chromium_path()
    require_cjk_font()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable,
                                              args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh 1366-wide page that accepts downloads."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT},
                                  accept_downloads=True, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go."""
    chosen = os.environ.get("JIXIAO_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(page: Page, folder: Path, name: str) -> Path:
    """A screenshot of the page as seen on a 1366×900 screen, checked to be that size."""
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    header = path.read_bytes()[16:24]
    assert (int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")) == \
        (WIDTH, HEIGHT)
    return path


def assert_fits(page: Page) -> None:
    """Nothing scrolls sideways on a 1366-wide screen: not the page, not a table."""
    overflow = page.evaluate("""() => {
        const wide = [];
        if (document.documentElement.scrollWidth > window.innerWidth) wide.push('page');
        document.querySelectorAll('.table-wrap').forEach((el, i) => {
            if (el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
                wide.push('table ' + i + ': ' + el.scrollWidth + ' > ' + el.clientWidth);
        });
        return wide;
    }""")
    assert overflow == []


def cli_totals(path: Path) -> dict[str, str]:
    """Project id → total as ``jixiao score --format json`` prints it."""
    run = subprocess.run([sys.executable, "-m", "scoring.cli.main", "score", str(path), "--format",
                          "json"], capture_output=True, text=True, check=False)
    assert run.returncode in (0, 1), run.stderr
    return {p["project_id"]: p["total"] for p in json.loads(run.stdout)["projects"]}


def page_totals(page: Page) -> dict[str, str]:
    """Project id → total as the summary table on the page shows it."""
    rows = page.eval_on_selector_all(
        "#summary tbody tr",
        "rows => rows.map(r => [r.dataset.projectId, r.querySelector('td.total').textContent])")
    return {pid: total.strip() for pid, total in rows}


def test_clerk_goes_from_template_to_scored_workbook(page: Page, server: str, shots: Path,
                                                     tmp_path: Path) -> None:
    """Template page → fill in → score page: the totals equal the CLI's, the workbook
    downloads and reads back."""
    archive = zip_folder(targets_folder(tmp_path), tmp_path / "chengde-2024.zip")
    page.goto(f"{server}/template")
    assert page.locator("h1").inner_text() == "模板：生成填报用自评表"
    page.set_input_files("form.upload input[type=file]", str(archive))
    assert "chengde-2024.zip" in page.locator(".drop-name").inner_text()
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("#download-template")
    assert "12 个项目、126 个三级指标" in page.locator(".alert.ok").inner_text()
    assert_fits(page)
    shoot(page, shots, "template")
    with page.expect_download() as template_download:
        page.click("#download-template")
    template = tmp_path / "template.xlsx"
    template_download.value.save_as(template)
    filled = fill_template(template, tmp_path / "承德自评.xlsx")

    page.click("nav a[href='/score']")
    page.set_input_files("form.upload input[type=file]", str(filled))
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("#summary")
    assert re.search(r"/score/[A-Za-z0-9_-]{22}$", page.url)
    expected = cli_totals(filled)
    assert len(expected) == 12
    assert page_totals(page) == expected
    assert_fits(page)
    shoot(page, shots, "score")

    with page.expect_download() as workbook_download:
        page.click("#download-xlsx")
    scored = tmp_path / "scored.xlsx"
    workbook_download.value.save_as(scored)
    assert workbook_download.value.suggested_filename == "承德自评-评分.xlsx"
    summary = openpyxl.load_workbook(scored)["汇总"]
    rows = list(summary.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "项目编码")
    id_col, total_col = 0, rows[header].index("总分")
    written = {str(row[id_col]): Decimal(str(row[total_col])).quantize(Decimal("0.01"))
               for row in rows[header + 1:] if row[id_col]}
    assert written == {pid: Decimal(total) for pid, total in expected.items()}


def test_a_dropped_broken_file_shows_the_message(page: Page, server: str,
                                                 shots: Path) -> None:
    """A damaged workbook dropped onto the page is refused with a message in Chinese."""
    page.goto(f"{server}/score")
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.items.add(new File(['not a workbook'], '损坏的自评表.xlsx',
                                {type: 'application/octet-stream'}));
        const drop = document.querySelector('label.drop');
        drop.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true,
                                                      cancelable: true}));
        drop.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true,
                                                  cancelable: true}));
    }""")
    assert "损坏的自评表.xlsx" in page.locator(".drop-name").inner_text()
    page.click("form.upload button[type=submit]")
    alert = page.wait_for_selector(".alert.error")
    assert alert is not None
    assert "文件不是有效的 .xlsx 或 .zip" in alert.inner_text()
    assert "损坏的自评表.xlsx" in alert.inner_text()
    shoot(page, shots, "error")


def test_upload_progress_is_shown(page: Page, server: str, tmp_path: Path) -> None:
    """On a slow connection the progress bar counts up while the file is sent."""
    big = tmp_path / "slow.csv"
    big.write_text("level1,level2,indicator,target,actual,weight\n"
                   + "产出指标,数量指标,台账,≥10个,12个,\n" * 6000, encoding="utf-8")
    page.goto(f"{server}/score")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 20, "downloadThroughput": -1,
        "uploadThroughput": 64 * 1024})
    page.set_input_files("form.upload input[type=file]", str(big))
    page.click("form.upload button[type=submit]")
    page.wait_for_function(
        "() => /正在上传… \\d+%/.test(document.querySelector('.progress-text').textContent)")
    assert page.locator("form.upload progress").is_visible()
    page.wait_for_selector("#summary")


def test_check_page_lints_a_table(page: Page, server: str, shots: Path,
                                  tmp_path: Path) -> None:
    """The 检查 page lists the review problems of a target table."""
    archive = zip_folder(targets_folder(tmp_path), tmp_path / "chengde-2024.zip")
    page.goto(f"{server}/check")
    page.set_input_files("form.upload input[type=file]", str(archive))
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("#counts")
    assert re.match(r"\d+ 个问题：\d+ 个错误、\d+ 个警告", page.locator("#counts").inner_text())
    assert page.locator("table.problems tbody tr").count() > 0
    assert_fits(page)
    shoot(page, shots, "check")


def test_schemes_page_and_english(page: Page, server: str, shots: Path) -> None:
    """The 方案 page compares every scheme; the language switch turns the page English."""
    page.goto(f"{server}/schemes")
    assert page.locator("#schemes tbody tr").count() >= 7
    assert_fits(page)
    shoot(page, shots, "schemes")
    page.click("a.lang")
    assert page.locator("h1").inner_text() == "Weighting schemes side by side"
    page.click("a.lang")
    assert page.locator("h1").inner_text() == "方案：各评分方案对照"
