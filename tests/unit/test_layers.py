"""The layers the guide asks for, checked on the source: the domain is pure, routes never touch storage."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "chalicelib"


def imports(folder: str) -> dict[str, set[str]]:
    """Each module of the layer (its subdomain packages included) -> what it imports, relative imports given
    as the absolute name they resolve to."""
    found = {}
    for path in (ROOT / folder).rglob("*.py"):
        package = ".".join(("chalicelib",) + path.relative_to(ROOT).parent.parts)
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                names.add(".".join(base + ([node.module] if node.module else [])))
        found[str(path.relative_to(ROOT))] = names
    return found


def test_the_domain_imports_no_infrastructure_and_nothing_above_it():
    for module, names in imports("domain").items():
        for name in names:
            assert name.split(".")[0] not in {"boto3", "botocore", "pynamodb", "chalice", "wechatpy", "requests"}, (module, name)
            assert not name.startswith("chalicelib.") or name.startswith("chalicelib.domain"), (module, name)


def test_routes_never_touch_pynamodb():
    for module, names in imports("api").items():
        for name in names:
            assert "dynamo" not in name and not name.startswith("pynamodb"), (module, name)


def test_services_do_not_import_the_http_edge():
    for module, names in imports("services").items():
        assert not any(name.split(".")[0] == "chalice" or name.startswith("chalicelib.api") for name in names), module
