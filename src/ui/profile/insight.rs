//! The client's value on the profile: money and visits, the rhythm of their visits, their
//! lifecycle stage with why, RFM, and loyalty points. All but RFM come from this client alone
//! (`ClientInsight::of`), as soon as their whole record is in memory, and follow a save at
//! once; RFM compares them with the whole book, so it comes from the shared insight
//! (`ctx.insight`), computed in the background.

use std::collections::BTreeMap;

use chrono::{Local, NaiveDate};
use leptos::prelude::*;

use crate::i18n::{format_date, format_money, lang, t, tf, tp};
use crate::insight::explain::stage_explanation;
use crate::insight::{ClientInsight, RfmScores, RfmSegment, Stage};

use super::super::actions::now;
use super::super::use_app;

/// Amounts per currency, "—" for none.
fn money(amounts: &BTreeMap<String, i64>) -> String {
    if amounts.is_empty() {
        return "—".to_owned();
    }
    amounts.iter().map(|(code, minor)| format_money(lang(), *minor, code)).collect::<Vec<_>>().join(", ")
}

fn date(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "—".to_owned(), |d| format_date(lang(), d))
}

/// The stage's class, for its colour.
fn stage_class(stage: Stage) -> String {
    format!("badge stage stage-{}", stage.key())
}

#[component]
pub fn ClientValuePanel(
    /// The client's id.
    #[prop(into)]
    id: String,
) -> impl IntoView {
    let ctx = use_app();
    let id = StoredValue::new(id);
    let own = Memo::new(move |_| {
        ctx.book.with(|b| id.with_value(|id| b.get_full(id).map(|c| ClientInsight::of(c, &b.settings, now(), &Local))))
    });
    // RFM compares the client with the whole book: from the shared insight, computed in the
    // background, so it may follow a save a moment later.
    let rfm = Memo::new(move |_| {
        let insight = ctx.insight.get();
        insight.complete.then(|| id.with_value(|id| insight.client(id).map(|c| (c.rfm, c.segment)))).flatten()
    });
    view! {
        <section aria-labelledby="value-title" class="client-value">
            <h3 id="value-title">{t("Client value")}</h3>
            {move || match own.get() {
                None => view! { <p class="hint" role="status">{t("Waiting for the full history to load.")}</p> }.into_any(),
                Some(client) => {
                    let settings = ctx.book.with_untracked(|b| b.settings.insight.clone());
                    let explanation = stage_explanation(&client, &settings);
                    let rfm = Signal::from(rfm);
                    view! { <ValueList client explanation rfm rfm_window_days=settings.rfm_window_days /> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn ValueList(
    client: ClientInsight,
    explanation: String,
    /// The RFM scores and segment, once the whole book's insight is known.
    rfm: Signal<Option<(Option<RfmScores>, Option<RfmSegment>)>>,
    rfm_window_days: u32,
) -> impl IntoView {
    let v = &client.value;
    let interval =
        v.typical_interval_days.map_or_else(|| "—".to_owned(), |n| tp("every {n} day", "every {n} days", u64::from(n)));
    let since = v.days_since_last.map_or_else(|| "—".to_owned(), |n| tp("{n} day", "{n} days", u64::from(n)));
    let scores = move || {
        rfm.get()
            .and_then(|(scores, _)| scores)
            .map_or_else(|| "—".to_owned(), |s| format!("R{NBSP}{} · F{NBSP}{} · M{NBSP}{}", s.r, s.f, s.m))
    };
    let segment = move || rfm.get().and_then(|(_, segment)| segment).map_or("—", |s| s.label());
    let loyalty = client.points.map(|points| {
        let balance = if points.redeemed > 0 {
            tf(
                "{balance} (earned {earned}, spent {spent})",
                &[
                    ("balance", points.balance().to_string()),
                    ("earned", points.earned.to_string()),
                    ("spent", points.redeemed.to_string()),
                ],
            )
        } else {
            points.balance().to_string()
        };
        let tier = client.tier.clone().unwrap_or_else(|| t("No tier yet").to_owned());
        view! {
            <dt>{t("Points")}</dt><dd>{balance}</dd>
            <dt>{t("Tier")}</dt><dd>{tier}</dd>
        }
    });
    view! {
        <div class="stage-line">
            <span class=stage_class(client.stage)>{client.stage.label()}</span>
            <span class="stage-why">{explanation}</span>
        </div>
        <dl class="stats value-list">
            <dt>{t("Lifetime value")}</dt><dd>{money(&v.paid)}</dd>
            <dt>{t("Held visits")}</dt><dd>{v.visits}</dd>
            <dt>{t("Average ticket")}</dt><dd>{money(&v.average_ticket())}</dd>
            <dt>{t("First held visit")}</dt><dd>{date(v.first_visit)}</dd>
            <dt>{t("Last held visit")}</dt><dd>{date(v.last_visit)}</dd>
            <dt>{t("Typical interval")}</dt><dd>{interval}</dd>
            <dt>{t("Since the last visit")}</dt><dd>{since}</dd>
            <dt>{t("Next expected visit")}</dt><dd>{date(v.next_expected)}</dd>
            <dt>{t("RFM scores")}</dt><dd>{scores}</dd>
            <dt>{t("RFM segment")}</dt><dd>{segment}</dd>
            {loyalty}
        </dl>
        <p class="hint">{tf("RFM scores go from 1 to 5: how recent (R), how frequent (F) and how much (M), against the other clients with a held visit in the last {days}.", &[("days", tp("{n} day", "{n} days", u64::from(rfm_window_days)))])}</p>
    }
}

/// Keeps a score's letter with its number across a line break.
const NBSP: char = '\u{a0}';
