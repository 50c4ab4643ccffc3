//! Writing SVG text: escaping, fixed number formatting, and the parts every
//! chart shares (background, title, legend, axes with ticks and labels).
//!
//! Every number is written by Rust's own formatting with a fixed number of
//! decimals (no locale, no platform maths), so the same result gives the same
//! bytes natively and in wasm. Text widths are estimated from character counts,
//! never measured, for the same reason.

use super::palette::Ink;
use std::fmt::Write;

/// Font size of tick labels and the legend, px.
pub const SMALL: f64 = 12.0;
/// Font size of the title, px.
pub const TITLE: f64 = 15.0;
/// The font the figure names (bundled for the PNG; a browser may substitute).
pub const FONT: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

/// `<`, `>`, `&` and quotes as entities: text and attribute values alike.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0 text.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal, without a trailing `.0` or a `-0`.
pub fn num(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let s = format!("{:.1}", x);
    let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// The estimated width of a text in the bundled font, px (0.6 em a character).
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.6
}

/// A text shortened with "…" to fit an estimated width.
pub fn fit(text: &str, size: f64, width: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let keep = ((width / (size * 0.6)).floor() as usize).saturating_sub(1);
    let mut out: String = text.chars().take(keep).collect();
    out.push('…');
    out
}

/// A linear map from data to pixels.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub p0: f64,
    pub p1: f64,
}

impl Scale {
    pub fn at(&self, d: f64) -> f64 {
        let span = self.d1 - self.d0;
        let t = if span == 0.0 { 0.0 } else { (d - self.d0) / span };
        self.p0 + t.clamp(0.0, 1.0) * (self.p1 - self.p0)
    }
}

/// Round tick values (1, 2 or 5 × a power of ten) from `lo` to at least `hi`.
pub fn ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let span = (hi - lo).max(1e-9);
    let raw = span / target.max(1) as f64;
    let exp = libm::floor(libm::log10(raw)) as i32;
    let mag = libm::pow(10.0, exp as f64);
    let m = [1.0, 2.0, 5.0, 10.0].into_iter().find(|m| m * mag >= raw).unwrap_or(10.0);
    let step = m * mag;
    // Tick n is n·m·10^exp, computed as one product or quotient of whole
    // numbers so it is the nearest double to the decimal (0.6, not 0.6000000000000001).
    let at = |n: f64| {
        if exp >= 0 {
            n * m * mag
        } else {
            n * m / libm::pow(10.0, -exp as f64)
        }
    };
    let first = libm::floor(lo / step + 1e-9);
    let mut out = vec![];
    for k in 0..=60 {
        let v = at(first + k as f64);
        out.push(if v == 0.0 { 0.0 } else { v });
        if v >= hi - step * 1e-9 {
            break;
        }
    }
    out
}

/// One legend entry: a swatch and its label.
pub struct Key {
    pub label: String,
    pub colour: &'static str,
    /// A line (series) or a filled square (a stacked share).
    pub line: bool,
}

/// An SVG document being written.
pub struct Svg {
    pub out: String,
    pub width: f64,
    pub height: f64,
    pub ink: Ink,
}

impl Svg {
    /// The root element with its accessible name and description, and the background.
    pub fn new(width: u32, height: u32, ink: Ink, title: &str, desc: &str) -> Svg {
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" font-family="{FONT}" font-size="{SMALL}"><title>{}</title><desc>{}</desc><rect width="{width}" height="{height}" fill="{}"/>"#,
            esc(title),
            esc(desc),
            ink.background
        );
        Svg {
            out,
            width: width as f64,
            height: height as f64,
            ink,
        }
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }

    /// Text at (x, y); `anchor` is start, middle or end.
    pub fn text(&mut self, x: f64, y: f64, anchor: &str, fill: &str, extra: &str, text: &str) {
        let _ = write!(
            self.out,
            r#"<text x="{}" y="{}" text-anchor="{anchor}" fill="{fill}"{extra}>{}</text>"#,
            num(x),
            num(y),
            esc(text)
        );
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
        let _ = write!(
            self.out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="{}"/>"#,
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(width)
        );
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        let _ = write!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}"/>"#,
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0))
        );
    }

    /// An open polyline through the points.
    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64) {
        let _ = write!(
            self.out,
            r#"<polyline fill="none" stroke="{stroke}" stroke-width="{}" stroke-linejoin="round" points=""#,
            num(width)
        );
        push_points(&mut self.out, points);
        self.out.push_str("\"/>");
    }

    /// A filled polygon through the points.
    pub fn polygon(&mut self, points: &[(f64, f64)], fill: &str, opacity: f64) {
        let _ = write!(self.out, r#"<polygon fill="{fill}" fill-opacity="{:.2}" points=""#, opacity);
        push_points(&mut self.out, points);
        self.out.push_str("\"/>");
    }

    /// The title, top left; returns the y where what follows may start.
    pub fn title(&mut self, title: &str) -> f64 {
        let (w, text) = (self.width, self.ink.text);
        self.text(
            12.0,
            22.0,
            "start",
            text,
            r#" font-size="15" font-weight="bold""#,
            &fit(title, TITLE, w - 24.0),
        );
        32.0
    }

    /// The legend in rows under the title, wrapped to the width; returns the y below it.
    pub fn legend(&mut self, top: f64, keys: &[Key]) -> f64 {
        let (mut x, mut y) = (12.0, top + 12.0);
        let right = self.width - 12.0;
        for key in keys {
            let label = fit(&key.label, SMALL, right - 12.0 - 22.0);
            let w = 22.0 + text_width(&label, SMALL) + 14.0;
            if x > 12.0 && x + w > right {
                x = 12.0;
                y += 18.0;
            }
            if key.line {
                self.line(x, y - 4.0, x + 16.0, y - 4.0, key.colour, 3.0);
            } else {
                self.rect(x + 2.0, y - 10.0, 12.0, 12.0, key.colour);
            }
            let text = self.ink.text;
            self.text(x + 22.0, y, "start", text, "", &label);
            x += w;
        }
        y + 10.0
    }

    /// Horizontal grid lines with their labels on the left, the y axis title
    /// turned on its side, and the x axis with its ticks and title.
    pub fn axes(
        &mut self,
        area: Area,
        x: (&Scale, &[f64], &dyn Fn(f64) -> String, &str),
        y: (&Scale, &[f64], &dyn Fn(f64) -> String, &str),
    ) {
        let ink = self.ink;
        for &v in y.1 {
            let py = y.0.at(v);
            self.line(area.left, py, area.right, py, ink.grid, 1.0);
            self.text(area.left - 6.0, py + 4.0, "end", ink.muted, "", &(y.2)(v));
        }
        for &v in x.1 {
            let px = x.0.at(v);
            self.line(px, area.bottom, px, area.bottom + 5.0, ink.muted, 1.0);
            self.text(px, area.bottom + 18.0, "middle", ink.muted, "", &(x.2)(v));
        }
        self.line(area.left, area.bottom, area.right, area.bottom, ink.muted, 1.0);
        self.text((area.left + area.right) / 2.0, self.height - 8.0, "middle", ink.text, "", x.3);
        let cy = (area.top + area.bottom) / 2.0;
        let label = fit(y.3, SMALL, area.bottom - area.top);
        let extra = format!(r#" transform="rotate(-90 14 {})""#, num(cy));
        self.text(14.0, cy + 4.0, "middle", ink.text, &extra, &label);
    }
}

fn push_points(out: &mut String, points: &[(f64, f64)]) {
    for (i, (x, y)) in points.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{},{}", num(*x), num(*y));
    }
}

/// The plotting area inside the margins, px.
#[derive(Debug, Clone, Copy)]
pub struct Area {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Area {
    /// The area under `top` with room for y labels of `y_label_width` px on the left.
    pub fn below(svg: &Svg, top: f64, y_label_width: f64) -> Area {
        let left = (30.0 + y_label_width).min(svg.width * 0.5);
        let bottom = svg.height - 42.0;
        Area {
            left,
            right: svg.width - 24.0,
            top: (top + 6.0).min(bottom - 20.0),
            bottom,
        }
    }

    /// The x scale of a chart over weeks: week 0 at the left edge, `weeks` at the right.
    pub fn weeks(&self, weeks: u32) -> Scale {
        Scale {
            d0: 0.0,
            d1: weeks as f64,
            p0: self.left,
            p1: self.right,
        }
    }

    /// A y scale from `d0` at the bottom edge to `d1` at the top.
    pub fn values(&self, d0: f64, d1: f64) -> Scale {
        Scale {
            d0,
            d1,
            p0: self.bottom,
            p1: self.top,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_one_fixed_decimal() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 1.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(ticks(0.0, 260.0, 5), vec![0.0, 100.0, 200.0, 300.0]);
        let t = ticks(0.0, 37.0, 4);
        assert!(*t.last().unwrap() >= 37.0);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
