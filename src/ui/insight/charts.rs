//! Charts as inline SVG, drawn here: bars, a line, stacked bars, a heatmap and horizontal
//! bars. Each sits in a `Chart` frame: a heading, a text summary for screen readers, and a
//! "Show as table" button that shows the same numbers as a table.
//!
//! Every drawing is 400 units wide and scales to its box (`width: 100%`), so it fits a phone
//! without scrolling sideways; labels are placed where they cannot be cut off. Colours come from
//! CSS variables (`--chart-1`, `--chart-2`, `--line`, `--muted`), so both themes work.

use leptos::prelude::*;

use crate::i18n::t;

/// The width of every drawing, in SVG units.
const WIDTH: f64 = 400.0;
/// The height of the bar and line charts' plot, and the space under it for the axis labels.
const PLOT_TOP: f64 = 18.0;
const PLOT_BOTTOM: f64 = 170.0;
const HEIGHT: f64 = 206.0;
/// The margins left and right of a plot.
const SIDE: f64 = 4.0;

/// One bar, or one point of a line: its label under the axis (empty to leave it out) and its
/// value.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Under the axis: up to two short lines.
    pub axis: (String, String),
    pub value: f64,
}

/// A chart's frame: heading, accessible summary, the drawing, an optional legend, and the
/// table toggle with its table.
#[component]
pub fn Chart(
    /// Unique on the page: names the heading and the table.
    #[prop(into)]
    id: String,
    #[prop(into)] title: String,
    /// What the chart shows, in words, for screen readers.
    #[prop(into)]
    summary: String,
    /// The table's column headings, then its rows.
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// The drawing (aria-hidden; `summary` speaks for it).
    drawing: AnyView,
    /// (class of the swatch, name) for each colour, when there are several.
    #[prop(optional)]
    legend: Vec<(&'static str, String)>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let heading = format!("{id}-title");
    let labelled_by = heading.clone();
    let table = format!("{id}-table");
    let controls = table.clone();
    let caption_of = format!("{id}-title");
    let rows = StoredValue::new(rows);
    let headers = StoredValue::new(headers);
    view! {
        <section class="chart" aria-labelledby=labelled_by>
            <div class="chart-head">
                <h2 id=heading>{title}</h2>
                <button type="button" class="chart-toggle" aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls=controls on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { t("Hide table") } else { t("Show as table") }}
                </button>
            </div>
            <div class="chart-figure" role="img" aria-label=summary>{drawing}</div>
            {(!legend.is_empty()).then(|| view! {
                <ul class="chart-legend" aria-hidden="true">
                    {legend.into_iter().map(|(class, name)| view! {
                        <li><span class=format!("swatch {class}")></span>{name}</li>
                    }).collect_view()}
                </ul>
            })}
            <div id=table class="chart-table">
                <Show when=move || open.get()>
                    // Scrolls within itself if a table is wider than a phone: focusable, so the
                    // keyboard can scroll it too.
                    <div class="chart-scroll" tabindex="0" role="group" aria-labelledby=caption_of.clone()>
                    <table>
                        <thead><tr>{headers.get_value().into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {rows.get_value().into_iter().map(|row| {
                                let mut cells = row.into_iter();
                                let first = cells.next().unwrap_or_default();
                                view! {
                                    <tr>
                                        <th scope="row">{first}</th>
                                        {cells.map(|c| view! { <td>{c}</td> }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                </Show>
            </div>
        </section>
    }
}

/// The x of the centre of slot `i` of `n` across the plot.
fn slot_x(i: usize, n: usize) -> f64 {
    SIDE + (WIDTH - 2.0 * SIDE) * (i as f64 + 0.5) / n.max(1) as f64
}

/// The plot's y for a value, 0 at the bottom and `max` at the top.
fn value_y(value: f64, max: f64) -> f64 {
    PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * (value / max).clamp(0.0, 1.0)
}

/// The axis: the baseline, a line at the top value and at half, labelled inside the plot
/// (`format` writes a value), and the labels under the bars, thinned to fit.
fn axes(points: &[(String, String)], max: f64, format: &dyn Fn(f64) -> String) -> impl IntoView {
    let n = points.len();
    // At most 8 labels across: one every `step` slots.
    let step = n.div_ceil(8).max(1);
    let labels = points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0)
        .map(|(i, (first, second))| {
            let x = slot_x(i, n).clamp(22.0, WIDTH - 22.0);
            view! {
                <text class="chart-text" x=x y=PLOT_BOTTOM + 15.0 text-anchor="middle">{first.clone()}</text>
                <text class="chart-text" x=x y=PLOT_BOTTOM + 29.0 text-anchor="middle">{second.clone()}</text>
            }
        })
        .collect_view();
    let grid = [max, max / 2.0]
        .into_iter()
        .filter(|_| max > 0.0)
        .map(|v| {
            let y = value_y(v, max);
            view! {
                <line class="chart-grid" x1=SIDE x2=WIDTH - SIDE y1=y y2=y />
                <text class="chart-text" x=SIDE + 2.0 y=y - 4.0>{format(v)}</text>
            }
        })
        .collect_view();
    view! {
        {grid}
        <line class="chart-axis" x1=SIDE x2=WIDTH - SIDE y1=PLOT_BOTTOM y2=PLOT_BOTTOM />
        {labels}
    }
}

fn svg(height: f64, children: impl IntoView) -> AnyView {
    view! {
        <svg class="chart-svg" viewBox=format!("0 0 {WIDTH} {height}") width="100%" aria-hidden="true" focusable="false">
            {children}
        </svg>
    }
    .into_any()
}

/// The top of a value axis: the largest value, or 1 when every value is 0.
fn axis_max(values: impl Iterator<Item = f64>) -> f64 {
    let max = values.fold(0.0, f64::max);
    if max > 0.0 {
        max
    } else {
        1.0
    }
}

/// The top of a count axis: even, so the half line falls on a whole number.
fn count_max(max: f64) -> f64 {
    let whole = max.ceil();
    whole + whole % 2.0
}

/// Vertical bars.
pub fn bars(points: &[Point], format: &dyn Fn(f64) -> String) -> AnyView {
    let n = points.len();
    let max = axis_max(points.iter().map(|p| p.value));
    let width = ((WIDTH - 2.0 * SIDE) / n.max(1) as f64 * 0.7).max(1.0);
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let y = value_y(p.value, max);
            view! { <rect class="chart-bar" x=slot_x(i, n) - width / 2.0 y=y width=width height=PLOT_BOTTOM - y /> }
        })
        .collect_view();
    let labels: Vec<_> = points.iter().map(|p| p.axis.clone()).collect();
    svg(HEIGHT, view! { {axes(&labels, max, format)} {bars} })
}

/// A line through the points (counts), with a dot on each.
pub fn line(points: &[Point], format: &dyn Fn(f64) -> String) -> AnyView {
    let n = points.len();
    let max = count_max(axis_max(points.iter().map(|p| p.value)));
    let coords: Vec<(f64, f64)> =
        points.iter().enumerate().map(|(i, p)| (slot_x(i, n), value_y(p.value, max))).collect();
    let path = coords
        .iter()
        .enumerate()
        .map(|(i, (x, y))| format!("{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" }))
        .collect::<String>();
    let dots = coords.iter().map(|&(x, y)| view! { <circle class="chart-dot" cx=x cy=y r="3" /> }).collect_view();
    let labels: Vec<_> = points.iter().map(|p| p.axis.clone()).collect();
    svg(HEIGHT, view! { {axes(&labels, max, format)} <path class="chart-line" d=path /> {dots} })
}

/// Bars of two counts, the first at the bottom (`--chart-1`) and the second on it
/// (`--chart-2`).
pub fn stacked(points: &[((String, String), f64, f64)], format: &dyn Fn(f64) -> String) -> AnyView {
    let n = points.len();
    let max = count_max(axis_max(points.iter().map(|(_, a, b)| a + b)));
    let width = ((WIDTH - 2.0 * SIDE) / n.max(1) as f64 * 0.7).clamp(1.0, 60.0);
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, (_, a, b))| {
            let x = slot_x(i, n) - width / 2.0;
            let (ya, yb) = (value_y(*a, max), value_y(a + b, max));
            view! {
                <rect class="chart-bar" x=x y=ya width=width height=PLOT_BOTTOM - ya />
                <rect class="chart-bar second" x=x y=yb width=width height=ya - yb />
            }
        })
        .collect_view();
    let labels: Vec<_> = points.iter().map(|(axis, _, _)| axis.clone()).collect();
    svg(HEIGHT, view! { {axes(&labels, max, format)} {bars} })
}

/// A grid of rows by 24 hours, each cell shaded by its count against the largest, in steps of
/// 5 %. `rows` are (the row's name, its 24 counts), top to bottom. The cells are drawn as one
/// path for the grid and one per shade, not a rectangle each: a range change redraws them.
pub fn heatmap(rows: &[(String, [u32; 24])]) -> AnyView {
    const LEFT: f64 = 36.0;
    const CELL: f64 = (WIDTH - LEFT - SIDE) / 24.0;
    const ROW: f64 = 17.0;
    let max = rows.iter().flat_map(|(_, hours)| hours.iter().copied()).max().unwrap_or(0).max(1);
    let cell = |r: usize, h: usize| {
        format!(
            "M{:.2} {:.2}h{:.2}v{:.2}h{:.2}z",
            LEFT + h as f64 * CELL + 0.5,
            r as f64 * ROW + 0.5,
            CELL - 1.0,
            ROW - 1.0,
            -(CELL - 1.0)
        )
    };
    let mut grid = String::new();
    // The cells of each shade, by its step: 3 (15 %) to 20 (100 %).
    let mut shades: Vec<String> = vec![String::new(); 21];
    for (r, (_, hours)) in rows.iter().enumerate() {
        for (h, &count) in hours.iter().enumerate() {
            grid.push_str(&cell(r, h));
            if count > 0 {
                let opacity = 0.15 + 0.85 * f64::from(count) / f64::from(max);
                shades[(opacity * 20.0).round() as usize].push_str(&cell(r, h));
            }
        }
    }
    let shaded = shades
        .into_iter()
        .enumerate()
        .filter(|(_, d)| !d.is_empty())
        .map(|(step, d)| view! { <path class="chart-heat" d=d fill-opacity=format!("{:.2}", step as f64 / 20.0) /> })
        .collect_view();
    let names = rows
        .iter()
        .enumerate()
        .map(|(r, (name, _))| {
            view! { <text class="chart-text" x="0" y=r as f64 * ROW + ROW - 5.0>{name.clone()}</text> }
        })
        .collect_view();
    let bottom = rows.len() as f64 * ROW;
    let hours = [0, 6, 12, 18, 23]
        .into_iter()
        .map(|h| {
            let x = LEFT + (f64::from(h) + 0.5) * CELL;
            view! { <text class="chart-text" x=x y=bottom + 14.0 text-anchor="middle">{format!("{h}")}</text> }
        })
        .collect_view();
    svg(bottom + 20.0, view! { {names} <path class="chart-cell" d=grid /> {shaded} {hours} })
}

/// One bar per row, across: the row's name above its bar, the value after it.
pub fn horizontal(rows: &[(String, u32)], format: &dyn Fn(u32) -> String) -> AnyView {
    const ROW: f64 = 34.0;
    const BAR: f64 = 12.0;
    // Room after the longest bar for its value.
    const VALUE: f64 = 56.0;
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let drawn = rows
        .iter()
        .enumerate()
        .map(|(i, (name, value))| {
            let y = i as f64 * ROW;
            let width = (WIDTH - 2.0 * SIDE - VALUE) * f64::from(*value) / f64::from(max);
            view! {
                <text class="chart-text label" x=SIDE y=y + 12.0>{name.clone()}</text>
                <rect class="chart-bar" x=SIDE y=y + 17.0 width=width.max(if *value > 0 { 2.0 } else { 0.0 }) height=BAR />
                <text class="chart-text" x=SIDE + width + 6.0 y=y + 27.0>{format(*value)}</text>
            }
        })
        .collect_view();
    svg((rows.len() as f64 * ROW).max(ROW), drawn)
}
