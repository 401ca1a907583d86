//! A client's history as one timeline, newest first: visits (appointments when still ahead)
//! and interactions, each with its edit or delete button, an appointment also with "Add to
//! calendar (.ics)". A long history opens with its newest `PAGE` entries; "Show earlier" adds
//! the next `PAGE`, so opening a profile costs the same however long the client has been
//! coming.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{t, tf};
use crate::model::{Client, TimelineItem};

use super::super::actions::{change_client, local_datetime, now};
use super::super::ics_download::AddToCalendar;
use super::super::{use_app, AppContext};
use super::Form;

/// Entries shown when the profile opens, and added by each "Show earlier".
pub const PAGE: usize = 20;

/// The timeline of `client`, showing its newest `shown` entries. `shown` belongs to the
/// profile, so the timeline keeps its length when a save redraws the profile.
#[component]
pub fn Timeline(client: Client, shown: RwSignal<usize>, form: RwSignal<Form>) -> impl IntoView {
    let ctx = use_app();
    let total = client.visits.len() + client.interactions.len();
    let client = StoredValue::new(client);
    let list = NodeRef::<html::Ol>::new();
    let pages = move || 0..shown.get().min(total).div_ceil(PAGE);
    // Each page renders once: "Show earlier" adds a page and leaves the ones shown alone.
    let page_entries = move |page: usize| {
        client.with_value(|c| {
            c.timeline().into_iter().skip(page * PAGE).take(PAGE).map(TimelineEntry::of).collect::<Vec<_>>()
        })
    };
    let show_earlier = move |_| {
        let before = shown.get_untracked().min(total);
        shown.set(before + PAGE);
        // The button goes away with the last page; focus then moves to the first entry it
        // revealed rather than falling back to the page.
        if before + PAGE >= total {
            let list = list.get_untracked();
            request_animation_frame(move || focus_entry(list, before));
        }
    };
    let client_id = StoredValue::new(client.with_value(|c| c.id.clone()));

    view! {
        <section aria-labelledby="timeline-title">
            <h3 id="timeline-title">{t("Timeline")}</h3>
            {(total == 0).then(|| view! { <p class="empty">{t("No visits or interactions yet.")}</p> })}
            <ol class="timeline" node_ref=list>
                <For each=pages key=|page| *page let:page>
                    {page_entries(page).into_iter().map(|entry| entry_view(ctx, client_id, entry, form)).collect_view()}
                </For>
            </ol>
            <Show when=move || shown.get() < total>
                <button type="button" class="show-earlier" on:click=show_earlier>{t("Show earlier")}</button>
            </Show>
        </section>
    }
}

/// One timeline line with its buttons.
fn entry_view(
    ctx: AppContext,
    client_id: StoredValue<String>,
    entry: TimelineEntry,
    form: RwSignal<Form>,
) -> impl IntoView {
    let entry_id = entry.id.clone();
    let is_visit = entry.is_visit;
    // A row of its own: beside Edit and Delete it would push them off a phone's screen.
    let add_to_calendar = entry.upcoming.then(|| {
        view! {
            <div class="entry-actions">
                <AddToCalendar client_id=client_id.get_value() visit_id=entry.id.clone() />
            </div>
        }
    });
    view! {
        // Focusable from code only: where focus lands when "Show earlier" reveals it.
        <li class:appointment=entry.upcoming tabindex="-1">
            <p class="when">{entry.when}</p>
            <p class="what">{entry.title}</p>
            {(!entry.detail.is_empty()).then(|| view! { <p class="detail">{entry.detail.clone()}</p> })}
            <div class="entry-actions">
                {
                    let edit_id = entry_id.clone();
                    view! {
                        <button type="button" on:click=move |_| super::open_form(ctx, form, if is_visit {
                            Form::Visit(Some(edit_id.clone()))
                        } else {
                            Form::Interaction(Some(edit_id.clone()))
                        })>{if is_visit { t("Edit visit") } else { t("Edit interaction") }}</button>
                    }
                }
                <button type="button" class="danger" on:click=move |_| {
                    let eid = entry_id.clone();
                    change_client(ctx, &client_id.get_value(), if is_visit { t("Visit deleted.") } else { t("Interaction deleted.") }, true,
                        move |c| { c.visits.retain(|v| v.id != eid); c.interactions.retain(|i| i.id != eid); });
                }>{if is_visit { t("Delete visit") } else { t("Delete interaction") }}</button>
            </div>
            {add_to_calendar}
        </li>
    }
}

/// Focuses the timeline entry at `index` (from the newest, 0).
fn focus_entry(list: Option<web_sys::HtmlOListElement>, index: usize) {
    let entry = list.and_then(|ol| ol.children().item(index as u32));
    if let Some(entry) = entry.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = entry.focus();
    }
}

/// A timeline line, ready to render.
struct TimelineEntry {
    id: String,
    is_visit: bool,
    upcoming: bool,
    when: String,
    title: String,
    detail: String,
}

impl TimelineEntry {
    fn of(item: TimelineItem) -> Self {
        match item {
            TimelineItem::Visit(v) => {
                let money = if v.price > 0 || v.paid > 0 {
                    format!(
                        " · {}",
                        tf(
                            "{paid} of {price} paid ({status})",
                            &[
                                ("paid", crate::i18n::format_money(crate::i18n::lang(), v.paid, &v.currency)),
                                ("price", crate::i18n::format_money(crate::i18n::lang(), v.price, &v.currency)),
                                ("status", v.payment.label().to_owned()),
                            ]
                        )
                    )
                } else {
                    String::new()
                };
                let service = if v.service.is_empty() { t("Visit").to_owned() } else { v.service.clone() };
                let mut detail: Vec<String> = Vec::new();
                if !v.series.is_empty() {
                    detail.push(t("Part of a recurring series.").to_owned());
                }
                // Every move, oldest first: "rescheduled from" each earlier time.
                for moved in &v.moves {
                    detail.push(tf("Rescheduled from {when}", &[("when", local_datetime(moved.from_start))]));
                }
                if let Some(score) = v.satisfaction {
                    detail.push(tf("Satisfaction {score}/5", &[("score", score.to_string())]));
                }
                for text in [&v.location, &v.feedback, &v.private_note] {
                    if !text.is_empty() {
                        detail.push(text.clone());
                    }
                }
                Self {
                    id: v.id.clone(),
                    is_visit: true,
                    upcoming: v.is_appointment(now()),
                    when: local_datetime(v.start),
                    title: format!(
                        "{service} — {}, {}{money}",
                        v.outcome.label(),
                        tf("{n} min", &[("n", v.duration_min.to_string())])
                    ),
                    detail: detail.join(" · "),
                }
            }
            TimelineItem::Interaction(i) => Self {
                id: i.id.clone(),
                is_visit: false,
                upcoming: false,
                when: local_datetime(i.at),
                title: format!(
                    "{} ({}){}",
                    i.channel.label(),
                    i.direction.label(),
                    if i.topic.is_empty() { String::new() } else { format!(": {}", i.topic) }
                ),
                detail: i.notes.clone(),
            },
        }
    }
}
