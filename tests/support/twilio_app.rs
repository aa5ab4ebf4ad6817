//! A Twilio (or SignalWire cXML) voice app for the `whk call --provider twilio|signalwire`
//! tests: a real HTTP server on 127.0.0.1 (port 0) that checks every request the way
//! twilio-node's `validateRequest` does, records it, and answers through per-path handlers.
//!
//! Verification, as twilio-node `lib/webhooks/webhooks.js` (`getExpectedTwilioSignature`,
//! `validateRequest`) does it, and SignalWire's compatibility SDK (a fork of it) with its
//! signing key:
//! - the data is the full URL the platform requested, then each POST parameter name
//!   (sorted) followed by its value (a repeated name: its values sorted, each appended);
//! - HMAC-SHA1 with the auth token, base64, compared with `X-Twilio-Signature`
//!   (SignalWire: `X-SignalWire-Signature`, else `X-Twilio-Signature`);
//! - it passes when the URL with its default port, or without it, matches (twilio-node
//!   tries both).
//!
//! A request that fails is answered `403` as `twilio.webhook()` middleware does. Ready-made:
//! [`ivr`] (`<Gather>` → `<Dial>`, and a no-input fall-through) and [`signalwire_ivr`].

#![allow(dead_code)]

use base64::Engine as _;
use hmac::{KeyInit, Mac};

use super::replay_server::{Answer, Received};
use super::verifying_app::{App, Handler};

/// The auth token the apps verify with; pass it to whk as `--secret`.
pub const AUTH_TOKEN: &str = "whk-twilio-test-auth-token-0123456789ab";

/// One request and what the app made of its signature (`Ok(())` when it verified).
pub type Hit = super::verifying_app::Hit<()>;

/// A running app.
pub type TwilioApp = App<()>;

impl Hit {
    /// The form fields (POST body, or a GET's query), in the order sent.
    pub fn params(&self) -> Vec<(String, String)> {
        params_of(&self.request)
    }

    pub fn param(&self, key: &str) -> Option<String> {
        self.params()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
}

fn params_of(r: &Received) -> Vec<(String, String)> {
    let raw: &[u8] = if r.method == "GET" {
        r.path_and_query
            .split_once('?')
            .map(|(_, q)| q.as_bytes())
            .unwrap_or(b"")
    } else {
        &r.body
    };
    form_urlencoded::parse(raw).into_owned().collect()
}

/// Routes for an app, then [`AppBuilder::start`].
pub struct AppBuilder {
    token: String,
    signalwire: bool,
    routes: Vec<(String, Handler)>,
}

impl TwilioApp {
    /// An app verifying with [`AUTH_TOKEN`]; `/status` answers 204 unless a route says
    /// otherwise.
    pub fn builder() -> AppBuilder {
        AppBuilder {
            token: AUTH_TOKEN.to_string(),
            signalwire: false,
            routes: Vec::new(),
        }
    }

    /// `CallStatus` and `SequenceNumber` of every status callback, in the order received.
    pub fn statuses(&self) -> Vec<(String, String)> {
        self.hits_on("/status")
            .iter()
            .map(|h| {
                (
                    h.param("CallStatus").unwrap_or_default(),
                    h.param("SequenceNumber").unwrap_or_default(),
                )
            })
            .collect()
    }
}

impl AppBuilder {
    /// Verify with another token (an app configured with the wrong one).
    pub fn token(mut self, token: &str) -> AppBuilder {
        self.token = token.to_string();
        self
    }

    /// A SignalWire app: reads `X-SignalWire-Signature` first.
    pub fn signalwire(mut self) -> AppBuilder {
        self.signalwire = true;
        self
    }

    pub fn route(
        mut self,
        path: &str,
        handler: impl Fn(&Received) -> Answer + Send + Sync + 'static,
    ) -> AppBuilder {
        super::verifying_app::route(&mut self.routes, path, handler);
        self
    }

    pub fn start(self) -> TwilioApp {
        let AppBuilder {
            token,
            signalwire,
            routes,
        } = self;
        let verify = move |r: &Received| {
            let header = if signalwire {
                r.headers
                    .get("x-signalwire-signature")
                    .or_else(|| r.headers.get("x-twilio-signature"))
            } else {
                r.headers.get("x-twilio-signature")
            };
            let params = if r.method == "GET" {
                Vec::new()
            } else {
                params_of(r)
            };
            if validate_request(&token, header.unwrap_or(""), &r.url, &params) {
                Ok(())
            } else {
                Err(format!("bad signature {header:?} for {}", r.url))
            }
        };
        // Refused as `twilio.webhook()` middleware does.
        let refuse = |_: &str| Answer {
            body: b"Twilio Request Validation Failed.".to_vec(),
            content_type: "text/plain",
            ..Answer::status(403)
        };
        let unrouted = |path: &str| match path {
            "/status" | "/recording" => Answer {
                body: Vec::new(),
                ..Answer::status(204)
            },
            _ => Answer {
                body: b"not found".to_vec(),
                content_type: "text/plain",
                ..Answer::status(404)
            },
        };
        App::start(routes, verify, refuse, unrouted)
    }
}

/// twilio-node `getExpectedTwilioSignature(authToken, url, params)`.
pub fn expected_signature(token: &str, url: &str, params: &[(String, String)]) -> String {
    let mut keys: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort();
    keys.dedup();
    let mut data = url.to_string();
    for k in keys {
        let mut values: Vec<&str> = params
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .collect();
        values.sort();
        for v in values {
            data.push_str(k);
            data.push_str(v);
        }
    }
    let mut mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(token.as_bytes()).unwrap();
    mac.update(data.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// twilio-node `validateRequest(authToken, twilioHeader, url, params)`: the URL with its
/// default port or without it, compared in constant time.
pub fn validate_request(token: &str, header: &str, url: &str, params: &[(String, String)]) -> bool {
    let Ok(u) = url::Url::parse(url) else {
        return false;
    };
    let mut with_port = u.clone();
    if with_port.port().is_none() {
        let _ = with_port.set_port(with_port.port_or_known_default());
    }
    let mut without_port = u.clone();
    if without_port.port() == without_port.port_or_known_default() {
        let _ = without_port.set_port(None);
    }
    [with_port.as_str(), without_port.as_str(), url]
        .iter()
        .any(|candidate| {
            let want = expected_signature(token, candidate, params);
            constant_eq(want.as_bytes(), header.as_bytes())
        })
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A TwiML reply (`text/xml`).
pub fn twiml(body: &str) -> Answer {
    Answer {
        body: body.as_bytes().to_vec(),
        content_type: "text/xml",
        ..Answer::status(200)
    }
}

/// The IVR: a one-digit `<Gather>` menu (action `/menu`, relative) whose no-input path falls
/// through to a goodbye; `/menu` dials sales (`+447700900002`) for 1, the `support` client for
/// 2, and redirects to `/voice` otherwise; `/dial-status` hangs up after a completed call and
/// apologises otherwise.
pub fn ivr() -> TwilioApp {
    ivr_on(TwilioApp::builder())
}

/// The same IVR as a SignalWire cXML app.
pub fn signalwire_ivr() -> TwilioApp {
    ivr_on(TwilioApp::builder().signalwire())
}

fn ivr_on(b: AppBuilder) -> TwilioApp {
    b.route("/voice", |_| {
        twiml(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Gather numDigits="1" action="/menu" timeout="5">
    <Say>Welcome to Acme. Press 1 for sales, 2 for support.</Say>
  </Gather>
  <Say>We did not hear from you. Goodbye.</Say>
  <Hangup/>
</Response>"#,
        )
    })
    .route("/menu", |r| {
        let digits = r.form("Digits").unwrap_or_default();
        match digits.as_str() {
            "1" => twiml(
                r#"<Response><Say>Connecting you to sales.</Say><Dial action="/dial-status" timeout="20"><Number>+447700900002</Number></Dial></Response>"#,
            ),
            "2" => twiml(
                r#"<Response><Dial action="dial-status"><Client>support</Client></Dial></Response>"#,
            ),
            _ => twiml(r#"<Response><Redirect>/voice</Redirect></Response>"#),
        }
    })
    .route("/dial-status", |r| {
        if r.form("DialCallStatus").as_deref() == Some("completed") {
            twiml("<Response><Hangup/></Response>")
        } else {
            twiml("<Response><Say>Sorry, nobody is free. Goodbye.</Say></Response>")
        }
    })
    .start()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// twilio-node's documented example (api-snippets `signature_validation.3.x.js`).
    #[test]
    fn matches_twilio_nodes_known_answer() {
        let params: Vec<(String, String)> = [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675310"),
            ("Digits", "1234"),
            ("From", "+14158675310"),
            ("To", "+18005551212"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assert_eq!(
            expected_signature("12345", url, &params),
            "GvWf1cFY/Q7PnoempGyD5oXAezc="
        );
        assert!(validate_request(
            "12345",
            "GvWf1cFY/Q7PnoempGyD5oXAezc=",
            url,
            &params
        ));
        assert!(!validate_request(
            "12346",
            "GvWf1cFY/Q7PnoempGyD5oXAezc=",
            url,
            &params
        ));
    }
}
