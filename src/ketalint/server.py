"""``ketalint server``: the findings of ``ketalint check`` in an editor, over the
Language Server Protocol (stdio).

- **Diagnostics** when a document is opened or saved, and 0.3 s after the last
  change while typing: the findings ``check`` reports for the same text and
  path, after config, per-path ignores and inline suppressions. Each has the
  rule id as its code, a severity (error, warning, information) and source
  "ketalint". Ranges count UTF-16 code units unless the client negotiated
  UTF-8 or UTF-32.
- **Hover** over a flagged span: the rule's message, why it matters, what to
  write instead and its sources.
- **Code action** "Disable RULE for this line": inserts
  ``<!-- ketalint-disable-next-line RULE -- reason -->`` above the line
  (``{/* ... */}`` in MDX); for a document finding, ``ketalint-disable-file``
  at the top. Replace the placeholder reason with your own.

Config is found as ``check`` finds it, from the document's folder upward
(``--config`` names one); saving a config file reads it again. The pipeline is
loaded once per set of rule packs. Files the config excludes get no diagnostics.
"""
from __future__ import annotations

import asyncio
import os

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from . import __version__
from .config import CONFIG_NAMES
from .findings import Finding
from .positions import PositionMap
from .readers import EXTENSIONS, read_text
from .rule_help import rule_help
from .rules import PackError
from .settings import Settings
from .suppress import META_RULES

#: Seconds after the last change before a document is checked again.
DEBOUNCE = 0.3
#: The reason a "disable" code action writes, for the author to replace.
PLACEHOLDER_REASON = "REASON: say why this is acceptable"

SEVERITIES = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
              "info": types.DiagnosticSeverity.Information}
#: Formats by the editor's language id, for files whose extension says nothing.
LANGUAGES = {"markdown": "markdown", "mdx": "mdx", "html": "html", "plaintext": "text"}


class Checked:
    """A document's text as checked, its findings and its position map."""

    def __init__(self, text: str, fmt: str, findings: list[Finding], encoding: str):
        self.text, self.format, self.findings = text, fmt, findings
        self.positions = PositionMap(text, encoding)

    def range(self, start: int, end: int) -> types.Range:
        (line, column), (end_line, end_column) = self.positions.position(start), self.positions.position(end)
        return types.Range(types.Position(line, column), types.Position(end_line, end_column))

    def diagnostic(self, f: Finding) -> types.Diagnostic:
        """The LSP diagnostic of a finding (rule id as code, source "ketalint")."""
        return types.Diagnostic(range=self.range(f.start, f.end), message=f.message,
                                severity=SEVERITIES[f.severity], code=f.rule, source="ketalint")

    def at(self, position: types.Position) -> list[Finding]:
        """Findings whose span holds ``position`` (its end included, as editors hover)."""
        offset = self.positions.offset(position.line, position.character)
        return [f for f in self.findings if f.start <= offset <= f.end]


class KetalintServer(LanguageServer):
    """The language server; ``settings`` says which config and rules are in force."""

    def __init__(self, settings: Settings):
        super().__init__("ketalint", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.settings = settings
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}

    @property
    def encoding(self) -> str:
        kind = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return getattr(kind, "value", kind)

    def check(self, uri: str) -> None:
        """Check the document at ``uri`` as it is now and publish its diagnostics."""
        self.pending.pop(uri, None)
        document = self.workspace.get_text_document(uri)
        path = to_fs_path(uri) or uri
        try:
            findings: list[Finding]
            if self.settings.excluded(path):
                findings, fmt = [], "text"
            else:
                findings, fmt = self._findings(path, document.source, document.language_id)
        except PackError as exc:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"ketalint: {exc}"))
            return
        checked = self.checked[uri] = Checked(document.source, fmt, findings, self.encoding)
        diagnostics = [checked.diagnostic(f) for f in findings]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri, diagnostics, version=document.version))

    def _findings(self, path: str, text: str, language: str | None) -> tuple[list[Finding], str]:
        job = self.settings.job_for(path)
        extension = os.path.splitext(path)[1].lower()
        fmt = EXTENSIONS.get(extension) or LANGUAGES.get(language or "", "markdown")
        if fmt == "docx":  # an editor shows Word files as bytes; nothing to check
            return [], "text"
        doc = read_text(text, self.settings.name_for(path), fmt, job.checker.config.html_skip)
        result = job.checker.check(doc)
        for message in result.errors:
            self.window_log_message(types.LogMessageParams(types.MessageType.Warning,
                                                           f"ketalint: {path}: {message}"))
        return result.findings, fmt

    def check_later(self, uri: str) -> None:
        """Check ``uri`` once no change has come for DEBOUNCE seconds."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.pending[uri] = asyncio.get_running_loop().call_later(DEBOUNCE, self.check, uri)

    def rule(self, rule_id: str, uri: str):
        """The rule (or built-in suppression rule) behind a finding in ``uri``."""
        job = self.settings.job_for(to_fs_path(uri) or uri)
        return job.checker.linter.ruleset.by_id(rule_id) or META_RULES.get(rule_id)


def hover_text(rule, finding: Finding) -> str:
    """Markdown for a finding: message, rationale, suggestion and sources."""
    about = rule_help(rule)
    lines = [f"**{rule.id} {rule.name}** ({rule.category}, {finding.severity})", "", finding.message,
             "", f"*Why it matters:* {about.rationale}"]
    if about.suggestion:
        lines += ["", f"*Write instead:* {about.suggestion}"]
    if about.references:
        lines += ["", "*Sources:*"] + [f"- {ref}" for ref in about.references]
    return "\n".join(lines)


def disable_edit(checked: Checked, f: Finding) -> tuple[str, types.TextEdit]:
    """(title, edit) of the code action that suppresses ``f`` with a directive
    in the document's comment syntax."""
    kind, title = ("disable-file", f"Disable {f.rule} for this file") if f.scope == "document" \
        else ("disable-next-line", f"Disable {f.rule} for this line")
    body = f"ketalint-{kind} {f.rule} -- {PLACEHOLDER_REASON}"
    comment = f"{{/* {body} */}}" if checked.format == "mdx" else f"<!-- {body} -->"
    line = 0 if f.scope == "document" else f.line - 1
    start = checked.positions.offset(line, 0)
    text = checked.text[start:]
    indent = text[:len(text) - len(text.lstrip(" \t"))]
    at = types.Position(line, 0)
    return title, types.TextEdit(types.Range(at, at), f"{indent}{comment}\n")


def make_server(settings: Settings) -> KetalintServer:
    server = KetalintServer(settings)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: KetalintServer, params: types.DidOpenTextDocumentParams):
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: KetalintServer, params: types.DidChangeTextDocumentParams):
        ls.check_later(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: KetalintServer, params: types.DidSaveTextDocumentParams):
        uri = params.text_document.uri
        if os.path.basename(to_fs_path(uri) or "") in CONFIG_NAMES + ("pyproject.toml",):
            ls.settings.forget()
            for open_uri in list(ls.checked):
                ls.check(open_uri)
        elif uri in ls.checked:
            ls.check(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: KetalintServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        waiting = ls.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        ls.checked.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: KetalintServer, params: types.HoverParams):
        checked = ls.checked.get(params.text_document.uri)
        found = checked.at(params.position) if checked else []
        if checked is None or not found:
            return None
        texts = [hover_text(ls.rule(f.rule, params.text_document.uri), f) for f in found]
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(texts)),
                           checked.range(min(f.start for f in found), max(f.end for f in found)))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: KetalintServer, params: types.CodeActionParams):
        uri = params.text_document.uri
        checked = ls.checked.get(uri)
        if checked is None:
            return []
        start = checked.positions.offset(params.range.start.line, params.range.start.character)
        end = checked.positions.offset(params.range.end.line, params.range.end.character)
        actions = []
        for f in checked.findings:
            if f.start > end or f.end < start:
                continue
            title, edit = disable_edit(checked, f)
            actions.append(types.CodeAction(title, kind=types.CodeActionKind.QuickFix,
                                            diagnostics=[checked.diagnostic(f)],
                                            edit=types.WorkspaceEdit(changes={uri: [edit]})))
        return actions

    return server


def serve(settings: Settings) -> None:
    """Run the server on standard input and output until the client exits."""
    make_server(settings).start_io()
