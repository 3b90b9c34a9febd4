// The package's bytecode for the functions' Python when this machine's interpreter is another one (decision 0088):
// CPython compiled to WebAssembly (the npm package pyodide, pinned in package.json and package-lock.json) runs
// compileall over the unpacked package, mounted from the host, with the flags infra/package.py gives CPython:
// unchecked-hash .pyc (no timestamp, the same bytes every build), file names /var/task/... in tracebacks.
// .pyc files depend on the Python minor version (the magic number), not on the machine.
//
//   node infra/compile_bytecode.mjs DIRECTORY PYTHON_VERSION PREFIX
// Refuses (exit 2) when the embedded CPython is not PYTHON_VERSION (e.g. 3.13); exit 1 when a module fails to compile.
import { loadPyodide } from "pyodide";
import { resolve } from "node:path";

const [directory, version, prefix] = process.argv.slice(2);
if (!directory || !version || !prefix) {
  console.error("usage: node compile_bytecode.mjs DIRECTORY PYTHON_VERSION PREFIX");
  process.exit(64);
}
// PYTHONHASHSEED fixed, as for the native build: nothing hash-ordered can vary from one build to the next
const python = await loadPyodide({ env: { PYTHONHASHSEED: "0", HOME: "/home/pyodide" }, stdout: console.log, stderr: console.error });
python.FS.mkdirTree("/package");
python.FS.mount(python.FS.filesystems.NODEFS, { root: resolve(directory) }, "/package");
python.globals.set("expected_version", version);
python.globals.set("prefix", prefix);
const status = python.runPython(`
import compileall, py_compile, sys

def compile_package():
    embedded = "%d.%d" % sys.version_info[:2]
    if embedded != expected_version:
        print(f"pyodide embeds CPython {sys.version.split()[0]}, not {expected_version}", file=sys.stderr)
        return 2
    done = compileall.compile_dir("/package", quiet=1, stripdir="/package", prependdir=prefix, workers=1,
                                  invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    return 0 if done else 1

compile_package()
`);
process.exit(status);
