//! What the call tests' sample apps share (`vonage_app`, `twilio_app`): a real HTTP server on
//! 127.0.0.1 (port 0) that checks every request with the provider's verifier, records it with
//! its verdict, refuses it when the check fails, and otherwise answers through the test's
//! per-path handlers. Each provider's module supplies the verifier, the refusal and the answer
//! for paths without a route, plus its own readers of a [`Hit`].

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use super::replay_server::{Answer, Received, Server};

/// What one route answers, given the request (its `url` says which host to point back to).
pub type Handler = Arc<dyn Fn(&Received) -> Answer + Send + Sync>;

/// One request and what the app made of its signature: `Ok` with what the verifier read
/// (Vonage: the JWT claims; Twilio: nothing), else why it was refused.
#[derive(Clone, Debug)]
pub struct Hit<V> {
    pub request: Received,
    pub verdict: Result<V, String>,
}

impl<V> Hit<V> {
    pub fn path(&self) -> &str {
        path_of(&self.request)
    }
}

fn path_of(r: &Received) -> &str {
    r.path_and_query.split('?').next().unwrap_or("/")
}

/// A running app.
pub struct App<V> {
    server: Server,
    hits: Arc<Mutex<Vec<Hit<V>>>>,
}

impl<V: Clone + Send + 'static> App<V> {
    /// Serve `routes`, checking each request with `verify`; a refused one gets `refuse(why)`,
    /// a path without a route `unrouted(path)`.
    pub fn start(
        routes: Vec<(String, Handler)>,
        verify: impl Fn(&Received) -> Result<V, String> + Send + Sync + 'static,
        refuse: impl Fn(&str) -> Answer + Send + Sync + 'static,
        unrouted: impl Fn(&str) -> Answer + Send + Sync + 'static,
    ) -> App<V> {
        let hits: Arc<Mutex<Vec<Hit<V>>>> = Arc::default();
        let log = hits.clone();
        let server = Server::with(move |r, _| {
            let verdict = verify(r);
            log.lock().unwrap().push(Hit {
                request: r.clone(),
                verdict: verdict.clone(),
            });
            if let Err(why) = verdict {
                return refuse(&why);
            }
            let path = path_of(r);
            match routes.iter().find(|(p, _)| p == path) {
                Some((_, h)) => h(r),
                None => unrouted(path),
            }
        });
        App { server, hits }
    }

    /// `http://127.0.0.1:PORT` (no trailing slash): what `whk call --to` takes.
    pub fn base(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }

    pub fn hits(&self) -> Vec<Hit<V>> {
        self.hits.lock().unwrap().clone()
    }

    /// Requests to `path`, in the order received.
    pub fn hits_on(&self, path: &str) -> Vec<Hit<V>> {
        self.hits()
            .into_iter()
            .filter(|h| h.path() == path)
            .collect()
    }

    /// Requests whose check failed, with the reason.
    pub fn refused(&self) -> Vec<(String, String)> {
        self.hits()
            .into_iter()
            .filter_map(|h| {
                h.verdict
                    .as_ref()
                    .err()
                    .map(|e| (h.request.path_and_query.clone(), e.clone()))
            })
            .collect()
    }
}

/// Routes for an app, as its builder collects them.
pub fn route(
    routes: &mut Vec<(String, Handler)>,
    path: &str,
    handler: impl Fn(&Received) -> Answer + Send + Sync + 'static,
) {
    routes.push((path.to_string(), Arc::new(handler)));
}
