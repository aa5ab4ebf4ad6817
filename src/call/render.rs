//! Rendering a call: the human timeline and the `--json` lines.
