#!/usr/bin/env python3
"""Generates Drift's JavaScript data: Node.js built-in modules and their exports, and the JavaScript
globals with the static and prototype members of built-in constructors and namespaces.

Usage: Scripts/generate_javascript.py [--typescript-lib /usr/share/nodejs/typescript/lib]

Sources, unioned:
- the local `node` (javascript_survey.js): what the runtime really has;
- TypeScript's lib.es*.d.ts (apt package node-typescript): which ES edition declares each member;
- CURATED_ES below, for editions newer than the installed TypeScript knows (Debian ships 4.8,
  which stops at ES2022);
- CURATED_NODE below, for Node.js exports added after the local node's major version.

Output format (line-oriented, embedded in Swift; see knowledge_output.py):

    @namespace<TAB>version<TAB>flags    e.g. `@Array.prototype`, `@globalThis`, `@fs`, `@fs.promises`
    member[<TAB>version[<TAB>flags]]    no version: the namespace's own

JavaScript versions are `es5`, `es2015` ... `es2025`, `esnext`, or empty for members only the
runtime has (V8 or Node.js extensions). Node.js versions are a major version (`22`) or empty for
"in the surveyed node (20) and earlier". Flags: `n` not in the surveyed node runtime, `d` declared
only by the DOM library (browsers), `p` module importable only with the `node:` prefix,
`u` exports unknown, `i` internal module.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from knowledge_output import write_swift_data  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATED = os.path.join(HERE, "..", "Sources", "DriftKnowledge", "Generated")

# ES editions after what the installed TypeScript declares, from the ECMAScript specifications and
# TypeScript's later lib files. namespace -> {edition: "members"}.
CURATED_ES = {
    "Array.prototype": {"es2023": "findLast findLastIndex toReversed toSorted toSpliced with"},
    "Int8Array.prototype": {"es2023": "findLast findLastIndex toReversed toSorted with"},
    "Array": {"es2024": "fromAsync"},
    "Object": {"es2024": "groupBy"},
    "Map": {"es2024": "groupBy"},
    "Promise": {"es2024": "withResolvers", "es2025": "try"},
    "ArrayBuffer.prototype": {"es2024": "detached maxByteLength resizable resize transfer transferToFixedLength"},
    "SharedArrayBuffer.prototype": {"es2024": "growable grow maxByteLength"},
    "String.prototype": {"es2024": "isWellFormed toWellFormed"},
    "Set.prototype": {"es2025": "union intersection difference symmetricDifference isSubsetOf isSupersetOf isDisjointFrom"},
    "Iterator": {"es2025": "from"},
    "Iterator.prototype": {"es2025": "map filter take drop flatMap reduce toArray forEach some every find"},
    "RegExp": {"es2025": "escape"},
    "Math": {"es2025": "f16round", "esnext": "sumPrecise"},
    "DataView.prototype": {"es2025": "getFloat16 setFloat16"},
    "Error": {"esnext": "isError captureStackTrace"},
    "Uint8Array": {"esnext": "fromBase64 fromHex"},
    "Uint8Array.prototype": {"esnext": "toBase64 toHex setFromBase64 setFromHex"},
    "JSON": {"esnext": "rawJSON isRawJSON"},
    "globalThis": {"es2025": "Iterator Float16Array", "esnext": "DisposableStack AsyncDisposableStack SuppressedError Temporal"},
    "Symbol": {"esnext": "dispose asyncDispose metadata"},
    "Map.prototype": {"esnext": "getOrInsert getOrInsertComputed"},
    "WeakMap.prototype": {"esnext": "getOrInsert getOrInsertComputed"},
    "Atomics": {"es2024": "waitAsync", "esnext": "pause"},
}

# Members that exist only in some processes or under some tools, and widely used polyfills
# (reflect-metadata, used by every NestJS/Angular/TypeORM project). Known, flagged `n`.
CONDITIONAL_MEMBERS = {
    "process": "send disconnect connected channel browser noDeprecation traceDeprecation throwDeprecation "
               "defaultApp type resourcesPath pkg mainModule",
    "Reflect": "metadata decorate defineMetadata getMetadata getOwnMetadata hasMetadata hasOwnMetadata "
               "getMetadataKeys getOwnMetadataKeys deleteMetadata",
    "Symbol": "observable",
}

# Globals of other runtimes and bundlers, which generated code uses legitimately: known, never in Node.
OTHER_RUNTIME_GLOBALS = "Deno Bun importScripts WorkerGlobalScope __webpack_require__ __non_webpack_require__ Netlify EdgeRuntime"
TYPED_ARRAYS = ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array",
                "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"]

# Node.js exports added after the surveyed major version: module -> {major: "members"}.
CURATED_NODE = {
    "fs": {"22": "glob globSync"},
    "fs.promises": {"22": "glob"},
    "fs/promises": {"22": "glob"},
    "path": {"22": "matchesGlob"},
    "process": {"21": "loadEnvFile", "22": "getBuiltinModule finalization", "23": "threadCpuUsage"},
    "util": {"21": "parseEnv", "22": "getCallSites diff", "23": "getSystemErrorMessage"},
    "module": {"22": "enableCompileCache getCompileCacheDir constants flushCompileCache",
               "23": "registerHooks stripTypeScriptTypes findPackageJSON"},
    "zlib": {"22": "crc32", "23": "createZstdCompress createZstdDecompress zstdCompress zstdCompressSync "
                               "zstdDecompress zstdDecompressSync ZstdCompress ZstdDecompress"},
    "crypto": {"21": "hash"},
    "assert": {"23": "partialDeepStrictEqual"},
    "stream": {"22": "duplexPair"},
    "worker_threads": {"22": "postMessageToThread isMarkedAsUntransferable"},
    "test": {"22": "assert"},
}
# Modules whose exports depend on the platform (file-system and errno constants): exports unknown.
PLATFORM_MODULES = {"constants"}

# Built-in modules added after the surveyed major version; their exports are unknown here.
LATER_MODULES = {"sqlite": "22", "test/mock_timers": None}

EDITIONS = ["es5", "es2015", "es2016", "es2017", "es2018", "es2019", "es2020", "es2021", "es2022",
            "es2023", "es2024", "es2025", "esnext"]


def edition_of(filename):
    match = re.match(r"lib\.(es\d+|esnext|es5)[.]", os.path.basename(filename))
    return match.group(1) if match else None


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


MEMBER = re.compile(r"^\s*(?:readonly\s+|static\s+|get\s+|set\s+)*([A-Za-z_$][\w$]*)\s*\??\s*[(:<]")
BLOCK = re.compile(r"^(?:declare\s+)?(interface|namespace)\s+([A-Za-z_$][\w$.]*)")
DECLARE = re.compile(r"^declare\s+(var|let|const|function)\s+([A-Za-z_$][\w$]*)\s*(?::\s*([A-Za-z_$][\w$]*)\s*;)?")
NAMESPACE_MEMBER = re.compile(r"^\s*(?:function|var|let|const|class)\s+([A-Za-z_$][\w$]*)")


def parse_lib(path):
    """Interfaces (name -> members), namespaces (name -> members) and globals (name -> type or None)."""
    text = strip_comments(open(path, encoding="utf-8").read())
    interfaces, namespaces, globals_ = {}, {}, {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        declared = DECLARE.match(line)
        if declared:
            globals_.setdefault(declared.group(2), declared.group(3))
        block = BLOCK.match(line)
        if block and "{" in line:
            kind, name = block.groups()
            members = interfaces.setdefault(name, set()) if kind == "interface" else namespaces.setdefault(name, set())
            if kind == "namespace":
                globals_.setdefault(name, None)
            depth, paren = 0, 0
            while i < len(lines):
                raw = lines[i]
                if depth == 1 and paren == 0:
                    pattern = MEMBER if kind == "interface" else NAMESPACE_MEMBER
                    found = pattern.match(raw)
                    if found and found.group(1) != "new":
                        members.add(found.group(1))
                for char in raw:
                    if char == "{":
                        depth += 1
                    elif char == "}":
                        depth -= 1
                    elif char == "(":
                        paren += 1
                    elif char == ")":
                        paren -= 1
                i += 1
                if depth <= 0:
                    break
            continue
        i += 1
    return interfaces, namespaces, globals_


def typescript_namespaces(lib_dir):
    """namespace -> {member: earliest edition}, plus DOM-only global names."""
    result = {}

    def add(namespace, member, edition):
        table = result.setdefault(namespace, {})
        if member not in table or EDITIONS.index(edition) < EDITIONS.index(table[member]):
            table[member] = edition

    parsed = []
    for path in sorted(glob.glob(os.path.join(lib_dir, "lib.es*.d.ts"))):
        edition = edition_of(path)
        if edition is None or ".full." in path or os.path.basename(path) in ("lib.es6.d.ts",):
            continue
        parsed.append((edition, parse_lib(path)))
    # Which interface describes each global: `declare var Array: ArrayConstructor` (statics) and
    # the same-named interface (instances, so `Array.prototype`).
    var_types = {}
    for _, (_, _, globals_) in parsed:
        for name, type_name in globals_.items():
            if type_name:
                var_types.setdefault(name, type_name)
    for edition, (interfaces, namespaces, globals_) in parsed:
        for name in globals_:
            add("globalThis", name, edition)
        for name, members in namespaces.items():
            for member in members:
                add(name, member, edition)
        for global_name, type_name in var_types.items():
            if type_name in interfaces:
                target = global_name if type_name != global_name or type_name.endswith("Constructor") else global_name
                for member in interfaces[type_name]:
                    add(target, member, edition)
            if type_name.endswith("Constructor") and global_name in interfaces:
                for member in interfaces[global_name]:
                    add(global_name + ".prototype", member, edition)
    dom_globals = set()
    dom = os.path.join(lib_dir, "lib.dom.d.ts")
    if os.path.exists(dom):
        _, _, globals_ = parse_lib(dom)
        dom_globals = set(globals_)
    return result, dom_globals


def survey_node():
    with tempfile.TemporaryDirectory() as cwd:
        output = subprocess.run(["node", os.path.join(HERE, "javascript_survey.js")], cwd=cwd, check=True,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL).stdout
    return json.loads(output)


def member_line(name, version, flags, default_version):
    fields = [name, "" if version == default_version else version, flags]
    while len(fields) > 1 and fields[-1] == "":
        fields.pop()
    if len(fields) == 2 and fields[1] == "" :
        fields.pop()
    return "\t".join(fields)


def build_globals(node, ts, dom_globals):
    runtime = {name: set(members) for name, members in node["globals"].items()}
    curated = {}
    for namespace, editions in CURATED_ES.items():
        targets = [namespace]
        if namespace == "Int8Array.prototype":
            targets = [t + ".prototype" for t in TYPED_ARRAYS]
        for target in targets:
            for edition, members in editions.items():
                for member in members.split():
                    curated.setdefault(target, {})[member] = edition
    names = sorted(set(runtime) | set(ts) | set(curated))
    lines = []
    for namespace in names:
        if namespace == "commonjs":
            continue
        versions = {}
        for member in runtime.get(namespace, ()):
            versions[member] = ""
        for source in (ts.get(namespace, {}), curated.get(namespace, {})):
            for member, edition in source.items():
                if versions.get(member, "") == "" or EDITIONS.index(edition) < EDITIONS.index(versions[member]):
                    versions[member] = edition
        for member in CONDITIONAL_MEMBERS.get(namespace, "").split():
            versions.setdefault(member, "")
        if namespace == "globalThis":
            for member in dom_globals:
                versions.setdefault(member, "dom")
            for member in node["globals"]["commonjs"]:
                versions.setdefault(member, "")
            for member in OTHER_RUNTIME_GLOBALS.split():
                versions.setdefault(member, "")
        owner = namespace.split(".prototype")[0]
        owner_version = ts.get("globalThis", {}).get(owner.split(".")[0], "")
        flags = "" if namespace in runtime else "n"
        lines.append("@%s\t%s\t%s" % (namespace, owner_version, flags))
        in_runtime = runtime.get(namespace, set())
        for member in sorted(versions):
            version = versions[member]
            member_flags = ""
            if version == "dom":
                version, member_flags = "", "d"
            elif member not in in_runtime and not (namespace == "globalThis" and member in node["globals"]["commonjs"]):
                member_flags = "n"
            lines.append(member_line(member, version, member_flags, owner_version))
    return lines


def build_node(node):
    lines = []
    major = node["node"].split(".")[0]
    modules = node["modules"]
    for name in sorted(set(modules) | set(LATER_MODULES)):
        entry = modules.get(name)
        if entry is None:
            if LATER_MODULES.get(name):
                lines.append("@%s\t%s\tpu" % (name, LATER_MODULES[name]))
            continue
        flags = ("p" if entry.get("prefixOnly") else "") + ("i" if name.startswith("_") else "")
        if "members" not in entry or name in PLATFORM_MODULES:
            flags += "u"
        lines.append("@%s\t\t%s" % (name, flags))
        members = {m: "" for m in entry.get("members", [])}
        for member in CONDITIONAL_MEMBERS.get(name, "").split():
            members.setdefault(member, "")
        for version, extra in CURATED_NODE.get(name, {}).items():
            for member in extra.split():
                members.setdefault(member, version)
        lines.extend(member_line(m, members[m], "", "") for m in sorted(members))
        namespaces = dict(entry.get("namespaces", {}))
        for sub in CURATED_NODE:
            if sub.startswith(name + ".") and sub[len(name) + 1:] not in namespaces:
                namespaces[sub[len(name) + 1:]] = []
        for sub in sorted(namespaces):
            lines.append("@%s.%s\t\ts" % (name, sub))
            sub_members = {m: "" for m in namespaces[sub]}
            for version, extra in CURATED_NODE.get(name + "." + sub, {}).items():
                for member in extra.split():
                    sub_members.setdefault(member, version)
            lines.extend(member_line(m, sub_members[m], "", "") for m in sorted(sub_members))
    return major, lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--typescript-lib", default="/usr/share/nodejs/typescript/lib")
    args = parser.parse_args()
    node = survey_node()
    ts, dom_globals = typescript_namespaces(args.typescript_lib)
    globals_lines = build_globals(node, ts, dom_globals)
    write_swift_data(os.path.join(GENERATED, "JavaScriptGlobalsData.swift"), "JavaScriptGlobalsData",
                     ["JavaScript globals and built-in members: node %s, TypeScript lib (%s) and curated ES2023+,"
                      % (node["node"], os.path.basename(os.path.dirname(args.typescript_lib.rstrip("/")))),
                      "generated by Scripts/generate_javascript.py; see the script for the format."],
                     globals_lines)
    major, node_lines = build_node(node)
    write_swift_data(os.path.join(GENERATED, "NodeBuiltinsData.swift"), "NodeBuiltinsData",
                     ["Node.js %s built-in modules and exports (survey major %s) plus curated later exports," % (node["node"], major),
                      "generated by Scripts/generate_javascript.py; see the script for the format."],
                     ["#node\t" + major] + node_lines)


if __name__ == "__main__":
    main()
