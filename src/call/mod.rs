//! `whk call`: an offline call emulator. It plays the platform's side of a whole call against
//! the developer's own webhooks, on a virtual clock, and reports a timeline and findings.

pub mod scenario;
pub mod audio;
pub mod websocket;
