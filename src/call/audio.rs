//! Caller audio for a WebSocket leg: `--audio FILE.wav` read once, turned into mono 16-bit
//! linear PCM, resampled to the endpoint's rate and cut into Vonage's 20 ms frames; silence
//! when there is no file or the file has run out.

use std::path::Path;
use std::time::Duration;

/// The rates Vonage streams at (`audio/l16;rate=N`): 8 and 16 kHz in the WebSocket guide,
/// 24 kHz added in 2025 (the Java, Node, Python and Ruby SDKs list it).
pub const RATES: [u32; 3] = [8000, 16000, 24000];

/// One frame is 20 ms of audio.
pub const FRAME: Duration = Duration::from_millis(20);

/// Bytes in one 20 ms frame of 16-bit mono PCM at `rate`: 320 at 8 kHz, 640 at 16 kHz,
/// 960 at 24 kHz.
pub fn frame_bytes(rate: u32) -> usize {
    (rate as usize / 50) * 2
}

/// Mono 16-bit PCM at some rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pcm {
    pub rate: u32,
    pub samples: Vec<i16>,
}

impl Pcm {
    /// Read a WAV file: any channel count (mixed down to mono), integer PCM of 8 to 32 bits
    /// or 32-bit float, any rate (resampled later). Anything else is refused with one
    /// sentence that names the file.
    pub fn from_wav(path: &Path) -> Result<Pcm, String> {
        let shown = path.display();
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
        Pcm::from_wav_bytes(&bytes).map_err(|e| format!("cannot use {shown} as caller audio: {e}"))
    }

    /// Read WAV bytes (what [`Pcm::from_wav`] does, for tests and fixtures).
    pub fn from_wav_bytes(bytes: &[u8]) -> Result<Pcm, String> {
        let reader = hound::WavReader::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("not a WAV file: {e}"))?;
        Pcm::from_reader(reader)
    }

    fn from_reader<R: std::io::Read>(mut reader: hound::WavReader<R>) -> Result<Pcm, String> {
        let spec = reader.spec();
        let channels = usize::from(spec.channels.max(1));
        if spec.sample_rate == 0 {
            return Err("the WAV header says 0 samples per second".to_string());
        }
        let interleaved: Vec<f32> = match (spec.sample_format, spec.bits_per_sample) {
            (hound::SampleFormat::Float, 32) => reader
                .samples::<f32>()
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string())?,
            (hound::SampleFormat::Int, bits @ 8..=32) => {
                let scale = (1i64 << (bits - 1)) as f32;
                reader
                    .samples::<i32>()
                    .map(|s| s.map(|s| s as f32 / scale))
                    .collect::<Result<_, _>>()
                    .map_err(|e| e.to_string())?
            }
            (format, bits) => {
                return Err(format!(
                    "{bits}-bit {} samples are not supported (use 16-bit PCM)",
                    match format {
                        hound::SampleFormat::Float => "float",
                        hound::SampleFormat::Int => "integer",
                    }
                ));
            }
        };
        let samples = interleaved
            .chunks(channels)
            .map(|frame| to_i16(frame.iter().sum::<f32>() / frame.len() as f32))
            .collect();
        Ok(Pcm {
            rate: spec.sample_rate,
            samples,
        })
    }

    /// How long the audio lasts.
    pub fn duration(&self) -> Duration {
        Duration::from_secs_f64(self.samples.len() as f64 / f64::from(self.rate))
    }

    /// The same audio at `rate` (linear interpolation; a copy when the rate already fits).
    pub fn resampled(&self, rate: u32) -> Pcm {
        if rate == self.rate || self.samples.is_empty() {
            return Pcm {
                rate,
                samples: self.samples.clone(),
            };
        }
        let step = f64::from(self.rate) / f64::from(rate);
        let len = (self.samples.len() as f64 / step).floor() as usize;
        let last = self.samples.len() - 1;
        let samples = (0..len)
            .map(|i| {
                let pos = i as f64 * step;
                let at = (pos.floor() as usize).min(last);
                let next = (at + 1).min(last);
                let frac = pos - at as f64;
                let a = f64::from(self.samples[at]);
                let b = f64::from(self.samples[next]);
                (a + (b - a) * frac).round() as i16
            })
            .collect();
        Pcm { rate, samples }
    }

    /// Frame `index` (20 ms, little-endian bytes) of this audio; past the end, or in the
    /// part of the last frame the audio does not fill, silence.
    pub fn frame(&self, index: usize, out: &mut Vec<u8>) {
        let per = frame_bytes(self.rate) / 2;
        out.clear();
        out.reserve(per * 2);
        let start = index.saturating_mul(per);
        for i in start..start.saturating_add(per) {
            let s = self.samples.get(i).copied().unwrap_or(0);
            out.extend_from_slice(&s.to_le_bytes());
        }
    }
}

/// Bytes in one 20 ms frame of μ-law at 8 kHz (one byte a sample): Twilio Media Streams'
/// `audio/x-mulaw` frames.
pub const MULAW_FRAME: usize = 160;

/// Digital silence in μ-law (the code for 0).
pub const MULAW_SILENCE: u8 = 0xFF;

const MULAW_BIAS: i32 = 0x84;
const MULAW_CLIP: i32 = 32635;

/// One 16-bit linear sample as G.711 μ-law (ITU-T G.711, the classic biased-segment
/// encoder: 0 → 0xFF, full scale → 0x80 / 0x00).
pub fn mulaw_encode(sample: i16) -> u8 {
    let mut x = i32::from(sample);
    let sign = if x < 0 {
        x = -x;
        0x80
    } else {
        0
    };
    x = x.min(MULAW_CLIP) + MULAW_BIAS;
    let mut exponent = 7;
    let mut mask = 0x4000;
    while exponent > 0 && x & mask == 0 {
        exponent -= 1;
        mask >>= 1;
    }
    let mantissa = (x >> (exponent + 3)) & 0x0F;
    !((sign | (exponent << 4) | mantissa) as u8)
}

/// One G.711 μ-law byte as a 16-bit linear sample (the tests' known answers).
#[cfg(test)]
pub fn mulaw_decode(byte: u8) -> i16 {
    let u = !byte;
    let exponent = (u >> 4) & 0x07;
    let mantissa = i32::from(u & 0x0F);
    let x = (((mantissa << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
    (if u & 0x80 != 0 { -x } else { x }) as i16
}

impl Pcm {
    /// Frame `index` (20 ms) of this audio as μ-law bytes; the audio must be at 8 kHz
    /// (see [`Pcm::resampled`]). Past the end, μ-law silence.
    pub fn mulaw_frame(&self, index: usize, out: &mut Vec<u8>) {
        let per = self.rate as usize / 50;
        out.clear();
        out.reserve(per);
        let start = index.saturating_mul(per);
        for i in start..start.saturating_add(per) {
            out.push(
                self.samples
                    .get(i)
                    .map_or(MULAW_SILENCE, |s| mulaw_encode(*s)),
            );
        }
    }
}

fn to_i16(x: f32) -> i16 {
    (x * 32768.0).round().clamp(-32768.0, 32767.0) as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(
        spec: hound::WavSpec,
        write: impl FnOnce(&mut hound::WavWriter<&mut std::io::Cursor<Vec<u8>>>),
    ) -> Vec<u8> {
        let mut cursor = std::io::Cursor::new(Vec::new());
        {
            let mut w = hound::WavWriter::new(&mut cursor, spec).unwrap();
            write(&mut w);
            w.finalize().unwrap();
        }
        cursor.into_inner()
    }

    fn spec(channels: u16, rate: u32, bits: u16, format: hound::SampleFormat) -> hound::WavSpec {
        hound::WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: bits,
            sample_format: format,
        }
    }

    #[test]
    fn mulaw_known_answers() {
        // G.711 μ-law: silence, the smallest steps, full scale, and segment edges.
        let pairs: [(i16, u8); 8] = [
            (0, 0xFF),
            (-1, 0x7F),
            (8, 0xFE),
            (-8, 0x7E),
            (32767, 0x80),
            (-32768, 0x00),
            (1000, 0xCE),
            (-1000, 0x4E),
        ];
        for (pcm, law) in pairs {
            assert_eq!(mulaw_encode(pcm), law, "encode {pcm}");
        }
        assert_eq!(mulaw_decode(0xFF), 0);
        assert_eq!(mulaw_decode(0x80), 32124);
        assert_eq!(mulaw_decode(0x00), -32124);
        assert_eq!(mulaw_decode(0xCE), 988);
        // Every code decodes to a sample that encodes back to the same code (0x7F, -0, is
        // the one alias: it decodes to 0, which encodes as 0xFF).
        for law in 0..=255u8 {
            let back = mulaw_encode(mulaw_decode(law));
            assert!(
                back == law || (law == 0x7F && back == 0xFF),
                "{law:#x} → {back:#x}"
            );
        }
    }

    #[test]
    fn mulaw_frames_are_160_bytes_padded_with_silence() {
        let pcm = Pcm {
            rate: 8000,
            samples: vec![1000; 200],
        };
        let mut out = Vec::new();
        pcm.mulaw_frame(0, &mut out);
        assert_eq!(out, vec![0xCE; MULAW_FRAME]);
        pcm.mulaw_frame(1, &mut out);
        assert_eq!(out.len(), MULAW_FRAME);
        assert_eq!(&out[..40], &[0xCE; 40]);
        assert!(out[40..].iter().all(|b| *b == MULAW_SILENCE));
    }

    #[test]
    fn frame_sizes_are_vonages() {
        assert_eq!(frame_bytes(8000), 320);
        assert_eq!(frame_bytes(16000), 640);
        assert_eq!(frame_bytes(24000), 960);
    }

    #[test]
    fn sixteen_bit_mono_is_read_as_is() {
        let bytes = wav(spec(1, 16000, 16, hound::SampleFormat::Int), |w| {
            for s in [0i16, 1000, -1000, i16::MAX, i16::MIN] {
                w.write_sample(s).unwrap();
            }
        });
        let pcm = Pcm::from_wav_bytes(&bytes).unwrap();
        assert_eq!(pcm.rate, 16000);
        assert_eq!(pcm.samples, vec![0, 1000, -1000, i16::MAX, i16::MIN]);
    }

    #[test]
    fn stereo_is_mixed_down_and_float_is_scaled() {
        let bytes = wav(spec(2, 8000, 16, hound::SampleFormat::Int), |w| {
            for s in [1000i16, 3000, -2000, -4000] {
                w.write_sample(s).unwrap();
            }
        });
        assert_eq!(
            Pcm::from_wav_bytes(&bytes).unwrap().samples,
            vec![2000, -3000]
        );
        let bytes = wav(spec(1, 8000, 32, hound::SampleFormat::Float), |w| {
            for s in [0.5f32, -1.0, 2.0] {
                w.write_sample(s).unwrap();
            }
        });
        assert_eq!(
            Pcm::from_wav_bytes(&bytes).unwrap().samples,
            vec![16384, -32768, 32767]
        );
    }

    #[test]
    fn not_a_wav_is_refused_in_one_sentence() {
        let err = Pcm::from_wav_bytes(b"ID3 this is an mp3").unwrap_err();
        assert!(err.starts_with("not a WAV file"), "{err}");
        let err = Pcm::from_wav(Path::new("/nonexistent/caller.wav")).unwrap_err();
        assert!(err.contains("/nonexistent/caller.wav"), "{err}");
    }

    #[test]
    fn resampling_keeps_duration_and_shape() {
        let pcm = Pcm {
            rate: 8000,
            samples: (0..8000).map(|i| (i % 100) as i16).collect(),
        };
        let up = pcm.resampled(16000);
        assert_eq!(up.samples.len(), 16000);
        assert_eq!(up.duration(), Duration::from_secs(1));
        assert_eq!(&up.samples[..5], &[0, 1, 1, 2, 2]);
        let down = up.resampled(8000);
        assert_eq!(down.samples.len(), 8000);
        assert_eq!(&down.samples[..3], &[0, 1, 2]);
    }

    #[test]
    fn frames_are_little_endian_and_padded_with_silence() {
        let pcm = Pcm {
            rate: 8000,
            samples: (1..=200).collect(),
        };
        let mut out = Vec::new();
        pcm.frame(0, &mut out);
        assert_eq!(out.len(), 320);
        assert_eq!(&out[..4], &[1, 0, 2, 0]);
        pcm.frame(1, &mut out);
        assert_eq!(out.len(), 320);
        assert_eq!(&out[..2], &[161, 0]);
        assert!(out[80..].iter().all(|b| *b == 0));
        pcm.frame(9, &mut out);
        assert!(out.iter().all(|b| *b == 0));
    }
}
