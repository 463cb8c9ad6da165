"""The type stubs describe exactly what the native module provides."""
import ast
import os

import symemu


def stub_tree():
    path = os.path.join(os.path.dirname(symemu.__file__), "__init__.pyi")
    with open(path, encoding="utf-8") as f:
        return ast.parse(f.read())


def test_stub_lists_every_kernel_method():
    kernel_stub = next(n for n in stub_tree().body if isinstance(n, ast.ClassDef) and n.name == "Kernel")
    stubbed = {n.name for n in kernel_stub.body if isinstance(n, ast.FunctionDef)}
    public = {n for n in dir(symemu.Kernel) if not n.startswith("_")} | {"__init__", "__enter__", "__exit__"}
    assert stubbed == public


def test_stub_lists_every_exported_name():
    tree = stub_tree()
    names = {n.target.id for n in tree.body if isinstance(n, ast.AnnAssign)}
    names |= {n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
    assert set(symemu.__all__) <= names


def test_native_methods_have_docstrings():
    for name in ("get_object", "get_variable", "get_instance", "snapshot", "call", "advance", "mqtt_publish",
                 "http_request", "ensure_default_chains", "configurator_rows", "create_all", "get_attribute",
                 "messages", "replay"):
        doc = getattr(symemu.Kernel, name).__doc__
        assert doc and len(doc.splitlines()) > 1, name  # signature line plus text


def test_stub_lists_every_http_response_member():
    stub = next(n for n in stub_tree().body if isinstance(n, ast.ClassDef) and n.name == "HttpResponse")
    stubbed = {n.name for n in stub.body if isinstance(n, ast.FunctionDef)}
    assert stubbed == {n for n in dir(symemu.HttpResponse) if not n.startswith("_")}


def test_serve_signature_matches_the_stub():
    import inspect
    stub = next(n for n in stub_tree().body if isinstance(n, ast.FunctionDef) and n.name == "serve")
    assert [a.arg for a in stub.args.args] == list(inspect.signature(symemu.serve).parameters)
