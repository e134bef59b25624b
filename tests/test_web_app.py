"""The web application through Starlette's test client: every route, good and bad uploads."""

from __future__ import annotations

import importlib.util
import io
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from starlette.testclient import TestClient
from web_fixtures import CHENGDE, REPO, fill_template, flat_csv, targets_folder, zip_folder
from workbook_fixtures import national_workbook

from scoring.cli.commands.serve import page_address
from scoring.cli.main import main
from scoring.engine.evaluate import evaluate
from scoring.review.lint import lint_evaluation
from scoring.sources.reader import DEFAULT_SCHEME, read_evaluation
from scoring.web import create_app
from scoring.web._guard import PAGE_POLICY
from scoring.web._uploads import UploadStore
from weights import available_schemes, load_scheme

BASE = "http://127.0.0.1:8000"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Where the application keeps its upload folders."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    return folder


@pytest.fixture
def client(root: Path) -> Iterator[TestClient]:
    """A client of an application bound to 127.0.0.1."""
    with TestClient(create_app(root=root), base_url=BASE) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 承德 template filled with the illustrative actuals."""
    folder = tmp_path_factory.mktemp("filled")
    template = folder / "template.xlsx"
    assert main(["template", str(targets_folder(folder)), "--out", str(template)]) == 0
    return fill_template(template, folder / "承德自评.xlsx")


def upload(client: TestClient, route: str, path: Path, **fields: str) -> object:
    """POST ``path`` to ``route`` as the page's form does."""
    with path.open("rb") as handle:
        return client.post(route, files={"file": (path.name, handle)}, data=fields,
                           follow_redirects=True)


def text_of(html: str) -> str:
    """The page's text without tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def summary_totals(html: str) -> dict[str, str]:
    """Project id → the total shown in the summary table."""
    rows = re.findall(r'data-project-id="([^"]*)">(.*?)</tr>', html, flags=re.S)
    return {pid: re.search(r'class="num total">([^<]*)<', row).group(1)  # type: ignore[union-attr]
            for pid, row in rows}


def result_id(response: object) -> str:
    match = re.search(r"/score/([A-Za-z0-9_-]{22})$", str(response.url))  # type: ignore[attr-defined]
    assert match, response.url  # type: ignore[attr-defined]
    return match.group(1)


# pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("route", "heading"), [
    ("/score", "评分：上传填好的自评表"), ("/template", "模板：生成填报用自评表"),
    ("/check", "检查：年初审核目标表，年末复核得分"), ("/schemes", "方案：各评分方案对照"),
])
def test_pages_are_chinese_with_a_strict_policy(client: TestClient, route: str,
                                                heading: str) -> None:
    """Every page answers in Chinese with the strict Content-Security-Policy and no inline
    script or style."""
    response = client.get(route)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.text
    assert response.headers["content-security-policy"] == PAGE_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "<script>" not in response.text and "style=" not in response.text
    assert "http://" not in response.text and "https://" not in response.text


def test_home_redirects_to_score_and_unknown_pages_are_404(client: TestClient) -> None:
    """/ leads to the score page; an unknown address gets the 404 page."""
    assert client.get("/", follow_redirects=False).headers["location"] == "/score"
    missing = client.get("/nowhere")
    assert missing.status_code == 404 and "页面不存在" in missing.text


def test_assets_are_bundled(client: TestClient) -> None:
    """The stylesheet and the script come from the package itself."""
    for name, kind in (("app.css", "text/css"), ("app.js", "javascript")):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200 and kind in response.headers["content-type"]
    assert client.get("/static/../app.py").status_code == 404


def test_english_is_available(client: TestClient) -> None:
    """The language switch stores English in a cookie and the pages follow it."""
    response = client.get("/lang/en?next=/schemes")
    assert response.status_code == 200 and "Weighting schemes side by side" in response.text
    assert "<h1>Score a filled self-evaluation table</h1>" in client.get("/score").text
    assert client.get("/lang/zh?next=//evil.example", follow_redirects=False) \
        .headers["location"] == "/"


def test_schemes_page_lists_every_scheme_with_its_hash(client: TestClient) -> None:
    """Each bundled scheme appears with its weights and the start of its content hash."""
    html = client.get("/schemes").text
    for info in available_schemes():
        scheme = load_scheme(info.name)
        assert f">{info.name}</td>" in html
        assert scheme.content_hash[:12] in html
    assert '<span class="line">优 ≥ 90</span><span class="line">良 ≥ 80</span>' in html
    assert '<span class="line">产出指标 <span class="points">50</span></span>' in html


def test_scheme_selector_offers_the_bundled_schemes(client: TestClient) -> None:
    """The selector defaults to the engine's choice, offers ``auto`` exactly when the engine
    has it, and every bundled scheme."""
    html = client.get("/score").text
    options = re.findall(r'<option value="([^"]*)"', html)
    offers_auto = importlib.util.find_spec("scoring.engine.choose") is not None
    assert options == ["", *(["auto"] if offers_auto else []),
                       *[info.name for info in available_schemes()]]
    assert f'<option value="" selected>默认：文件注明的方案，未注明时为 {DEFAULT_SCHEME}' in html


# scoring -------------------------------------------------------------------------------------


def test_score_shows_the_totals_the_engine_computes(client: TestClient, filled: Path,
                                                    root: Path) -> None:
    """The filled 承德 template scores on the page exactly as the engine scores it."""
    response = upload(client, "/score", filled)
    assert response.status_code == 200  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    result = evaluate(read_evaluation(filled))
    expected = {str(p): f"{t:f}" for p, t in zip(result.projects["project_id"],
                                                 result.projects["total"], strict=True)}
    assert summary_totals(html) == expected
    assert len(expected) == 12
    assert "national-2020" in html and "承德自评.xlsx" in html
    assert "需复核" in html and 'class="status-error"' in html
    assert list((root / result_id(response)).iterdir()) != []
    assert not (root / result_id(response) / "in").exists()


def test_downloads_then_the_folder_is_removed(client: TestClient, filled: Path,
                                             root: Path) -> None:
    """The workbook, report, CSV and JSON download once each; then nothing is kept."""
    upload_id = result_id(upload(client, "/score", filled))
    workbook = client.get(f"/download/{upload_id}/xlsx")
    assert workbook.status_code == 200 and workbook.headers["content-type"] == XLSX
    assert "attachment" in workbook.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    assert "汇总" in book.sheetnames
    report = client.get(f"/download/{upload_id}/html")
    assert "<h1>承德县自然资源和规划局 2024 年项目支出绩效自评</h1>" in report.text
    assert "script-src" not in report.headers["content-security-policy"]
    assert client.get(f"/download/{upload_id}/csv").text.startswith("project_id,")
    assert (root / upload_id).is_dir()
    assert '"scheme": "national-2020"' in client.get(f"/download/{upload_id}/json").text
    assert not (root / upload_id).exists()
    gone = client.get(f"/score/{upload_id}")
    assert gone.status_code == 404 and "已删除或已过期" in gone.text
    assert client.get(f"/download/{upload_id}/xlsx").status_code == 404


def test_a_chosen_scheme_is_used_and_named(client: TestClient, filled: Path) -> None:
    """A scheme chosen in the form scores the upload; an unknown name is refused."""
    html = upload(client, "/score", filled, scheme="exec20-output40").text  # type: ignore[attr-defined]
    result = evaluate(read_evaluation(filled), "exec20-output40")
    assert "exec20-output40" in html and "您选择了该方案" in html
    assert summary_totals(html)[str(result.projects["project_id"][0])] == \
        f"{result.projects['total'][0]:f}"
    refused = upload(client, "/score", filled, scheme="../../etc/passwd")
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "未知的评分方案" in refused.text  # type: ignore[attr-defined]


def test_a_result_switches_language_in_place(client: TestClient, filled: Path) -> None:
    """The language switch on a result page leads back to that result, in English."""
    response = upload(client, "/score", filled)
    upload_id = result_id(response)
    assert f'href="/lang/en?next=/score/{upload_id}"' in response.text  # type: ignore[attr-defined]
    english = client.get(f"/lang/en?next=/score/{upload_id}")
    assert "<h2>Result: 承德自评.xlsx</h2>" in english.text
    assert summary_totals(english.text) == summary_totals(response.text)  # type: ignore[attr-defined]


def test_delete_removes_the_upload(client: TestClient, filled: Path, root: Path) -> None:
    """The delete button removes the upload's folder at once."""
    upload_id = result_id(upload(client, "/score", filled))
    response = client.post(f"/delete/{upload_id}")
    assert "服务器上的文件已删除" in response.text
    assert not (root / upload_id).exists()


def test_zipped_evaluation_folder_scores(client: TestClient) -> None:
    """A zipped evaluation folder scores like the folder itself."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive_file:
        for file in CHENGDE.iterdir():
            if file.is_file():
                archive_file.write(file, f"chengde-2024/{file.name}")
    response = client.post("/score", files={"file": ("chengde-2024.zip", buffer.getvalue())})
    result = evaluate(read_evaluation(CHENGDE))
    totals = summary_totals(response.text)
    assert totals == {str(p): f"{t:f}" for p, t in zip(
        result.projects["project_id"], result.projects["total"], strict=True)}


# bad uploads ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "message"), [
    ("setup.exe", b"MZ\x90\x00", "文件类型不支持：setup.exe: .exe"),
    ("report.pdf", b"%PDF-1.4", "文件类型不支持"),
    ("empty.csv", b"", "文件是空的"),
    ("broken.xlsx", b"this is not a workbook", "文件不是有效的 .xlsx 或 .zip"),
    ("broken.xls", b"not an OLE file at all", "文件不是有效的 .xls 工作簿"),
    ("binary.csv", b"a,b\x00\x01\x02", "文件不是文本"),
])
def test_unusable_files_are_refused_with_a_message(client: TestClient, name: str,
                                                   content: bytes, message: str) -> None:
    """Wrong types, empty, broken and binary files get a clear Chinese message and a 400."""
    response = client.post("/score", files={"file": (name, content)})
    assert response.status_code == 400
    assert "无法处理该文件" in response.text and message in text_of(response.text)


def test_a_workbook_without_a_table_names_the_file(client: TestClient, tmp_path: Path) -> None:
    """A real workbook that holds no 自评表 gets the reader's own message, naming the file."""
    book = openpyxl.Workbook()
    book.active["A1"] = "随便写点什么"  # type: ignore[index]
    book.save(tmp_path / "空表.xlsx")
    response = upload(client, "/score", tmp_path / "空表.xlsx")
    assert response.status_code == 400  # type: ignore[attr-defined]
    text = text_of(response.text)  # type: ignore[attr-defined]
    assert "空表.xlsx: no sheet holds a 项目支出绩效自评表" in text
    assert str(tmp_path) not in text and "jixiao-web" not in text


def test_no_file_is_refused(client: TestClient) -> None:
    """A form without a file says so."""
    response = client.post("/score", data={"scheme": ""})
    assert response.status_code == 400 and "没有选择文件" in response.text


def test_too_big_is_refused_and_nothing_kept(root: Path) -> None:
    """An upload over the limit gets 413 and leaves no folder behind."""
    with TestClient(create_app(root=root, max_upload=2000), base_url=BASE) as small:
        response = small.post("/score", files={"file": ("big.csv", b"a," * 40_000)})
        assert response.status_code == 413 and "MB 的上限" in response.text
        slightly = small.post("/score", files={"file": ("big.csv", b"a" * 2500)})
        assert slightly.status_code == 413
    assert list(root.iterdir()) == []


@pytest.mark.parametrize(("member", "message"), [
    ("../escape.csv", "压缩包中有不允许的路径"),
    ("folder/run.py", "不允许的文件类型"),
    ("folder/readme.csv", "找不到 indicators.csv"),
])
def test_bad_archives_are_refused(client: TestClient, member: str, message: str) -> None:
    """Archives with paths out of the folder, program files or no evaluation are refused."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "x\n")
    response = client.post("/score", files={"file": ("eval.zip", buffer.getvalue())})
    assert response.status_code == 400 and message in response.text


def test_formula_cells_stay_text_in_every_download(client: TestClient, tmp_path: Path) -> None:
    """A table whose cells look like formulas comes back as text in the workbook and CSV."""
    formula = '=HYPERLINK("http://evil.example","点我")'
    table = flat_csv(tmp_path / "formula.csv", formula, actual="=1+1")
    upload_id = result_id(upload(client, "/score", table))
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/download/{upload_id}/xlsx").content))
    cells = [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row
             if cell.value in (formula, "=1+1")]
    assert cells and all(cell.data_type == "s" for cell in cells)
    csv_text = client.get(f"/download/{upload_id}/csv").text
    assert "'=HYPERLINK" in csv_text and "'=1+1" in csv_text
    assert "\n=" not in csv_text and ",=" not in csv_text


def test_markup_in_an_indicator_name_is_escaped(client: TestClient, tmp_path: Path) -> None:
    """An indicator named ``<script>…`` is shown as text, never as markup."""
    table = flat_csv(tmp_path / "script.csv", "<script>alert('x')</script>数量")
    html = upload(client, "/score", table).text  # type: ignore[attr-defined]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;数量" in html
    assert "<script>alert" not in html


def test_markup_in_a_file_name_is_escaped(client: TestClient) -> None:
    """The uploaded file's name is cleaned and escaped wherever it is shown."""
    response = client.post("/score", files={"file": ('<img src=x onerror=1>.exe', b"MZ")})
    assert "<img" not in response.text and "onerror" in response.text


# template ------------------------------------------------------------------------------------


def test_template_from_a_zipped_folder(client: TestClient, tmp_path: Path) -> None:
    """A zipped targets folder becomes a protected fill-in workbook to download."""
    archive = zip_folder(targets_folder(tmp_path), tmp_path / "chengde-2024.zip")
    response = upload(client, "/template", archive)
    html = response.text  # type: ignore[attr-defined]
    assert "模板已生成：12 个项目、126 个三级指标" in html
    link = re.search(r'href="(/download/[^"]+/template)"', html)
    assert link
    workbook = client.get(link.group(1))
    (tmp_path / "t.xlsx").write_bytes(workbook.content)
    from scoring.sources.workbook import read_template

    assert len(read_template(tmp_path / "t.xlsx").projects) == 12
    assert client.get(link.group(1)).status_code == 404


def test_template_from_a_published_text(client: TestClient) -> None:
    """The text of a published 部门预算绩效文本 is imported and made into a template."""
    response = upload(client, "/template", CHENGDE / "source" / "targets.txt")
    html = response.text  # type: ignore[attr-defined]
    assert "模板已生成：12 个项目、126 个三级指标" in html
    assert re.search(r'href="/download/[^"]+/template"', html)


def test_template_refuses_a_broken_workbook(client: TestClient) -> None:
    """A damaged workbook on the template page gets the same message as on the score page."""
    response = client.post("/template", files={"file": ("t.xlsx", b"PK\x03\x04garbage")})
    assert response.status_code == 400 and "文件不是有效的 .xlsx 或 .zip" in response.text


# check ---------------------------------------------------------------------------------------


def test_lint_lists_what_the_command_lists(client: TestClient, tmp_path: Path,
                                           root: Path) -> None:
    """Linting a targets folder shows the problems ``jixiao lint`` finds, and keeps nothing."""
    folder = targets_folder(tmp_path)
    expected = lint_evaluation(folder)
    response = upload(client, "/check", zip_folder(folder, tmp_path / "c.zip"), mode="lint")
    html = response.text  # type: ignore[attr-defined]
    errors = sum(p.severity.value == "error" for p in expected)
    warnings = sum(p.severity.value == "warning" for p in expected)
    assert f"{len(expected)} 个问题：{errors} 个错误、{warnings} 个警告" in html
    assert html.count('<tr class="status-') == len(expected)
    assert list(root.iterdir()) == []


def test_check_agrees_with_a_scored_workbook(client: TestClient, filled: Path) -> None:
    """Re-checking the workbook jixiao scored finds every filled score in agreement."""
    upload_id = result_id(upload(client, "/score", filled))
    scored = client.get(f"/download/{upload_id}/xlsx").content
    response = client.post("/check", files={"file": ("scored.xlsx", scored)},
                           data={"mode": "check"})
    assert "所有已填得分与规则计算一致" in response.text
    assert re.search(r"已填得分 \d+ 个，其中 0 个与规则计算不一致", response.text)


def test_check_lists_a_changed_score(client: TestClient, filled: Path, tmp_path: Path) -> None:
    """A 得分 edited by hand in a scored workbook is listed as a difference."""
    upload_id = result_id(upload(client, "/score", filled))
    path = tmp_path / "edited.xlsx"
    path.write_bytes(client.get(f"/download/{upload_id}/xlsx").content)
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[1]
    _, score_col = next((c.row, c.column) for row in ws.iter_rows() for c in row
                        if c.value == "得分" and c.row > 8)
    first = next(r for r in range(10, ws.max_row) if isinstance(
        ws.cell(r, score_col).value, (int, float)))
    ws.cell(first, score_col, float(ws.cell(first, score_col).value) + 1)  # type: ignore[arg-type]
    book.save(path)
    response = upload(client, "/check", path, mode="check")
    assert "其中 1 个与规则计算不一致" in response.text  # type: ignore[attr-defined]


def test_check_of_an_unscored_table_says_so(client: TestClient, filled: Path) -> None:
    """A table without filled scores cannot be re-checked, and the page says why."""
    response = upload(client, "/check", filled, mode="check")
    assert "该文件没有填写得分，无法复核" in response.text  # type: ignore[attr-defined]


# guard ---------------------------------------------------------------------------------------


def test_another_host_header_is_refused(client: TestClient) -> None:
    """On loopback, a request for another host name (DNS rebinding) is refused."""
    response = client.get("/score", headers={"host": "evil.example"})
    assert response.status_code == 400 and "不允许的主机名" in response.text


def test_cross_site_posts_are_refused(client: TestClient, filled: Path) -> None:
    """A form posted from another site is refused before it is read."""
    with filled.open("rb") as handle:
        response = client.post("/score", files={"file": ("a.xlsx", handle)},
                               headers={"origin": "http://evil.example"})
    assert response.status_code == 403 and "拒绝来自其他网站的提交" in response.text


def test_off_loopback_a_token_is_required(root: Path) -> None:
    """Bound to another address, the page needs the printed token, then keeps it in a cookie."""
    with pytest.raises(ValueError, match="access token"):
        create_app(host="0.0.0.0", root=root)
    app = create_app(host="0.0.0.0", token="s3cret-token", root=root)
    with TestClient(app, base_url="http://192.0.2.7:8000") as remote:
        refused = remote.get("/score")
        assert refused.status_code == 403 and "需要访问令牌" in refused.text
        assert remote.get("/score?token=wrong").status_code == 403
        granted = remote.get("/score?token=s3cret-token", follow_redirects=False)
        assert granted.status_code == 303 and granted.headers["location"] == "/score"
        assert "httponly" in granted.headers["set-cookie"].lower()
        assert remote.get("/score").status_code == 200
    assert page_address("0.0.0.0", 8000, "abc") == "http://127.0.0.1:8000/score?token=abc"
    assert page_address("127.0.0.1", 8000, None) == "http://127.0.0.1:8000/score"


def test_old_uploads_are_swept(root: Path) -> None:
    """Folders older than an hour are removed; newer ones are kept."""
    store = UploadStore(root)
    old, new = store.new(), store.new()
    assert store.sweep(now=time.time() + 3601) == 2
    assert not old.folder.exists() and not new.folder.exists()
    kept = store.new()
    assert store.sweep() == 0 and kept.folder.exists()


def test_serve_refuses_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    """``jixiao serve --port 0`` is bad usage."""
    assert main(["serve", "--port", "0"]) == 2
    assert "--port" in capsys.readouterr().err


def test_results_are_decimal_exact(filled: Path) -> None:
    """The totals the page compares with are the engine's Decimals (never floats)."""
    totals = evaluate(read_evaluation(filled)).projects["total"]
    assert all(isinstance(t, Decimal) for t in totals)
    assert REPO.is_dir()


def test_formula_text_in_a_workbook_stays_text(client: TestClient, tmp_path: Path) -> None:
    """A workbook cell holding formula text comes back as text, never as a formula."""
    formula = '=HYPERLINK("http://evil.example","点我")'
    path = national_workbook(tmp_path / "公式.xlsx")
    book = openpyxl.load_workbook(path)
    cell = next(c for row in book["暖通改造"].iter_rows() for c in row if c.value == "改造面积")
    cell.value = formula
    cell.data_type = "s"
    book.save(path)
    upload_id = result_id(upload(client, "/score", path))
    scored = openpyxl.load_workbook(io.BytesIO(client.get(f"/download/{upload_id}/xlsx").content))
    cells = [c for ws in scored.worksheets for row in ws.iter_rows() for c in row]
    assert [c.data_type for c in cells if c.value == formula] == ["s"]
    assert not [c.coordinate for c in cells if c.data_type == "f"]


def test_serve_prints_a_token_off_loopback() -> None:
    """``jixiao serve --host 0.0.0.0`` prints an address with a token; without it the page is
    refused, with it the page opens and the cookie keeps it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "scoring.cli.main", "serve", "--host", "0.0.0.0",
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        address = re.search(r"(http://127\.0\.0\.1:\d+/score\?token=[\w-]+)", first)
        assert address, first
        assert "access token" in process.stdout.readline()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        deadline = time.monotonic() + 60
        while True:
            try:
                opener.open(f"http://127.0.0.1:{port}/score", timeout=5)
            except urllib.error.HTTPError as refused:
                assert refused.code == 403
                break
            except OSError:
                assert time.monotonic() < deadline, "jixiao serve did not start"
                time.sleep(0.2)
        with opener.open(address.group(1), timeout=10) as page:
            assert page.status == 200 and page.url.endswith("/score")
        with opener.open(f"http://127.0.0.1:{port}/schemes", timeout=10) as page:
            assert page.status == 200
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_the_automatic_choice_shows_its_reason(client: TestClient, filled: Path) -> None:
    """Choosing ``auto`` scores with the scheme the engine picks and shows why it picked it."""
    result = evaluate(read_evaluation(filled), "auto")
    assert result.scheme_choice
    html = upload(client, "/score", filled, scheme="auto").text  # type: ignore[attr-defined]
    assert f"自动选择的理由：{result.scheme_choice}" in text_of(html).replace("&#39;", "'")
    assert summary_totals(html) == {str(p): f"{t:f}" for p, t in zip(
        result.projects["project_id"], result.projects["total"], strict=True)}


def test_problems_name_files_without_server_paths(client: TestClient, tmp_path: Path,
                                                  root: Path) -> None:
    """A reader problem about a file of a zipped folder names it as it is in the archive,
    never by the server's temporary folder."""
    folder = targets_folder(tmp_path)
    (folder / "actuals.csv").unlink()
    response = upload(client, "/score", zip_folder(folder, tmp_path / "chengde-2024.zip"))
    text = text_of(response.text)  # type: ignore[attr-defined]
    assert "chengde-2024/actuals.csv is named in [files] but does not exist" in text
    assert str(root) not in response.text  # type: ignore[attr-defined]


def test_an_xls_workbook_scores(client: TestClient) -> None:
    """A real .xls 自评表 scores on the page as the engine scores it."""
    path = Path(__file__).parent / "data" / "workbooks" / "national-and-sichuan.xls"
    response = upload(client, "/score", path)
    result = evaluate(read_evaluation(path))
    expected = {str(p): f"{t:f}" for p, t in zip(result.projects["project_id"],
                                                 result.projects["total"], strict=True)}
    assert len(expected) == 2
    assert summary_totals(response.text) == expected  # type: ignore[attr-defined]
