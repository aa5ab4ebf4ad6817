//! From resolved fixtures to what the runner sends: [`Unit`]s of [`UnitStep`]s (compiled
//! template, vars, expectations, kind and contract, route) and the [`Keyring`] they need.
//!
//! Takes plain values ([`BuildOptions`], a [`SecretSpec`], [`SchemeOptions`]), never clap
//! types: `cmd/replay.rs` maps its arguments onto them.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use super::{Expectations, Keyring, Signer, StatusSpec, Target, Unit, UnitStep};
use crate::fixtures::{Compiled, Context, Fixture, Item};
use crate::output::Output;
use crate::platform::Kind;
use crate::secret::SecretSpec;
use crate::webhook::{Headers, Provider, SchemeOptions};

/// What shapes every step, whatever its fixture says.
#[derive(Clone, Copy, Debug)]
pub struct BuildOptions<'a> {
    /// `--provider`: signs every fixture, over the one its folder or envelope names.
    pub provider: Option<Provider>,
    /// whk.toml's provider: signs only the fixtures whose folder or envelope names none.
    pub default_provider: Option<Provider>,
    /// `--unsigned`: send without signatures.
    pub unsigned: bool,
    /// `--keep`: keep the fixture's own ids and timestamps.
    pub keep: bool,
    /// `--var NAME=VALUE`, on top of each fixture's `vars`.
    pub vars: &'a [(String, String)],
    /// `--expect-status`, over the fixture's `expect`.
    pub expect_status: Option<&'a StatusSpec>,
    /// `--deadline`, over the fixture's.
    pub deadline: Option<Duration>,
    /// `-H`: headers that replace the fixture's of the same name.
    pub headers: &'a Headers,
}

/// One unit per single fixture, one per lifecycle (its steps in order).
pub fn build_units(items: &[Item], opts: &BuildOptions) -> anyhow::Result<Vec<Unit>> {
    let mut units = Vec::new();
    for item in items {
        match item {
            Item::Single(f) => units.push(Unit {
                name: f.name.as_str().into(),
                lifecycle: false,
                gap: None,
                steps: vec![unit_step(opts, f, None, Default::default())?],
            }),
            Item::Lifecycle(l) => {
                let mut steps = Vec::new();
                for s in &l.steps {
                    steps.push(unit_step(opts, &s.fixture, s.delay, s.vars.clone())?);
                }
                units.push(Unit {
                    name: l.name.as_str().into(),
                    lifecycle: true,
                    gap: l.gap,
                    steps,
                });
            }
        }
    }
    Ok(units)
}

fn unit_step(
    opts: &BuildOptions,
    f: &Fixture,
    delay: Option<Duration>,
    vars: HashMap<String, String>,
) -> anyhow::Result<UnitStep> {
    let file = f.origin.display();
    let provider = if opts.unsigned {
        None
    } else {
        Some(opts.provider.or(f.provider()).or(opts.default_provider).ok_or_else(|| {
            crate::hinted(
                format!("{file}: which provider signs this fixture?"),
                "pass --provider P, put the file in a folder named after the provider (vapi/, vonage/, …), set \"provider\" in an envelope, or pass --unsigned",
            )
        })?)
    };
    let mut env = f.envelope.clone();
    let extra = opts.headers;
    if !extra.is_empty() {
        let mut h = env.headers.take().unwrap_or_default();
        for n in extra.names() {
            h.retain(|k, _| !k.eq_ignore_ascii_case(n));
        }
        for (n, v) in extra.iter() {
            h.insert(n.to_string(), Value::String(v.to_string()));
        }
        env.headers = Some(h);
    }
    let compiled =
        Compiled::new(&env, opts.keep).map_err(|e| anyhow::anyhow!("bad fixture {file}: {e}"))?;
    let vars = crate::fixtures::template_vars(&f.name, &compiled, vars, opts.vars)?;
    let mut expect = Expectations::resolve(opts.expect_status, opts.deadline, env.expect.as_ref())
        .map_err(|e| anyhow::anyhow!("bad fixture {file}: {e}"))?;
    // The kind and contract from a sample rendering: they depend on the request's shape, not
    // on the values placeholders give it (nor on the time).
    let mut ctx = Context::new(0, crate::clock::Clock::System);
    ctx.set_vars(&vars);
    let (kind, contract) = crate::platform::of_rendered(
        opts.provider.or(f.provider()).or(opts.default_provider),
        &compiled.render(&mut ctx),
    );
    expect.contract = contract;
    Ok(UnitStep {
        fixture: f.name.as_str().into(),
        event: f.event().map(Into::into),
        provider,
        compiled,
        delay,
        vars,
        expect,
        kind,
        target: None,
    })
}

/// One signer per provider the units sign with, its secret found once (named after the first
/// fixture that needs it when it cannot be).
pub fn build_signers(
    units: &[Unit],
    spec: &SecretSpec,
    scheme: &SchemeOptions,
    out: &Output,
) -> anyhow::Result<Keyring> {
    let mut first_use: Vec<(Provider, Arc<str>)> = Vec::new();
    for u in units {
        for s in &u.steps {
            if let Some(p) = s.provider
                && !first_use.iter().any(|(q, _)| *q == p)
            {
                first_use.push((p, s.fixture.clone()));
            }
        }
    }
    let mut signers = Keyring::default();
    for (p, fixture) in first_use {
        let (secret, origin) = Keyring::require(spec, p, &mut |w| out.warn(&w)).map_err(|e| {
            crate::hinted(
                format!("{fixture} is signed with {p}: {e:#}"),
                "or pass --unsigned to send without signatures",
            )
        })?;
        let mut signer = Signer::new(p, scheme, secret)
            .map_err(|e| crate::hinted(e, "see `whk providers` for what each provider takes"))?;
        signer.secret_origin = Some(origin);
        signers.insert(signer);
    }
    Ok(signers)
}

/// Which targets a run uses once `--route`s are applied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoutesUsed {
    /// Some step has no route and goes to the run's default target (`--to`).
    pub default: bool,
    /// Per route, in the order given: some step goes there.
    pub routes: Vec<bool>,
}

/// Give each step of a routed kind its route's target; say which targets the run uses.
pub fn apply_routes(units: &mut [Unit], routes: &[(Kind, Arc<Target>)]) -> RoutesUsed {
    let mut used = RoutesUsed {
        default: false,
        routes: vec![false; routes.len()],
    };
    for step in units.iter_mut().flat_map(|u| u.steps.iter_mut()) {
        match routes.iter().position(|(k, _)| *k == step.kind) {
            Some(i) => {
                step.target = Some(routes[i].1.clone());
                used.routes[i] = true;
            }
            None => used.default = true,
        }
    }
    used
}

/// One request of a dry run: signed as it would be sent, but not sent.
pub struct DryRequest<'a> {
    pub unit: &'a Unit,
    /// The step's position in its unit (0-based).
    pub step_index: usize,
    pub step: &'a UnitStep,
    pub prepared: crate::outbound::Request,
}

/// Render and sign every request a run would send (`--repeat` included), in order, handing
/// each to `each`; nothing is sent.
pub fn dry_run(
    units: &[Unit],
    target: &Target,
    signers: &Keyring,
    repeat: u64,
    clock: &crate::clock::Clock,
    mut each: impl FnMut(DryRequest<'_>),
) -> anyhow::Result<()> {
    for seq in 0..repeat {
        for unit in units {
            let mut ctx = Context::new(seq, clock.clone());
            for (i, step) in unit.steps.iter().enumerate() {
                ctx.step = i as u64;
                ctx.set_vars(&step.vars);
                let rendered = step.compiled.render(&mut ctx);
                let signer = step.provider.and_then(|p| signers.get(p));
                let prepared = super::prepare(
                    &rendered,
                    step.target.as_deref().unwrap_or(target),
                    signer,
                    clock.unix(),
                    Some(&super::runner::delivery_id(step.provider)),
                )
                .map_err(|e| anyhow::anyhow!("{}: cannot sign: {e}", step.fixture))?;
                each(DryRequest {
                    unit,
                    step_index: i,
                    step,
                    prepared,
                });
            }
        }
    }
    Ok(())
}
