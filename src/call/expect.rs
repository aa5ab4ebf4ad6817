//! A scenario's `expect` list held against the finished call: one finding per expectation
//! that did not hold, saying what was expected and what happened instead.
//!
//! | expectation | holds when | code |
//! |---|---|---|
//! | `said` | some `talk` text contains it (case-sensitive) | `call.expect_said` |
//! | `input` | some `input` received those digits / that speech / nothing (`silence`) | `call.expect_input` |
//! | `connected` | a `connect` to it was answered (by a person or a machine) | `call.expect_connected` |
//! | `recorded` | a recording was made (`true`) or none (`false`) | `call.expect_recorded` |
//! | `ended_by` | the call was ended by them | `call.expect_ended_by` |
//! | `max_duration` | the call lasted at most that long | `call.expect_max_duration` |
//! | `tool_calls_answered` | (Vapi) every tool call got a result (`true`), or some did not (`false`) | `call.expect_tool_calls_answered` |
//! | `result_contains` | (Vapi) some tool result contains it (case-sensitive) | `call.expect_result_contains` |
//! | `assistant` | (Vapi) the call ran with this assistant (id, else name) | `call.expect_assistant` |
//! | `ended_reason` | (Vapi) the call's `endedReason` is this | `call.expect_ended_reason` |

use crate::call::scenario::{CallerStep, Expect, Scenario};
use crate::call::timeline::CallRun;
use crate::call::vapi;
use crate::finding::{Code, Finding, Location};
use crate::output::format::duration_written;

pub const EXPECT_SAID: Code = Code::of("call.expect_said");
pub const EXPECT_INPUT: Code = Code::of("call.expect_input");
pub const EXPECT_CONNECTED: Code = Code::of("call.expect_connected");
pub const EXPECT_RECORDED: Code = Code::of("call.expect_recorded");
pub const EXPECT_ENDED_BY: Code = Code::of("call.expect_ended_by");
pub const EXPECT_MAX_DURATION: Code = Code::of("call.expect_max_duration");
pub const EXPECT_TOOL_CALLS_ANSWERED: Code = Code::of("call.expect_tool_calls_answered");
pub const EXPECT_RESULT_CONTAINS: Code = Code::of("call.expect_result_contains");
pub const EXPECT_ASSISTANT: Code = Code::of("call.expect_assistant");
pub const EXPECT_ENDED_REASON: Code = Code::of("call.expect_ended_reason");

/// The findings for `scenario.expect` against `run`, in the order the expectations are
/// written; none when every one held.
pub fn evaluate(scenario: &Scenario, run: &CallRun) -> Vec<Finding> {
    scenario
        .expect
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            check(e, run).map(|f| f.at(Location::JsonPath(format!("$.expect[{i}]"))))
        })
        .collect()
}

/// The finding for one expectation, or `None` when it held.
fn check(expect: &Expect, run: &CallRun) -> Option<Finding> {
    match expect {
        Expect::Said(text) => {
            let said = run.said();
            if said.iter().any(|s| s.contains(text.as_str())) {
                return None;
            }
            let what = if said.is_empty() {
                "no talk ran".to_string()
            } else {
                format!("the talks said {}", quoted_list(&said))
            };
            Some(
                Finding::error(
                    EXPECT_SAID,
                    format!("expected a talk to say {text:?}; {what}"),
                )
                .with_hint("`said` matches part of a talk's text, case-sensitive"),
            )
        }
        Expect::Input(want) => {
            let inputs = run.inputs();
            if inputs.iter().any(|got| same_input(want, got)) {
                return None;
            }
            let what = if inputs.is_empty() {
                "no input ran".to_string()
            } else {
                let got: Vec<String> = inputs.iter().map(CallerStep::describe).collect();
                format!("the inputs received {}", got.join(", "))
            };
            let mut f = Finding::error(
                EXPECT_INPUT,
                format!("expected an input to receive {}; {what}", want.describe()),
            );
            if inputs.is_empty() {
                f = f.with_hint(
                    "the NCCO never reached an input action: check the answer NCCO and the caller steps",
                );
            }
            Some(f)
        }
        Expect::Connected(target) => {
            if run.connected().iter().any(|t| t == target) {
                return None;
            }
            let connects = run.connects();
            let what = if connects.is_empty() {
                "no connect ran".to_string()
            } else {
                let got: Vec<String> = connects
                    .iter()
                    .map(|(t, o)| format!("{t} → {}", o.as_str()))
                    .collect();
                format!("the connects were {}", got.join(", "))
            };
            let mut f = Finding::error(
                EXPECT_CONNECTED,
                format!("expected a connect to {target} to be answered; {what}"),
            );
            if let Some((_, o)) = connects.iter().find(|(t, _)| t == target) {
                f = f.with_hint(format!(
                    "the scenario's `callee` makes {target} answer {}",
                    o.as_str()
                ));
            }
            Some(f)
        }
        Expect::Recorded(want) => {
            let n = run.recordings();
            if (n > 0) == *want {
                return None;
            }
            let message = if *want {
                "expected a recording; no record action produced one".to_string()
            } else {
                format!(
                    "expected no recording; {n} {} made",
                    if n == 1 {
                        "recording was"
                    } else {
                        "recordings were"
                    }
                )
            };
            Some(Finding::error(EXPECT_RECORDED, message))
        }
        Expect::EndedBy(who) => {
            let got = run.ended_by.as_str();
            if got == who {
                return None;
            }
            Some(Finding::error(
                EXPECT_ENDED_BY,
                format!("expected the call to be ended by the {who}; the {got} ended it"),
            ))
        }
        Expect::MaxDuration(max) => {
            if run.duration <= *max {
                return None;
            }
            Some(Finding::error(
                EXPECT_MAX_DURATION,
                format!(
                    "expected the call to last at most {}; it lasted {}",
                    duration_written(*max),
                    duration_written(run.duration)
                ),
            ))
        }
        Expect::ToolCallsAnswered(want) => {
            let tools = vapi::tool_outcomes(run);
            let missed: Vec<&str> = tools
                .iter()
                .filter(|t| !t.answered)
                .map(|t| t.name.as_str())
                .collect();
            let all = !tools.is_empty() && missed.is_empty();
            if all == *want {
                return None;
            }
            let message = match (want, tools.is_empty()) {
                (true, true) => "expected the tool calls to be answered; no tool call ran".into(),
                (true, false) => format!(
                    "expected every tool call to be answered; no result for {}",
                    quoted_list(&missed)
                ),
                (false, _) => {
                    "expected some tool call to go unanswered; every one was answered".to_string()
                }
            };
            Some(Finding::error(EXPECT_TOOL_CALLS_ANSWERED, message))
        }
        Expect::ResultContains(text) => {
            let tools = vapi::tool_outcomes(run);
            if tools
                .iter()
                .any(|t| t.answered && t.result.contains(text.as_str()))
            {
                return None;
            }
            let results: Vec<&str> = tools.iter().map(|t| t.result.as_str()).collect();
            let what = if results.is_empty() {
                "no tool call ran".to_string()
            } else {
                format!("the results were {}", quoted_list(&results))
            };
            Some(
                Finding::error(
                    EXPECT_RESULT_CONTAINS,
                    format!("expected a tool result containing {text:?}; {what}"),
                )
                .with_hint("`result_contains` matches part of a result, case-sensitive"),
            )
        }
        Expect::Assistant(want) => {
            let got = vapi::assistant_chosen(run);
            if got.as_deref() == Some(want.as_str()) {
                return None;
            }
            let what = got.map_or("no assistant was chosen".to_string(), |g| {
                format!("the call ran with {g:?}")
            });
            Some(Finding::error(
                EXPECT_ASSISTANT,
                format!("expected assistant {want:?}; {what}"),
            ))
        }
        Expect::EndedReason(want) => {
            let got = vapi::ended_reason(run);
            if got.as_deref() == Some(want.as_str()) {
                return None;
            }
            let what = got.map_or("the call has no endedReason".to_string(), |g| {
                format!("it ended with {g:?}")
            });
            Some(Finding::error(
                EXPECT_ENDED_REASON,
                format!("expected endedReason {want:?}; {what}"),
            ))
        }
    }
}

/// Whether an input that received `got` meets `want`: the same digits, the same speech text
/// (confidence is not compared), or both silence.
fn same_input(want: &CallerStep, got: &CallerStep) -> bool {
    match (want, got) {
        (CallerStep::Dtmf { dtmf: a }, CallerStep::Dtmf { dtmf: b }) => a == b,
        (CallerStep::Speech { speech: a, .. }, CallerStep::Speech { speech: b, .. }) => a == b,
        (CallerStep::Silence { .. }, CallerStep::Silence { .. }) => true,
        _ => false,
    }
}

/// `"a", "b" and "c"`, at most five, each cut to 60 characters.
fn quoted_list(items: &[&str]) -> String {
    let mut shown: Vec<String> = items
        .iter()
        .take(5)
        .map(|s| {
            let cut: String = s.chars().take(60).collect();
            if cut.len() < s.len() {
                format!("{:?}", format!("{cut}…"))
            } else {
                format!("{s:?}")
            }
        })
        .collect();
    if items.len() > 5 {
        shown.push(format!("{} more", items.len() - 5));
    }
    match shown.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::timeline::{ActionRun, EndedBy, Entry, Item};
    use serde_json::{Map, Value, json};
    use std::time::Duration;

    fn action(name: &str, detail: Value) -> Entry {
        let detail: Map<String, Value> = serde_json::from_value(detail).unwrap();
        Entry {
            t_ms: 0,
            item: Item::Action(ActionRun {
                action: name.into(),
                index: 0,
                duration_ms: 0,
                detail,
            }),
        }
    }

    fn run() -> CallRun {
        CallRun {
            entries: vec![
                action(
                    "talk",
                    json!({"text": "Welcome to Acme. Press 1 for sales."}),
                ),
                action("input", json!({"digits": "2"})),
                action(
                    "connect",
                    json!({"target": "447700900123", "outcome": "busy"}),
                ),
                action(
                    "connect",
                    json!({"target": "447700900124", "outcome": "answered"}),
                ),
            ],
            ended_by: EndedBy::Callee,
            duration: Duration::from_secs(95),
            ..CallRun::default()
        }
    }

    fn findings(expect: Vec<Expect>) -> Vec<String> {
        let s = Scenario {
            expect,
            ..Scenario::default()
        };
        evaluate(&s, &run())
            .into_iter()
            .map(|f| format!("{} {}", f.code, f.message))
            .collect()
    }

    #[test]
    fn expectations_that_hold_give_nothing() {
        assert!(
            findings(vec![
                Expect::Said("Welcome".into()),
                Expect::Input(CallerStep::press("2")),
                Expect::Connected("447700900124".into()),
                Expect::Recorded(false),
                Expect::EndedBy("callee".into()),
                Expect::MaxDuration(Duration::from_secs(95)),
            ])
            .is_empty()
        );
    }

    #[test]
    fn each_failure_says_what_was_expected_and_what_happened() {
        assert_eq!(
            findings(vec![
                Expect::Said("Goodbye".into()),
                Expect::Input(CallerStep::press("1")),
                Expect::Connected("447700900123".into()),
                Expect::Recorded(true),
                Expect::EndedBy("caller".into()),
                Expect::MaxDuration(Duration::from_secs(60)),
                Expect::Input(CallerStep::Silence { silence: true }),
            ]),
            [
                "call.expect_said expected a talk to say \"Goodbye\"; the talks said \"Welcome to Acme. Press 1 for sales.\"",
                "call.expect_input expected an input to receive dtmf 1; the inputs received dtmf 2",
                "call.expect_connected expected a connect to 447700900123 to be answered; the connects were 447700900123 → busy, 447700900124 → answered",
                "call.expect_recorded expected a recording; no record action produced one",
                "call.expect_ended_by expected the call to be ended by the caller; the callee ended it",
                "call.expect_max_duration expected the call to last at most 60s; it lasted 95s",
                "call.expect_input expected an input to receive silence; the inputs received dtmf 2",
            ]
        );
        let s = Scenario {
            expect: vec![Expect::Connected("447700900123".into())],
            ..Scenario::default()
        };
        let f = &evaluate(&s, &run())[0];
        assert_eq!(f.location, Some(Location::JsonPath("$.expect[0]".into())));
        assert_eq!(
            f.hint.as_deref(),
            Some("the scenario's `callee` makes 447700900123 answer busy")
        );
    }

    #[test]
    fn an_empty_call_says_nothing_ran() {
        let s = Scenario {
            expect: vec![
                Expect::Said("x".into()),
                Expect::Input(CallerStep::say("yes")),
                Expect::Connected("1".into()),
            ],
            ..Scenario::default()
        };
        let got: Vec<String> = evaluate(&s, &CallRun::default())
            .into_iter()
            .map(|f| f.message)
            .collect();
        assert_eq!(
            got,
            [
                "expected a talk to say \"x\"; no talk ran",
                "expected an input to receive speech \"yes\"; no input ran",
                "expected a connect to 1 to be answered; no connect ran",
            ]
        );
    }
}
