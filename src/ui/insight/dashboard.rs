//! The Dashboard section: a range selector, the KPIs against the previous period, the charts,
//! the drifting clients and the feedback to handle, and the numbers as CSV. Everything comes
//! from `insight::dashboard` over the shared `BookInsight`; a range change recomputes only the
//! dashboard (`Dashboard::compute`), never the clients' insight.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate, Weekday};
use leptos::prelude::*;

use crate::i18n::{
    first_day_of_week, format_date, format_date_range, format_day_month, format_money, format_month_short,
    format_month_year, format_number, format_percent, format_weekday, lang, t, tf, Lang,
};
use crate::insight::dashboard::{Bucket, CustomDatesError, Dashboard, Kpi, Range};
use crate::insight::{RfmSegment, Stage};
use crate::web::files::download;

use super::super::actions::{open_detail, show, show_error, today};
use super::super::clients::{open_filtered_list, ListFilter};
use super::super::widgets::{SelectInput, UnencryptedExportDialog};
use super::super::{use_app, Detail};
use super::charts::{bars, heatmap, horizontal, line, stacked, Chart, Point};

/// What "—" stands for: a rate or an average with nothing to divide by.
const NONE: &str = "—";

#[component]
pub fn DashboardView() -> impl IntoView {
    let ctx = use_app();
    let range = Signal::derive(move || ctx.dashboard.get().unwrap_or_default());
    // Recomputed when the range or the book's insight changes; a new `Arc` each time, as
    // comparing two dashboards would cost about as much as computing one.
    let dashboard = Memo::new_with_compare(
        move |_| {
            let insight = ctx.insight.get();
            let range = range.get();
            // The book only says who is blocked; the insight follows every change of it.
            Arc::new(ctx.book.with_untracked(|book| Dashboard::compute(&insight, book, range)))
        },
        |_, _| true,
    );
    let complete = Memo::new(move |_| ctx.insight.with(|i| i.complete));

    view! {
        <div class="page dashboard">
            <h1>{t("Dashboard")}</h1>
            <RangePicker range />
            {move || if complete.get() {
                view! { <DashboardBody dashboard /> }.into_any()
            } else {
                view! { <p class="empty" role="status">{t("Waiting for the full history to load.")}</p> }.into_any()
            }}
        </div>
    }
}

/// The range selector: a preset, or custom dates.
#[component]
fn RangePicker(range: Signal<Range>) -> impl IntoView {
    let ctx = use_app();
    let period = Memo::new(move |_| {
        let insight = ctx.insight.get();
        range.get().period(insight.today, &insight.facts)
    });
    let date_text = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let from = RwSignal::new(date_text(period.get_untracked().from));
    let to = RwSignal::new(date_text(period.get_untracked().to));
    let from_problem = RwSignal::new(None::<String>);
    let to_problem = RwSignal::new(None::<String>);
    // Custom dates from the address (Back, a bookmark) show in the inputs too.
    Effect::new(move |_| {
        if let Range::Custom { from: a, to: b } = range.get() {
            from.set(date_text(a));
            to.set(date_text(b));
        }
    });
    let is_custom = move || matches!(range.get(), Range::Custom { .. });

    let mut options: Vec<(String, String)> =
        Range::PRESETS.iter().map(|r| (r.key().to_owned(), r.label().to_owned())).collect();
    let today = today();
    options.push(("custom".to_owned(), Range::Custom { from: today, to: today }.label().to_owned()));
    let choose = move |key: String| {
        from_problem.set(None);
        to_problem.set(None);
        let chosen = if key == "custom" {
            // The dates shown so far, to adjust from there.
            let p = period.get_untracked();
            from.set(date_text(p.from));
            to.set(date_text(p.to));
            Some(Range::Custom { from: p.from, to: p.to })
        } else {
            Range::from_key(&key, None, None)
        };
        ctx.dashboard.set(chosen);
    };
    // Applied when a date field commits a date (`change`), never on each keystroke; dates the
    // address would not accept (a year being typed: 0002, 0020…) are flagged, not shown.
    let apply = move || match Range::custom(&from.get_untracked(), &to.get_untracked()) {
        Ok(custom) => {
            from_problem.set(None);
            to_problem.set(None);
            ctx.dashboard.set(Some(custom));
        }
        Err(e) => {
            let message = Some(e.message());
            from_problem.set(matches!(e, CustomDatesError::From(_)).then(|| message.clone()).flatten());
            to_problem.set((!matches!(e, CustomDatesError::From(_))).then_some(message).flatten());
        }
    };

    view! {
        <div class="range-picker">
            <SelectInput id="dashboard-range" label=t("Range") value=Signal::derive(move || range.get().key().to_owned())
                options on_change=Callback::new(choose) />
            <Show when=is_custom>
                <DateField id="dashboard-from" label=t("From") value=from error=from_problem on_commit=Callback::new(move |()| apply()) />
                <DateField id="dashboard-to" label=t("To") value=to error=to_problem on_commit=Callback::new(move |()| apply()) />
            </Show>
        </div>
    }
}

/// A date field that reports a date when the browser commits it (`change`: a date picked, or
/// typed whole, or the field left), not on every keystroke.
#[component]
fn DateField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
    on_commit: Callback<()>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let invalid = move || if error.with(Option::is_some) { "true" } else { "false" };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type="date" min="1900-01-01" max="9999-12-31" prop:value=value aria-invalid=invalid
                aria-describedby=error_id.clone() autocomplete="off"
                on:change=move |ev| { value.set(event_target_value(&ev)); on_commit.run(()); } />
            <p id=error_id class="field-error">{move || error.get()}</p>
        </div>
    }
}

/// A KPI's value as the interface language writes it.
fn format_kpi(kpi: Kpi, currencies: &[String], lang: Lang) -> String {
    let currency = |c: usize| currencies.get(c).map_or("", String::as_str);
    match kpi {
        Kpi::Visits(n) | Kpi::ActiveClients(n) | Kpi::NewClients(n) => format_number(lang, f64::from(n), 0),
        Kpi::Revenue(c, m) => format_money(lang, m, currency(c)),
        Kpi::AverageTicket(c, m) => m.map_or(NONE.to_owned(), |m| format_money(lang, m, currency(c))),
        Kpi::ReturningRate(r) | Kpi::RetentionRate(r) | Kpi::NoShowRate(r) | Kpi::CancellationRate(r) => {
            r.map_or(NONE.to_owned(), |r| format_percent(lang, r.percent(), 1))
        }
        Kpi::Satisfaction(x) | Kpi::DaysToResolve(x) => x.map_or(NONE.to_owned(), |x| format_number(lang, x, 1)),
    }
}

/// A change with its sign: `+1`, `−€10.00`, `+16.7 pp`; `—` when either value is missing.
fn format_change(kpi: Kpi, change: Option<f64>, currencies: &[String], lang: Lang) -> String {
    let Some(change) = change else { return NONE.to_owned() };
    let sign = if change > 0.0 {
        "+"
    } else if change < 0.0 {
        "\u{2212}"
    } else {
        ""
    };
    let magnitude = change.abs();
    let currency = |c: usize| currencies.get(c).map_or("", String::as_str);
    let text = match kpi {
        Kpi::Revenue(c, _) | Kpi::AverageTicket(c, _) => format_money(lang, magnitude.round() as i64, currency(c)),
        Kpi::ReturningRate(_) | Kpi::RetentionRate(_) | Kpi::NoShowRate(_) | Kpi::CancellationRate(_) => {
            tf("{n} pp", &[("n", format_number(lang, magnitude, 1))])
        }
        Kpi::Satisfaction(_) | Kpi::DaysToResolve(_) => format_number(lang, magnitude, 1),
        _ => format_number(lang, magnitude, 0),
    };
    format!("{sign}{text}")
}

fn kpi_name(kpi: Kpi, currencies: &[String]) -> String {
    let currency = |c: usize| currencies.get(c).cloned().unwrap_or_default();
    match kpi {
        Kpi::Visits(_) => t("Visits held").to_owned(),
        Kpi::Revenue(c, _) => tf("Revenue, {currency}", &[("currency", currency(c))]),
        Kpi::AverageTicket(c, _) => tf("Average ticket, {currency}", &[("currency", currency(c))]),
        Kpi::ActiveClients(_) => t("Active clients").to_owned(),
        Kpi::NewClients(_) => t("New clients").to_owned(),
        Kpi::ReturningRate(_) => t("Returning clients").to_owned(),
        Kpi::RetentionRate(_) => t("Retention").to_owned(),
        Kpi::NoShowRate(_) => t("No-show rate").to_owned(),
        Kpi::CancellationRate(_) => t("Cancellation rate").to_owned(),
        Kpi::Satisfaction(_) => t("Average satisfaction (1–5)").to_owned(),
        Kpi::DaysToResolve(_) => t("Days to resolve feedback").to_owned(),
    }
}

/// A bucket's label in a table: the week's first day, the month, the year.
fn bucket_label(bucket: Bucket, start: NaiveDate, lang: Lang) -> String {
    match bucket {
        Bucket::Week => tf("Week of {date}", &[("date", format_date(lang, start))]),
        Bucket::Month => format_month_year(lang, start.year(), start.month()),
        Bucket::Year => start.year().to_string(),
    }
}

/// A bucket's label under its bar: two short lines.
fn bucket_axis(bucket: Bucket, start: NaiveDate, first: bool, lang: Lang) -> (String, String) {
    match bucket {
        Bucket::Week => (format_day_month(lang, start.month(), start.day()), String::new()),
        Bucket::Month => {
            let year = if first || start.month() == 1 { start.year().to_string() } else { String::new() };
            (format_month_short(lang, start.month()), year)
        }
        Bucket::Year => (start.year().to_string(), String::new()),
    }
}

/// What a series chart's summary says: its highest bar and the total.
fn series_summary(title: &str, labels: &[String], values: &[f64], format: &dyn Fn(f64) -> String) -> String {
    let highest = values.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).filter(|(_, v)| **v > 0.0);
    let total: f64 = values.iter().sum();
    match highest {
        Some((i, v)) => tf(
            "{title}: highest {value} ({label}); total {total}.",
            &[
                ("title", title.to_owned()),
                ("value", format(*v)),
                ("label", labels[i].clone()),
                ("total", format(total)),
            ],
        ),
        None => tf("{title}: none in this range.", &[("title", title.to_owned())]),
    }
}

/// What a chart of categories says: every row.
fn rows_summary(title: &str, rows: &[(String, u32)]) -> String {
    let rows: Vec<String> = rows.iter().map(|(name, n)| format!("{name} {n}")).collect();
    format!("{title}: {}.", rows.join(", "))
}

/// The dashboard's sections. A range change rebuilds only what depends on the range: the
/// RFM and stage charts and the drifting clients depend on the book's insight alone, so they
/// stay as they are (the drifting list can hold thousands of clients).
#[component]
fn DashboardBody(dashboard: Memo<Arc<Dashboard>>) -> impl IntoView {
    let groups = Memo::new(move |_| dashboard.with(|d| (d.segments.clone(), d.stages.clone())));
    view! {
        {move || {
            let d = dashboard.get();
            let lang = lang();
            view! {
                <PeriodLine d=d.clone() lang />
                <KpiCards d=d.clone() lang />
            }
        }}
        <div class="charts">
            {move || charts(&dashboard.get(), lang())}
            {move || groups.with(|(segments, stages)| group_charts(segments, stages, lang()))}
        </div>
        <Attention dashboard />
        <ExportCsv dashboard />
    }
}

#[component]
fn PeriodLine(d: Arc<Dashboard>, lang: Lang) -> impl IntoView {
    let dates = format_date_range(lang, d.period.from, d.period.to);
    let text = match d.previous {
        Some(p) => tf(
            "{dates}, compared with {previous}.",
            &[("dates", dates), ("previous", format_date_range(lang, p.from, p.to))],
        ),
        None => tf("{dates}. All time has no previous period to compare with.", &[("dates", dates)]),
    }
    // A Russian or Ukrainian date ends in "г." or "р.": the sentence's own full stop goes.
    .replace("..", ".");
    // The range's key: what the benchmark waits for.
    view! { <p class="period-line" data-range=d.range.key()>{text}</p> }
}

#[component]
fn KpiCards(d: Arc<Dashboard>, lang: Lang) -> impl IntoView {
    let c = &d.currencies;
    let cards = d
        .kpis()
        .into_iter()
        .map(|(kpi, before)| {
            let previous = before.map(|b| {
                let value = format_kpi(b, c, lang);
                let change = format_change(kpi, kpi.change(Some(b)), c, lang);
                view! {
                    <p class="kpi-previous">{tf("Previous: {value}", &[("value", value)])}</p>
                    <p class="kpi-change">{tf("Change: {value}", &[("value", change)])}</p>
                }
            });
            view! {
                <li class="kpi">
                    <p class="kpi-name">{kpi_name(kpi, c)}</p>
                    <p class="kpi-value">{format_kpi(kpi, c, lang)}</p>
                    {previous}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="kpis-title">
            <h2 id="kpis-title" class="visually-hidden">{t("Key figures")}</h2>
            <ul class="kpis" aria-labelledby="kpis-title">{cards}</ul>
        </section>
    }
}

fn charts(d: &Dashboard, lang: Lang) -> impl IntoView {
    let labels: Vec<String> = d.series.iter().map(|r| bucket_label(d.bucket, r.start, lang)).collect();
    let axis = |bucket: Bucket, starts: &mut dyn Iterator<Item = NaiveDate>| -> Vec<(String, String)> {
        starts.enumerate().map(|(i, s)| bucket_axis(bucket, s, i == 0, lang)).collect()
    };
    let series_axis = axis(d.bucket, &mut d.series.iter().map(|r| r.start));
    let bucket_heading = match d.bucket {
        Bucket::Week => t("Week"),
        Bucket::Month => t("Month"),
        Bucket::Year => t("Year"),
    };

    // Revenue: one chart per currency shown, the book's own first.
    let revenue = d
        .shown_currencies()
        .into_iter()
        .map(|c| {
            let code = d.currencies[c].clone();
            let values: Vec<f64> = d.series.iter().map(|r| r.revenue[c] as f64).collect();
            let money = {
                let code = code.clone();
                move |v: f64| format_money(lang, v.round() as i64, &code)
            };
            let title = tf("Revenue, {currency}", &[("currency", code.clone())]);
            let points: Vec<Point> =
                series_axis.iter().zip(&values).map(|(axis, v)| Point { axis: axis.clone(), value: *v }).collect();
            let rows = labels.iter().zip(&values).map(|(l, v)| vec![l.clone(), money(*v)]).collect();
            view! {
                <Chart id=format!("chart-revenue-{c}")
                    title=title.clone() summary=series_summary(&title, &labels, &values, &money)
                    headers=vec![bucket_heading.to_owned(), title.clone()] rows drawing=bars(&points, &money) />
            }
        })
        .collect_view();

    let count = move |v: f64| format_number(lang, v, 0);
    let visits: Vec<f64> = d.series.iter().map(|r| f64::from(r.visits)).collect();
    let visit_points: Vec<Point> =
        series_axis.iter().zip(&visits).map(|(axis, v)| Point { axis: axis.clone(), value: *v }).collect();
    let visits_title = t("Visits held");
    let visits_chart = view! {
        <Chart id="chart-visits" title=visits_title summary=series_summary(visits_title, &labels, &visits, &count)
            headers=vec![bucket_heading.to_owned(), visits_title.to_owned()]
            rows=labels.iter().zip(&visits).map(|(l, v)| vec![l.clone(), count(*v)]).collect()
            drawing=line(&visit_points, &count) />
    };

    let people_labels: Vec<String> = d.people.iter().map(|r| bucket_label(d.people_bucket, r.start, lang)).collect();
    let people_axis = axis(d.people_bucket, &mut d.people.iter().map(|r| r.start));
    let people_points: Vec<_> = people_axis
        .into_iter()
        .zip(&d.people)
        .map(|(axis, r)| (axis, f64::from(r.new), f64::from(r.returning)))
        .collect();
    let people_title = t("New and returning clients");
    let totals: Vec<f64> = d.people.iter().map(|r| f64::from(r.new + r.returning)).collect();
    let people_summary = tf(
        "{summary} New: {new}. Returning: {returning}.",
        &[
            ("summary", series_summary(people_title, &people_labels, &totals, &count)),
            ("new", count(d.people.iter().map(|r| f64::from(r.new)).sum())),
            ("returning", count(d.people.iter().map(|r| f64::from(r.returning)).sum())),
        ],
    );
    let people_chart = view! {
        <Chart id="chart-people" title=people_title summary=people_summary
            headers=vec![
                if d.people_bucket == Bucket::Year { t("Year") } else { t("Month") }.to_owned(),
                t("New clients").to_owned(),
                t("Returning clients").to_owned(),
            ]
            rows=people_labels.iter().zip(&d.people).map(|(l, r)| vec![l.clone(), count(f64::from(r.new)), count(f64::from(r.returning))]).collect()
            drawing=stacked(&people_points, &count)
            legend=vec![("first", t("New clients").to_owned()), ("second", t("Returning clients").to_owned())] />
    };

    // Weekdays from the interface language's first day of the week.
    let first = first_day_of_week(lang).num_days_from_monday() as usize;
    let days: Vec<(String, [u32; 24])> = (0..7)
        .map(|i| {
            let day = (first + i) % 7;
            let weekday = Weekday::try_from(day as u8).unwrap_or(Weekday::Mon);
            (format_weekday(lang, weekday).to_owned(), d.heatmap[day])
        })
        .collect();
    let busiest = days
        .iter()
        .flat_map(|(name, hours)| hours.iter().enumerate().map(move |(h, n)| (name, h, *n)))
        .max_by_key(|(_, _, n)| *n)
        .filter(|(_, _, n)| *n > 0);
    let heat_title = t("Visits by weekday and hour");
    let heat_summary = match busiest {
        Some((day, hour, n)) => tf(
            "{title}: busiest {day} at {hour}:00, {n} visits held.",
            &[("title", heat_title.to_owned()), ("day", day.clone()), ("hour", hour.to_string()), ("n", n.to_string())],
        ),
        None => tf("{title}: none in this range.", &[("title", heat_title.to_owned())]),
    };
    // Hours down, weekdays across: seven columns fit a phone.
    let mut heat_headers = vec![t("Hour").to_owned()];
    heat_headers.extend(days.iter().map(|(name, _)| name.clone()));
    let heat_rows = (0..24)
        .map(|h| std::iter::once(format!("{h}:00")).chain(days.iter().map(|(_, hours)| hours[h].to_string())).collect())
        .collect();
    let heat_chart = view! {
        <Chart id="chart-hours" title=heat_title summary=heat_summary headers=heat_headers rows=heat_rows
            drawing=heatmap(&days) />
    };

    let sources = d.sources.iter().map(|(s, n)| (s.label().to_owned(), *n)).collect();

    view! {
        {revenue}
        {visits_chart}
        {people_chart}
        {heat_chart}
        {categories_chart("chart-sources", t("New clients by source"), t("Source"), sources, lang)}
    }
}

/// A chart of client counts by category, with its table.
fn categories_chart(
    id: &'static str,
    title: &'static str,
    heading: &'static str,
    rows: Vec<(String, u32)>,
    lang: Lang,
) -> impl IntoView {
    let count = move |v: f64| format_number(lang, v, 0);
    let table = rows.iter().map(|(name, n)| vec![name.clone(), count(f64::from(*n))]).collect();
    let number = move |n: u32| format_number(lang, f64::from(n), 0);
    view! {
        <Chart id title summary=rows_summary(title, &rows) headers=vec![heading.to_owned(), t("Clients").to_owned()]
            rows=table drawing=horizontal(&rows, &number) />
    }
}

/// The clients by RFM segment and by lifecycle stage, each with clients opening as a list.
fn group_charts(segments: &[(RfmSegment, u32)], stages: &[(Stage, u32)], lang: Lang) -> impl IntoView {
    let ctx = use_app();
    let openers = move |label: &'static str, filters: Vec<(ListFilter, String, u32)>| {
        let buttons = filters
            .into_iter()
            .filter(|(_, _, n)| *n > 0)
            .map(|(filter, name, n)| {
                let text = format!("{name} ({})", format_number(lang, f64::from(n), 0));
                view! {
                    <li><button type="button" class="secondary" on:click=move |_| open_filtered_list(ctx, filter)>{text}</button></li>
                }
            })
            .collect_view();
        view! { <nav class="open-lists" aria-label=label><ul>{buttons}</ul></nav> }
    };
    let segment_rows = segments.iter().map(|(s, n)| (s.label().to_owned(), *n)).collect();
    let stage_rows = stages.iter().map(|(s, n)| (s.label().to_owned(), *n)).collect();
    let segment_lists = segments.iter().map(|(s, n)| (ListFilter::Rfm(*s), s.label().to_owned(), *n)).collect();
    let stage_lists = stages.iter().map(|(s, n)| (ListFilter::Stage(*s), s.label().to_owned(), *n)).collect();
    view! {
        <div class="chart-group">
            {categories_chart("chart-segments", t("Clients by RFM segment"), t("Segment"), segment_rows, lang)}
            {openers(t("Open an RFM segment as a client list"), segment_lists)}
        </div>
        <div class="chart-group">
            {categories_chart("chart-stages", t("Clients by lifecycle stage"), t("Stage"), stage_rows, lang)}
            {openers(t("Open a lifecycle stage as a client list"), stage_lists)}
        </div>
    }
}

/// Drifting clients shown before "Show all", as on Today: a busy book can have thousands.
const DRIFTING_SHOWN: usize = 20;

/// The drifting clients and the feedback to handle.
#[component]
fn Attention(dashboard: Memo<Arc<Dashboard>>) -> impl IntoView {
    let ctx = use_app();
    // (id, name, last visit) of each drifting client: the same for every range, so a range
    // change leaves the list alone.
    let drifting = Memo::new(move |_| {
        dashboard.with(|d| {
            ctx.insight.with_untracked(|insight| {
                ctx.book.with_untracked(|book| {
                    d.drifting
                        .iter()
                        .filter_map(|&i| {
                            let client = insight.clients.get(i)?;
                            let name = book.get(&client.id)?.name.clone();
                            Some((client.id.clone(), name, client.value.last_visit))
                        })
                        .collect::<Vec<(String, String, Option<NaiveDate>)>>()
                })
            })
        })
    });
    let expanded = RwSignal::new(false);
    let drifting_list = move || {
        let lang = lang();
        drifting.with(|all| {
            if all.is_empty() {
                return view! { <p class="empty">{t("No client is drifting away.")}</p> }.into_any();
            }
            let shown = if expanded.get() { all.len() } else { all.len().min(DRIFTING_SHOWN) };
            let items = all[..shown]
                .iter()
                .map(|(id, name, last)| {
                    let id = id.clone();
                    let last = last.map(|d| tf("Last visit {date}", &[("date", format_date(lang, d))])).unwrap_or_default();
                    view! {
                        <li>
                            <button type="button" class="dash-client" on:click=move |_| open_detail(ctx, Detail::Profile(id.clone()))>{name.clone()}</button>
                            " "<span class="muted">{last}</span>
                        </li>
                    }
                })
                .collect_view();
            let more = (shown < all.len()).then(|| {
                let count = format_number(lang, all.len() as f64, 0);
                view! {
                    <button type="button" class="more" on:click=move |_| expanded.set(true)>{tf("Show all {count}", &[("count", count)])}</button>
                }
            });
            view! { <ul class="drifting">{items}</ul> {more} }.into_any()
        })
    };
    let feedback = move || {
        let lang = lang();
        dashboard.with(|d| {
            let days = d.this.days_to_resolve();
            view! {
                <p>{tf("Open now: {n}", &[("n", format_number(lang, f64::from(d.open_feedback), 0))])}</p>
                <p>{tf("Average days to resolve, in this range: {days}",
                    &[("days", days.map_or(NONE.to_owned(), |x| format_number(lang, x, 1)))])}</p>
            }
        })
    };
    view! {
        <div class="attention">
            <section aria-labelledby="drifting-title" class="dash-card">
                <h2 id="drifting-title">{t("Drifting clients")}</h2>
                {drifting_list}
            </section>
            <section aria-labelledby="feedback-title" class="dash-card">
                <h2 id="feedback-title">{t("Feedback to handle")}</h2>
                {feedback}
            </section>
        </div>
    }
}

/// "Export CSV", behind the same warning as the Backup screen's unencrypted exports.
#[component]
fn ExportCsv(dashboard: Memo<Arc<Dashboard>>) -> impl IntoView {
    let ctx = use_app();
    let asking = RwSignal::new(false);
    let write = move |()| {
        asking.set(false);
        let d = dashboard.get_untracked();
        let name = format!("clientele-dashboard-{}-{}.csv", d.period.from, d.period.to);
        match download(d.to_csv().as_bytes(), &name, "text/csv;charset=utf-8") {
            Ok(()) => show(ctx, t("Unencrypted file downloaded. Delete it when you no longer need it.")),
            Err(e) => show_error(ctx, e),
        }
    };
    view! {
        <div class="actions">
            <button type="button" on:click=move |_| asking.set(true)>{t("Export CSV")}</button>
        </div>
        <Show when=move || asking.get()>
            <UnencryptedExportDialog
                message=t("This file is not encrypted. Anyone who gets it can read your clients' details. Keep it safe and delete it when you are done.")
                on_download=Callback::new(write) on_cancel=Callback::new(move |()| asking.set(false)) />
        </Show>
    }
}
