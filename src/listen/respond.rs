//! The replies whk itself gives: the default acknowledgement (or what the platform expects), `--status`/`--respond`,
//! `--answer`, `--fail-first`, refusals, and the stand-in when the app behind `--forward-to`
//! cannot be reached. The server picks one; this says what each looks like.

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use hyper::{Response, StatusCode};

use super::delivery::{ContractCheck, Forward, Rejected, Reply, ReplySource};
use super::forward::AppReply;
use super::ncco::NccoReport;
use crate::platform::{Contract, DefaultAnswer};

const JSON: &str = "application/json";

fn json_error(message: &str) -> Bytes {
    Bytes::from(serde_json::json!({ "error": message }).to_string())
}

impl Reply {
    /// `200 {"received":true,"seq":N}`, or `--status`.
    pub fn default_ack(status: u16, seq: u64) -> Reply {
        Reply {
            status,
            source: ReplySource::Default,
            content_type: Some(JSON.into()),
            body: Bytes::from(format!("{{\"received\":true,\"seq\":{seq}}}")),
            ncco: None,
            contract: None,
        }
    }

    /// What the platform expects, when it expects something (a one-`talk` NCCO, TwiML, a
    /// result per tool call, an assistant), with `--status`.
    pub fn platform_default(status: u16, contract: Contract, answer: &DefaultAnswer) -> Reply {
        Reply {
            status,
            source: ReplySource::Default,
            content_type: Some(answer.content_type.into()),
            body: Bytes::from(answer.body.clone()),
            ncco: None,
            contract: Some(ContractCheck {
                contract,
                failures: Vec::new(),
            }),
        }
    }

    /// `--respond FILE` (with `--status`).
    pub fn file(status: u16, body: Bytes, content_type: &str) -> Reply {
        Reply {
            status,
            source: ReplySource::File,
            content_type: Some(content_type.into()),
            body,
            ncco: None,
            contract: None,
        }
    }

    /// `--answer NCCO_FILE` (linted at start).
    pub fn answer(ncco: Bytes) -> Reply {
        Reply {
            status: 200,
            source: ReplySource::Answer,
            content_type: Some(JSON.into()),
            body: ncco,
            ncco: None,
            contract: None,
        }
    }

    /// `--fail-first N`: a 500 on purpose.
    pub fn fail_first(n: u32, attempt: u32) -> Reply {
        Reply {
            status: 500,
            source: ReplySource::FailFirst,
            content_type: Some(JSON.into()),
            body: json_error(&format!(
                "failing on purpose (--fail-first {n}): attempt {attempt}"
            )),
            ncco: None,
            contract: None,
        }
    }

    /// `--record` could not write the delivery: not acknowledged, so the sender retries.
    pub fn record_failed(error: &str) -> Reply {
        Reply {
            status: 500,
            source: ReplySource::RecordFailed,
            content_type: Some(JSON.into()),
            body: json_error(&format!("whk could not record this delivery: {error}")),
            ncco: None,
            contract: None,
        }
    }

    /// The listener was stopped at once before this delivery was answered: what it would
    /// say if it could (the connection is closed instead, so nothing is sent).
    pub fn cut_off() -> Reply {
        Reply {
            status: 503,
            source: ReplySource::CutOff,
            content_type: Some(JSON.into()),
            body: json_error("whk listen was stopped before answering"),
            ncco: None,
            contract: None,
        }
    }

    /// A body that was not accepted: 413, 408 or 400.
    pub fn refused(r: &Rejected) -> Reply {
        let status = match r {
            Rejected::TooLarge { .. } => 413,
            Rejected::BodyTimeout(_) => 408,
            Rejected::BodyError(_) => 400,
        };
        Reply {
            status,
            source: ReplySource::Refused,
            content_type: Some(JSON.into()),
            body: json_error(&r.describe()),
            ncco: None,
            contract: None,
        }
    }

    /// The app answered: its status and body (the headers go separately).
    pub fn app(app: &AppReply, ncco: Option<NccoReport>, contract: Option<ContractCheck>) -> Reply {
        Reply {
            status: app.status.as_u16(),
            source: ReplySource::App,
            content_type: app
                .headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            body: app.body.clone(),
            ncco,
            contract,
        }
    }

    /// The app could not be reached (502) or did not answer in time (504).
    pub fn app_error(f: &Forward) -> Reply {
        Reply {
            status: if f.timed_out { 504 } else { 502 },
            source: ReplySource::AppError,
            content_type: Some(JSON.into()),
            body: json_error(&format!(
                "whk listen could not get an answer from {}: {}",
                f.url,
                f.error.as_deref().unwrap_or("unknown error")
            )),
            ncco: None,
            contract: None,
        }
    }

    /// The HTTP response: the app's own headers when forwarded, else a Content-Type.
    pub fn to_response(&self, app_headers: Option<HeaderMap>) -> Response<Full<Bytes>> {
        let mut r = Response::new(Full::new(self.body.clone()));
        *r.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match app_headers {
            Some(h) => *r.headers_mut() = h,
            None => {
                if let Some(ct) = &self.content_type
                    && let Ok(v) = HeaderValue::from_str(ct)
                {
                    r.headers_mut().insert(CONTENT_TYPE, v);
                }
            }
        }
        r
    }
}
