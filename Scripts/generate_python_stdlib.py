#!/usr/bin/env python3
"""Generates Drift's Python standard-library data: every module of CPython 3.8-3.13 and its public
members, with the versions each exists in.

Usage: Scripts/generate_python_stdlib.py [--pyenv /root/.pyenv/versions] [--output PATH]

Each interpreter is run in subprocesses (`-I -S`, so site-packages cannot shadow the standard
library) on python_stdlib_worker.py, one subprocess per top-level module with a timeout, so that a
module whose import hangs, crashes or has side effects costs only its own entry. Modules that cannot
be imported on this machine (Windows-only ones) are recorded as existing with unknown members.

The output is a line-oriented text embedded in a Swift source file (see knowledge_output.py):

    @name<TAB>range<TAB>flags   a module (or, with flag c, a class used as a namespace)
    member[<TAB>range]          one public member; no range means "whenever its owner exists"

A range is `first-last` in CPython 3 minor versions; an empty `last` means "still in 3.13" and
`8` as first means "3.8 or earlier". Flags: p package, c class, u members unknown (not importable
here), d defines module-level __getattr__ (members are open-ended), v members vary by platform
(the list is Linux's plus the known others below).
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from knowledge_output import write_swift_data  # noqa: E402

VERSIONS = {8: "3.8", 9: "3.9", 10: "3.10", 11: "3.11", 12: "3.12", 13: "3.13"}
FIRST, LAST = min(VERSIONS), max(VERSIONS)
WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "python_stdlib_worker.py")
TIMEOUT = 120

# Modules whose members depend on the platform: a member missing on Linux may exist elsewhere.
PLATFORM_VARYING = {
    "os", "posix", "signal", "socket", "select", "fcntl", "time", "subprocess", "asyncio", "ctypes",
    "errno", "termios", "resource", "mmap", "sys", "stat", "multiprocessing", "locale", "shutil",
    "tty", "pty", "grp", "pwd", "readline", "curses", "mimetypes", "platform", "winreg", "msvcrt",
    "asyncio.events", "ssl", "tkinter", "faulthandler", "shlex", "codecs", "gc",
}

# Modules whose module-level __getattr__ serves only a finite set of deprecated or lazily imported
# names, which the worker finds by probing; their member lists are complete.
CLOSED_GETATTR = {
    "ast", "calendar", "collections", "concurrent.futures", "importlib.abc", "io", "sqlite3",
    "sqlite3.dbapi2", "typing", "unittest", "urllib.parse", "zoneinfo",
}

# Standard-library packages that an installed package replaces at import time: setuptools' copy
# of distutils (distutils-precedence.pth) has members the standard one lacks. Marked open (d).
SHADOWED = {"distutils"}

# Members that exist only on Windows or macOS/BSD, or only in some processes, which a Linux survey
# cannot see. Not exhaustive: it holds the ones real code commonly uses, so that they are never
# reported as hallucinated.
OTHER_PLATFORM_MEMBERS = {
    "os": "startfile add_dll_directory O_BINARY O_NOINHERIT O_RANDOM O_SEQUENTIAL O_SHORT_LIVED "
          "O_TEMPORARY O_TEXT O_EXLOCK O_SHLOCK O_EVTONLY O_SYMLINK O_NOFOLLOW_ANY get_handle_inheritable "
          "set_handle_inheritable chflags lchflags lchmod listdrives listmounts listvolumes plock "
          "get_terminal_size",
    "signal": "CTRL_C_EVENT CTRL_BREAK_EVENT SIGBREAK SIGINFO SIGEMT",
    "subprocess": "STARTUPINFO CREATE_NEW_CONSOLE CREATE_NEW_PROCESS_GROUP CREATE_NO_WINDOW "
                  "DETACHED_PROCESS CREATE_DEFAULT_ERROR_MODE CREATE_BREAKAWAY_FROM_JOB STARTF_USESHOWWINDOW "
                  "STARTF_USESTDHANDLES SW_HIDE STD_INPUT_HANDLE STD_OUTPUT_HANDLE STD_ERROR_HANDLE "
                  "ABOVE_NORMAL_PRIORITY_CLASS BELOW_NORMAL_PRIORITY_CLASS HIGH_PRIORITY_CLASS "
                  "IDLE_PRIORITY_CLASS NORMAL_PRIORITY_CLASS REALTIME_PRIORITY_CLASS",
    "asyncio": "WindowsSelectorEventLoopPolicy WindowsProactorEventLoopPolicy ProactorEventLoop "
               "SelectorEventLoop IocpProactor DefaultEventLoopPolicy",
    "ctypes": "windll WinDLL oledll OleDLL WinError FormatError GetLastError HRESULT get_last_error "
              "set_last_error WINFUNCTYPE DllCanUnloadNow DllGetClassObject",
    "select": "kqueue kevent KQ_FILTER_READ KQ_FILTER_WRITE KQ_FILTER_AIO KQ_FILTER_VNODE KQ_FILTER_PROC "
              "KQ_FILTER_NETDEV KQ_FILTER_SIGNAL KQ_FILTER_TIMER KQ_EV_ADD KQ_EV_DELETE KQ_EV_ENABLE "
              "KQ_EV_DISABLE KQ_EV_ONESHOT KQ_EV_CLEAR KQ_EV_EOF KQ_EV_ERROR KQ_EV_SYSFLAGS KQ_EV_FLAG1 "
              "KQ_NOTE_LOWAT KQ_NOTE_DELETE KQ_NOTE_WRITE KQ_NOTE_EXTEND KQ_NOTE_ATTRIB KQ_NOTE_LINK "
              "KQ_NOTE_RENAME KQ_NOTE_REVOKE KQ_NOTE_EXIT KQ_NOTE_FORK KQ_NOTE_EXEC KQ_NOTE_PCTRLMASK "
              "KQ_NOTE_PDATAMASK KQ_NOTE_TRACK KQ_NOTE_CHILD KQ_NOTE_TRACKERR devpoll",
    "socket": "ioctl fromshare SIO_RCVALL SIO_KEEPALIVE_VALS SIO_LOOPBACK_FAST_PATH RCVALL_ON RCVALL_OFF "
              "AF_SYSTEM SYSPROTO_CONTROL IPPROTO_ICLFXBM",
    # sys attributes that exist only in some processes: interactive sessions, virtualenvs, PyPy,
    # frozen apps (PyInstaller), debug builds.
    "sys": "getwindowsversion winver dllhandle ps1 ps2 last_type last_value last_traceback last_exc "
           "tracebacklimit real_prefix pypy_version_info pypy_translation_info frozen gettotalrefcount "
           "getobjects getrefcount setdlopenflags getdlopenflags",
    "codecs": "mbcs_encode mbcs_decode oem_encode oem_decode code_page_encode code_page_decode",
    "time": "thread_time",
    "fcntl": "F_FULLFSYNC F_NOCACHE F_GETPATH",
    "mmap": "ACCESS_DEFAULT",
    "shutil": "COPY_BUFSIZE",
    "platform": "win32_ver win32_edition win32_is_iot mac_ver",
}


def interpreter(minor, root):
    path = os.path.join(root, next(v for v in sorted(os.listdir(root)) if v.startswith(VERSIONS[minor] + ".")), "bin", "python3")
    return path


def run_worker(python, argument):
    env = {"PATH": "/usr/bin:/bin", "HOME": tempfile.gettempdir(), "TERM": "dumb", "LANG": "C.UTF-8",
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryDirectory() as cwd:
        try:
            completed = subprocess.run([python, "-I", "-S", WORKER, argument], cwd=cwd, env=env,
                                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.DEVNULL, timeout=TIMEOUT, start_new_session=True)
        except subprocess.TimeoutExpired:
            return None
    try:
        return json.loads(completed.stdout)
    except ValueError:
        return None


def surveyed_name(name):
    return not name.startswith("_") or name == "__future__"


def survey(root, jobs):
    listed = {}  # minor -> set of top-level names
    modules = {}  # minor -> {dotted name -> worker entry}
    for minor in VERSIONS:
        listed[minor] = set(run_worker(interpreter(minor, root), "list"))
        modules[minor] = {}
    tasks = [(minor, name) for minor in VERSIONS for name in sorted(listed[minor]) if surveyed_name(name)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(run_worker, interpreter(minor, root), name): (minor, name) for minor, name in tasks}
        for future in concurrent.futures.as_completed(futures):
            minor, name = futures[future]
            result = future.result()
            if result is None:
                result = {name: {"error": "the import timed out or crashed"}}
            modules[minor].update(result)
    for minor in VERSIONS:
        for name in listed[minor]:
            modules[minor].setdefault(name, {"error": "private module, members not surveyed"})
    return modules


def version_range(present, first_default=FIRST):
    first, last = min(present), max(present)
    if first == FIRST:
        first = first_default
    return "%d-%s" % (first, "" if last == LAST else str(last))


def build(modules):
    names = sorted({name for table in modules.values() for name in table})
    lines = []
    classes = []
    for name in names:
        present = {m for m in VERSIONS if name in modules[m]}
        imported = {m for m in present if "members" in modules[m][name]}
        flags = ""
        if any(modules[m][name].get("package") for m in imported):
            flags += "p"
        if not imported:
            flags += "u"
            # Windows-only modules are listed only from 3.10 (sys.stdlib_module_names); they existed before.
            if min(present) == 10 and not name.startswith("_") or name in ("_winapi", "_overlapped", "_msi", "nt"):
                present |= {8, 9}
        if (any(modules[m][name].get("getattr") for m in imported) and name not in CLOSED_GETATTR) or \
                name.split(".")[0] in SHADOWED:
            flags += "d"
        if name in PLATFORM_VARYING:
            flags += "v"
        module_range = version_range(present)
        lines.append("@%s\t%s\t%s" % (name, module_range, flags))
        if not imported:
            continue
        members = {}
        for m in imported:
            for member in modules[m][name]["members"]:
                members.setdefault(member, set()).add(m)
        for member in OTHER_PLATFORM_MEMBERS.get(name, "").split():
            members.setdefault(member, set()).update(imported)
        for member in sorted(members):
            member_range = version_range(members[member], first_default=min(present))
            lines.append(member if member_range == module_range else "%s\t%s" % (member, member_range))
        class_table = {}
        for m in imported:
            for cls, cls_members in modules[m][name].get("classes", {}).items():
                table = class_table.setdefault(cls, {})
                for member in cls_members:
                    table.setdefault(member, set()).add(m)
        for cls in sorted(class_table):
            cls_present = members[cls]
            cls_range = version_range(cls_present, first_default=min(present))
            block = ["@%s.%s\t%s\tc" % (name, cls, cls_range)]
            for member in sorted(class_table[cls]):
                member_range = version_range(class_table[cls][member], first_default=min(present))
                block.append(member if member_range == cls_range else "%s\t%s" % (member, member_range))
            classes.append(block)
    for block in classes:
        lines.extend(block)
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pyenv", default="/root/.pyenv/versions")
    parser.add_argument("--output", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                         "Sources", "DriftKnowledge", "Generated", "PythonStandardLibraryData.swift"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--dump", help="also write the raw survey as JSON here (for debugging)")
    args = parser.parse_args()
    modules = survey(args.pyenv, args.jobs)
    if args.dump:
        with open(args.dump, "w") as handle:
            json.dump({str(k): v for k, v in modules.items()}, handle, sort_keys=True)
    lines = build(modules)
    header = ["Python standard library, CPython 3.8-3.13, generated by Scripts/generate_python_stdlib.py.",
              "@module<TAB>range<TAB>flags, then member[<TAB>range] lines; see the script for the format."]
    write_swift_data(args.output, "PythonStandardLibraryData", header, lines)


if __name__ == "__main__":
    main()
