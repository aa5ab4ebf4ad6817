//! `whk replay` domain code (being built).
