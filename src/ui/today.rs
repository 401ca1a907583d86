//! The Today view, the start screen after unlock.

use chrono::Local;
use leptos::prelude::*;

use crate::i18n::{t, tf, tp};

use super::actions::{now, open_detail};
use super::profile::{log_contact, ResolveDialog, ResolveTarget};
use super::{use_app, Detail};
use crate::today::attention::{attention, birthday_perks};
use crate::today::{today_view, AppointmentItem};

/// What a line's own button does, beside the button that opens the client.
#[derive(Clone)]
enum LineAction {
    /// Opens the client's interaction form: a drifting client or a stay-in-touch follow-up.
    LogContact,
    /// Opens the dialog that resolves the feedback on this visit.
    Resolve(String),
}

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
    action: Option<LineAction>,
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
            action: None,
        }
    }

    /// A line of one of the lists the book's insight makes.
    fn of_client(client_id: &str, name: &str, when: String, detail: String, action: Option<LineAction>) -> Self {
        Self {
            client_id: client_id.to_owned(),
            when,
            when_under_name: true,
            name: name.to_owned(),
            detail,
            alert: String::new(),
            blocked: false,
            urgent: false,
            action,
        }
    }
}

/// Rows a Today list shows before "Show all": a busy book can owe a thousand follow-ups, and
/// the screen must still open at once.
const SHOWN: usize = 20;

/// `resolving` is the feedback whose Resolve dialog is open.
fn lines_view(lines: Vec<Line>, empty: &'static str, resolving: RwSignal<Option<ResolveTarget>>) -> AnyView {
    if lines.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    let total = lines.len();
    let lines = StoredValue::new(lines);
    let expanded = RwSignal::new(false);
    view! {
        {move || {
            let shown = if expanded.get() { total } else { total.min(SHOWN) };
            lines.with_value(|all| line_items(all[..shown].to_vec(), resolving))
        }}
        <Show when=move || { !expanded.get() && total > SHOWN }>
            <button type="button" class="more" on:click=move |_| expanded.set(true)>
                {tf("Show all {count}", &[("count", crate::i18n::format_number(crate::i18n::lang(), total as f64, 0))])}
            </button>
        </Show>
    }
    .into_any()
}

fn line_items(lines: Vec<Line>, resolving: RwSignal<Option<ResolveTarget>>) -> AnyView {
    let ctx = use_app();
    view! {
        <ul class="items">
            {lines.into_iter().map(|line| {
                let id = line.client_id.clone();
                let with_action = line.action.is_some();
                let action = line.action.clone().map(|action| {
                    let client_id = line.client_id.clone();
                    match action {
                        // Every row has one: the name tells a screen reader's list of buttons apart.
                        LineAction::LogContact => view! {
                            <button type="button" class="line-action" aria-label=tf("Log contact with {name}", &[("name", line.name.clone())])
                                on:click=move |_| log_contact(ctx, client_id.clone())>{t("Log contact")}</button>
                        }.into_any(),
                        LineAction::Resolve(visit_id) => view! {
                            <button type="button" class="line-action" aria-label=tf("Resolve feedback from {name}", &[("name", line.name.clone())])
                                on:click=move |_| resolving.set(Some(ResolveTarget {
                                client_id: client_id.clone(),
                                visit_id: visit_id.clone(),
                            }))>{t("Resolve")}</button>
                        }.into_any(),
                    }
                });
                let (beside, under) =
                    if line.when_under_name { (String::new(), Some(line.when).filter(|w| !w.is_empty())) } else { (line.when, None) };
                view! {
                    <li class:blocked=line.blocked class:with-action=with_action>
                        <button type="button" class="item" on:click=move |_| open_detail(ctx, Detail::Profile(id.clone()))>
                            // Empty when the time goes under the name: it holds the first column.
                            <span class="when" class:overdue=line.urgent && under.is_none()>{beside}</span>
                            <span class="name">{line.name}</span>
                            {under.map(|when| view! { <span class="detail when" class:overdue=line.urgent>{when}</span> })}
                            <span class="detail">{line.detail}</span>
                            {line.blocked.then(|| view! { <span class="badge blocked">{t("Blocked")}</span> })}
                            {(!line.alert.is_empty()).then(|| view! { <span class="pinned">{line.alert}</span> })}
                        </button>
                        {action}
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
                    action: None,
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
                    action: None,
                })
                .collect::<Vec<_>>()
        })
    };
    let resolving = RwSignal::new(None::<ResolveTarget>);
    // What the book's insight asks for; `None` while whole histories are still loading, when
    // the insight would miss older visits.
    let insight = Memo::new(move |_| {
        let insight = ctx.insight.get();
        insight.complete.then(|| ctx.book.with(|book| attention(book, &insight)))
    });
    let loading = move || view! { <p class="empty">{t("Waiting for the full history to load.")}</p> }.into_any();
    // Follow-ups typed by the user and the stay-in-touch ones a contact frequency makes, by
    // their due date.
    let all_follow_ups = move || {
        let mut dated: Vec<(chrono::NaiveDate, Line)> = view_data
            .with(|v| v.follow_ups.iter().map(|f| f.follow_up.due).collect::<Vec<_>>())
            .into_iter()
            .zip(follow_ups())
            .collect();
        insight.with(|a| {
            for item in a.iter().flat_map(|a| &a.stay_in_touch) {
                let mut line = Line::of_client(
                    &item.client_id,
                    &item.client_name,
                    item.when.text(),
                    item.detail(),
                    Some(LineAction::LogContact),
                );
                line.urgent = item.overdue;
                dated.push((item.due, line));
            }
        });
        dated.sort_by_key(|(due, _)| *due);
        dated.into_iter().map(|(_, line)| line).collect::<Vec<_>>()
    };
    let stay_in_touch_waits = move || {
        insight.with(Option::is_none) && ctx.book.with(|b| b.entries().any(|e| e.client.contact_every_days.is_some()))
    };
    let feedback = move || {
        insight.with(|a| {
            a.as_ref().map(|a| {
                a.feedback
                    .iter()
                    .map(|item| {
                        Line::of_client(
                            &item.client_id,
                            &item.client_name,
                            item.when(),
                            item.detail(),
                            Some(LineAction::Resolve(item.visit_id.clone())),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let drifting = move || {
        insight.with(|a| {
            a.as_ref().map(|a| {
                a.drifting
                    .iter()
                    .map(|item| {
                        Line::of_client(
                            &item.client_id,
                            &item.client_name,
                            String::new(),
                            item.reason(),
                            Some(LineAction::LogContact),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    // From the book alone: birthdays are in the summaries, so no waiting for histories.
    let perks = move || {
        let today = view_data.with(|v| v.date);
        ctx.book
            .with(|book| today.map(|today| birthday_perks(book, today)).unwrap_or_default())
            .into_iter()
            .map(|item| {
                let mut line = Line::of_client(&item.client_id, &item.client_name, item.when(), item.perk, None);
                line.when_under_name = false;
                line
            })
            .collect::<Vec<_>>()
    };
    let perk_offered =
        move || ctx.book.with(|b| b.settings.loyalty.enabled && !b.settings.loyalty.birthday_perk.trim().is_empty());

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
                    {move || lines_view(appointments(|v| &v.blocked_with_appointments), "", resolving)}
                </section>
            </Show>
            <section aria-labelledby="today-title">
                <h2 id="today-title">{t("Appointments today")}</h2>
                {move || lines_view(appointments(|v| &v.today), t("Nothing booked today."), resolving)}
            </section>
            <section aria-labelledby="tomorrow-title">
                <h2 id="tomorrow-title">{t("Tomorrow")}</h2>
                {move || lines_view(appointments(|v| &v.tomorrow), t("Nothing booked tomorrow."), resolving)}
            </section>
            <section aria-labelledby="feedback-title">
                <h2 id="feedback-title">{t("Feedback to handle")}</h2>
                {move || feedback().map_or_else(loading, |lines| lines_view(lines, t("No feedback to handle."), resolving))}
            </section>
            <section aria-labelledby="followups-title">
                <h2 id="followups-title">{t("Follow-ups due")}</h2>
                {move || lines_view(all_follow_ups(), t("No follow-ups due."), resolving)}
                <Show when=stay_in_touch_waits>
                    <p class="hint">{t("Stay-in-touch follow-ups show once the full history has loaded.")}</p>
                </Show>
            </section>
            <section aria-labelledby="drifting-title">
                <h2 id="drifting-title">{t("Drifting away")}</h2>
                {move || drifting().map_or_else(loading, |lines| lines_view(lines, t("No one is drifting away."), resolving))}
            </section>
            <section aria-labelledby="birthdays-title">
                <h2 id="birthdays-title">{t("Birthdays in the next 7 days")}</h2>
                {move || lines_view(birthdays(), t("No birthdays this week."), resolving)}
            </section>
            <Show when=perk_offered>
                <section aria-labelledby="perks-title">
                    <h2 id="perks-title">{t("Birthday perks this month")}</h2>
                    {move || lines_view(perks(), t("No birthdays this month."), resolving)}
                </section>
            </Show>
            {move || resolving.get().map(|target| view! {
                <ResolveDialog target=target on_close=Callback::new(move |_| resolving.set(None)) />
            })}
        </div>
    }
}
