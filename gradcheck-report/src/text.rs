//! Text for the page: HTML escaping and numbers people can read.

/// Escapes `s` for HTML text and for attribute values in double or single quotes: every
/// string that comes from a report (function names, messages, entry names) goes through it.
///
/// ```
/// assert_eq!(gradcheck_report::escape(r#"<script>alert("x&y")</script>"#),
///            "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A value of the findings table: 10 significant digits, since a wrong derivative often
/// differs from the true one only in its later digits; `–` when absent.
///
/// ```
/// use gradcheck_report::text::full;
/// assert_eq!(full(Some(-12.5)), "-1.250000000e1");
/// assert_eq!(full(None), "–");
/// ```
pub fn full(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.9e}"),
        Some(x) => format!("{x}"),
        None => "–".into(),
    }
}

/// An error or tolerance: 3 significant digits.
///
/// ```
/// use gradcheck_report::text::brief;
/// assert_eq!(brief(Some(0.000123456)), "1.23e-4");
/// assert_eq!(brief(None), "–");
/// ```
pub fn brief(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.2e}"),
        Some(x) => format!("{x}"),
        None => "–".into(),
    }
}

/// A number with 4 significant digits, in scientific notation outside [1e-3, 1e5):
/// `71.54`, `50`, `2.8e-8`.
///
/// ```
/// use gradcheck_report::text::sig;
/// assert_eq!(sig(71.5419), "71.54");
/// assert_eq!(sig(50.0), "50");
/// assert_eq!(sig(2.84e-8), "2.84e-8");
/// ```
pub fn sig(v: f64) -> String {
    let a = v.abs();
    if !v.is_finite() || v == 0.0 {
        format!("{v}")
    } else if (1e-3..1e5).contains(&a) {
        let decimals = (3 - a.log10().floor() as i32).max(0) as usize;
        let s = format!("{v:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s
        }
    } else {
        let s = format!("{v:.3e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.')
        } else {
            m
        };
        format!("{m}e{e}")
    }
}

/// A point: its first four components, then how many more.
///
/// ```
/// use gradcheck_report::text::point;
/// assert_eq!(point(&[1.0, -0.5]), "[1.0000, -0.5000]");
/// assert_eq!(point(&[0.0; 6]), "[0.0000, 0.0000, 0.0000, 0.0000, … 2 more]");
/// ```
pub fn point(p: &[f64]) -> String {
    let shown: Vec<String> = p.iter().take(4).map(|v| format!("{v:.4}")).collect();
    if p.len() > 4 {
        format!("[{}, … {} more]", shown.join(", "), p.len() - 4)
    } else {
        format!("[{}]", shown.join(", "))
    }
}

/// A count with its noun, plural when it is not 1.
///
/// ```
/// assert_eq!(gradcheck_report::text::count(1, "point"), "1 point");
/// assert_eq!(gradcheck_report::text::count(3, "point"), "3 points");
/// ```
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup_and_keeps_text() {
        let hostile =
            "fixtures::<script>console.error('x')</script>\"><img src=x onerror=alert(1)>";
        let e = escape(hostile);
        assert!(!e.contains('<') && !e.contains('>') && !e.contains('"') && !e.contains('\''));
        assert_eq!(
            e.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&"),
            hostile
        );
        assert_eq!(escape("w[2] × 2 ≠ ∂f"), "w[2] × 2 ≠ ∂f");
    }

    #[test]
    fn non_finite_numbers_are_named() {
        assert_eq!(full(Some(f64::NAN)), "NaN");
        assert_eq!(brief(Some(f64::INFINITY)), "inf");
    }
}
