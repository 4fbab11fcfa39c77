"""Introspects one top-level standard-library module inside the interpreter being surveyed.

Run by generate_python_stdlib.py as `python -I python_stdlib_worker.py list|MODULE`; it must stay
valid Python 3.8. Output is one JSON document written to the original stdout, which is saved before
any import so that modules printing on import (`this`) or writing to fd 1 cannot corrupt it.
"""
import importlib
import json
import os
import pkgutil
import sys
import sysconfig

# Components never walked: test suites, GUI demos and entry points whose import runs code.
SKIP_COMPONENTS = {"test", "tests", "idle_test", "__main__", "turtledemo", "idlelib", "antigravity"}
# Never imported at all: importing them has side effects (opens a browser) or is pointless.
NEVER_IMPORT = {"antigravity", "idlelib", "turtledemo", "test", "__main__", "__phello__", "__hello__"}


def public(name):
    return not name.startswith("_")


def list_modules():
    names = set(getattr(sys, "stdlib_module_names", ()))
    names.update(sys.builtin_module_names)
    paths = [sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"]]
    paths += [os.path.join(p, "lib-dynload") for p in paths]
    for info in pkgutil.iter_modules([p for p in paths if os.path.isdir(p)]):
        if info.name.isidentifier():
            names.add(info.name)
    return sorted(names)


def class_members(cls):
    return sorted(n for n in dir(cls) if public(n))


def owns(module_name, defining):
    """Whether a class defined in `defining` belongs to `module_name` (itself, a submodule, or its C accelerator)."""
    if not isinstance(defining, str):
        return False
    for base in (module_name, "_" + module_name.split(".")[-1]):
        if defining == base or defining.startswith(base + "."):
            return True
    return False


def code_strings(code, module, found):
    for const in code.co_consts:
        if isinstance(const, str):
            found.add(const)
        elif isinstance(const, (tuple, frozenset)):
            found.update(c for c in const if isinstance(c, str))
        elif hasattr(const, "co_consts"):
            code_strings(const, module, found)
    for name in code.co_names:
        value = vars(module).get(name)
        if isinstance(value, (set, frozenset, list, tuple, dict)):
            found.update(v for v in value if isinstance(v, str))


def probe_getattr(module):
    """Names served by a module-level __getattr__ (deprecated aliases, lazy imports), found by trying
    the strings its code mentions; collections' ABC aliases come from collections.abc."""
    import warnings
    candidates = set()
    code = getattr(vars(module)["__getattr__"], "__code__", None)
    if code is not None:
        code_strings(code, module, candidates)
    if module.__name__ == "collections":
        import collections.abc
        candidates.update(collections.abc.__all__)
    found = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in candidates:
            if name.isidentifier() and public(name) and name not in vars(module):
                try:
                    getattr(module, name)
                except BaseException:
                    continue
                found.add(name)
    return found


def introspect(name, result):
    try:
        module = importlib.import_module(name)
    except BaseException as error:  # SystemExit, KeyboardInterrupt from odd modules are data too
        result[name] = {"error": type(error).__name__ + ": " + str(error)[:200]}
        return None
    members = sorted(n for n in dir(module) if public(n))
    classes = {}
    for member in members:
        try:
            value = getattr(module, member)
        except BaseException:
            continue
        if isinstance(value, type) and not issubclass(value, BaseException) and owns(name, getattr(value, "__module__", None)):
            try:
                classes[member] = class_members(value)
            except BaseException:
                pass
    entry = {"members": members, "classes": classes}
    if "__getattr__" in vars(module):
        entry["getattr"] = True
        entry["members"] = sorted(set(members) | probe_getattr(module))
    if hasattr(module, "__path__"):
        entry["package"] = True
    result[name] = entry
    return module


def walk(name, result):
    module = introspect(name, result)
    if module is None or not hasattr(module, "__path__"):
        return
    try:
        infos = sorted(pkgutil.iter_modules(module.__path__, name + "."), key=lambda i: i.name)
    except BaseException:
        return
    for info in infos:
        last = info.name.rsplit(".", 1)[-1]
        if not public(last) or last in SKIP_COMPONENTS:
            continue
        walk(info.name, result)


def survey(top):
    result = {}
    if top in NEVER_IMPORT:
        return {top: {"error": "not imported: importing it has side effects"}}
    walk(top, result)
    # Names importable only through sys.modules, such as os.path (really posixpath).
    for key in sorted(sys.modules):
        if key.startswith(top + ".") and key not in result:
            parts = key.split(".")
            if all(public(p) and p not in SKIP_COMPONENTS for p in parts) and sys.modules[key] is not None:
                introspect(key, result)
    return result


def main():
    out = os.fdopen(os.dup(1), "w")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    arg = sys.argv[1]
    data = list_modules() if arg == "list" else survey(arg)
    json.dump(data, out, sort_keys=True)
    out.flush()
    os._exit(0)  # skip atexit handlers and thread joins that imported modules may have registered


main()
