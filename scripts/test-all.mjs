// `npm test`: every suite one after another, a summary per suite, and one total line last.
// TEST_SUITES=unit,integration runs a subset; TEST_SUMMARY_FILE moves summary.json.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumHint, findChromium } from "./chromium.mjs";
import { ensureBuild } from "./ensure-build.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = path.join(root, ".test-results");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

/** A suite runs one command; `count` turns its exit status (and report) into test counts. */
const suites = {
  lint: { command: [bin("biome"), "ci", "."], count: countByExitStatus },
  typecheck: { command: [bin("tsc"), "--noEmit"], count: countByExitStatus },
  unit: vitestSuite("unit", ["--passWithNoTests"]),
  integration: vitestSuite("integration", []),
  e2e: {
    command: [process.execPath, path.join(root, "scripts", "e2e.mjs")],
    report: path.join(resultsDir, "e2e.json"),
    count: countPlaywrightReport,
  },
};

function vitestSuite(project, extraArgs) {
  const report = path.join(resultsDir, `${project}.json`);
  return {
    command: [
      bin("vitest"),
      "run",
      "--project",
      project,
      "--reporter=default",
      "--reporter=json",
      `--outputFile=${report}`,
      ...extraArgs,
    ],
    report,
    count: countVitestReport,
  };
}

function countByExitStatus(status) {
  return status === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
}

function countVitestReport(_status, report) {
  const files = report.testResults ?? [];
  // A file that failed to load or whose beforeAll threw has no failed test of its own.
  const failedFiles = files.filter(
    (file) =>
      file.status === "failed" &&
      !(file.assertionResults ?? []).some((test) => test.status === "failed"),
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + failedFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function countPlaywrightReport(_status, report) {
  const stats = report.stats ?? {};
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: (stats.unexpected ?? 0) + (report.errors?.length ?? 0),
    skipped: stats.skipped ?? 0,
  };
}

function selectedSuites() {
  const requested = (process.env.TEST_SUITES ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (requested.length === 0) return Object.keys(suites);
  const unknown = requested.filter((name) => !(name in suites));
  if (unknown.length > 0) {
    console.error(
      `Unknown suite(s) in TEST_SUITES: ${unknown.join(", ")} (known: ${Object.keys(suites).join(", ")})`,
    );
    process.exit(2);
  }
  return requested;
}

function runSuite(name) {
  const suite = suites[name];
  console.log(`\n=== ${name} ===`);
  if (suite.report) rmSync(suite.report, { force: true });
  const [command, ...args] = suite.command;
  if (!existsSync(command)) {
    console.error(`${name}: ${path.relative(root, command)} is missing (run npm install)`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  const status = result.status ?? 1;
  if (!suite.report) return suite.count(status);

  let report = null;
  try {
    report = JSON.parse(readFileSync(suite.report, "utf8"));
  } catch {
    console.error(`${name}: no report at ${path.relative(root, suite.report)} (exit ${status})`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const counts = suite.count(status, report);
  // A non-zero exit the report does not explain (unhandled error, crash in teardown) still fails.
  if (status !== 0 && counts.failed === 0) {
    console.error(`${name}: exited with ${status} although its report shows no failed test`);
    counts.failed = 1;
  }
  return counts;
}

function describeCounts({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
}

function main() {
  const names = selectedSuites();
  // Checked first so a machine without a browser fails in a second, not after the build.
  if (names.includes("e2e") && !findChromium()) {
    console.error(chromiumHint);
    process.exit(1);
  }
  mkdirSync(resultsDir, { recursive: true });
  const summaryFile = path.resolve(
    root,
    process.env.TEST_SUMMARY_FILE ?? path.join(resultsDir, "summary.json"),
  );
  rmSync(summaryFile, { force: true });

  const results = {};
  try {
    ensureBuild();
  } catch (error) {
    // Without a build no server-backed suite can run; lint and typecheck still tell something.
    console.error(error.message);
    results.build = { passed: 0, failed: 1, skipped: 0 };
  }
  for (const name of names) results[name] = runSuite(name);

  const total = { passed: 0, failed: 0, skipped: 0 };
  console.log("\n=== summary ===");
  for (const [name, counts] of Object.entries(results)) {
    console.log(`${name}: ${describeCounts(counts)}`);
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  mkdirSync(path.dirname(summaryFile), { recursive: true });
  writeFileSync(summaryFile, `${JSON.stringify({ suites: results, ...total }, null, 2)}\n`);
  console.log(describeCounts(total));
  process.exit(total.failed === 0 ? 0 : 1);
}

main();
