"""`ketalint server` driven over stdio by a real LSP client (pytest-lsp).

The server's diagnostics for a file are ``ketalint check``'s findings for it, at
ranges counted in UTF-16 code units (what the protocol counts by default); the
copy has accented letters and an emoji before the flagged words.
"""
import asyncio
import json
import sys
from collections import Counter

import pytest
import pytest_lsp
from click.testing import CliRunner
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from ketalint.cli import main

TEXT = ("# Café Ñandú 🌿 clinic\n"
        "\n"
        "Naïve 😀 readers: Ketamine is FDA-approved for depression.\n"
        "\n"
        "Ketamine may cause dissociation, raised blood pressure and sedation.\n")


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def run_check(path, *options) -> str:
    return CliRunner().invoke(main, ["check", "--format", "json", "--no-cache", *options, str(path)]).output


def expected_ranges(path) -> dict[str, tuple]:
    """check's findings for ``path`` as (line, UTF-16 column) ranges, counted here."""
    lines = TEXT.split("\n")
    ranges = {}
    for f in json.loads(run_check(path, "--config", str(path.parent / ".ketalint.yaml")))["findings"]:
        start = (f["line"] - 1, utf16(lines[f["line"] - 1][:f["column"] - 1]))
        end = (f["end_line"] - 1, utf16(lines[f["end_line"] - 1][:f["end_column"] - 1]))
        ranges[f["rule"]] = (start, end)
    return ranges


def as_tuple(r: types.Range) -> tuple:
    return (r.start.line, r.start.character), (r.end.line, r.end.character)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "ketalint", "server"]))
async def client(lsp_client: LanguageClient, tmp_path):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=tmp_path.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def diagnostics_for(client: LanguageClient, uri: str, version: int):
    """The diagnostics published for ``version`` of ``uri``."""
    while True:
        params = await asyncio.wait_for(
            client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 60)
        if params.uri == uri and params.version == version:
            return params.diagnostics


@pytest.mark.slow  # starts a server process that loads the pipeline (3-5 s)
@pytest.mark.asyncio
async def test_diagnostics_hover_code_action_and_change(client: LanguageClient, tmp_path):
    # The config beside the page is found, as check finds it from that folder.
    (tmp_path / ".ketalint.yaml").write_text("severity: {FDA101: warning}\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(TEXT, encoding="utf-8")
    uri = page.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri, "markdown", 1, TEXT)))
    diagnostics = await diagnostics_for(client, uri, 1)

    expected = expected_ranges(page)
    assert "FDA101" in expected
    assert {d.code: as_tuple(d.range) for d in diagnostics} == expected
    fda = next(d for d in diagnostics if d.code == "FDA101")
    # 'Naïve 😀 readers: ' is 17 characters and 18 UTF-16 code units.
    assert as_tuple(fda.range) == ((2, 18), (2, 57))
    assert (fda.source, fda.severity) == ("ketalint", types.DiagnosticSeverity.Warning)

    hover = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(2, 30)))
    assert hover.contents.kind == types.MarkupKind.Markdown
    for part in ("FDA101", fda.message, "Why it matters", "Write instead", "Sources"):
        assert part in hover.contents.value
    assert as_tuple(hover.range) == as_tuple(fda.range)

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), fda.range, types.CodeActionContext([fda])))
    disable = next(a for a in actions if a.title == "Disable FDA101 for this line")
    (edit,) = disable.edit.changes[uri]
    assert as_tuple(edit.range) == ((2, 0), (2, 0))
    assert edit.new_text.startswith("<!-- ketalint-disable-next-line FDA101 -- ")

    # Applying the action silences the finding; the directive is not unused.
    suppressed = TEXT.replace("Naïve", edit.new_text + "Naïve")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(version=2, uri=uri),
        [types.TextDocumentContentChangeWholeDocument(suppressed)]))
    assert {d.code for d in await diagnostics_for(client, uri, 2)} == set(expected) - {"FDA101"}

    # Rewording the claim (an incremental edit) makes the finding go too.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(version=3, uri=uri),
        [types.TextDocumentContentChangePartial(
            types.Range(types.Position(2, 0), types.Position(4, 0)),
            "Naïve 😀 readers: Ketamine is not FDA-approved for depression.\n")]))
    assert {d.code for d in await diagnostics_for(client, uri, 3)} == set(expected) - {"FDA101"}


PAGES = {"md": "Intro.\n\n  Ketamine is FDA-approved for depression. Book now.\n",
         "mdx": "# Intro\n\nKetamine is FDA-approved for depression. Book now.\n",
         "html": "<p>Intro.</p>\n<p>Ketamine is FDA-approved for depression. Book now.</p>\n"}


@pytest.mark.parametrize("extension", sorted(PAGES))
def test_disable_actions_silence_the_finding_in_the_files_comment_syntax(tmp_path, extension):
    """Applied, each "disable" action's edit leaves check with one finding
    fewer and no unused suppression; a document finding is disabled for the file."""
    from ketalint.findings import Finding
    from ketalint.readers import EXTENSIONS
    from ketalint.server import Checked, disable_edit
    page = tmp_path / f"page.{extension}"
    page.write_text(PAGES[extension], encoding="utf-8")
    before = [Finding(**f) for f in json.loads(run_check(page))["findings"]]
    rules = Counter(f.rule for f in before)
    assert "FDA101" in rules and any(f.scope == "document" for f in before)
    for f in [next(f for f in before if f.rule == "FDA101"), next(f for f in before if f.scope == "document")]:
        checked = Checked(PAGES[extension], EXTENSIONS[f".{extension}"], before, "utf-16")
        title, edit = disable_edit(checked, f)
        assert title.endswith("for this file" if f.scope == "document" else "for this line")
        at = checked.positions.offset(edit.range.start.line, edit.range.start.character)
        page.write_text(PAGES[extension][:at] + edit.new_text + PAGES[extension][at:], encoding="utf-8")
        after = Counter(f["rule"] for f in json.loads(run_check(page))["findings"])
        assert after == rules - Counter([f.rule]), (extension, edit.new_text)


def test_without_pygls_the_server_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    monkeypatch.delitem(sys.modules, "ketalint.server", raising=False)
    result = CliRunner().invoke(main, ["server"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "pip install 'ketalint[server]'" in result.output
