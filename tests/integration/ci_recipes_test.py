#!/usr/bin/env python3
"""The CI recipes (issue #6), run here on throwaway repositories with a fake
CI environment:

- scripts/github-action-scan.sh, the shell part of action.yml, under fake
  GITHUB_* variables and event files: exit codes, the SARIF it writes (valid
  against the SARIF 2.1.0 schema, results only for what the range adds),
  GITHUB_OUTPUT, push and new-branch events, a shallow checkout deepened from
  origin, bad commits; and action.yml wiring its inputs to that script.
- ci/gitlab-ci.yml's rekey-scan job: its script lines, run the way a GitLab
  runner runs them (one bash, -eo pipefail) with fake CI_* variables: exit
  codes, the Code Quality report and findings artifact.
"""
import json
import os
import unittest

import jsonschema
import yaml

from itest import SOURCE_DIR, Sandbox

ACTION_SCRIPT = os.path.join(SOURCE_DIR, "scripts", "github-action-scan.sh")
ZERO = "0" * 40


class RecipeSandbox(Sandbox):
    """A repository whose main branch already holds one committed key (old
    news for a range scan) and a feature branch that adds `feature_files`."""

    def setUp(self):
        super().setUp()
        bin_dir = os.path.join(self.root, "bin")
        os.makedirs(bin_dir)
        os.symlink(self.rekey, os.path.join(bin_dir, "rekey"))
        self.env["PATH"] = bin_dir + os.pathsep + self.env["PATH"]
        self.old_key = self.fake_key("committed before the range")
        self.repo = self.make_repo(files={"README.md": "docs\n", "legacy/old.env": "STRIPE_KEY=" + self.old_key + "\n"})
        self.base = self.head(self.repo)
        self.git(self.repo, "checkout", "-q", "-b", "feature")

    def add_commits(self, *changes):
        for i, files in enumerate(changes):
            self.write(self.repo, files)
            self.git(self.repo, "add", "-A")
            self.git(self.repo, "commit", "-q", "-m", "change %d" % i)
        return self.head(self.repo)

    def read_json(self, path):
        with open(path) as f:
            return json.load(f)

    def read_text(self, path):
        if not os.path.exists(path):
            return ""
        with open(path) as f:
            return f.read()


class GitHubActionTest(RecipeSandbox):
    def run_action(self, event_name="pull_request", event=None, cwd=None, **env):
        """Runs the action's script like the runner does (cwd = workspace)."""
        workspace = cwd or self.repo
        self.outputs = os.path.join(self.root, "github-output")
        self.step_summary = os.path.join(self.root, "step-summary")
        for path in (self.outputs, self.step_summary):
            open(path, "w").close()
        event_path = os.path.join(self.root, "event.json")
        with open(event_path, "w") as f:
            json.dump(event or {}, f)
        run_env = dict(self.env, GITHUB_ACTIONS="true", GITHUB_EVENT_NAME=event_name, GITHUB_EVENT_PATH=event_path,
                       GITHUB_SHA=self.head(workspace), GITHUB_WORKSPACE=workspace, GITHUB_OUTPUT=self.outputs,
                       GITHUB_STEP_SUMMARY=self.step_summary)
        run_env.update(env)
        done = self.run_cmd(["bash", ACTION_SCRIPT], cwd=workspace, env=run_env)
        self.sarif_path = os.path.join(workspace, env.get("REKEY_SARIF", "rekey.sarif"))
        return done

    def output(self):
        pairs = [line.split("=", 1) for line in self.read_text(self.outputs).splitlines() if "=" in line]
        return dict(pairs)

    def pr_event(self, head):
        return {"pull_request": {"base": {"sha": self.base}, "head": {"sha": head}}}

    def valid_sarif(self):
        sarif = self.read_json(self.sarif_path)
        schema = self.read_json(os.path.join(SOURCE_DIR, "testdata", "sarif", "sarif-2.1.0-rtm.5.json"))
        errors = [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(sarif)]
        self.assertEqual(errors[:3], [])
        return sarif

    def results(self, sarif):
        return [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
                for run in sarif["runs"] for r in run["results"]]

    def test_pull_request_that_leaks_a_key_fails_with_sarif_results_for_the_range_only(self):
        key = self.fake_key("github pull request")
        head = self.add_commits({"config/prod.env": "PORT=8080\nSTRIPE_KEY=" + key + "\n"},
                                {"src/app.py": "print('unrelated')\n"})
        done = self.run_action(event=self.pr_event(head))
        self.assertEqual(done.returncode, 1, done.stderr)
        sarif = self.valid_sarif()
        self.assertEqual(self.results(sarif), [("stripe.secret-key", "config/prod.env")])
        out = self.output()
        self.assertEqual(out["exit-code"], "1")
        self.assertEqual(out["findings"], "1")
        self.assertEqual(out["sarif"], "rekey.sarif")
        self.assertEqual(out["scanned"], self.base + ".." + head)
        self.assertIn("1 finding(s)", self.read_text(self.step_summary))
        for secret in (key, self.old_key):
            self.assertNoSecret(secret, done.stdout, done.stderr, self.read_text(self.sarif_path),
                                self.read_text(self.outputs), self.read_text(self.step_summary))

    def test_clean_pull_request_passes_with_an_empty_sarif(self):
        head = self.add_commits({"src/app.py": "import os\nKEY = os.environ['STRIPE_KEY']\n"})
        done = self.run_action(event=self.pr_event(head))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(self.results(self.valid_sarif()), [])
        self.assertEqual(self.output()["findings"], "0")

    def test_deferred_exit_records_the_code_and_lets_the_upload_step_run(self):
        head = self.add_commits({"a.env": "STRIPE_KEY=" + self.fake_key("github deferred") + "\n"})
        done = self.run_action(event=self.pr_event(head), REKEY_DEFER_EXIT="true")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(self.output()["exit-code"], "1")
        self.assertEqual(len(self.results(self.valid_sarif())), 1)

    def test_fail_on_and_extra_args_reach_rekey(self):
        head = self.add_commits({"fixtures/a.env": "STRIPE_KEY=" + self.fake_key("github args") + "\n"})
        self.assertEqual(self.run_action(event=self.pr_event(head), REKEY_FAIL_ON="critical").returncode, 1)
        done = self.run_action(event=self.pr_event(head), REKEY_ARGS="--exclude fixtures/ --threads 1",
                               REKEY_SARIF="out/scan.sarif")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(self.results(self.valid_sarif()), [])
        self.assertEqual(self.output()["sarif"], "out/scan.sarif")

    def test_push_event_scans_from_before_to_the_pushed_commit(self):
        first = self.add_commits({"one.env": "STRIPE_KEY=" + self.fake_key("github pushed earlier") + "\n"})
        head = self.add_commits({"two.env": "STRIPE_KEY=" + self.fake_key("github pushed now") + "\n"})
        done = self.run_action(event_name="push", event={"before": first})
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertEqual(self.results(self.valid_sarif()), [("stripe.secret-key", "two.env")])
        self.assertEqual(self.output()["scanned"], first + ".." + head)

    def test_new_branch_push_scans_the_whole_history(self):
        head = self.add_commits({"src/app.py": "print('x')\n"})
        done = self.run_action(event_name="push", event={"before": ZERO})
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertEqual(self.results(self.valid_sarif()), [("stripe.secret-key", "legacy/old.env")])
        self.assertEqual(self.output()["scanned"], "history of " + head)

    def test_shallow_checkout_is_deepened_from_origin(self):
        head = self.add_commits({"config/prod.env": "STRIPE_KEY=" + self.fake_key("github shallow") + "\n"})
        clone = os.path.join(self.root, "checkout")
        self.run_cmd(["git", "clone", "-q", "--depth", "1", "--branch", "feature", "file://" + self.repo, clone],
                     check=True)
        self.assertEqual(self.git(clone, "rev-parse", "--is-shallow-repository").stdout.strip(), "true")
        done = self.run_action(event=self.pr_event(head), cwd=clone)
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertEqual(self.results(self.valid_sarif()), [("stripe.secret-key", "config/prod.env")])
        self.assertEqual(self.git(clone, "rev-parse", "--is-shallow-repository").stdout.strip(), "false")

    def test_unknown_base_commit_is_an_input_error(self):
        head = self.add_commits({"a.txt": "a\n"})
        event = {"pull_request": {"base": {"sha": "1234567" * 5 + "12345"}, "head": {"sha": head}}}
        done = self.run_action(event=event)
        self.assertEqual(done.returncode, 2)
        self.assertIn("is not in the repository", done.stderr)
        self.assertIn("fetch-depth: 0", done.stderr)
        self.assertEqual(self.output()["exit-code"], "2")

    def test_missing_rekey_binary_is_an_input_error(self):
        head = self.add_commits({"a.txt": "a\n"})
        done = self.run_action(event=self.pr_event(head), REKEY_BIN=os.path.join(self.root, "no-such-rekey"))
        self.assertEqual(done.returncode, 2)
        self.assertIn("not found", done.stderr)

    def test_action_yml_runs_the_script_with_every_input_and_uploads_the_sarif(self):
        with open(os.path.join(SOURCE_DIR, "action.yml")) as f:
            action = yaml.safe_load(f)
        self.assertEqual(action["runs"]["using"], "composite")
        steps = action["runs"]["steps"]
        scan = next(s for s in steps if s.get("id") == "scan")
        self.assertEqual(scan["shell"], "bash")
        self.assertIn("$GITHUB_ACTION_PATH/scripts/github-action-scan.sh", scan["run"])
        self.assertTrue(os.access(ACTION_SCRIPT, os.X_OK))
        with open(ACTION_SCRIPT) as f:
            script = f.read()
        for name, value in scan["env"].items():
            self.assertIn(name, script)  # the script reads every variable the action sets
            if value.startswith("${{ inputs."):
                self.assertIn(value[len("${{ inputs."):-len(" }}")], action["inputs"])
        wired = {v[len("${{ inputs."):-len(" }}")] for v in scan["env"].values() if v.startswith("${{ inputs.")}
        self.assertEqual(wired | {"upload-sarif"}, set(action["inputs"]))
        upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
        self.assertTrue(upload["uses"].startswith("github/codeql-action/upload-sarif@"))
        self.assertIn("steps.scan.outputs.sarif", upload["with"]["sarif_file"])
        self.assertIn("always()", upload["if"])
        last = steps[-1]
        self.assertIn("always()", last["if"])
        self.assertIn("steps.scan.outputs.exit-code", last["env"]["REKEY_EXIT_CODE"])


class GitLabJobTest(RecipeSandbox):
    def run_job(self, **ci_env):
        """The rekey-scan job's script, as a GitLab runner runs it: one bash
        with -eo pipefail, job variables and CI_* in the environment, cwd =
        the checkout."""
        with open(os.path.join(SOURCE_DIR, "ci", "gitlab-ci.yml")) as f:
            job = yaml.safe_load(f)["rekey-scan"]
        env = dict(self.env, GITLAB_CI="true", CI_PROJECT_DIR=self.repo, CI_COMMIT_SHA=self.head(self.repo))
        env.update({k: str(v) for k, v in job["variables"].items()})
        env.update(ci_env)
        self.assertIn("reports", job["artifacts"])
        self.report = os.path.join(self.repo, job["artifacts"]["reports"]["codequality"])
        self.findings = os.path.join(self.repo, job["artifacts"]["paths"][0])
        return self.run_cmd(["bash", "-eo", "pipefail", "-c", "\n".join(job["script"])], cwd=self.repo, env=env)

    def test_merge_request_that_leaks_a_key_fails_with_a_code_quality_report(self):
        key = self.fake_key("gitlab merge request")
        self.add_commits({"deploy/prod.env": "PORT=8080\nSTRIPE_KEY=" + key + "\n"})
        done = self.run_job(CI_PIPELINE_SOURCE="merge_request_event", CI_MERGE_REQUEST_DIFF_BASE_SHA=self.base,
                            CI_COMMIT_BEFORE_SHA=ZERO)
        self.assertEqual(done.returncode, 1, done.stderr)
        report = self.read_json(self.report)
        self.assertEqual(len(report), 1)
        issue = report[0]
        self.assertEqual(issue["check_name"], "stripe.secret-key")
        self.assertEqual(issue["severity"], "critical")
        self.assertEqual(issue["location"], {"path": "deploy/prod.env", "lines": {"begin": 2}})
        self.assertTrue(issue["fingerprint"])
        self.assertIn("deploy/prod.env:2:12: critical stripe.secret-key", done.stdout)
        self.assertEqual(len(self.read_json(self.findings)["findings"]), 1)
        for secret in (key, self.old_key):
            self.assertNoSecret(secret, done.stdout, done.stderr, self.read_text(self.report),
                                self.read_text(self.findings))

    def test_clean_merge_request_passes_with_an_empty_report(self):
        self.add_commits({"src/app.py": "print('clean')\n"})
        done = self.run_job(CI_PIPELINE_SOURCE="merge_request_event", CI_MERGE_REQUEST_DIFF_BASE_SHA=self.base)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(self.read_json(self.report), [])

    def test_branch_push_scans_from_before(self):
        first = self.add_commits({"one.env": "STRIPE_KEY=" + self.fake_key("gitlab earlier") + "\n"})
        self.add_commits({"two.env": "STRIPE_KEY=" + self.fake_key("gitlab now") + "\n"})
        done = self.run_job(CI_PIPELINE_SOURCE="push", CI_COMMIT_BEFORE_SHA=first)
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertEqual([i["location"]["path"] for i in self.read_json(self.report)], ["two.env"])

    def test_new_branch_push_scans_the_whole_history(self):
        self.add_commits({"src/app.py": "print('x')\n"})
        done = self.run_job(CI_PIPELINE_SOURCE="push", CI_COMMIT_BEFORE_SHA=ZERO)
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertEqual([i["location"]["path"] for i in self.read_json(self.report)], ["legacy/old.env"])

    def test_unknown_base_fails_the_job_as_an_input_error(self):
        done = self.run_job(CI_PIPELINE_SOURCE="merge_request_event", CI_MERGE_REQUEST_DIFF_BASE_SHA="f" * 40)
        self.assertEqual(done.returncode, 2)
        self.assertIn("unknown revision", done.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
