//! Hashes, HMACs, encodings and the constant-time comparison every scheme uses.

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use sha2::Digest as _;
use subtle::ConstantTimeEq;

/// A hash function a scheme can be configured with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    Md5,
    Sha1,
    Sha256,
    Sha512,
}

impl Algorithm {
    pub const ALL: [Algorithm; 4] = [
        Algorithm::Md5,
        Algorithm::Sha1,
        Algorithm::Sha256,
        Algorithm::Sha512,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "md5",
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
        }
    }

    /// Output length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Algorithm::Md5 => 16,
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
            Algorithm::Sha512 => 64,
        }
    }

    pub fn parse(s: &str) -> Option<Algorithm> {
        match s.to_ascii_lowercase().replace('-', "").as_str() {
            "md5" => Some(Algorithm::Md5),
            "sha1" => Some(Algorithm::Sha1),
            "sha256" => Some(Algorithm::Sha256),
            "sha512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }
}

/// How a MAC is written as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    Hex,
    Base64,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Hex => "hex",
            Encoding::Base64 => "base64",
        }
    }

    pub fn encode(self, bytes: &[u8]) -> String {
        match self {
            Encoding::Hex => hex::encode(bytes),
            Encoding::Base64 => b64(bytes),
        }
    }

    /// Decode leniently: hex of either case; base64 standard or URL-safe, padded or not.
    pub fn decode(self, text: &str) -> Option<Vec<u8>> {
        match self {
            Encoding::Hex => hex::decode(text).ok(),
            Encoding::Base64 => b64_decode_any(text),
        }
    }
}

/// HMAC over the concatenation of `parts` (so callers never build a joined copy of a 64 MiB body).
pub fn hmac(alg: Algorithm, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    fn run<M: Mac + KeyInit>(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        let mut mac = <M as KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length");
        for p in parts {
            mac.update(p);
        }
        mac.finalize().into_bytes().to_vec()
    }
    match alg {
        Algorithm::Md5 => run::<hmac::Hmac<md5::Md5>>(key, parts),
        Algorithm::Sha1 => run::<hmac::Hmac<sha1::Sha1>>(key, parts),
        Algorithm::Sha256 => run::<hmac::Hmac<sha2::Sha256>>(key, parts),
        Algorithm::Sha512 => run::<hmac::Hmac<sha2::Sha512>>(key, parts),
    }
}

/// Plain digest over the concatenation of `parts`.
pub fn digest(alg: Algorithm, parts: &[&[u8]]) -> Vec<u8> {
    fn run<D: sha2::Digest>(parts: &[&[u8]]) -> Vec<u8> {
        let mut d = D::new();
        for p in parts {
            d.update(p);
        }
        d.finalize().to_vec()
    }
    match alg {
        Algorithm::Md5 => run::<md5::Md5>(parts),
        Algorithm::Sha1 => run::<sha1::Sha1>(parts),
        Algorithm::Sha256 => run::<sha2::Sha256>(parts),
        Algorithm::Sha512 => run::<sha2::Sha512>(parts),
    }
}

/// Lower-case hex SHA-256 of `bytes` (Twilio `bodySHA256`, Vonage `payload_hash`).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Constant-time equality. Different lengths compare unequal (length is not secret).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Decode base64 in any common dialect: standard or URL-safe alphabet, with or without padding.
pub fn b64_decode_any(text: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    [STANDARD, URL_SAFE, STANDARD_NO_PAD, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|e| e.decode(t).ok())
}

/// Decode strict standard base64 (padding optional), as the Standard Webhooks libraries do.
pub fn b64_decode_strict(text: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
    STANDARD
        .decode(text)
        .ok()
        .or_else(|| STANDARD_NO_PAD.decode(text).ok())
}

/// Decode a MAC written as `encoding`, checking its length; the error says what was wrong.
pub fn decode_mac(text: &str, encoding: Encoding, alg: Algorithm) -> Result<Vec<u8>, String> {
    let want = alg.output_len();
    let bytes = encoding.decode(text.trim()).ok_or_else(|| {
        format!(
            "{:?} is not {} (expected {} {})",
            shorten(text),
            encoding.name(),
            match encoding {
                Encoding::Hex => want * 2,
                Encoding::Base64 => want.div_ceil(3) * 4,
            },
            match encoding {
                Encoding::Hex => "hex characters",
                Encoding::Base64 => "base64 characters",
            }
        )
    })?;
    if bytes.len() != want {
        return Err(format!(
            "the signature is {} bytes, but HMAC-{} gives {want}",
            bytes.len(),
            alg.name().to_uppercase()
        ));
    }
    Ok(bytes)
}

/// A value cut for messages.
pub fn shorten(text: &str) -> String {
    if text.chars().count() <= 24 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(24).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_rfc4231_case_2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        let mac = hmac(
            Algorithm::Sha256,
            b"Jefe",
            &[b"what do ya want ", b"for nothing?"],
        );
        assert_eq!(
            hex::encode(mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn shorten_cuts_after_24_characters_not_bytes() {
        assert_eq!(shorten(""), "");
        let whole = "é".repeat(24);
        assert_eq!(shorten(&whole), whole);
        assert_eq!(shorten(&format!("{whole}x")), format!("{whole}…"));
    }

    #[test]
    fn decode_mac_says_what_is_wrong() {
        assert_eq!(
            decode_mac("xyz", Encoding::Hex, Algorithm::Md5).unwrap_err(),
            r#""xyz" is not hex (expected 32 hex characters)"#
        );
        assert_eq!(
            decode_mac("*", Encoding::Base64, Algorithm::Sha1).unwrap_err(),
            r#""*" is not base64 (expected 28 base64 characters)"#
        );
        assert_eq!(
            decode_mac("AAAA", Encoding::Base64, Algorithm::Sha512).unwrap_err(),
            "the signature is 3 bytes, but HMAC-SHA512 gives 64"
        );
        let mac = hmac(Algorithm::Sha1, b"k", &[b"m"]);
        assert_eq!(
            decode_mac(
                &format!(" {} ", Encoding::Base64.encode(&mac)),
                Encoding::Base64,
                Algorithm::Sha1
            ),
            Ok(mac)
        );
    }

    #[test]
    fn ct_eq_lengths() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }
}
