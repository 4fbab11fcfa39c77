#!/usr/bin/env python3
"""Runs every CI recipe in docs/ci.md on real repositories, as the CI would.

Usage: run_recipes.py --drift PATH/TO/drift

For each recipe block (marked `<!-- recipe: NAME -->` in docs/ci.md) it builds an upstream
repository whose `main` moved on after a `feature` branch left it, clones it, checks the branch
out and runs the recipe's commands there with the variables its CI would set:

- blocking: the branch has a commit introducing a high finding, one overriding another, one clean
  -> the job fails, the report holds the open finding and the overridden one;
- passing: the branch has only the overriding and the clean commit -> the job passes.

`main` removes an old finding after the branch point, so a recipe that compared with main's tip
instead of the merge base would report it and fail the passing case.

GitHub workflows are run step by step: `run:` scripts in bash with the `${{ }}` expressions they
use evaluated (inputs, github.base_ref, github.event.before, github.action_path, steps.*.outputs),
the composite action (`uses: OWNER/drift@REF`) from this repository's action.yml, checkout as a
no-op on the prepared clone, and upload-sarif as validation of the file against the SARIF 2.1.0
schema. GitLab jobs run their `script:` lines as one `bash -eo pipefail` script, as the runner does.
Ends with `N passed, M failed`.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VALIDATE = os.path.join(ROOT, "Tests", "Fixtures", "sarif", "validate.py")
IDENTITY = {
    "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Recipe Test", "GIT_AUTHOR_EMAIL": "recipe@example.com",
    "GIT_COMMITTER_NAME": "Recipe Test", "GIT_COMMITTER_EMAIL": "recipe@example.com",
}


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def recipes():
    text = open(os.path.join(ROOT, "docs", "ci.md"), encoding="utf-8").read()
    found = dict(re.findall(r"<!-- recipe: (\S+) -->\n```\w+\n(.*?)```", text, re.S))
    for name in ("github-workflow", "github-steps", "gitlab-ci", "shell", "pre-commit-config"):
        check(name in found, f"docs/ci.md has no recipe block '{name}'")
    return found


def base_environment(drift, cache):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and not k.startswith("GITHUB_")}
    env.update(IDENTITY)
    env["PATH"] = os.path.dirname(os.path.abspath(drift)) + os.pathsep + env.get("PATH", "")
    env["XDG_CACHE_HOME"] = cache
    env["NO_COLOR"] = "1"
    return env


def git(cwd, *args, env=None):
    result = subprocess.run(["git", *args], cwd=cwd, env=env or {**os.environ, **IDENTITY},
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure(f"git {' '.join(args)}: {result.stderr}")
    return result.stdout.strip()


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as handle:
        handle.write(text)


def commit(root, *paragraphs):
    git(root, "add", "-A")
    args = ["commit", "-q", "--allow-empty"]
    for paragraph in paragraphs:
        args += ["-m", paragraph]
    git(root, *args)
    return git(root, "rev-parse", "HEAD")


def make_checkout(tmp, blocking):
    """An upstream repository and a clone of it on `feature`, as a CI checkout of a pull request."""
    upstream = os.path.join(tmp, "upstream")
    os.makedirs(upstream)
    git(upstream, "init", "-q", "-b", "main")
    write(upstream, "app.py", "def total(items):\n    return sum(items)\n")
    write(upstream, "old.py", "def legacy():\n    # ... rest of the implementation\n    return 0\n")
    commit(upstream, "base")
    git(upstream, "checkout", "-q", "-b", "feature")
    if blocking:
        write(upstream, "app.py", "def total(items):\n    return sum(items)\n\ndef tax(amount):\n"
                                  "    # ... rest of the implementation\n    return amount\n")
        commit(upstream, "add tax")
    write(upstream, "settings.py", "API_KEY = \"YOUR_API_KEY\"\n")
    commit(upstream, "settings placeholder", "Drift-Override: placeholder-credential — replaced by the deploy script")
    write(upstream, "util.py", "def double(x):\n    return 2 * x\n")
    commit(upstream, "clean helper")
    git(upstream, "checkout", "-q", "main")
    # main moves on after the branch left: the old finding is fixed there, not on the branch.
    write(upstream, "old.py", "def legacy():\n    return 0\n")
    commit(upstream, "main fixes legacy")

    work = os.path.join(tmp, "work")
    git(tmp, "clone", "-q", upstream, work)
    git(work, "checkout", "-q", "-b", "feature", "origin/feature")
    return work


def sarif_results(path):
    check(os.path.exists(path), f"no SARIF file at {path}")
    validated = subprocess.run([sys.executable, VALIDATE, path], capture_output=True, text=True)
    check(validated.returncode == 0, f"SARIF does not validate: {validated.stdout}{validated.stderr}")
    results = json.load(open(path, encoding="utf-8"))["runs"][0]["results"]
    open_results = [r["ruleId"] for r in results if not r.get("suppressions")]
    waved = [r["ruleId"] for r in results if r.get("suppressions")]
    return open_results, waved


# --- GitHub Actions ---------------------------------------------------------------------------

class GitHubRun:
    """Just enough of the Actions runner to run Drift's workflow and composite action."""

    def __init__(self, work, env, base_ref, before=""):
        self.work = work
        self.env = env
        self.base_ref = base_ref
        self.before = before
        self.temp = tempfile.mkdtemp(prefix="runner-temp-", dir=os.path.dirname(work))
        self.uploaded = []
        self.log = ""

    def expression(self, text, inputs, steps):
        def value(match):
            name = match.group(1).strip()
            if name.startswith("inputs."):
                key = name[len("inputs."):]
                check(key in inputs, f"unknown input {key}")
                return str(inputs[key])
            if name == "github.base_ref":
                return self.base_ref or ""
            if name == "github.event.before":
                return self.before
            if name == "github.action_path":
                return ROOT
            found = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", name)
            if found:
                return steps.get(found.group(1), {}).get(found.group(2), "")
            raise Failure(f"the recipe test does not know the expression ${{{{ {name} }}}}")
        return re.sub(r"\$\{\{(.*?)\}\}", value, str(text))

    def condition(self, text, inputs, steps, failed):
        if text is None:
            return not failed
        text = text.strip()
        if text.startswith("${{") and text.endswith("}}"):
            text = text[3:-2]
        result = None
        for term in (t.strip() for t in text.split("&&")):
            if term == "always()":
                truth = True
            elif term == "success()":
                truth = not failed
            elif term == "failure()":
                truth = failed
            else:
                left, _, right = term.partition("==")
                check(right, f"the recipe test cannot evaluate `if: {text}`")
                truth = self.expression("${{" + left + "}}", inputs, steps) == right.strip().strip("'")
            result = truth if result is None else (result and truth)
        if "always()" not in text and "failure()" not in text and failed:
            return False
        return bool(result)

    def run_steps(self, steps_list, inputs):
        outputs = {}
        failed = False
        for step in steps_list:
            if not self.condition(step.get("if"), inputs, outputs, failed):
                continue
            if "uses" in step:
                ok = self.uses(step, inputs, outputs)
            else:
                ok = self.script(step, inputs, outputs)
            failed = failed or not ok
        return not failed, outputs

    def script(self, step, inputs, outputs):
        env = dict(self.env)
        for key, value in (step.get("env") or {}).items():
            env[key] = self.expression(value, inputs, outputs)
        output_file = os.path.join(self.temp, "output")
        open(output_file, "w").close()
        env.update({"GITHUB_OUTPUT": output_file, "GITHUB_PATH": os.path.join(self.temp, "path"),
                    "RUNNER_TEMP": self.temp, "GITHUB_ACTION_PATH": ROOT, "GITHUB_WORKSPACE": self.work,
                    "GITHUB_BASE_REF": self.base_ref or "", "CI": "true", "GITHUB_ACTIONS": "true"})
        # The script text itself must not hold expressions: action.yml passes them through env.
        script = step["run"]
        check("${{" not in script, f"step '{step.get('name')}' has an expression in run:")
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                                cwd=self.work, env=env, capture_output=True, text=True)
        self.log += result.stdout + result.stderr
        if step.get("id"):
            values = {}
            for line in open(output_file, encoding="utf-8"):
                if "=" in line:
                    key, _, value = line.rstrip("\n").partition("=")
                    values[key] = value
            outputs[step["id"]] = values
        return result.returncode == 0

    def uses(self, step, inputs, outputs):
        action = step["uses"]
        arguments = {k: self.expression(v, inputs, outputs) for k, v in (step.get("with") or {}).items()}
        if action.startswith("actions/checkout@"):
            check(str(arguments.get("fetch-depth")) == "0", "checkout must fetch the whole history (fetch-depth: 0)")
            return True
        if action.startswith("github/codeql-action/upload-sarif@"):
            path = os.path.join(self.work, arguments["sarif_file"])
            self.uploaded.append(sarif_results(path))
            return True
        if action == "./" or re.fullmatch(r"[\w.-]+/drift@[\w./-]+", action):
            definition = yaml.safe_load(open(os.path.join(ROOT, "action.yml"), encoding="utf-8"))
            check(definition["runs"]["using"] == "composite", "action.yml must be a composite action")
            action_inputs = {k: v.get("default", "") for k, v in definition["inputs"].items()}
            for key in arguments:
                check(key in action_inputs, f"action.yml has no input '{key}'")
            action_inputs.update(arguments)
            ok, _ = self.run_steps(definition["runs"]["steps"], action_inputs)
            return ok
        raise Failure(f"the recipe test does not know the action {action}")


def github_workflow(recipe, drift, tmp, blocking, push=False):
    work = make_checkout(tmp, blocking)
    if push:
        # A push event: no base branch; the action scans what the push brought (before..HEAD).
        runner = GitHubRun(work, base_environment(drift, os.path.join(tmp, "cache")), "",
                           before=git(work, "merge-base", "origin/main", "HEAD"))
    else:
        runner = GitHubRun(work, base_environment(drift, os.path.join(tmp, "cache")), "main")
    workflow = yaml.safe_load(recipe)
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    check("pull_request" in triggers and "push" in triggers, "the workflow must run on pull requests and pushes")
    check(workflow["permissions"].get("security-events") == "write", "upload-sarif needs security-events: write")
    (job,) = workflow["jobs"].values()
    ok, _ = runner.run_steps(job["steps"], {})
    return ok, runner


def github_steps(recipe, drift, tmp, blocking):
    work = make_checkout(tmp, blocking)
    runner = GitHubRun(work, base_environment(drift, os.path.join(tmp, "cache")), "main")
    steps = yaml.safe_load(recipe)["steps"]
    ok, _ = runner.run_steps(steps, {})
    return ok, runner


def check_github(name, ok, runner, blocking):
    check(ok == (not blocking), f"{name}: the job {'passed' if ok else 'failed'}; expected it to "
                                f"{'fail' if blocking else 'pass'}\n{runner.log}")
    check(len(runner.uploaded) == 1, f"{name}: expected one SARIF upload, got {len(runner.uploaded)}")
    open_results, waved = runner.uploaded[0]
    check(open_results == (["elided-code"] if blocking else []), f"{name}: open results {open_results}")
    check(waved == ["placeholder-credential"], f"{name}: overridden results {waved}")
    if blocking:
        check("::error file=app.py,line=5,col=5" in runner.log, f"{name}: no annotation on app.py:5\n{runner.log}")
    check("old.py" not in runner.log, f"{name}: reported main's fixed file: not measured from the merge base\n{runner.log}")


# --- GitLab CI --------------------------------------------------------------------------------

def gitlab(recipe, drift, tmp, blocking):
    work = make_checkout(tmp, blocking)
    config = yaml.safe_load(recipe)
    (job,) = config.values()
    check(job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json", "no codequality report")
    check(job["artifacts"].get("when") == "always", "the report must be kept when the job fails")
    env = base_environment(drift, os.path.join(tmp, "cache"))
    env.update({k: str(v) for k, v in (job.get("variables") or {}).items()})
    env.update({
        "CI": "true", "GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "feature",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": git(work, "merge-base", "origin/main", "HEAD"),
        "CI_COMMIT_SHA": git(work, "rev-parse", "HEAD"), "CI_PROJECT_DIR": work,
    })
    script = "\n".join(job.get("before_script", []) + job["script"])
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                            cwd=work, env=env, capture_output=True, text=True)
    log = result.stdout + result.stderr
    check((result.returncode == 0) == (not blocking), f"gitlab-ci: exit {result.returncode}\n{log}")
    report = json.load(open(os.path.join(work, "gl-code-quality-report.json"), encoding="utf-8"))
    check(isinstance(report, list), "the code quality report must be a JSON array")
    for issue in report:
        for key in ("description", "check_name", "fingerprint", "severity", "location"):
            check(key in issue, f"code quality issue without {key}: {issue}")
        check(issue["severity"] in ("info", "minor", "major", "critical", "blocker"), f"bad severity {issue}")
        check(isinstance(issue["location"]["lines"]["begin"], int), f"bad location {issue}")
    check([i["check_name"] for i in report] == (["elided-code"] if blocking else []), f"gitlab-ci: report {report}")
    check("old.py" not in log, f"gitlab-ci: reported main's fixed file\n{log}")


# --- Plain shell ------------------------------------------------------------------------------

def shell(recipe, drift, tmp, blocking):
    work = make_checkout(tmp, blocking)
    path = os.path.join(tmp, "drift-ci.sh")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(recipe)
    env = base_environment(drift, os.path.join(tmp, "cache"))
    env["BASE"] = "origin/main"
    result = subprocess.run(["sh", path], cwd=work, env=env, capture_output=True, text=True)
    log = result.stdout + result.stderr
    check(result.returncode == (1 if blocking else 0), f"shell: exit {result.returncode}\n{log}")
    check(("app.py:5:5: high [elided-code]" in log) == blocking, f"shell: output\n{log}")
    check("overridden settings.py:1:" in log, f"shell: the override is not shown\n{log}")
    check("old.py" not in log, f"shell: reported main's fixed file\n{log}")
    open_results, waved = sarif_results(os.path.join(work, "drift.sarif"))
    check(open_results == (["elided-code"] if blocking else []) and waved == ["placeholder-credential"],
          f"shell: SARIF {open_results} {waved}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--drift", required=True)
    drift = parser.parse_args().drift
    found = recipes()
    cases = []
    for blocking in (True, False):
        label = "blocking" if blocking else "passing"
        cases.append((f"github-workflow ({label})", lambda tmp, b=blocking: check_github(
            "github-workflow", *github_workflow(found["github-workflow"], drift, tmp, b), b)))
        cases.append((f"github-workflow on push ({label})", lambda tmp, b=blocking: check_github(
            "github-workflow on push", *github_workflow(found["github-workflow"], drift, tmp, b, push=True), b)))
        cases.append((f"github-steps ({label})", lambda tmp, b=blocking: check_github(
            "github-steps", *github_steps(found["github-steps"], drift, tmp, b), b)))
        cases.append((f"gitlab-ci ({label})", lambda tmp, b=blocking: gitlab(found["gitlab-ci"], drift, tmp, b)))
        cases.append((f"shell ({label})", lambda tmp, b=blocking: shell(found["shell"], drift, tmp, b)))
    passed = failed = 0
    for name, case in cases:
        with tempfile.TemporaryDirectory(prefix="drift-recipe-") as tmp:
            try:
                case(tmp)
                print(f"ok    {name}")
                passed += 1
            except Exception as failure:  # a recipe that breaks the harness fails too
                print(f"FAIL  {name}: {failure}")
                failed += 1
    print(f"recipes: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
