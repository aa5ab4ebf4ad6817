//! One [`Clock`] for every time whk reads or waits on, so tests, CI and the emulator can fix
//! time or run it faster than real time.
//!
//! The CLI builds one clock per run ([`Clock::from_env`]: `WHK_NOW`, `WHK_CLOCK`) and hands
//! it down; domain code receives it and never reads the time itself. Three kinds:
//!
//! - [`Clock::System`]: the machine's clock (the default). A read is an enum match and a
//!   `SystemTime::now()`, nothing more: no lock, no allocation, no dynamic dispatch.
//! - [`Clock::Fixed`]: always the same instant (`WHK_NOW=1700000000`). Waits still take real
//!   time: only what whk *reads* is fixed.
//! - [`Clock::Virtual`]: starts at an instant and moves only when whk waits on it
//!   ([`Clock::sleep`] returns at once and moves it on by that much) or when it is
//!   [advanced](Clock::advance). Cheap to clone (an `Arc` inside) and shared by every clone, so
//!   concurrent tasks see one time; their waits add up, one after another.
//!
//! # Which time goes through the clock
//!
//! 1. **Wall-clock reads** — any "what time is it" that a person, a signature or a comparison
//!    sees: `{{now_*}}` placeholders, signing timestamps (`sign`, `replay`, `audit`, a Vonage
//!    JWT's `iat`), "now" for tolerance windows (`verify`, `listen`), listen's stale checks,
//!    `received_at` and record file names.
//! 2. **Waits whk chooses to make**, pacing what it sends or answers: `replay --gap` and
//!    lifecycle delays, retry backoff, `listen --delay`. These call [`Clock::sleep`], so a
//!    virtual clock skips them and moves time on by exactly that much.
//! 3. **Not the clock: measurements and guards on real I/O.** Latency and elapsed times,
//!    `--deadline`, read and forward timeouts, `--rate`, `listen --timeout`, shutdown grace and
//!    output batching stay on the monotonic `std::time::Instant` / `tokio::time`. A virtual
//!    clock cannot make a peer answer sooner, and a latency in virtual time means nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jiff::Timestamp;

/// Where whk gets the time from. Clone it freely: every variant is cheap to clone.
#[derive(Clone, Debug, Default)]
pub enum Clock {
    /// The machine's clock.
    #[default]
    System,
    /// Always this instant; waits are real.
    Fixed(Timestamp),
    /// Moves only when slept on or advanced; waits are instant.
    Virtual(Virtual),
}

/// The shared time of a [`Clock::Virtual`]: microseconds since the Unix epoch.
#[derive(Clone, Debug)]
pub struct Virtual(Arc<AtomicI64>);

impl Clock {
    /// A clock fixed at `t`.
    pub fn fixed(t: Timestamp) -> Clock {
        Clock::Fixed(t)
    }

    /// A virtual clock that starts at `t`.
    pub fn starting_at(t: Timestamp) -> Clock {
        Clock::Virtual(Virtual(Arc::new(AtomicI64::new(t.as_microsecond()))))
    }

    /// Now, to the clock's precision (nanoseconds for the system clock, microseconds for a
    /// virtual one).
    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Fixed(t) => *t,
            Clock::Virtual(v) => v.now(),
        }
    }

    /// Now in whole unix seconds (what signing timestamps and tolerance windows use).
    pub fn unix(&self) -> i64 {
        match self {
            Clock::System => system_since_epoch().as_secs() as i64,
            other => other.now().as_second(),
        }
    }

    /// Now in unix milliseconds (what `{{now_ms}}` and its friends use).
    pub fn unix_ms(&self) -> i64 {
        match self {
            Clock::System => system_since_epoch().as_millis() as i64,
            other => other.now().as_millisecond(),
        }
    }

    /// Wait `d`: for real on the system and fixed clocks (inside a tokio runtime); at once on
    /// a virtual clock, which moves on by `d`.
    pub async fn sleep(&self, d: Duration) {
        match self {
            Clock::System | Clock::Fixed(_) => {
                if !d.is_zero() {
                    tokio::time::sleep(d).await;
                }
            }
            Clock::Virtual(v) => v.advance(d),
        }
    }

    /// Move a virtual clock on by `d` without waiting. The system clock moves by itself and a
    /// fixed one never does: for them this does nothing.
    pub fn advance(&self, d: Duration) {
        if let Clock::Virtual(v) = self {
            v.advance(d);
        }
    }

    /// The kind of clock, for messages: `system`, `fixed` or `virtual`.
    pub fn kind(&self) -> &'static str {
        match self {
            Clock::System => "system",
            Clock::Fixed(_) => "fixed",
            Clock::Virtual(_) => "virtual",
        }
    }
}

impl Virtual {
    fn now(&self) -> Timestamp {
        let us = self.0.load(Ordering::Acquire).clamp(
            Timestamp::MIN.as_microsecond(),
            Timestamp::MAX.as_microsecond(),
        );
        Timestamp::from_microsecond(us).unwrap_or(Timestamp::MAX)
    }

    fn advance(&self, d: Duration) {
        let step = i64::try_from(d.as_micros()).unwrap_or(i64::MAX);
        let max = Timestamp::MAX.as_microsecond();
        let _ = self
            .0
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |us| {
                Some(us.saturating_add(step).min(max))
            });
    }
}

impl Clock {
    /// The run's clock from the environment (the CLI calls this once): `WHK_NOW` (see
    /// [`parse_time`]) fixes the time; `WHK_CLOCK` picks the kind. Empty means unset.
    pub fn from_env() -> Result<Clock, String> {
        let var = |name: &str| {
            std::env::var_os(name)
                .map(|v| v.to_string_lossy().into_owned())
                .filter(|v| !v.trim().is_empty())
        };
        Clock::configured(var("WHK_CLOCK").as_deref(), var("WHK_NOW").as_deref())
    }

    /// The clock `WHK_CLOCK=kind` and `WHK_NOW=now` ask for:
    ///
    /// | `WHK_CLOCK` | without `WHK_NOW` | with `WHK_NOW=T` |
    /// |---|---|---|
    /// | unset | system | fixed at T |
    /// | `system` | system | system (`WHK_NOW` ignored) |
    /// | `fixed` | fixed at the time whk started | fixed at T |
    /// | `virtual` | virtual from the time whk started | virtual from T |
    pub fn configured(kind: Option<&str>, now: Option<&str>) -> Result<Clock, String> {
        let at = now
            .map(|t| parse_time(t).map_err(|e| format!("WHK_NOW={e}")))
            .transpose()?;
        let start = || at.unwrap_or_else(|| Clock::System.now());
        match kind.map(|k| k.trim().to_ascii_lowercase()).as_deref() {
            None if at.is_none() => Ok(Clock::System),
            None | Some("fixed") => Ok(Clock::fixed(start())),
            Some("system") => Ok(Clock::System),
            Some("virtual") => Ok(Clock::starting_at(start())),
            Some(_) => Err(format!(
                "WHK_CLOCK={:?} is not a clock: use system, fixed or virtual",
                kind.unwrap_or_default()
            )),
        }
    }
}

fn system_since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// Parse a point in time as users write it for `WHK_NOW`: unix seconds (`1700000000`,
/// optionally with a fraction, `1700000000.250`) or an RFC 3339 timestamp
/// (`2023-11-14T22:13:20Z`, any offset).
pub fn parse_time(s: &str) -> Result<Timestamp, String> {
    let text = s.trim();
    let bad = || {
        format!(
            "{s:?} is not a time: give unix seconds (1700000000) or an RFC 3339 timestamp (2023-11-14T22:13:20Z)"
        )
    };
    if text.is_empty() {
        return Err(bad());
    }
    let numeric = text
        .strip_prefix('-')
        .unwrap_or(text)
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.');
    if numeric {
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        if frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let secs: i64 = whole.parse().map_err(|_| bad())?;
        let mut nanos: i32 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<9}").parse().map_err(|_| bad())?
        };
        if whole.starts_with('-') {
            nanos = -nanos;
        }
        return Timestamp::new(secs, nanos).map_err(|_| {
            format!("{s:?} is out of range: give unix *seconds* (1700000000), not milliseconds")
        });
    }
    text.parse::<Timestamp>().map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_700_000_000;

    fn t() -> Timestamp {
        Timestamp::from_second(T).unwrap()
    }

    #[test]
    fn a_fixed_clock_never_moves() {
        let c = Clock::fixed(t());
        assert_eq!(c.unix(), T);
        assert_eq!(c.unix_ms(), T * 1000);
        c.advance(Duration::from_secs(60));
        assert_eq!(c.now(), t());
        assert_eq!(c.clone().unix(), T);
        assert_eq!(c.kind(), "fixed");
    }

    #[test]
    fn a_virtual_clock_moves_on_sleep_without_waiting() {
        let c = Clock::starting_at(t());
        let shared = c.clone();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let real = std::time::Instant::now();
        rt.block_on(async {
            c.sleep(Duration::from_secs(3600)).await;
            c.sleep(Duration::from_millis(250)).await;
        });
        assert!(
            real.elapsed() < Duration::from_secs(5),
            "it waited for real"
        );
        // Clones share one time.
        assert_eq!(shared.unix_ms(), T * 1000 + 3_600_250);
        assert_eq!(shared.unix(), T + 3600);
        shared.advance(Duration::from_secs(1));
        assert_eq!(c.unix(), T + 3601);
        assert_eq!(c.now().to_string(), "2023-11-14T23:13:21.25Z");
    }

    #[test]
    fn a_virtual_clock_is_shared_across_threads() {
        let c = Clock::starting_at(t());
        std::thread::scope(|s| {
            for _ in 0..4 {
                let c = c.clone();
                s.spawn(move || {
                    for _ in 0..1000 {
                        c.advance(Duration::from_millis(1));
                    }
                });
            }
        });
        assert_eq!(c.unix(), T + 4);
    }

    #[test]
    fn a_virtual_clock_stops_at_the_end_of_time() {
        let c = Clock::starting_at(t());
        c.advance(Duration::MAX);
        assert_eq!(c.now(), Timestamp::MAX);
        c.advance(Duration::from_secs(1));
        assert_eq!(c.now(), Timestamp::MAX);
    }

    #[test]
    fn the_system_clock_is_the_machines() {
        let c = Clock::System;
        let sys = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs_f64();
        assert!((c.unix() as f64 - sys).abs() <= 1.0);
        assert!((c.unix_ms() as f64 / 1000.0 - sys).abs() <= 1.0);
        assert!((c.now().as_millisecond() as f64 / 1000.0 - sys).abs() <= 1.0);
        assert_eq!(Clock::default().kind(), "system");
    }

    #[test]
    fn system_sleep_waits_for_real() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let real = std::time::Instant::now();
        rt.block_on(Clock::System.sleep(Duration::from_millis(20)));
        assert!(real.elapsed() >= Duration::from_millis(20));
    }

    #[test]
    fn the_environment_picks_the_clock() {
        let kind = |k, n| Clock::configured(k, n).unwrap().kind();
        assert_eq!(kind(None, None), "system");
        assert_eq!(kind(Some("system"), Some("1700000000")), "system");
        assert_eq!(kind(None, Some("1700000000")), "fixed");
        assert_eq!(kind(Some("fixed"), None), "fixed");
        assert_eq!(kind(Some("Virtual"), None), "virtual");
        let c = Clock::configured(Some("virtual"), Some("2023-11-14T22:13:20Z")).unwrap();
        assert_eq!(c.unix(), T);
        assert_eq!(
            Clock::configured(None, Some("1700000000")).unwrap().unix(),
            T
        );
        let e = Clock::configured(None, Some("soon")).unwrap_err();
        assert!(e.starts_with("WHK_NOW=\"soon\" is not a time"), "{e}");
        let e = Clock::configured(Some("slow"), None).unwrap_err();
        assert!(e.contains("WHK_CLOCK=\"slow\" is not a clock"), "{e}");
    }

    #[test]
    fn times_parse_as_users_write_them() {
        assert_eq!(parse_time("1700000000"), Ok(t()));
        assert_eq!(parse_time(" 1700000000\n"), Ok(t()));
        assert_eq!(parse_time("2023-11-14T22:13:20Z"), Ok(t()));
        assert_eq!(parse_time("2023-11-14T23:13:20+01:00"), Ok(t()));
        assert_eq!(
            parse_time("1700000000.25").unwrap().as_millisecond(),
            T * 1000 + 250
        );
        assert_eq!(parse_time("0"), Ok(Timestamp::UNIX_EPOCH));
        assert_eq!(parse_time("-1.5").unwrap().as_millisecond(), -1500);
        for bad in ["", "soon", "17e8", "1.2.3", "1700000000.1234567890", "-"] {
            assert!(
                parse_time(bad).unwrap_err().contains("is not a time"),
                "{bad}"
            );
        }
        assert!(
            parse_time("1700000000000")
                .unwrap_err()
                .contains("not milliseconds")
        );
    }
}
