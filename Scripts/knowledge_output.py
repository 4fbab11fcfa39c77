"""Writes generated knowledge data as a Swift source file holding one raw string literal.

Why Swift source rather than a SwiftPM resource: `drift` is installed by copying the binary to
~/.local/bin, and `Bundle.module` on Linux looks for the resource bundle next to the build
directory, so a copied binary would lose its data. A string literal is stored in the binary's
read-only data and costs nothing until the lines are first parsed.
"""
import hashlib
import os


def write_swift_data(path, name, header, lines):
    for line in lines:
        if '"#' in line or "\\#" in line or "\n" in line:
            raise ValueError("line cannot be embedded in a raw string: %r" % line)
    path = os.path.normpath(path)
    # A digest of the data, part of the engine fingerprint that keys Drift's analysis cache.
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = "".join(
        ["// Generated: do not edit. " + header[0] + "\n"]
        + ["// " + h + "\n" for h in header[1:]]
        + ["\n", "/// Generated data; parsed on first use.\n",
           "enum %s {\n" % name,
           "    static let fingerprint = \"%s\"\n" % digest,
           "    static let text = #\"\"\"\n"]
        + [line + "\n" for line in lines]
        + ["\"\"\"#\n", "}\n"])
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    print("%s: %d lines, %d bytes" % (path, len(lines), len(text.encode("utf-8"))))
