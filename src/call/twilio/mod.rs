//! A Twilio Programmable Voice call, or a SignalWire compatibility (cXML) call, as the
//! platform plays it: the voice request (form fields, `X-Twilio-Signature` over the exact
//! URL), the TwiML document run verb by verb ([`verbs`], one file per verb) on the call's
//! clock, each new document replacing the running one, and the call's status callbacks
//! ([`status`]).
//!
//! The two platforms differ where they really do ([`Flavour`]): ids (`CA…`/`AC…` against
//! UUIDs), the signature scheme (the signer's), and SignalWire sending both `answered` and
//! `in-progress` to a status callback subscribed to `answered`.

pub mod status;
pub mod twiml;
pub mod verbs;

use serde_json::{Map, Value};

use self::twiml::Verb;
use super::engine::{Call, Runaway};
use super::sender::{Encoding, Hook, Retry};
use super::timeline::EndedBy;
use crate::detail;
use crate::platform::Contract;

/// `ApiVersion` of every request (Twilio's, and SignalWire's compatibility API's).
pub const API_VERSION: &str = "2010-04-01";

/// How long Twilio waits for the app's answer to any webhook (its default read timeout,
/// `rt=15000` in the webhook connection overrides).
pub const DEADLINE: std::time::Duration = std::time::Duration::from_secs(15);

/// Which platform plays the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    Twilio,
    SignalWire,
}

impl Flavour {
    pub fn of(provider: &str) -> Flavour {
        if provider == "signalwire" {
            Flavour::SignalWire
        } else {
            Flavour::Twilio
        }
    }
}

/// The Twilio (or SignalWire) side of a call in progress.
pub struct Twilio<'c, 'a> {
    pub call: &'c mut Call<'a>,
    pub flavour: Flavour,
    pub call_sid: String,
    pub account_sid: String,
    pub from: String,
    pub to: String,
    /// `inbound` or `outbound-api`.
    pub direction: String,
    /// `CallStatus` of the call now: `ringing`, `in-progress`, then the final one.
    pub call_status: String,
    /// The URL of the running document (relative URLs resolve against it; `<Gather>` and
    /// `<Record>` default their `action` to it).
    pub doc_url: String,
    /// The next status callback's `SequenceNumber` (from 0).
    pub sequence: u64,
    /// When the call was answered (ms since its start).
    pub answered_ms: Option<u64>,
    /// Set while a `<Gather>`'s prompt plays and the caller barges in: the prompt stops this
    /// long after it starts (see `verbs::gather`).
    pub barge_after: Option<std::time::Duration>,
}

/// What the document does next after a verb.
#[derive(Debug)]
pub enum Flow {
    Next,
    /// A new document (fetched from `url`) replaces the running one.
    Replace {
        verbs: Vec<Verb>,
        url: String,
    },
    End(EndedBy),
}

/// What came of asking the app for TwiML.
pub enum Fetched {
    Doc(Vec<Verb>),
    /// The app answered but not with usable TwiML (the findings are on the call).
    Broken,
    /// The app could not be reached at all.
    Unreachable(String),
}

/// Play the call.
pub async fn run(call: &mut Call<'_>) {
    let s = call.scenario;
    let flavour = Flavour::of(&s.provider);
    let (call_sid, account_sid) = match flavour {
        Flavour::Twilio => (
            format!("CA{}", call.ids.hex32()),
            format!("AC{}", call.ids.hex32()),
        ),
        Flavour::SignalWire => (call.ids.uuid(), call.ids.uuid()),
    };
    call.run.uuid = call_sid.clone();
    let outbound = s.call.direction.as_deref() == Some("outbound");
    let mut t = Twilio {
        call,
        flavour,
        call_sid,
        account_sid,
        from: e164(
            s.call
                .from
                .as_deref()
                .unwrap_or(super::scenario::DEFAULT_FROM),
        ),
        to: e164(s.call.to.as_deref().unwrap_or(super::scenario::DEFAULT_TO)),
        direction: if outbound { "outbound-api" } else { "inbound" }.into(),
        call_status: "ringing".into(),
        doc_url: s.voice_url.clone().unwrap_or_default(),
        sequence: 0,
        answered_ms: None,
        barge_after: None,
    };
    t.progress(&["initiated", "ringing"]).await;
    // A call made through the API is answered, then asks the voice URL; an inbound call asks
    // it while ringing and is answered when its TwiML starts.
    if outbound {
        t.answer().await;
    }
    let url = t.doc_url.clone();
    let method = s.voice_method.clone().unwrap_or_else(|| "POST".into());
    let (fetched, url) = t
        .fetch_or_fallback("voice", "voice", url, method, Vec::new())
        .await;
    let doc = match fetched {
        Fetched::Doc(d) => d,
        Fetched::Unreachable(why) => {
            t.call.run.unreachable = Some(format!("the voice URL cannot be reached: {why}"));
            t.call.end(EndedBy::Platform);
            return;
        }
        Fetched::Broken => {
            // Twilio answers to say "an application error has occurred" and hangs up: the
            // call is `completed` (what its billing and status callbacks show).
            if !outbound {
                t.answer().await;
            }
            t.call.push_event(
                "ended",
                detail!("by": "platform", "reason": "no usable TwiML from the voice URL"),
            );
            t.call.end(EndedBy::Platform);
            t.finish("completed").await;
            return;
        }
    };
    let rejects = doc.first().is_some_and(|v| v.name == "Reject");
    if !outbound && !rejects {
        t.answer().await;
    }
    t.run_doc(doc, url).await;
    let last = if t.answered_ms.is_some() {
        "completed".to_string()
    } else {
        t.call_status.clone()
    };
    t.finish(&last).await;
}

impl Twilio<'_, '_> {
    /// The call is answered now.
    async fn answer(&mut self) {
        self.call.answered();
        self.answered_ms = Some(self.call.mark());
        self.call_status = "in-progress".into();
        self.progress(&["answered"]).await;
    }

    /// The call is over: its final status, then the `completed` callback.
    async fn finish(&mut self, status: &str) {
        self.call_status = status.to_string();
        self.progress(&["completed"]).await;
    }

    /// Run a document to its end, following replacements.
    async fn run_doc(&mut self, first: Vec<Verb>, url: String) {
        let mut doc = first.into_iter();
        self.doc_url = url;
        let mut index = 0;
        let mut guard = Runaway::default();
        loop {
            let Some(verb) = doc.next() else {
                self.call
                    .push_event("ended", detail!("by": "app", "reason": "the TwiML ran out"));
                self.call.end(EndedBy::App);
                return;
            };
            if guard.tick(self.call.mark()) {
                self.call.ran_away(
                    "TwiML verbs",
                    "the app's documents keep coming back to themselves",
                    "end the document (<Hangup/>) on some path; a <Redirect> or an action without a URL comes back to the document's own URL",
                );
                return;
            }
            match verbs::run(self, &verb, index).await {
                Flow::Next => index += 1,
                Flow::Replace { verbs, url } => {
                    doc = verbs.into_iter();
                    self.doc_url = url;
                    index = 0;
                }
                Flow::End(by) => {
                    self.call.end(by);
                    return;
                }
            }
        }
    }

    /// The standard parameters of every request about the call, in Twilio's order.
    pub fn params(&self) -> Map<String, Value> {
        let mut m = Map::new();
        for (k, v) in [
            ("AccountSid", &self.account_sid),
            ("ApiVersion", &API_VERSION.to_string()),
            ("CallSid", &self.call_sid),
            ("CallStatus", &self.call_status),
            ("Called", &self.to),
            ("Caller", &self.from),
            ("Direction", &self.direction),
            ("From", &self.from),
            ("To", &self.to),
        ] {
            m.insert(k.into(), Value::from(v.as_str()));
        }
        m
    }

    /// A form-encoded request about the call (tried again only when the connection failed).
    pub fn hook(
        &self,
        kind: &'static str,
        name: &str,
        url: String,
        method: String,
        payload: Map<String, Value>,
    ) -> Hook {
        Hook {
            encoding: Encoding::Form,
            kind,
            name: name.into(),
            leg: Some(self.call_sid.clone()),
            method,
            url,
            payload: Value::Object(payload),
            contract: None,
            deadline: self.call.ctx.deadlines.event,
            retry: Retry::OnConnect,
            original_type: "event",
        }
    }

    /// Ask the app for TwiML ([`Self::fetch_coded`]), and when it gives none, the number's
    /// voice fallback URL (`voice_fallback_url`), as Twilio does: the same parameters plus `ErrorCode` (11205:
    /// the connection failed, 11200: no good HTTP answer, 12100: the TwiML did not parse or
    /// broke the contract) and `ErrorUrl`. Returns what came back and the URL the document is
    /// from (relative URLs in it resolve against that).
    pub async fn fetch_or_fallback(
        &mut self,
        kind: &'static str,
        name: &str,
        url: String,
        method: String,
        extra: Vec<(&str, String)>,
    ) -> (Fetched, String) {
        let (fetched, code) = self
            .fetch_coded(kind, name, url.clone(), method.clone(), extra.clone())
            .await;
        let (Some(fallback), Some(code)) = (self.call.scenario.voice_fallback_url.clone(), code)
        else {
            return (fetched, url);
        };
        let mut extra = extra;
        extra.push(("ErrorCode", code.to_string()));
        extra.push(("ErrorUrl", url));
        let (again, _) = self
            .fetch_coded("fallback", name, fallback.clone(), method, extra)
            .await;
        (again, fallback)
    }

    /// Ask the app for TwiML: the call's parameters plus `extra`, held to the TwiML contract;
    /// with Twilio's error code when it gave no document.
    async fn fetch_coded(
        &mut self,
        kind: &'static str,
        name: &str,
        url: String,
        method: String,
        extra: Vec<(&str, String)>,
    ) -> (Fetched, Option<u32>) {
        let payload = self.params_with(extra);
        let mut hook = self.hook(kind, name, url, method, payload);
        hook.contract = Some(Contract::Twiml);
        hook.deadline = self.call.ctx.deadlines.answer;
        let reply = self.call.send(hook).await;
        if let Some(why) = reply.unreachable {
            return (Fetched::Unreachable(why), Some(11205));
        }
        let two_xx = reply.status.is_some_and(|s| (200..300).contains(&s));
        if !reply.ok {
            return (Fetched::Broken, Some(if two_xx { 12100 } else { 11200 }));
        }
        match twiml::parse(&reply.body) {
            Ok(doc) => (Fetched::Doc(doc), None),
            Err(_) => (Fetched::Broken, Some(12100)),
        }
    }

    /// The call's parameters plus a verb's own.
    pub fn params_with(&self, extra: Vec<(&str, String)>) -> Map<String, Value> {
        let mut payload = self.params();
        for (k, v) in extra {
            payload.insert(k.into(), Value::from(v));
        }
        payload
    }

    /// A verb's `action` request after the caller hung up: sent as Twilio does, its reply
    /// not run.
    pub async fn after_hangup(
        &mut self,
        name: &str,
        url: String,
        method: String,
        extra: Vec<(&str, String)>,
    ) {
        let hook = self.hook("action", name, url, method, self.params_with(extra));
        self.call.send(hook).await;
    }

    /// Fetch the next document from a verb's `action` (or `<Redirect>`): it replaces the
    /// running one. When the app cannot give one, the platform ends the call (Twilio says
    /// "an application error has occurred").
    pub async fn follow(
        &mut self,
        name: &str,
        url: String,
        method: String,
        extra: Vec<(&str, String)>,
    ) -> Flow {
        match self
            .fetch_or_fallback("action", name, url, method, extra)
            .await
        {
            (Fetched::Doc(verbs), url) => Flow::Replace { verbs, url },
            (Fetched::Broken | Fetched::Unreachable(_), _) => {
                self.call.push_event(
                    "ended",
                    detail!("by": "platform", "reason": format!("no usable TwiML from the <{name}> action")),
                );
                Flow::End(EndedBy::Platform)
            }
        }
    }

    /// `href` resolved against the running document's URL.
    pub fn resolve(&self, href: &str) -> String {
        match url::Url::parse(&self.doc_url).and_then(|base| base.join(href.trim())) {
            Ok(u) => u.to_string(),
            Err(_) => href.trim().to_string(),
        }
    }

    /// A verb's `action` resolved, else the document's own URL.
    pub fn action_url(&self, verb: &Verb) -> String {
        match verb.attr("action") {
            Some(a) if !a.trim().is_empty() => self.resolve(a),
            _ => self.doc_url.clone(),
        }
    }

    /// Whole seconds since the call was answered (0 before).
    pub fn answered_for_secs(&self) -> u64 {
        self.call
            .mark()
            .saturating_sub(self.answered_ms.unwrap_or(self.call.mark()))
            / 1000
    }

    /// The next caller step, without taking it.
    pub fn peek_step(&self) -> Option<&super::scenario::CallerStep> {
        self.call.scenario.caller.get(self.call.next_step)
    }

    /// The next caller step, if any is left.
    pub fn next_step(&mut self) -> Option<super::scenario::CallerStep> {
        let step = self.call.scenario.caller.get(self.call.next_step).cloned();
        if step.is_some() {
            self.call.next_step += 1;
        }
        step
    }
}

/// A number as Twilio writes it: E.164 with `+` (SIP and client addresses as they are).
pub fn e164(n: &str) -> String {
    if n.starts_with('+') || n.contains(':') || !n.chars().all(|c| c.is_ascii_digit()) {
        n.to_string()
    } else {
        format!("+{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_e164_and_addresses_as_they_are() {
        assert_eq!(e164("447700900000"), "+447700900000");
        assert_eq!(e164("+15550100"), "+15550100");
        assert_eq!(e164("sip:alice@example.com"), "sip:alice@example.com");
        assert_eq!(e164("client:support"), "client:support");
    }
}
