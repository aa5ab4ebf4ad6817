//! Latency percentiles in fixed memory: a log-linear histogram (64 sub-buckets per power of
//! two, under 1.6 % error), so a run of ten million requests costs what a run of ten does.

use std::time::Duration;

const SUB: u32 = 64;
const SUB_BITS: u32 = 6;
/// Microseconds up to 2^40 (about 12 days) are bucketed; more is clamped.
const GROUPS: u32 = 40 - SUB_BITS + 1;

/// A histogram of latencies in microseconds.
#[derive(Clone, Debug)]
pub struct Histogram {
    counts: Vec<u64>,
    count: u64,
    sum_us: u128,
    max_us: u64,
    min_us: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            counts: vec![0; (GROUPS * SUB) as usize],
            count: 0,
            sum_us: 0,
            max_us: 0,
            min_us: u64::MAX,
        }
    }
}

fn index(us: u64) -> usize {
    if us < SUB as u64 {
        return us as usize;
    }
    let bits = 64 - us.leading_zeros();
    let group = (bits - SUB_BITS).min(GROUPS - 1);
    let shift = group - 1;
    let sub = ((us >> shift) as u32).min(2 * SUB - 1) - SUB;
    (group * SUB + sub) as usize
}

fn lower_bound(i: usize) -> u64 {
    let i = i as u32;
    let (group, sub) = (i / SUB, i % SUB);
    if group == 0 {
        return sub as u64;
    }
    ((SUB + sub) as u64) << (group - 1)
}

impl Histogram {
    pub fn record(&mut self, d: Duration) {
        let us = d.as_micros().min(u64::MAX as u128) as u64;
        self.counts[index(us)] += 1;
        self.count += 1;
        self.sum_us += us as u128;
        self.max_us = self.max_us.max(us);
        self.min_us = self.min_us.min(us);
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// The latency below which `p` (0–100) percent of requests fall.
    pub fn percentile(&self, p: f64) -> Duration {
        if self.count == 0 {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.count as f64).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                let lo = lower_bound(i);
                let hi = lower_bound(i + 1).max(lo + 1);
                // The middle of the bucket, clamped to what was seen.
                let mid = (lo + hi - 1) / 2;
                return Duration::from_micros(mid.clamp(self.min_us, self.max_us));
            }
        }
        Duration::from_micros(self.max_us)
    }

    pub fn max(&self) -> Duration {
        Duration::from_micros(self.max_us)
    }

    pub fn mean(&self) -> Duration {
        if self.count == 0 {
            return Duration::ZERO;
        }
        Duration::from_micros((self.sum_us / self.count as u128) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_close() {
        let mut h = Histogram::default();
        for us in 1..=10_000u64 {
            h.record(Duration::from_micros(us * 10));
        }
        let p50 = h.percentile(50.0).as_micros() as f64;
        let p99 = h.percentile(99.0).as_micros() as f64;
        assert!((p50 - 50_000.0).abs() / 50_000.0 < 0.02, "{p50}");
        assert!((p99 - 99_000.0).abs() / 99_000.0 < 0.02, "{p99}");
        assert_eq!(h.max(), Duration::from_micros(100_000));
        assert_eq!(h.count(), 10_000);
    }

    #[test]
    fn buckets_are_monotonic() {
        let mut last = 0;
        for us in (0..5_000_000u64).step_by(997) {
            let i = index(us);
            assert!(i >= last);
            assert!(lower_bound(i) <= us && us < lower_bound(i + 1).max(lower_bound(i) + 1));
            last = i;
        }
        let _ = index(u64::MAX);
        let mut h = Histogram::default();
        h.record(Duration::from_secs(u64::MAX / 2));
        assert!(h.percentile(50.0) > Duration::ZERO);
    }
}
