//! `whk ncco` domain code (being built).
