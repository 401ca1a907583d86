//! The Today view, the start screen after unlock.

use chrono::Local;
use leptos::prelude::*;

use crate::i18n::{t, tf, tp};

use super::actions::{now, open_detail};
use super::{use_app, Detail};
use crate::today::{today_view, AppointmentItem};

/// One line of a Today list; every kind of item renders the same way and opens the client.
#[derive(Clone)]
struct Line {
    client_id: String,
    when: String,
    /// `when` goes under the name instead of beside it: a follow-up's "Overdue since 15 October"
    /// beside the name would leave the name and the task a narrow column on a phone.
    when_under_name: bool,
    name: String,
    detail: String,
    alert: String,
    blocked: bool,
    urgent: bool,
}

impl Line {
    fn of_appointment(item: &AppointmentItem) -> Self {
        Self {
            client_id: item.client_id.clone(),
            when: item.when.text(),
            when_under_name: false,
            name: item.client_name.clone(),
            detail: item.visit.service.clone(),
            alert: item.alert.clone(),
            blocked: item.blocked,
            urgent: false,
        }
    }
}

/// Rows a Today list shows before "Show all": a busy book can owe a thousand follow-ups, and
/// the screen must still open at once.
const SHOWN: usize = 20;

fn lines_view(lines: Vec<Line>, empty: &'static str) -> AnyView {
    if lines.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    let total = lines.len();
    let lines = StoredValue::new(lines);
    let expanded = RwSignal::new(false);
    view! {
        {move || {
            let shown = if expanded.get() { total } else { total.min(SHOWN) };
            lines.with_value(|all| line_items(all[..shown].to_vec()))
        }}
        <Show when=move || { !expanded.get() && total > SHOWN }>
            <button type="button" class="more" on:click=move |_| expanded.set(true)>
                {tf("Show all {count}", &[("count", crate::i18n::format_number(crate::i18n::lang(), total as f64, 0))])}
            </button>
        </Show>
    }
    .into_any()
}

fn line_items(lines: Vec<Line>) -> AnyView {
    let ctx = use_app();
    view! {
        <ul class="items">
            {lines.into_iter().map(|line| {
                let id = line.client_id.clone();
                let (beside, under) =
                    if line.when_under_name { (String::new(), Some(line.when)) } else { (line.when, None) };
                view! {
                    <li class:blocked=line.blocked>
                        <button type="button" class="item" on:click=move |_| open_detail(ctx, Detail::Profile(id.clone()))>
                            // Empty when the time goes under the name: it holds the first column.
                            <span class="when" class:overdue=line.urgent && under.is_none()>{beside}</span>
                            <span class="name">{line.name}</span>
                            {under.map(|when| view! { <span class="detail when" class:overdue=line.urgent>{when}</span> })}
                            <span class="detail">{line.detail}</span>
                            {line.blocked.then(|| view! { <span class="badge blocked">{t("Blocked")}</span> })}
                            {(!line.alert.is_empty()).then(|| view! { <span class="pinned">{line.alert}</span> })}
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn TodayView() -> impl IntoView {
    let ctx = use_app();
    let view_data = Memo::new(move |_| {
        ctx.book.with(|book| today_view(book, now(), &Local, crate::i18n::first_day_of_week(crate::i18n::lang())))
    });
    let appointments = move |pick: fn(&crate::today::Today) -> &Vec<AppointmentItem>| {
        view_data.with(|v| pick(v).iter().map(Line::of_appointment).collect::<Vec<_>>())
    };
    let follow_ups = move || {
        view_data.with(|v| {
            v.follow_ups
                .iter()
                .map(|item| Line {
                    client_id: item.client_id.clone(),
                    when: item.when.text(),
                    when_under_name: true,
                    name: item.client_name.clone(),
                    detail: item.follow_up.text.clone(),
                    alert: String::new(),
                    blocked: false,
                    urgent: item.overdue,
                })
                .collect::<Vec<_>>()
        })
    };
    let birthdays = move || {
        view_data.with(|v| {
            v.birthdays
                .iter()
                .map(|item| Line {
                    client_id: item.client_id.clone(),
                    when: item.when.text(),
                    when_under_name: false,
                    name: item.client_name.clone(),
                    detail: item.turning.map(|age| tp("turns {n}", "turns {n}", u64::from(age))).unwrap_or_default(),
                    alert: String::new(),
                    blocked: false,
                    urgent: false,
                })
                .collect::<Vec<_>>()
        })
    };

    view! {
        <div class="today">
            <h1>{move || view_data.with(|v| v.date.map(|d| tf("Today, {date}", &[("date", crate::i18n::format_date(crate::i18n::lang(), d))])).unwrap_or_default())}</h1>
            <super::import::EmptyBook />
            {move || {
                let health = ctx.book.with(|b| crate::backup::backup_health(b, now(), &Local));
                view! {
                    <p class="backup-line" class:banner=health.reminder_due class:warning=health.reminder_due>
                        {health.summary()}
                        {health.reminder_due.then(|| view! {
                            <button type="button" on:click=move |_| super::actions::go_to(ctx, super::View::Backup)>{t("Make a backup")}</button>
                        })}
                    </p>
                }
            }}
            <p class="week">
                {move || tf("This week: {visits}", &[("visits", tp("{n} visit", "{n} visits", view_data.with(|v| v.week_visits) as u64))])}
            </p>
            <Show when=move || view_data.with(|v| !v.blocked_with_appointments.is_empty())>
                <section class="banner danger" role="alert" aria-labelledby="blocked-title">
                    <h2 id="blocked-title">{t("Blocked clients with appointments")}</h2>
                    {move || lines_view(appointments(|v| &v.blocked_with_appointments), "")}
                </section>
            </Show>
            <section aria-labelledby="today-title">
                <h2 id="today-title">{t("Appointments today")}</h2>
                {move || lines_view(appointments(|v| &v.today), t("Nothing booked today."))}
            </section>
            <section aria-labelledby="tomorrow-title">
                <h2 id="tomorrow-title">{t("Tomorrow")}</h2>
                {move || lines_view(appointments(|v| &v.tomorrow), t("Nothing booked tomorrow."))}
            </section>
            <section aria-labelledby="followups-title">
                <h2 id="followups-title">{t("Follow-ups due")}</h2>
                {move || lines_view(follow_ups(), t("No follow-ups due."))}
            </section>
            <section aria-labelledby="birthdays-title">
                <h2 id="birthdays-title">{t("Birthdays in the next 7 days")}</h2>
                {move || lines_view(birthdays(), t("No birthdays this week."))}
            </section>
        </div>
    }
}
