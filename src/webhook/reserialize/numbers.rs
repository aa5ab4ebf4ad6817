//! How runtimes print a JSON number they parsed: JavaScript's `Number::toString` and Python's
//! `json.dumps` (`int` as written, `float` as `repr`).

/// `JSON.stringify(JSON.parse(text))` for one number: every number is a double, printed with
/// the shortest round-trip digits (`120.0` → `120`, `1e3` → `1000`, `1.50` → `1.5`, `-0` → `0`,
/// integers past 2^53 rounded to the nearest double); out of range is `Infinity`, written `null`.
pub fn js(text: &str) -> String {
    match text.parse::<f64>() {
        Ok(f) => format_float(f, Form::Js),
        Err(_) => text.to_string(),
    }
}

/// `json.dumps(json.loads(text))` for one number: integers stay exact (`-0` → `0`); anything
/// with a fraction or exponent is a float printed by `repr` (`1e3` → `1000.0`, `1.50` → `1.5`),
/// and out of range is `Infinity`.
pub fn python(text: &str) -> String {
    if !text.contains(['.', 'e', 'E']) {
        return if text.trim_start_matches('-').bytes().all(|b| b == b'0') {
            "0".into()
        } else {
            text.to_string()
        };
    }
    match text.parse::<f64>() {
        Ok(f) if f.is_infinite() => if f < 0.0 { "-Infinity" } else { "Infinity" }.into(),
        Ok(f) => format_float(f, Form::Python),
        Err(_) => text.to_string(),
    }
}

#[derive(Clone, Copy)]
enum Form {
    Js,
    Python,
}

/// Shortest round-trip digits and decimal exponent: value = 0.d1d2… × 10^point.
fn digits(f: f64) -> (String, i32) {
    let e = format!("{:e}", f.abs());
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0').to_string();
    let digits = if digits.is_empty() {
        "0".to_string()
    } else {
        digits
    };
    (digits, exp + 1)
}

fn format_float(f: f64, form: Form) -> String {
    if !f.is_finite() {
        return "null".into();
    }
    if f == 0.0 {
        return match form {
            Form::Js => "0".into(),
            Form::Python if f.is_sign_negative() => "-0.0".into(),
            Form::Python => "0.0".into(),
        };
    }
    let sign = if f < 0.0 { "-" } else { "" };
    let (d, n) = digits(f);
    let k = d.len() as i32;
    let body = match form {
        // ECMA-262 Number::toString.
        Form::Js => {
            if k <= n && n <= 21 {
                format!("{d}{}", "0".repeat((n - k) as usize))
            } else if 0 < n && n <= 21 {
                format!("{}.{}", &d[..n as usize], &d[n as usize..])
            } else if -6 < n && n <= 0 {
                format!("0.{}{d}", "0".repeat((-n) as usize))
            } else {
                let e = n - 1;
                let sign_e = if e < 0 { "-" } else { "+" };
                if k == 1 {
                    format!("{d}e{sign_e}{}", e.abs())
                } else {
                    format!("{}.{}e{sign_e}{}", &d[..1], &d[1..], e.abs())
                }
            }
        }
        // CPython float_repr: fixed notation for 1e-4 <= |f| < 1e16.
        Form::Python => {
            let e = n - 1;
            if (-4..16).contains(&e) {
                if k <= n {
                    format!("{d}{}.0", "0".repeat((n - k) as usize))
                } else if n > 0 {
                    format!("{}.{}", &d[..n as usize], &d[n as usize..])
                } else {
                    format!("0.{}{d}", "0".repeat((-n) as usize))
                }
            } else {
                let sign_e = if e < 0 { "-" } else { "+" };
                let mant = if k == 1 {
                    d.clone()
                } else {
                    format!("{}.{}", &d[..1], &d[1..])
                };
                format!("{mant}e{sign_e}{:02}", e.abs())
            }
        }
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_number_to_string() {
        for (given, want) in [
            ("1.0", "1"),
            ("120.0", "120"),
            ("1e3", "1000"),
            ("1E3", "1000"),
            ("1.50", "1.5"),
            ("-0", "0"),
            ("-0.0", "0"),
            ("0.0412", "0.0412"),
            ("1e21", "1e+21"),
            ("1e20", "100000000000000000000"),
            ("1.5e-7", "1.5e-7"),
            ("0.000001", "0.000001"),
            ("-2.5", "-2.5"),
            ("123.456", "123.456"),
            ("9007199254740993", "9007199254740992"),
            ("12345678901234567890", "12345678901234567000"),
            // Checked against Node 20: JSON.stringify(JSON.parse("[…]")).
            ("123456789012345678901234", "1.2345678901234569e+23"),
            ("1e400", "null"),
            ("5e-324", "5e-324"),
            ("1.7976931348623157e308", "1.7976931348623157e+308"),
            ("123e-20", "1.23e-18"),
        ] {
            assert_eq!(js(given), want, "{given}");
        }
    }

    #[test]
    fn python_json_dumps() {
        for (given, want) in [
            ("1.0", "1.0"),
            ("120", "120"),
            ("-0", "0"),
            ("-0.0", "-0.0"),
            ("1e3", "1000.0"),
            ("1.50", "1.5"),
            ("0.0412", "0.0412"),
            ("1e16", "1e+16"),
            ("1e15", "1000000000000000.0"),
            ("1.5e-5", "1.5e-05"),
            ("0.0001", "0.0001"),
            ("9007199254740993", "9007199254740993"),
            // Checked against CPython 3.11: json.dumps(json.loads("[…]")).
            ("1e400", "Infinity"),
            ("5e-324", "5e-324"),
            ("1.7976931348623157e308", "1.7976931348623157e+308"),
            ("123e-20", "1.23e-18"),
            ("1e-5", "1e-05"),
            ("1e21", "1e+21"),
        ] {
            assert_eq!(python(given), want, "{given}");
        }
    }
}
