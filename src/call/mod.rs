//! `whk call`: an offline call emulator. It plays the platform's side of a whole call against
//! the developer's own webhooks, on a virtual clock, and reports a timeline and findings.
//!
//! ```text
//! Scenario (file + flags) ─▶ engine::run_call(scenario, CallContext) ─▶ CallRun (timeline)
//!                                 │  provider flow: vonage/ (answer, events, NCCO actions)
//!                                 │  every webhook: sender (sign, send, retry, fallback, contract)
//!                                 ▼
//!                  expect (findings) · render (human / JSON) · record · repeat
//! ```

pub mod audio;
pub mod engine;
pub mod expect;
pub mod media_streams;
pub mod record;
pub mod render;
pub mod repeat;
pub mod scenario;
pub mod sender;
pub mod timeline;
pub mod twilio;
pub mod vapi;
pub mod vonage;
pub mod websocket;
