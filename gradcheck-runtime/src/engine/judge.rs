//! The one place where what the finite differences say about an entry becomes findings and
//! their messages: the exact derivative (when there is one) against the witness, the
//! hand-written derivative against both, and the point itself (kink, jump, cusp, edge).

use crate::numerics::fd::Site;
use crate::numerics::fd::{Estimate, Line};
use crate::numerics::witness::{self, Verdict};
use crate::report::finding::{Finding, Kind};

/// What the entry is a derivative along.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Along {
    /// A coordinate of the flattened input.
    Component(usize),
    /// A random direction (fast mode): findings have no component.
    Direction,
}

/// One derivative to judge: an entry of a gradient or Jacobian, or a directional derivative.
pub(crate) struct Entry<'a> {
    pub x: &'a [f64],
    pub along: Along,
    /// The output (Jacobian row) when the function has several.
    pub output: Option<usize>,
    /// The exact derivative by dual numbers; `None` when the function is a plain closure and
    /// the finite differences are the only witness.
    pub exact: Option<f64>,
    /// The hand-written derivative, when there is one.
    pub hand: Option<f64>,
    /// Whether the two-evaluation glance may not settle the entry (explicit points).
    pub thorough: bool,
}

/// How a hand-written value compares with the exact one.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Agreement {
    /// Within the tolerance.
    Tight,
    /// Beyond the tolerance but within the rounding the computation carries here (the dual
    /// chain loses digits to cancellation, or the values cannot resolve the difference):
    /// nothing can be said more closely; `detail` says why.
    Rounding { detail: String },
    /// They disagree.
    No,
}

/// What the check knows about an entry besides its line, measured by the caller (lazily:
/// each may cost evaluations, so it is asked only where the cheap path does not settle).
pub(crate) trait Comparison {
    /// How `hand` compares with `exact`.
    fn compare(&self, exact: f64, hand: f64) -> Agreement;
    /// The tolerance on |hand − exact|, rounding included.
    fn allowed(&self, exact: f64, hand: f64) -> f64;
    /// Whether the disagreement is more than rounding noise that moves from point to point.
    fn beyond_rounding(&self, exact: f64, hand: f64) -> bool;
    /// The rounding noise of the values of this entry's output near the point (0 when it
    /// cannot be measured: then ε·|f| is all that is known).
    fn noise(&self) -> f64;
}

impl Entry<'_> {
    fn finding(&self, kind: Kind, message: String) -> Finding {
        let mut f = Finding::new(kind, self.x, message);
        if let Along::Component(i) = self.along {
            f.component = Some(i);
        }
        f.output = self.output;
        f
    }

    /// " along a random direction" where it applies, for messages.
    fn along_words(&self) -> &'static str {
        match self.along {
            Along::Component(_) => "",
            Along::Direction => " along a random direction (`mode = full` names the component)",
        }
    }
}

/// Judges one entry; `line` is the function along it and `site` the point on the line.
pub(crate) fn judge(
    e: &Entry<'_>,
    line: &mut impl Line,
    site: &Site,
    cmp: &dyn Comparison,
) -> Vec<Finding> {
    match e.exact {
        Some(exact) => with_exact(e, exact, line, site, cmp),
        None => witness_only(e, line, site),
    }
}

/// With dual numbers: the witness checks the exact derivative, the exact derivative checks
/// the hand-written one.
fn with_exact(
    e: &Entry<'_>,
    exact: f64,
    line: &mut impl Line,
    site: &Site,
    cmp: &dyn Comparison,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if !exact.is_finite() {
        let site = &site.with_noise(cmp.noise());
        out.push(nonfinite_exact(e, exact, line, site));
        return out;
    }
    let agreement = e.hand.map(|g| cmp.compare(exact, g));
    let hand_ok = agreement != Some(Agreement::No);
    // The common path at random points: one central difference (two evaluations) agrees
    // with the dual derivative, and the hand-written one agrees with it.
    if hand_ok && !e.thorough && witness::glance(line, site, exact) {
        out.extend(rounding_warning(e, exact, agreement));
        return out;
    }
    // Beyond the common path the values' rounding noise is measured.
    let site = &site.with_noise(cmp.noise());
    // Else four evaluations (the glance's two are cached) settle the dual derivative.
    let cheap = witness::cheap(line, site).filter(|c| site.settles(c, exact));
    if hand_ok && cheap.is_some() {
        out.extend(rounding_warning(e, exact, agreement));
        return out;
    }
    let verdict = match cheap {
        Some(c) => Verdict::Smooth(c),
        None => smooth_direction_kink(e, witness::examine(line, site, exact), site.prof.kink_rtol),
    };
    match undecided_if_close(verdict, site, exact) {
        Verdict::Smooth(fd) if site.settles(&fd, exact) => {
            if !hand_ok && cmp.beyond_rounding(exact, e.hand.unwrap_or(f64::NAN)) {
                out.push(mismatch(e, exact, Some(fd), cmp));
            }
        }
        Verdict::Smooth(fd) => {
            // The dual derivative is wrong where the function is smooth.
            let hand_note = match e.hand {
                Some(g) if site.confirms(&fd, g) => " The hand-written derivative agrees with the finite differences: it is right, the dual chain is broken.",
                Some(_) if hand_ok => " The hand-written derivative agrees with the broken dual chain: it is wrong too.",
                Some(_) => " The hand-written derivative agrees with neither.",
                None => "",
            };
            let mut f = e.finding(
                Kind::AdMismatch,
                format!("forward-mode AD disagrees with finite differences{} where the function is smooth: the derivative chain is broken (a `.re()`, an `f64` constant computed from an input, a branch on the value) inside the function.{hand_note}", e.along_words()),
            );
            f = f.values(fd.value, exact, fd.value.abs().max(exact.abs()));
            set_fd(&mut f, Some(fd));
            f.tolerance = Some(3.0 * fd.error);
            out.push(f);
            if !hand_ok && e.hand.is_some_and(|g| !site.settles(&fd, g)) {
                out.push(mismatch(e, exact, Some(fd), cmp));
            }
        }
        Verdict::Singular {
            kind,
            left,
            right,
            detail,
        } => {
            out.push(singular(e, site, Some(exact), kind, left, right, &detail));
            // At a kink both one-sided slopes are valid derivatives; a hand-written value
            // that is neither (nor the dual's) is wrong whatever the point is.
            if let (Kind::Kink, Some(g), Some(l), Some(r)) = (kind, e.hand, left, right) {
                let one_sided = site.confirms(&l, g) || site.confirms(&r, g);
                if !hand_ok && !one_sided {
                    out.push(mismatch(e, exact, None, cmp));
                }
            }
        }
        Verdict::Undecided { estimate, detail } | Verdict::Edge { estimate, detail } => {
            if !hand_ok && cmp.beyond_rounding(exact, e.hand.unwrap_or(f64::NAN)) {
                out.push(mismatch(e, exact, estimate, cmp));
            }
            let detail = if site.noise > site.prof.eps * site.f0.abs() * 16.0 {
                format!("{detail} (the values here round with terms {:.1e} times larger than themselves: they cannot resolve the derivative more closely)", site.noise / (site.prof.eps * site.f0.abs()).max(site.prof.tiny))
            } else {
                detail
            };
            let mut f = e.finding(
                Kind::Unstable,
                format!("{detail}{}: finite differences cannot confirm the derivative here. Either the values are noisier than the rounding of their size explains (cancellation between large terms, or arithmetic in f32 inside the function: compute in f64), or a singularity or domain edge lies within the step (restrict `domain`). The dual derivative itself is exact; this is a warning", e.along_words()),
            );
            f.expected = Some(exact);
            f.actual = e.hand;
            set_fd(&mut f, estimate);
            out.push(f);
        }
    }
    if out.is_empty() {
        out.extend(rounding_warning(e, exact, agreement));
    }
    out
}

/// How the message of a hand-written value accepted only within rounding begins.
pub(crate) const BELOW_RESOLUTION: &str = "below resolution";

/// A hand-written value accepted only within the rounding of the computation: a warning that
/// says so, since it could not be checked more closely.
fn rounding_warning(e: &Entry<'_>, exact: f64, agreement: Option<Agreement>) -> Option<Finding> {
    let Some(Agreement::Rounding { detail }) = agreement else {
        return None;
    };
    let g = e.hand?;
    let mut f = e.finding(
        Kind::Unstable,
        format!("{BELOW_RESOLUTION}: the hand-written value differs from the dual derivative by {:.2e}, {detail}; it cannot be checked more closely at this point (a warning)", (g - exact).abs()),
    )
    .values(exact, g, exact.abs().max(g.abs()));
    f.severity = crate::report::finding::Severity::Warning;
    Some(f)
}

/// The dual derivative is NaN or infinite where the value is finite. Where the function is
/// smooth (finite differences settle on a finite slope from both sides) and a hand-written
/// value agrees with them, the dual arithmetic overflowed or divided 0 by 0 in an intermediate
/// (num-dual's tanh above |x| ≈ 710 computes cosh² − sinh²): a warning. Elsewhere (sqrt or a
/// power at 0, ln at 0) the function is not differentiable there: an error.
fn nonfinite_exact(e: &Entry<'_>, exact: f64, line: &mut impl Line, site: &Site) -> Finding {
    let verdict = witness::examine(line, site, f64::NAN);
    if let Verdict::Smooth(fd) = &verdict {
        let hand_agrees = e.hand.is_none_or(|g| site.confirms(fd, g));
        if hand_agrees && fd.value.is_finite() {
            let mut f = e.finding(
                Kind::Unstable,
                format!(
                    "the dual derivative{} is {exact} where the function is smooth: finite differences give {:.6e} ± {:.1e}{}. An intermediate overflowed or divided 0 by 0 inside the dual arithmetic (num-dual's tanh or cosh above |x| ≈ 710, a sqrt of an expression that is exactly 0): the derivative cannot be checked here by dual numbers (a warning)",
                    e.along_words(),
                    fd.value,
                    fd.error,
                    if e.hand.is_some() { ", and the hand-written value agrees with them" } else { "" }
                ),
            );
            f.expected = Some(exact);
            f.actual = e.hand;
            set_fd(&mut f, Some(*fd));
            return f;
        }
    }
    let fd = witness::cheap(line, site);
    let seen = witness::describe(line, site);
    let mut f = e.finding(
        Kind::NonfiniteDerivative,
        format!(
            "the value is finite but the dual derivative{} is {exact} (sqrt or a power at 0, ln at 0, ...); finite differences see: {seen}. The function is not differentiable here: move the point, restrict `domain`, or `allow(nonfinite_derivative)`",
            e.along_words()
        ),
    );
    f.expected = Some(exact);
    f.actual = e.hand;
    set_fd(&mut f, fd);
    f
}

/// Along a random direction a real kink changes the slope by about |Δg_j|/√n; one-sided
/// slopes that agree to the profile's `kink_rtol` are one smooth slope whose one-sided error
/// was underestimated.
fn smooth_direction_kink(e: &Entry<'_>, verdict: Verdict, kink_rtol: f64) -> Verdict {
    match verdict {
        Verdict::Singular {
            kind: Kind::Kink,
            left: Some(l),
            right: Some(r),
            ..
        } if e.along == Along::Direction
            && (l.value - r.value).abs() <= kink_rtol * l.value.abs().max(r.value.abs()) =>
        {
            Verdict::Smooth(Estimate::new(
                0.5 * (l.value + r.value),
                (l.value - r.value).abs() + l.error + r.error,
            ))
        }
        v => v,
    }
}

/// A sharp witness that disagrees with the dual derivative, but by too little to blame the
/// dual chain (Ridders' error can be underestimated), decides nothing.
fn undecided_if_close(verdict: Verdict, site: &Site, exact: f64) -> Verdict {
    match verdict {
        Verdict::Smooth(fd) if !site.settles(&fd, exact) && !site.convicts(&fd, exact) => {
            Verdict::Undecided {
                estimate: Some(fd),
                detail: format!(
                    "finite differences give {:.6e} ± {:.1e}, close to the dual derivative but beyond their own error estimate",
                    fd.value, fd.error
                ),
            }
        }
        v => v,
    }
}

/// Without dual numbers: the finite differences check the hand-written derivative directly.
fn witness_only(e: &Entry<'_>, line: &mut impl Line, site: &Site) -> Vec<Finding> {
    let Some(g) = e.hand else {
        return Vec::new();
    };
    if !g.is_finite() {
        // As with dual numbers: a non-finite derivative under test where the value is finite
        // is wrong, and the finite differences say what it should be.
        let fd = witness::cheap(line, site);
        let mut f = e.finding(
            Kind::Mismatch,
            format!(
                "the derivative under test{} is {g} here, where the value is finite; finite differences see: {}. Fix the derivative (a division by zero? a log of 0?)",
                e.along_words(),
                witness::describe(line, site)
            ),
        );
        f.actual = Some(g);
        f.expected = fd.map(|d| d.value);
        set_fd(&mut f, fd);
        return vec![f];
    }
    // As with dual numbers, one central difference settles the common case at random points
    // (`Check` at random points: 2n + 2 evaluations instead of 4n + 2); what it does not
    // settle gets the pair, whose first difference is the glance's, cached.
    if !e.thorough && witness::glance(line, site, g) {
        return Vec::new();
    }
    if witness::cheap(line, site).is_some_and(|c| site.settles(&c, g)) {
        return Vec::new();
    }
    match smooth_direction_kink(e, witness::examine(line, site, g), site.prof.kink_rtol) {
        Verdict::Smooth(fd) if site.settles(&fd, g) => Vec::new(),
        Verdict::Smooth(fd) => {
            let mut f = e.finding(
                Kind::Mismatch,
                format!("the derivative under test{} disagrees with finite differences beyond their error estimate where the function is smooth: fix this entry", e.along_words()),
            )
            .values(fd.value, g, fd.value.abs().max(g.abs()));
            set_fd(&mut f, Some(fd));
            f.tolerance = Some(3.0 * fd.error);
            vec![f]
        }
        Verdict::Singular {
            kind,
            left,
            right,
            detail,
        } => vec![singular(e, site, None, kind, left, right, &detail)],
        Verdict::Undecided { estimate, detail } | Verdict::Edge { estimate, detail } => {
            let mut f = e.finding(
                Kind::Unstable,
                format!("{detail}{}: finite differences cannot confirm the derivative under test here (noise beyond the rounding of the values' size, or a singularity or domain edge within the step); this is a warning", e.along_words()),
            );
            f.actual = Some(g);
            set_fd(&mut f, estimate);
            vec![f]
        }
    }
}

/// A singular point: which one-sided slope the exact and the hand-written derivative match.
fn singular(
    e: &Entry<'_>,
    site: &Site,
    exact: Option<f64>,
    kind: Kind,
    left: Option<Estimate>,
    right: Option<Estimate>,
    detail: &str,
) -> Finding {
    let side = |v: f64| match (left, right) {
        (Some(l), Some(r)) => match (site.confirms(&l, v), site.confirms(&r, v)) {
            (true, false) => "the left slope",
            (false, true) => "the right slope",
            (true, true) => "both slopes",
            (false, false) => "neither slope",
        },
        _ => "neither slope",
    };
    let mut msg = format!("{detail}{}.", e.along_words());
    if let Some(d) = exact {
        msg.push_str(&format!(" The dual derivative {d:.6e} matches {}", side(d)));
    }
    if let Some(g) = e.hand {
        let (sep, what) = match exact {
            Some(_) => (";", "the hand-written"),
            None => (" The", "derivative under test"),
        };
        msg.push_str(&format!("{sep} {what} {g:.6e} matches {}", side(g)));
    }
    msg.push_str(&format!(". The function is not differentiable at this point: move it, restrict `domain`, or `allow({kind})` if that is expected"));
    let mut f = e.finding(kind, msg);
    f.left = left.map(|l| l.value);
    f.right = right.map(|r| r.value);
    f.expected = exact;
    f.actual = e.hand;
    f
}

/// The hand-written derivative disagrees with the exact one.
fn mismatch(e: &Entry<'_>, exact: f64, fd: Option<Estimate>, cmp: &dyn Comparison) -> Finding {
    let g = e.hand.unwrap_or(f64::NAN);
    let witness = match fd {
        Some(fd) if (fd.value - g).abs() < (fd.value - exact).abs() => {
            "finite differences (column `finite diff`) lean towards the hand-written value but cannot outweigh the exact dual derivative"
        }
        Some(_) => "finite differences (column `finite diff`) confirm the dual value",
        None => "finite differences could not be taken here; the dual value is exact",
    };
    let what = if e.output.is_some() {
        "Jacobian"
    } else {
        "gradient"
    };
    let mut f = e.finding(
        Kind::Mismatch,
        format!("the hand-written {what} disagrees with forward-mode AD{}; {witness}: fix the hand-written derivative of the entries listed", e.along_words()),
    );
    f = f.values(exact, g, exact.abs().max(g.abs()));
    f.tolerance = Some(cmp.allowed(exact, g));
    set_fd(&mut f, fd);
    f
}

fn set_fd(f: &mut Finding, fd: Option<Estimate>) {
    if let Some(fd) = fd {
        f.fd = Some(fd.value);
        f.fd_error = Some(fd.error);
    }
}
