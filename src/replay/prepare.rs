//! Rendered request + target + signer → an outbound [`Request`], ready to send or print.
//!
//! Signing happens here, at send time, with the one `outbound::sign_request`: a fresh
//! timestamp for every attempt, so tolerance windows pass however long a run takes.
//! URL-signed schemes (Twilio, SignalWire) sign exactly the URL that is sent.

use bytes::Bytes;

use crate::fixtures::Rendered;
use crate::fixtures::envelope::HOP_HEADERS;
use crate::outbound::{Request, SignError, Signer, Target, sign_request};
use crate::webhook::Headers;

/// Sign `rendered` for `target` at unix time `now`. `id` is the delivery id for schemes that
/// carry one, so retries and duplicates of one delivery share it.
pub fn prepare(
    rendered: &Rendered,
    target: &Target,
    signer: Option<&Signer>,
    now: i64,
    id: Option<&str>,
) -> Result<Request, SignError> {
    let mut headers = Headers::new();
    for (n, v) in rendered.headers.iter() {
        if !HOP_HEADERS.contains(&n.to_ascii_lowercase().as_str()) {
            headers.push(n, v);
        }
    }
    let mut req = Request::new(
        &rendered.method,
        target,
        target.request_target(&rendered.path, &rendered.query),
        headers,
        Bytes::from(rendered.body.clone()),
    );
    req.signed_at = now;
    if let Some(signer) = signer {
        sign_request(&mut req, signer, now, id, None)?;
    }
    Ok(req)
}
