//! The Today view, the start screen after unlock.

use chrono::Local;
use leptos::prelude::*;

use super::actions::{local_datetime, now, open_detail};
use super::{use_app, Detail};
use crate::today::{today_view, AppointmentItem};

#[component]
pub fn TodayView() -> impl IntoView {
    let ctx = use_app();
    let view_data = Memo::new(move |_| ctx.book.with(|book| today_view(book, now(), &Local)));

    let appointment_list = move |items: Vec<AppointmentItem>, empty: &'static str| {
        if items.is_empty() {
            return view! { <p class="empty">{empty}</p> }.into_any();
        }
        view! {
            <ul class="items">
                {items.into_iter().map(|item| {
                    let id = item.client_id.clone();
                    view! {
                        <li class:blocked=item.blocked>
                            <button type="button" class="item" on:click=move |_| open_detail(ctx, Detail::Profile(id.clone()))>
                                <span class="when">{local_datetime(item.visit.start)}</span>
                                <span class="name">{item.client_name.clone()}</span>
                                <span class="detail">{item.visit.service.clone()}</span>
                                {item.blocked.then(|| view! { <span class="badge blocked">"Blocked"</span> })}
                                {(!item.alert.is_empty()).then(|| view! { <span class="pinned">{item.alert.clone()}</span> })}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };

    view! {
        <div class="today">
            <h1>{move || view_data.with(|v| v.date.map(|d| format!("Today, {d}")).unwrap_or_default())}</h1>

            {move || {
                let health = ctx.book.with(|b| crate::backup::backup_health(b, now()));
                health.reminder_due.then(|| view! {
                    <p class="banner warning backup-reminder">
                        {match health.days_since {
                            None => "No backup yet. ".to_owned(),
                            Some(days) => format!("Last backup: {days} day(s) ago, {} change(s) since. ", health.changes_since),
                        }}
                        <button type="button" on:click=move |_| super::actions::go_to(ctx, super::View::Backup)>"Make a backup"</button>
                    </p>
                })
            }}
            <Show when=move || view_data.with(|v| !v.blocked_with_appointments.is_empty())>
                <section class="banner danger" role="alert" aria-labelledby="blocked-title">
                    <h2 id="blocked-title">"Blocked clients with appointments"</h2>
                    {move || appointment_list(view_data.with(|v| v.blocked_with_appointments.clone()), "")}
                </section>
            </Show>

            <section aria-labelledby="today-title">
                <h2 id="today-title">"Appointments today"</h2>
                {move || appointment_list(view_data.with(|v| v.today.clone()), "Nothing booked today.")}
            </section>
            <section aria-labelledby="tomorrow-title">
                <h2 id="tomorrow-title">"Tomorrow"</h2>
                {move || appointment_list(view_data.with(|v| v.tomorrow.clone()), "Nothing booked tomorrow.")}
            </section>
            <section aria-labelledby="followups-title">
                <h2 id="followups-title">"Follow-ups due"</h2>
                {move || {
                    let items = view_data.with(|v| v.follow_ups.clone());
                    if items.is_empty() {
                        return view! { <p class="empty">"No follow-ups due."</p> }.into_any();
                    }
                    view! {
                        <ul class="items">
                            {items.into_iter().map(|item| {
                                let id = item.client_id.clone();
                                view! {
                                    <li>
                                        <button type="button" class="item" on:click=move |_| open_detail(ctx, Detail::Profile(id.clone()))>
                                            <span class="when" class:overdue=item.overdue>
                                                {if item.overdue { format!("Overdue since {}", item.follow_up.due) } else { "Due today".to_owned() }}
                                            </span>
                                            <span class="name">{item.client_name.clone()}</span>
                                            <span class="detail">{item.follow_up.text.clone()}</span>
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section aria-labelledby="birthdays-title">
                <h2 id="birthdays-title">"Birthdays in the next 7 days"</h2>
                {move || {
                    let items = view_data.with(|v| v.birthdays.clone());
                    if items.is_empty() {
                        return view! { <p class="empty">"No birthdays this week."</p> }.into_any();
                    }
                    view! {
                        <ul class="items">
                            {items.into_iter().map(|item| {
                                let id = item.client_id.clone();
                                view! {
                                    <li>
                                        <button type="button" class="item" on:click=move |_| open_detail(ctx, Detail::Profile(id.clone()))>
                                            <span class="when">{item.date.format("%Y-%m-%d").to_string()}</span>
                                            <span class="name">{item.client_name.clone()}</span>
                                            <span class="detail">{item.turning.map(|age| format!("turns {age}")).unwrap_or_default()}</span>
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </div>
    }
}
