#!/usr/bin/env bash
# Regenerates the known-answer re-encodings of source.json with the real runtimes. Run once
# by hand (node and python3 on PATH); the outputs are committed, so tests never need either.
#
#   node-compact.json          JSON.stringify(JSON.parse(src))
#   node-pretty2-newline.json  JSON.stringify(JSON.parse(src), null, 2) + "\n"
#   python-default.json        json.dumps(json.loads(src))
#   python-indent4-sorted.json json.dumps(json.loads(src), indent=4, sort_keys=True)
#   php-pretty-print.json      json_encode(json_decode(src), JSON_PRETTY_PRINT)
#
# PHP was not available where these were generated: php-pretty-print.json is derived from
# json_encode's documented behaviour (JSON_PRETTY_PRINT indents 4 spaces with ": "; without
# JSON_UNESCAPED_SLASHES / JSON_UNESCAPED_UNICODE it writes "\/" and \uXXXX; floats print with
# serialize_precision=-1, the same shortest digits as Python's repr for these values). With
# PHP installed, `php -r 'echo json_encode(json_decode(file_get_contents("source.json")), JSON_PRETTY_PRINT);'`
# should print the same bytes.
set -euo pipefail
cd "$(dirname "$0")"
node -e '
const fs = require("fs");
const o = JSON.parse(fs.readFileSync("source.json", "utf8"));
fs.writeFileSync("node-compact.json", JSON.stringify(o));
fs.writeFileSync("node-pretty2-newline.json", JSON.stringify(o, null, 2) + "\n");
'
python3 - <<'PY'
import json
o = json.load(open("source.json", encoding="utf-8"))
open("python-default.json", "w", encoding="utf-8", newline="").write(json.dumps(o))
open("python-indent4-sorted.json", "w", encoding="utf-8", newline="").write(
    json.dumps(o, indent=4, sort_keys=True))
# "/" occurs only inside strings in JSON text, so escaping it everywhere is PHP's escaping.
open("php-pretty-print.json", "w", encoding="utf-8", newline="").write(
    json.dumps(o, indent=4).replace("/", "\\/"))
PY
if command -v php >/dev/null; then
  php -r 'echo json_encode(json_decode(file_get_contents("source.json")), JSON_PRETTY_PRINT);' | cmp - php-pretty-print.json
fi
