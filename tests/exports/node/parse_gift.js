// Parses a GIFT file with gift-pegjs (the parser the GIFT editors use) and prints its questions as JSON.
const { parse } = require("gift-pegjs");
const text = require("fs").readFileSync(process.argv[2], "utf8");
try {
  process.stdout.write(JSON.stringify(parse(text)));
} catch (e) {
  const at = e.location ? `${e.location.start.line}:${e.location.start.column}: ` : "";
  process.stderr.write(`${at}${e.message}\n`);
  process.exit(1);
}
