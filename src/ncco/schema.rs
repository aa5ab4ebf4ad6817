//! The NCCO specification as data: every action, nested object and endpoint with its fields,
//! types, required-ness, enums and ranges. Sources are in `shared/research/ncco-spec.md`
//! (section numbers below); where it marks a point UNCERTAIN the bound is a *soft* one that
//! only warns.

/// What a field holds.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    Str,
    Bool,
    /// A number without fraction or exponent.
    Int,
    Num,
    /// An object with known fields.
    Obj(&'static ObjSpec),
    /// Any JSON object (payload, custom headers, provider options).
    Map,
    /// An array of `items`, `count` long.
    Array(Items, Count),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Items {
    Str,
    Obj(&'static ObjSpec),
    /// Connect endpoints: objects whose spec is picked by their `type`.
    Endpoint,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Any,
    NonEmpty,
    /// Exactly one element (`URL[1]`, `speech.uuid`, `connect.endpoint`).
    One,
}

impl PartialEq for ObjSpec {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
impl Eq for ObjSpec {}

/// A check on a string or number value (for arrays of strings: on each element).
#[derive(Debug, Clone, Copy)]
pub enum Check {
    None,
    Enum(&'static [&'static str]),
    Range(Bounds),
    Url(UrlKind),
    /// E.164 digits.
    Phone,
    /// DTMF digits `0-9 * #` and `p` (pause), at least one.
    DtmfAnswer,
    /// One key `0-9 * #`.
    DtmfKey,
    NonEmpty,
    Language(LangKind),
    /// `talk.text`: ≤ 1,500 characters excluding SSML tags.
    TalkText,
    /// Websocket `authorization.value`: printable ASCII, under 8,192 characters.
    HeaderValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// `http://` or `https://` (files, webhooks).
    Http,
    /// `wss://` (`ws://` only warns).
    WebSocket,
    /// `sip:` or `sips:`.
    Sip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangKind {
    /// Text-to-speech: checked against the known TTS list (warning) and BCP-47 shape (error).
    Tts,
    /// Speech recognition / transcription: BCP-47 shape only.
    Other,
}

/// Inclusive bounds. `hard_*` are documented limits (error); `soft_*` are SDK-only or
/// clamped limits (warning); `soft_why` says where the soft bound comes from.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub hard_min: f64,
    pub hard_max: f64,
    /// The minimum itself is not allowed (`amount > 0`).
    pub min_exclusive: bool,
    pub soft_min: f64,
    pub soft_max: f64,
    pub soft_why: &'static str,
}

const INF: f64 = f64::INFINITY;

const fn range(min: f64, max: f64) -> Check {
    Check::Range(Bounds {
        hard_min: min,
        hard_max: max,
        min_exclusive: false,
        soft_min: min,
        soft_max: max,
        soft_why: "",
    })
}

const fn soft_range(
    hard_min: f64,
    hard_max: f64,
    soft_min: f64,
    soft_max: f64,
    why: &'static str,
) -> Check {
    Check::Range(Bounds {
        hard_min,
        hard_max,
        min_exclusive: false,
        soft_min,
        soft_max,
        soft_why: why,
    })
}

/// Whether a field is current, legacy, or a spelling some SDKs use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Current,
    /// Still read, but replaced by the given option(s).
    Deprecated(&'static str),
    /// An alternative key some SDKs send for the named canonical field.
    Alternate(&'static str),
}

#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    pub check: Check,
    pub status: Status,
}

const fn f(name: &'static str, ty: Ty, check: Check) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: false,
        check,
        status: Status::Current,
    }
}

const fn req(name: &'static str, ty: Ty, check: Check) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: true,
        check,
        status: Status::Current,
    }
}

const fn deprecated(name: &'static str, ty: Ty, check: Check, instead: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: false,
        check,
        status: Status::Deprecated(instead),
    }
}

const fn alternate(name: &'static str, ty: Ty, of: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: false,
        check: Check::None,
        status: Status::Alternate(of),
    }
}

/// A kind of JSON object the spec describes.
#[derive(Debug)]
pub struct ObjSpec {
    /// How messages name it: "`talk` action", "`dtmf` settings", "`websocket` endpoint".
    pub what: &'static str,
    /// The action name or endpoint type, for action and endpoint specs.
    pub tag: &'static str,
    pub fields: &'static [FieldSpec],
}

impl ObjSpec {
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        // `fields` is 'static; find through a 'static reference.
        let fields: &'static [FieldSpec] = self.fields;
        fields.iter().find(|f| f.name == name)
    }
}

// --- shared field shapes -------------------------------------------------------------------

const URL1: Ty = Ty::Array(Items::Str, Count::One);
const HTTP: Check = Check::Url(UrlKind::Http);
const METHODS: &[&str] = &["GET", "POST"];
const STR_LIST: Ty = Ty::Array(Items::Str, Count::Any);

/// The `action` member itself; its value is checked by the document rules.
const fn action() -> FieldSpec {
    FieldSpec {
        name: "action",
        ty: Ty::Str,
        required: true,
        check: Check::None,
        status: Status::Current,
    }
}

// --- §3.1 talk -------------------------------------------------------------------------------

pub static TALK: ObjSpec = ObjSpec {
    what: "`talk` action",
    tag: "talk",
    fields: &[
        action(),
        req("text", Ty::Str, Check::TalkText),
        f("bargeIn", Ty::Bool, Check::None),
        f("loop", Ty::Int, range(0.0, INF)),
        f("level", Ty::Num, range(-1.0, 1.0)),
        f("language", Ty::Str, Check::Language(LangKind::Tts)),
        f("style", Ty::Int, range(0.0, INF)),
        f("premium", Ty::Bool, Check::None),
        f("provider", Ty::Str, Check::None),
        f("providerOptions", Ty::Map, Check::None),
        deprecated("voiceName", Ty::Str, Check::None, "`language` and `style`"),
    ],
};

// --- §3.2 stream -----------------------------------------------------------------------------

pub static STREAM: ObjSpec = ObjSpec {
    what: "`stream` action",
    tag: "stream",
    fields: &[
        action(),
        req("streamUrl", URL1, HTTP),
        f("level", Ty::Num, range(-1.0, 1.0)),
        f("bargeIn", Ty::Bool, Check::None),
        f("loop", Ty::Int, range(0.0, INF)),
    ],
};

// --- §3.3 input ------------------------------------------------------------------------------

pub static DTMF: ObjSpec = ObjSpec {
    what: "`dtmf` settings",
    tag: "dtmf",
    fields: &[
        f("timeOut", Ty::Int, range(0.0, 10.0)),
        f("maxDigits", Ty::Int, range(1.0, 20.0)),
        f("submitOnHash", Ty::Bool, Check::None),
    ],
};

pub static SPEECH: ObjSpec = ObjSpec {
    what: "`speech` settings",
    tag: "speech",
    fields: &[
        f("uuid", Ty::Array(Items::Str, Count::One), Check::NonEmpty),
        f("endOnSilence", Ty::Num, range(0.4, 10.0)),
        f("language", Ty::Str, Check::Language(LangKind::Other)),
        f("context", STR_LIST, Check::None),
        f("startTimeout", Ty::Int, range(1.0, 60.0)),
        f("maxDuration", Ty::Int, range(1.0, 60.0)),
        f("saveAudio", Ty::Bool, Check::None),
        f(
            "sensitivity",
            Ty::Int,
            soft_range(
                0.0,
                100.0,
                10.0,
                100.0,
                "the Java SDK accepts 10–100, the Python SDK 0–100",
            ),
        ),
        f("provider", Ty::Str, Check::None),
        f("providerOptions", Ty::Map, Check::None),
    ],
};

pub const INPUT_TYPES: &[&str] = &["dtmf", "speech"];
pub const INPUT_MODES: &[&str] = &["synchronous", "asynchronous"];

pub static INPUT: ObjSpec = ObjSpec {
    what: "`input` action",
    tag: "input",
    fields: &[
        action(),
        req(
            "type",
            Ty::Array(Items::Str, Count::NonEmpty),
            Check::Enum(INPUT_TYPES),
        ),
        f("dtmf", Ty::Obj(&DTMF), Check::None),
        f("speech", Ty::Obj(&SPEECH), Check::None),
        f("eventUrl", URL1, HTTP),
        f("eventMethod", Ty::Str, Check::Enum(METHODS)),
        f("mode", Ty::Str, Check::Enum(INPUT_MODES)),
    ],
};

// --- §3.4 record -----------------------------------------------------------------------------

pub static TRANSCRIPTION: ObjSpec = ObjSpec {
    what: "`transcription` settings",
    tag: "transcription",
    fields: &[
        f("language", Ty::Str, Check::Language(LangKind::Other)),
        f("eventUrl", URL1, HTTP),
        f("eventMethod", Ty::Str, Check::Enum(METHODS)),
        f("sentimentAnalysis", Ty::Bool, Check::None),
    ],
};

pub static RECORD: ObjSpec = ObjSpec {
    what: "`record` action",
    tag: "record",
    fields: &[
        action(),
        f("format", Ty::Str, Check::Enum(&["mp3", "wav", "ogg"])),
        f("split", Ty::Str, Check::Enum(&["conversation"])),
        f("channels", Ty::Int, range(1.0, 32.0)),
        f("endOnSilence", Ty::Int, range(3.0, 10.0)),
        f("endOnKey", Ty::Str, Check::DtmfKey),
        f("timeOut", Ty::Int, range(3.0, 7200.0)),
        f("beepStart", Ty::Bool, Check::None),
        f("eventUrl", URL1, HTTP),
        f("eventMethod", Ty::Str, Check::Enum(METHODS)),
        f("transcription", Ty::Obj(&TRANSCRIPTION), Check::None),
    ],
};

// --- §3.5 conversation -----------------------------------------------------------------------

pub static CONVERSATION: ObjSpec = ObjSpec {
    what: "`conversation` action",
    tag: "conversation",
    fields: &[
        action(),
        req("name", Ty::Str, Check::NonEmpty),
        f("musicOnHoldUrl", URL1, HTTP),
        f("startOnEnter", Ty::Bool, Check::None),
        f("endOnExit", Ty::Bool, Check::None),
        f("record", Ty::Bool, Check::None),
        f("canSpeak", STR_LIST, Check::None),
        f("canHear", STR_LIST, Check::None),
        f("mute", Ty::Bool, Check::None),
        f("eventUrl", URL1, HTTP),
        f("eventMethod", Ty::Str, Check::Enum(METHODS)),
        f("transcription", Ty::Obj(&TRANSCRIPTION), Check::None),
    ],
};

// --- §3.6 connect and endpoints --------------------------------------------------------------

pub static AMD: ObjSpec = ObjSpec {
    what: "`advancedMachineDetection` settings",
    tag: "advancedMachineDetection",
    fields: &[
        f("behavior", Ty::Str, Check::Enum(&["continue", "hangup"])),
        f(
            "mode",
            Ty::Str,
            Check::Enum(&["default", "detect", "detect_beep"]),
        ),
        f("beep_timeout", Ty::Int, range(45.0, 120.0)),
    ],
};

pub static CONNECT: ObjSpec = ObjSpec {
    what: "`connect` action",
    tag: "connect",
    fields: &[
        action(),
        req(
            "endpoint",
            Ty::Array(Items::Endpoint, Count::One),
            Check::None,
        ),
        f("from", Ty::Str, Check::Phone),
        f("randomFromNumber", Ty::Bool, Check::None),
        f("eventType", Ty::Str, Check::Enum(&["synchronous"])),
        f(
            "timeout",
            Ty::Int,
            soft_range(
                0.0,
                INF,
                3.0,
                7200.0,
                "only the Java SDK states a range (3–7200); the reference gives just the default, 60",
            ),
        ),
        f(
            "limit",
            Ty::Int,
            soft_range(0.0, 7200.0, 1.0, 7200.0, "the Java SDK requires at least 1"),
        ),
        f(
            "machineDetection",
            Ty::Str,
            Check::Enum(&["continue", "hangup"]),
        ),
        f("advancedMachineDetection", Ty::Obj(&AMD), Check::None),
        alternate(
            "advanced_machine_detection",
            Ty::Obj(&AMD),
            "advancedMachineDetection",
        ),
        f("eventUrl", URL1, HTTP),
        f("eventMethod", Ty::Str, Check::Enum(METHODS)),
        f("ringbackTone", Ty::Str, HTTP),
    ],
};

pub static ON_ANSWER: ObjSpec = ObjSpec {
    what: "`onAnswer` settings",
    tag: "onAnswer",
    fields: &[
        req("url", Ty::Str, HTTP),
        f("ringbackTone", Ty::Str, HTTP),
        deprecated("ringback", Ty::Str, HTTP, "`ringbackTone`"),
    ],
};

const fn endpoint_type() -> FieldSpec {
    FieldSpec {
        name: "type",
        ty: Ty::Str,
        required: true,
        check: Check::None,
        status: Status::Current,
    }
}

pub static PHONE: ObjSpec = ObjSpec {
    what: "`phone` endpoint",
    tag: "phone",
    fields: &[
        endpoint_type(),
        req("number", Ty::Str, Check::Phone),
        f("dtmfAnswer", Ty::Str, Check::DtmfAnswer),
        f("onAnswer", Ty::Obj(&ON_ANSWER), Check::None),
        f("shaken", Ty::Str, Check::NonEmpty),
    ],
};

pub static APP: ObjSpec = ObjSpec {
    what: "`app` endpoint",
    tag: "app",
    fields: &[endpoint_type(), req("user", Ty::Str, Check::NonEmpty)],
};

pub const CONTENT_TYPES: &[&str] = &[
    "audio/l16;rate=8000",
    "audio/l16;rate=16000",
    "audio/l16;rate=24000",
];

pub static AUTHORIZATION: ObjSpec = ObjSpec {
    what: "`authorization` settings",
    tag: "authorization",
    fields: &[
        req("type", Ty::Str, Check::Enum(&["vonage", "custom"])),
        f("value", Ty::Str, Check::HeaderValue),
    ],
};

pub static WEBSOCKET: ObjSpec = ObjSpec {
    what: "`websocket` endpoint",
    tag: "websocket",
    fields: &[
        endpoint_type(),
        req("uri", Ty::Str, Check::Url(UrlKind::WebSocket)),
        f("content-type", Ty::Str, Check::Enum(CONTENT_TYPES)),
        f("headers", Ty::Map, Check::None),
        f("authorization", Ty::Obj(&AUTHORIZATION), Check::None),
    ],
};

pub static SIP: ObjSpec = ObjSpec {
    what: "`sip` endpoint",
    tag: "sip",
    fields: &[
        endpoint_type(),
        // Required unless `user` and `domain` are given: checked by the sip-target rule.
        f("uri", Ty::Str, Check::Url(UrlKind::Sip)),
        f("user", Ty::Str, Check::NonEmpty),
        f("domain", Ty::Str, Check::NonEmpty),
        f("headers", Ty::Map, Check::None),
        f("standardHeaders", Ty::Map, Check::None),
        alternate("standard_headers", Ty::Map, "standardHeaders"),
    ],
};

pub static VBC: ObjSpec = ObjSpec {
    what: "`vbc` endpoint",
    tag: "vbc",
    fields: &[endpoint_type(), req("extension", Ty::Str, Check::NonEmpty)],
};

pub static ENDPOINTS: &[&ObjSpec] = &[&PHONE, &APP, &WEBSOCKET, &SIP, &VBC];

// --- §3.7–3.10 notify, wait, transfer, pay ----------------------------------------------------

pub static NOTIFY: ObjSpec = ObjSpec {
    what: "`notify` action",
    tag: "notify",
    fields: &[
        action(),
        req("payload", Ty::Map, Check::None),
        req("eventUrl", URL1, HTTP),
        f("eventMethod", Ty::Str, Check::Enum(METHODS)),
    ],
};

pub static WAIT: ObjSpec = ObjSpec {
    what: "`wait` action",
    tag: "wait",
    fields: &[
        action(),
        f(
            "timeout",
            Ty::Num,
            soft_range(
                -INF,
                INF,
                0.1,
                7200.0,
                "values outside 0.1–7200 seconds are clamped, not rejected",
            ),
        ),
    ],
};

pub static TRANSFER: ObjSpec = ObjSpec {
    what: "`transfer` action",
    tag: "transfer",
    fields: &[
        action(),
        req("conversationId", Ty::Str, Check::NonEmpty),
        alternate("conversation_id", Ty::Str, "conversationId"),
        f("canHear", STR_LIST, Check::None),
        f("canSpeak", STR_LIST, Check::None),
        f("mute", Ty::Bool, Check::None),
    ],
};

pub static PAY_PROMPT: ObjSpec = ObjSpec {
    what: "`pay` prompt",
    tag: "prompt",
    fields: &[
        req(
            "type",
            Ty::Str,
            Check::Enum(&["CardNumber", "ExpirationDate", "SecurityCode"]),
        ),
        req("text", Ty::Str, Check::NonEmpty),
        f("errors", Ty::Map, Check::None),
    ],
};

pub static PAY_VOICE: ObjSpec = ObjSpec {
    what: "`pay` voice settings",
    tag: "voice",
    fields: &[
        f("language", Ty::Str, Check::Language(LangKind::Tts)),
        f("style", Ty::Int, range(0.0, INF)),
    ],
};

pub static PAY: ObjSpec = ObjSpec {
    what: "`pay` action",
    tag: "pay",
    fields: &[
        action(),
        FieldSpec {
            name: "amount",
            ty: Ty::Num,
            required: true,
            check: Check::Range(Bounds {
                hard_min: 0.0,
                hard_max: INF,
                min_exclusive: true,
                soft_min: 0.0,
                soft_max: INF,
                soft_why: "",
            }),
            status: Status::Current,
        },
        f("currency", Ty::Str, Check::NonEmpty),
        f("eventUrl", URL1, HTTP),
        f(
            "prompts",
            Ty::Array(Items::Obj(&PAY_PROMPT), Count::Any),
            Check::None,
        ),
        f("voice", Ty::Obj(&PAY_VOICE), Check::None),
    ],
};

/// Every action, current first, legacy `pay` last.
pub static ACTIONS: &[&ObjSpec] = &[
    &RECORD,
    &CONVERSATION,
    &CONNECT,
    &TALK,
    &STREAM,
    &INPUT,
    &NOTIFY,
    &WAIT,
    &TRANSFER,
    &PAY,
];

pub fn action_spec(name: &str) -> Option<&'static ObjSpec> {
    ACTIONS.iter().copied().find(|a| a.tag == name)
}

pub fn endpoint_spec(type_: &str) -> Option<&'static ObjSpec> {
    ENDPOINTS.iter().copied().find(|a| a.tag == type_)
}

/// Every object spec (actions, nested settings, endpoints), for "this option belongs to …" hints.
pub static ALL_OBJECTS: &[&ObjSpec] = &[
    &RECORD,
    &CONVERSATION,
    &CONNECT,
    &TALK,
    &STREAM,
    &INPUT,
    &NOTIFY,
    &WAIT,
    &TRANSFER,
    &PAY,
    &DTMF,
    &SPEECH,
    &TRANSCRIPTION,
    &AMD,
    &ON_ANSWER,
    &AUTHORIZATION,
    &PHONE,
    &APP,
    &WEBSOCKET,
    &SIP,
    &VBC,
    &PAY_PROMPT,
    &PAY_VOICE,
];

/// Text-to-speech language codes (spec §3.1.1: the Java SDK's 67 plus `de-ET` from Node).
pub const TTS_LANGUAGES: &[&str] = &[
    "af-ZA",
    "ar",
    "bg-BG",
    "bn-IN",
    "ca-ES",
    "cmn-CN",
    "cmn-TW",
    "cs-CZ",
    "cy-GB",
    "da-DK",
    "de-AT",
    "de-DE",
    "de-ET",
    "el-GR",
    "en-AU",
    "en-GB",
    "en-GB-SCT",
    "en-GB-WLS",
    "en-IE",
    "en-IN",
    "en-NZ",
    "en-US",
    "en-ZA",
    "es-CO",
    "es-ES",
    "es-MX",
    "es-US",
    "eu-ES",
    "fi-FI",
    "fil-PH",
    "fr-CA",
    "fr-FR",
    "gl-ES",
    "gu-IN",
    "he-IL",
    "hi-IN",
    "hu-HU",
    "id-ID",
    "is-IS",
    "it-IT",
    "ja-JP",
    "kn-IN",
    "ko-KR",
    "lt-LT",
    "lv-LV",
    "ml-IN",
    "mr-IN",
    "ms-MY",
    "nb-NO",
    "nl-BE",
    "nl-NL",
    "no-NO",
    "pa-IN",
    "pl-PL",
    "pt-BR",
    "pt-PT",
    "ro-RO",
    "ru-RU",
    "sk-SK",
    "sr-RS",
    "sv-SE",
    "ta-IN",
    "te-IN",
    "th-TH",
    "tr-TR",
    "uk-UA",
    "vi-VN",
    "yue-CN",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_the_spec() {
        // §7: option counts per current action, without `action` and alternates/legacy keys.
        let count = |s: &ObjSpec| {
            s.fields
                .iter()
                .filter(|f| f.name != "action" && f.status == Status::Current)
                .count()
        };
        assert_eq!(count(&RECORD), 10);
        assert_eq!(count(&CONVERSATION), 11);
        assert_eq!(count(&CONNECT), 11);
        assert_eq!(count(&TALK), 9);
        assert_eq!(count(&STREAM), 4);
        assert_eq!(count(&INPUT), 6);
        assert_eq!(count(&NOTIFY), 3);
        assert_eq!(count(&WAIT), 1);
        assert_eq!(count(&TRANSFER), 4);
        assert_eq!(count(&SPEECH), 10);
        assert_eq!(TTS_LANGUAGES.len(), 68);
    }

    #[test]
    fn field_names_are_unique_per_object() {
        for o in ALL_OBJECTS {
            let mut names: Vec<_> = o.fields.iter().map(|f| f.name).collect();
            names.sort_unstable();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "{}", o.what);
        }
    }
}
