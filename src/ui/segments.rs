//! Segments: a filter builder over profile, history and insight, saved under a name with a
//! live count, opened as a filtered client list; and the book's RFM segments and lifecycle
//! stages with their counts, each opened as a client list (`clients::open_filtered_list`).

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::i18n::{fill, t, tf, tp};

use super::actions::{now, persist_settings, show, show_error, today};
use super::clients::{complete_insight, open_filtered_list, ListFilter};
use super::widgets::{SelectInput, TextInput};
use super::{use_app, View};
use crate::insight::GroupCounts;
use crate::insight::{RfmSegment, Stage};
use crate::model::{new_record_id, parse_minor, SourceKind, StatusKind};
use crate::segment::{Rule, Segment};

/// Rule kinds and their names in the current language; the loyalty tier only with the
/// programme on.
fn rule_kinds(loyalty: bool) -> Vec<(&'static str, &'static str)> {
    let mut kinds = vec![
        ("age", t("Age between")),
        ("gender", t("Gender is")),
        ("city", t("City is")),
        ("tag", t("Has tag")),
        ("status", t("Status is")),
        ("source", t("Source is")),
        ("paid", t("Total paid above")),
        ("recent", t("Visits in the last N days")),
        ("lapsed", t("Last visit before")),
        ("custom", t("Custom field is")),
        ("custom_min", t("Custom number at least")),
        ("stage", t("Lifecycle stage is")),
        ("rfm", t("RFM segment is")),
    ];
    if loyalty {
        kinds.push(("tier", t("Loyalty tier is")));
    }
    kinds
}

#[component]
pub fn SegmentsView() -> impl IntoView {
    let ctx = use_app();
    let name = RwSignal::new(String::new());
    let rules = RwSignal::new(Vec::<Rule>::new());
    let kind = RwSignal::new("tag".to_owned());
    let first = RwSignal::new(String::new());
    let second = RwSignal::new(String::new());
    let field = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);

    // A count that some rule of the book's insight decides is `None` until the insight is
    // complete: "Waiting…" rather than a wrong number.
    let count_of = move |segment: &Segment| {
        let insight = complete_insight(ctx);
        if segment.needs_insight() && insight.is_none() {
            return None;
        }
        Some(ctx.book.with(|b| b.segment_count(segment, insight.as_deref(), today(), now())))
    };
    let saved = Memo::new(move |_| {
        let segments = ctx.book.with(|b| b.settings.segments.clone());
        segments
            .into_iter()
            .map(|s| {
                let count = count_of(&s);
                (s, count)
            })
            .collect::<Vec<_>>()
    });
    let draft_count =
        Memo::new(move |_| count_of(&Segment { id: String::new(), name: String::new(), rules: rules.get() }));
    let counts = Memo::new(move |_| complete_insight(ctx).map(|insight| insight.group_counts()));
    let rfm_days = Memo::new(move |_| ctx.book.with(|b| b.settings.insight.rfm_window_days));
    let loyalty = ctx.book.with_untracked(|b| b.settings.loyalty.enabled);
    let describe = move |rule: &Rule| ctx.book.with_untracked(|b| rule.describe(&b.settings));

    let add_rule = move |_| {
        let (a, b) = (first.get_untracked().trim().to_owned(), second.get_untracked().trim().to_owned());
        let currency = ctx.book.with_untracked(|bk| bk.settings.currency.clone());
        let number = |s: &str| s.parse::<u32>().ok();
        let rule = match kind.get_untracked().as_str() {
            "age" => number(&a).zip(number(&b)).map(|(min, max)| Rule::AgeBetween { min, max }),
            "gender" if !a.is_empty() => Some(Rule::Gender(a)),
            "city" if !a.is_empty() => Some(Rule::City(a)),
            "tag" if !a.is_empty() => Some(Rule::HasTag(a)),
            "status" => StatusKind::ALL.into_iter().find(|s| format!("{s:?}") == a).map(Rule::Status),
            "source" => SourceKind::ALL.into_iter().find(|s| format!("{s:?}") == a).map(Rule::Source),
            "paid" => parse_minor(&a, &currency).ok().map(Rule::TotalPaidAbove),
            "recent" => number(&a).zip(number(&b)).map(|(days, at_least)| Rule::VisitsInLastDays { days, at_least }),
            "lapsed" => NaiveDate::parse_from_str(&a, "%Y-%m-%d").ok().map(Rule::LastVisitBefore),
            "custom" if !field.get_untracked().is_empty() => {
                Some(Rule::CustomEquals { field: field.get_untracked(), value: a })
            }
            "custom_min" if !field.get_untracked().is_empty() => a
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .map(|value| Rule::CustomAtLeast { field: field.get_untracked(), value }),
            "stage" => Stage::from_key(&a).map(Rule::Stage),
            "rfm" => RfmSegment::from_key(&a).map(Rule::RfmSegment),
            "tier" if !a.is_empty() => Some(Rule::LoyaltyTier(a)),
            _ => None,
        };
        match rule {
            Some(rule) => {
                rules.update(|r| r.push(rule));
                first.set(String::new());
                second.set(String::new());
                problem.set(None);
            }
            None => problem.set(Some(t("Fill in the rule's values first.").into())),
        }
    };

    let save = move |_| {
        let segment_name = name.get_untracked().trim().to_owned();
        if segment_name.is_empty() || rules.with_untracked(Vec::is_empty) {
            return problem.set(Some(t("Give the segment a name and at least one rule.").into()));
        }
        let Ok(id) = new_record_id() else { return };
        let mut settings = ctx.book.with_untracked(|b| b.settings.clone());
        settings.segments.push(Segment { id, name: segment_name, rules: rules.get_untracked() });
        leptos::task::spawn_local(async move {
            match persist_settings(ctx, settings).await {
                Ok(()) => {
                    show(ctx, t("Segment saved."));
                    name.set(String::new());
                    rules.set(Vec::new());
                }
                Err(e) => show_error(ctx, e),
            }
        });
    };

    let custom_fields = move || ctx.book.with(|b| b.settings.custom_fields.clone());
    let tier_names =
        move || ctx.book.with(|b| b.settings.loyalty.tiers.iter().map(|t| t.name.clone()).collect::<Vec<_>>());
    let waiting = move || view! { <p class="empty">{t("Waiting for the full history to load.")}</p> };

    view! {
        <div class="page segments">
            <h1>{t("Segments")}</h1>
            <section aria-labelledby="saved-title">
                <h2 id="saved-title">{t("Saved segments")}</h2>
                {move || if saved.with(Vec::is_empty) { Some(view! { <p class="empty">{t("No segments yet. Build one below.")}</p> }) } else { None }}
                <ul class="items">
                    {move || saved.get().into_iter().map(|(segment, count)| {
                        let open = segment.clone();
                        let sid = segment.id.clone();
                        view! {
                            <li class="segment-item">
                                <span class="name">{segment.name.clone()}</span>
                                <span class="count">{match count {
                                    Some(count) => tp("{n} client", "{n} clients", count as u64),
                                    None => t("Waiting for the full history to load.").to_owned(),
                                }}</span>
                                <button type="button" on:click=move |_| {
                                    // The segment alone, not under the filters the list was left with.
                                    ctx.list.reset();
                                    ctx.list_segment.set(Some(open.clone()));
                                    ctx.view.set(View::Clients);
                                }>{tf("Open {name}", &[("name", segment.name.clone())])}</button>
                                <button type="button" class="danger" on:click=move |_| {
                                    let mut settings = ctx.book.with_untracked(|b| b.settings.clone());
                                    settings.segments.retain(|s| s.id != sid);
                                    leptos::task::spawn_local(async move {
                                        if let Err(e) = persist_settings(ctx, settings).await { show_error(ctx, e) } else { show(ctx, t("Segment deleted.")) }
                                    });
                                }>{t("Delete")}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>

            <section aria-labelledby="rfm-title" class="insight-lists">
                <h2 id="rfm-title">{t("RFM segments")}</h2>
                <p class="hint">{move || fill(
                    t("Clients scored by how recently, how often and how much they came and paid in the last {days}."),
                    &[("days", tp("{n} day", "{n} days", u64::from(rfm_days.get())))],
                )}</p>
                {move || match counts.get() {
                    None => waiting().into_any(),
                    Some(GroupCounts { segments, .. }) => view! {
                        <ul class="insight-counts">
                            {segments.into_iter().map(|(segment, count)| view! {
                                <li>
                                    <button type="button" on:click=move |_| open_filtered_list(ctx, ListFilter::Rfm(segment))>
                                        <span class="name">{segment.label()}</span>
                                        " "
                                        <span class="count">{tp("{n} client", "{n} clients", count as u64)}</span>
                                    </button>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </section>

            <section aria-labelledby="stages-title" class="insight-lists">
                <h2 id="stages-title">{t("Lifecycle stages")}</h2>
                {move || match counts.get() {
                    None => waiting().into_any(),
                    Some(GroupCounts { stages, .. }) => view! {
                        <ul class="insight-counts">
                            {stages.into_iter().map(|(stage, count)| view! {
                                <li>
                                    <button type="button" on:click=move |_| open_filtered_list(ctx, ListFilter::Stage(stage))>
                                        <span class="name">{stage.label()}</span>
                                        " "
                                        <span class="count">{tp("{n} client", "{n} clients", count as u64)}</span>
                                    </button>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </section>

            <section aria-labelledby="builder-title" class="builder">
                <h2 id="builder-title">{t("New segment")}</h2>
                <TextInput id="segment-name" label=t("Segment name") value=name on_input=Callback::new(move |v| name.set(v)) />
                <ul class="rules" aria-label=t("Rules")>
                    {move || rules.get().into_iter().enumerate().map(|(i, rule)| view! {
                        <li>
                            {describe(&rule)}
                            <button type="button" aria-label=tf("Remove rule {n}", &[("n", (i + 1).to_string())])
                                on:click=move |_| rules.update(|r| { r.remove(i); })>"×"</button>
                        </li>
                    }).collect_view()}
                </ul>
                <SelectInput id="rule-kind" label=t("Rule")
                    options=rule_kinds(loyalty).iter().map(|(k, l)| (k.to_string(), l.to_string())).collect()
                    value=kind on_change=Callback::new(move |v| { kind.set(v); first.set(String::new()); second.set(String::new()); }) />
                {move || {
                    let text_input = |id: &'static str, label: &'static str, input_type: &'static str, value: RwSignal<String>| view! {
                        <TextInput id=id label=label input_type=input_type value=value on_input=Callback::new(move |v| value.set(v)) />
                    };
                    match kind.get().as_str() {
                        "age" => view! { <div class="row">{text_input("rule-min", t("From age"), "number", first)}{text_input("rule-max", t("To age"), "number", second)}</div> }.into_any(),
                        "recent" => view! { <div class="row">{text_input("rule-days", t("Days"), "number", first)}{text_input("rule-count", t("At least this many visits"), "number", second)}</div> }.into_any(),
                        "lapsed" => text_input("rule-date", t("Date"), "date", first).into_any(),
                        "paid" => text_input("rule-amount", t("Amount"), "text", first).into_any(),
                        "status" => view! {
                            <SelectInput id="rule-status" label=t("Status value")
                                options=std::iter::once((String::new(), "—".to_owned())).chain(StatusKind::ALL.iter().map(|s| (format!("{s:?}"), s.label().to_owned()))).collect()
                                value=first on_change=Callback::new(move |v| first.set(v)) />
                        }.into_any(),
                        "source" => view! {
                            <SelectInput id="rule-source" label=t("Source value")
                                options=std::iter::once((String::new(), "—".to_owned())).chain(SourceKind::ALL.iter().map(|s| (format!("{s:?}"), s.label().to_owned()))).collect()
                                value=first on_change=Callback::new(move |v| first.set(v)) />
                        }.into_any(),
                        "stage" => view! {
                            <SelectInput id="rule-stage" label=t("Stage value")
                                options=std::iter::once((String::new(), "—".to_owned())).chain(Stage::ALL.iter().map(|s| (s.key().to_owned(), s.label().to_owned()))).collect()
                                value=first on_change=Callback::new(move |v| first.set(v)) />
                        }.into_any(),
                        "rfm" => view! {
                            <SelectInput id="rule-rfm" label=t("RFM segment value")
                                options=std::iter::once((String::new(), "—".to_owned())).chain(RfmSegment::ALL.iter().map(|s| (s.key().to_owned(), s.label().to_owned()))).collect()
                                value=first on_change=Callback::new(move |v| first.set(v)) />
                        }.into_any(),
                        "tier" => view! {
                            <SelectInput id="rule-tier" label=t("Tier value")
                                options=std::iter::once((String::new(), "—".to_owned())).chain(tier_names().into_iter().map(|n| (n.clone(), n))).collect()
                                value=first on_change=Callback::new(move |v| first.set(v)) />
                        }.into_any(),
                        "custom" | "custom_min" => view! {
                            <SelectInput id="rule-field" label=t("Custom field")
                                options=std::iter::once((String::new(), "—".to_owned())).chain(custom_fields().into_iter().map(|f| (f.id, f.label))).collect()
                                value=field on_change=Callback::new(move |v| field.set(v)) />
                            {text_input("rule-value", t("Value"), "text", first)}
                        }.into_any(),
                        _ => text_input("rule-value", t("Value"), "text", first).into_any(),
                    }
                }}
                <button type="button" on:click=add_rule>{t("Add rule")}</button>
                <p class="count" aria-live="polite">{move || match draft_count.get() {
                    Some(count) => tp("{n} client matches these rules", "{n} clients match these rules", count as u64),
                    None => t("Waiting for the full history to load.").to_owned(),
                }}</p>
                <Show when=move || problem.get().is_some()>
                    <p class="error" role="alert">{move || problem.get()}</p>
                </Show>
                <button type="button" class="primary" on:click=save>{t("Save segment")}</button>
            </section>
        </div>
    }
}
