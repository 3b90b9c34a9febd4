"""The standard library modules a newer Python removed, and the imports of them in the package's sources.

The package test imports the package on this machine's Python 3.11, which still has them: an import of one that
the functions' Python (infra/lambda_platform.py, 3.13) no longer has would pass here and fail in Lambda. This
scan reads the zip's sources (ast, no import) and keeps the imports that nothing guards: an import inside a
`try` that catches ImportError (or a parent of it), or under an `if` on `sys.version_info`, is a library's own
fallback for the newer Pythons.
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

# What's New in Python 3.12 (distutils: PEP 632; imp; asynchat, asyncore, smtpd) and 3.13 (PEP 594's dead
# batteries, lib2to3, tkinter.tix)
REMOVED = {
    "3.12": frozenset({"distutils", "imp", "asynchat", "asyncore", "smtpd"}),
    "3.13": frozenset({"aifc", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr", "mailcap", "msilib", "nis",
                       "nntplib", "ossaudiodev", "pipes", "sndhdr", "spwd", "sunau", "telnetlib", "uu", "xdrlib",
                       "lib2to3", "tkinter.tix"}),
}
_CATCHES_IMPORT_ERROR = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


@dataclass(frozen=True)
class RemovedImport:
    path: str
    line: int
    module: str


def removed_since(older: str, newer: str) -> frozenset[str]:
    """Every module removed after Python `older` up to and including `newer` ("3.11", "3.13")."""
    def key(version: str) -> tuple[int, ...]:
        return tuple(int(part) for part in version.split("."))
    return frozenset().union(*(names for version, names in REMOVED.items() if key(older) < key(version) <= key(newer)))


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return []


def _handler_catches_import_error(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return caught is None or any(isinstance(name, ast.Name) and name.id in _CATCHES_IMPORT_ERROR for name in names)


def _guards(node: ast.AST) -> bool:
    if isinstance(node, ast.Try):
        return any(_handler_catches_import_error(handler) for handler in node.handlers)
    return isinstance(node, ast.If) and "version_info" in ast.unparse(node.test)


def _walk(node: ast.AST, guarded: bool) -> Iterator[tuple[ast.AST, bool]]:
    for child in ast.iter_child_nodes(node):
        in_try_body = isinstance(node, ast.Try) and child in node.body
        child_guarded = guarded or (in_try_body and _guards(node)) or (isinstance(node, ast.If) and _guards(node))
        yield child, child_guarded
        yield from _walk(child, child_guarded)


def unguarded_imports(path: str, source: bytes, removed: frozenset[str]) -> list[RemovedImport]:
    """The imports of removed modules in one source file that no try/except ImportError or version test guards."""
    found = []
    for node, guarded in _walk(ast.parse(source, filename=path), False):
        hits = [name for name in _imported(node) if name in removed or name.split(".")[0] in removed]
        if hits and not guarded:
            found.append(RemovedImport(path, getattr(node, "lineno", 0), hits[0]))
    return found
