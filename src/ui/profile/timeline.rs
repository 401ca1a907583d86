//! A client's history as one timeline, newest first: visits (appointments when still ahead),
//! interactions, and the resolutions of feedback, each with its edit or delete button, an
//! appointment also with "Add to calendar (.ics)", a visit whose feedback is to handle with
//! "Resolve". A long history opens with its newest `PAGE` entries; "Show earlier" adds
//! the next `PAGE`, so opening a profile costs the same however long the client has been
//! coming.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use chrono::{DateTime, Utc};

use crate::i18n::{t, tf, tp};
use crate::insight::feedback;
use crate::model::{Client, InsightSettings, Resolution, TimelineItem, Visit};

use super::super::actions::{change_client, local_datetime, now};
use super::super::ics_download::AddToCalendar;
use super::super::{use_app, AppContext};
use super::resolve::{ResolveDialog, ResolveTarget};
use super::Form;

/// Entries shown when the profile opens, and added by each "Show earlier".
pub const PAGE: usize = 20;

/// The timeline of `client`, showing its newest `shown` entries. `shown` belongs to the
/// profile, so the timeline keeps its length when a save redraws the profile.
#[component]
pub fn Timeline(client: Client, shown: RwSignal<usize>, form: RwSignal<Form>) -> impl IntoView {
    let ctx = use_app();
    let settings = ctx.book.with_untracked(|b| b.settings.insight.clone());
    let total = entries(&client).len();
    let client = StoredValue::new(client);
    let resolving = RwSignal::new(None::<ResolveTarget>);
    let list = NodeRef::<html::Ol>::new();
    let pages = move || 0..shown.get().min(total).div_ceil(PAGE);
    // Each page renders once: "Show earlier" adds a page and leaves the ones shown alone.
    let page_entries = move |page: usize| {
        client.with_value(|c| {
            entries(c)
                .into_iter()
                .skip(page * PAGE)
                .take(PAGE)
                .map(|e| TimelineEntry::of(e, &settings))
                .collect::<Vec<_>>()
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
                    {page_entries(page).into_iter().map(|entry| entry_view(ctx, client_id, entry, form, resolving)).collect_view()}
                </For>
            </ol>
            <Show when=move || shown.get() < total>
                <button type="button" class="show-earlier" on:click=show_earlier>{t("Show earlier")}</button>
            </Show>
            {move || resolving.get().map(|target| view! {
                <ResolveDialog target=target on_close=Callback::new(move |_| resolving.set(None)) />
            })}
        </section>
    }
}

/// One timeline line with its buttons.
fn entry_view(
    ctx: AppContext,
    client_id: StoredValue<String>,
    entry: TimelineEntry,
    form: RwSignal<Form>,
    resolving: RwSignal<Option<ResolveTarget>>,
) -> impl IntoView {
    let entry_id = entry.id.clone();
    // A row of its own: beside Edit and Delete it would push them off a phone's screen.
    let add_to_calendar = entry.upcoming.then(|| {
        view! {
            <div class="entry-actions">
                <AddToCalendar client_id=client_id.get_value() visit_id=entry.id.clone() />
            </div>
        }
    });
    let resolve = move |visit_id: String| {
        move |_| resolving.set(Some(ResolveTarget { client_id: client_id.get_value(), visit_id: visit_id.clone() }))
    };
    let buttons = match entry.kind {
        Kind::Resolution => view! {
            <button type="button" on:click=resolve(entry_id.clone())>{t("Edit resolution")}</button>
        }
        .into_any(),
        kind => {
            let is_visit = kind == Kind::Visit;
            let edit_id = entry_id.clone();
            view! {
                // The visit's time in its name: a profile can have several visits to handle.
                {entry.to_handle.then(|| view! {
                    <button type="button" class="primary" aria-label=tf("Resolve feedback on the visit of {when}", &[("when", entry.when.clone())])
                        on:click=resolve(entry_id.clone())>{t("Resolve")}</button>
                })}
                <button type="button" on:click=move |_| super::open_form(ctx, form, if is_visit {
                    Form::Visit(Some(edit_id.clone()))
                } else {
                    Form::Interaction(Some(edit_id.clone()))
                })>{if is_visit { t("Edit visit") } else { t("Edit interaction") }}</button>
                <button type="button" class="danger" on:click=move |_| {
                    let eid = entry_id.clone();
                    change_client(ctx, &client_id.get_value(), if is_visit { t("Visit deleted.") } else { t("Interaction deleted.") }, true,
                        move |c| { c.visits.retain(|v| v.id != eid); c.interactions.retain(|i| i.id != eid); });
                }>{if is_visit { t("Delete visit") } else { t("Delete interaction") }}</button>
            }
            .into_any()
        }
    };
    view! {
        // Focusable from code only: where focus lands when "Show earlier" reveals it.
        <li class:appointment=entry.upcoming class:to-handle=entry.to_handle class:resolution=entry.kind == Kind::Resolution tabindex="-1">
            <p class="when">{entry.when}</p>
            <p class="what">
                {entry.to_handle.then(|| view! { <span class="badge to-handle">{t("To handle")}</span> " " })}
                {entry.title}
            </p>
            {(!entry.detail.is_empty()).then(|| view! { <p class="detail">{entry.detail.clone()}</p> })}
            <div class="entry-actions">{buttons}</div>
            {add_to_calendar}
        </li>
    }
}

/// What a timeline line is about.
enum Entry<'a> {
    Activity(TimelineItem<'a>),
    /// The resolution of a visit's feedback, at the time it was resolved.
    Resolution(&'a Visit, &'a Resolution),
}

impl Entry<'_> {
    fn at(&self) -> DateTime<Utc> {
        match self {
            Self::Activity(item) => item.at(),
            Self::Resolution(_, resolution) => resolution.at,
        }
    }
}

/// Every line of the client's timeline, newest first.
fn entries(client: &Client) -> Vec<Entry<'_>> {
    let resolutions = client.visits.iter().filter_map(|v| v.resolution.as_ref().map(|r| Entry::Resolution(v, r)));
    let mut entries: Vec<Entry> = client.timeline().into_iter().map(Entry::Activity).chain(resolutions).collect();
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.at()));
    entries
}

/// Focuses the timeline entry at `index` (from the newest, 0).
fn focus_entry(list: Option<web_sys::HtmlOListElement>, index: usize) {
    let entry = list.and_then(|ol| ol.children().item(index as u32));
    if let Some(entry) = entry.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = entry.focus();
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Visit,
    Interaction,
    Resolution,
}

/// A timeline line, ready to render.
struct TimelineEntry {
    /// The visit's or the interaction's id; a resolution's visit's.
    id: String,
    kind: Kind,
    /// A visit whose low rating or complaint is not yet resolved.
    to_handle: bool,
    upcoming: bool,
    when: String,
    title: String,
    detail: String,
}

impl TimelineEntry {
    fn of(entry: Entry, settings: &InsightSettings) -> Self {
        let item = match entry {
            Entry::Activity(item) => item,
            Entry::Resolution(v, resolution) => {
                let service = if v.service.is_empty() { t("Visit").to_owned() } else { v.service.clone() };
                return Self {
                    id: v.id.clone(),
                    kind: Kind::Resolution,
                    to_handle: false,
                    upcoming: false,
                    when: local_datetime(resolution.at),
                    title: tf("Resolved: {note}", &[("note", resolution.note.clone())]),
                    detail: tf(
                        "Feedback on {service}, {date}",
                        &[("service", service), ("date", super::super::actions::local_date(v.start))],
                    ),
                };
            }
        };
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
                if v.complaint {
                    detail.push(t("Complaint").to_owned());
                }
                if v.points_redeemed > 0 {
                    detail.push(tp("{n} point redeemed", "{n} points redeemed", u64::from(v.points_redeemed)));
                }
                for text in [&v.location, &v.feedback, &v.private_note] {
                    if !text.is_empty() {
                        detail.push(text.clone());
                    }
                }
                Self {
                    id: v.id.clone(),
                    kind: Kind::Visit,
                    to_handle: feedback::is_open(v, settings),
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
                kind: Kind::Interaction,
                to_handle: false,
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
