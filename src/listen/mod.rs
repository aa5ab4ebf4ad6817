//! `whk listen` domain code (being built).
