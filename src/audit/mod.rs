//! `whk audit` domain code (being built).
