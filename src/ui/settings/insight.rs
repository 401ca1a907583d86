//! Settings → Insight and loyalty: the thresholds of the lifecycle stages, the churn warning
//! and RFM (`InsightSettings`), and the optional loyalty programme (`LoyaltySettings`). What is
//! typed is checked by the model's rules and saved through the settings save path; nothing is
//! saved while a problem is shown.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::model::{FieldError, InsightSettings, LoyaltySettings, LoyaltyTier, MAX_LOYALTY_TIERS};

use super::super::use_app;
use super::super::widgets::{error_for, focus_first_invalid, CheckInput, TextInput};
use super::edit;

#[component]
pub fn InsightSettingsView() -> impl IntoView {
    view! {
        <section aria-labelledby="insight-settings-title" class="insight-settings">
            <h2 id="insight-settings-title">{t("Insight and loyalty")}</h2>
            <Thresholds />
            <Loyalty />
        </section>
    }
}

/// A threshold as typed; text that is not a whole number reads as 0, which every threshold's
/// rule refuses with its own message.
fn number(text: &str) -> u32 {
    text.trim().parse().unwrap_or(0)
}

/// The thresholds as typed, one text per `InsightSettings` field.
#[derive(Clone, Copy)]
struct ThresholdTexts {
    rfm_window_days: RwSignal<String>,
    new_days: RwSignal<String>,
    active_days: RwSignal<String>,
    lapsed_days: RwSignal<String>,
    drifting_factor: RwSignal<String>,
    drifting_min_visits: RwSignal<String>,
    low_rating: RwSignal<String>,
}

impl ThresholdTexts {
    fn new(s: &InsightSettings) -> Self {
        let text = |n: u32| RwSignal::new(n.to_string());
        Self {
            rfm_window_days: text(s.rfm_window_days),
            new_days: text(s.new_days),
            active_days: text(s.active_days),
            lapsed_days: text(s.lapsed_days),
            drifting_factor: text(s.drifting_factor),
            drifting_min_visits: text(s.drifting_min_visits),
            low_rating: text(u32::from(s.low_rating)),
        }
    }

    fn show(self, s: &InsightSettings) {
        self.rfm_window_days.set(s.rfm_window_days.to_string());
        self.new_days.set(s.new_days.to_string());
        self.active_days.set(s.active_days.to_string());
        self.lapsed_days.set(s.lapsed_days.to_string());
        self.drifting_factor.set(s.drifting_factor.to_string());
        self.drifting_min_visits.set(s.drifting_min_visits.to_string());
        self.low_rating.set(s.low_rating.to_string());
    }

    fn read(self) -> InsightSettings {
        let get = |text: RwSignal<String>| number(&text.get_untracked());
        InsightSettings {
            rfm_window_days: get(self.rfm_window_days),
            new_days: get(self.new_days),
            active_days: get(self.active_days),
            lapsed_days: get(self.lapsed_days),
            drifting_factor: get(self.drifting_factor),
            drifting_min_visits: get(self.drifting_min_visits),
            low_rating: u8::try_from(get(self.low_rating)).unwrap_or(0),
        }
    }
}

#[component]
fn Thresholds() -> impl IntoView {
    let ctx = use_app();
    let texts = ThresholdTexts::new(&ctx.book.with_untracked(|b| b.settings.insight.clone()));
    let errors = RwSignal::new(Vec::<FieldError>::new());

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = texts.read();
        if let Err(problems) = typed.validate() {
            errors.set(problems);
            return focus_first_invalid("insight-thresholds");
        }
        errors.set(Vec::new());
        edit(ctx, t("Settings saved."), move |s| s.insight = typed);
    };
    let restore = move |_| {
        let defaults = InsightSettings::default();
        texts.show(&defaults);
        errors.set(Vec::new());
        edit(ctx, t("Default thresholds restored."), move |s| s.insight = defaults);
    };

    let field = move |key: &'static str, label: &'static str, hint: String, text: RwSignal<String>| {
        view! {
            <div class="threshold">
                <TextInput id=format!("insight-{key}") label=label input_type="number" value=text
                    on_input=Callback::new(move |v| text.set(v)) error=error_for(errors, key) />
                <p class="hint">{hint}</p>
            </div>
        }
    };
    view! {
        <form id="insight-thresholds" class="thresholds" on:submit=save novalidate aria-labelledby="thresholds-title">
            <h3 id="thresholds-title">{t("Lifecycle, drifting and RFM")}</h3>
            <p class="hint">{t("These thresholds decide each client's lifecycle stage, who is drifting away, and the RFM scores.")}</p>
            {field("new_days", t("New within (days)"),
                t("A client is New while their first held visit is at most this many days old.").into(), texts.new_days)}
            {field("active_days", t("Active without a typical interval (days)"),
                t("Until a client has a typical interval between visits, they stay Active this many days after their last held visit.").into(), texts.active_days)}
            {field("lapsed_days", t("Lapsed after (days)"),
                t("Lapsed: no held visit for more than this many days.").into(), texts.lapsed_days)}
            {field("drifting_factor", t("Drifting factor (× typical interval)"),
                t("Drifting: away longer than this many times the client's typical interval.").into(), texts.drifting_factor)}
            {field("drifting_min_visits", t("Drifting needs at least (held visits)"),
                t("The interval rule applies only to clients with at least this many held visits.").into(), texts.drifting_min_visits)}
            {field("low_rating", t("Low rating (at or below, of 5)"),
                t("Two low ratings in a row mean drifting; each low rating opens an item to handle in Today.").into(), texts.low_rating)}
            {field("rfm_window_days", t("RFM window (days)"),
                t("RFM scores the clients with a held visit within this many days.").into(), texts.rfm_window_days)}
            <div class="actions">
                <button type="submit" class="primary">{t("Save thresholds")}</button>
                <button type="button" on:click=restore>{t("Restore defaults")}</button>
            </div>
        </form>
    }
}

/// A tier as typed. The texts are signals of their own so that typing does not redraw the
/// list (and move the focus); only adding or removing a tier does.
#[derive(Clone, Copy)]
struct TierText {
    name: RwSignal<String>,
    points: RwSignal<String>,
}

impl TierText {
    fn new(name: String, points: String) -> Self {
        Self { name: RwSignal::new(name), points: RwSignal::new(points) }
    }
}

#[component]
fn Loyalty() -> impl IntoView {
    let ctx = use_app();
    let stored = ctx.book.with_untracked(|b| b.settings.loyalty.clone());
    let currency = Memo::new(move |_| ctx.book.with(|b| b.settings.currency.clone()));
    let enabled = RwSignal::new(stored.enabled);
    // A programme never set up offers one point per unit rather than none.
    let rate = RwSignal::new(stored.points_per_unit.max(1).to_string());
    let tiers = RwSignal::new(
        stored
            .tiers
            .iter()
            .map(|tier| TierText::new(tier.name.clone(), tier.min_points.to_string()))
            .collect::<Vec<_>>(),
    );
    let perk = RwSignal::new(stored.birthday_perk.clone());
    let errors = RwSignal::new(Vec::<FieldError>::new());

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let current = ctx.book.with_untracked(|b| b.settings.loyalty.clone());
        // Turning the programme off keeps its set-up for when it is turned on again.
        let typed = if !enabled.get_untracked() {
            LoyaltySettings { enabled: false, ..current }
        } else {
            let mut problems = Vec::new();
            let tiers: Vec<LoyaltyTier> = tiers.with_untracked(|rows| {
                rows.iter()
                    .enumerate()
                    .map(|(i, row)| {
                        let min_points = row.points.get_untracked().trim().parse::<u64>().unwrap_or_else(|_| {
                            problems.push(FieldError::new(
                                format!("tiers.{i}.min_points"),
                                t("Enter a whole number of points, 0 or more."),
                            ));
                            0
                        });
                        LoyaltyTier { name: row.name.get_untracked().trim().to_owned(), min_points }
                    })
                    .collect()
            });
            let typed = LoyaltySettings {
                enabled: true,
                points_per_unit: number(&rate.get_untracked()),
                tiers,
                birthday_perk: perk.get_untracked().trim().to_owned(),
            };
            if let Err(more) = typed.validate() {
                // A threshold that did not read already has its message.
                let more: Vec<_> = more.into_iter().filter(|e| !problems.iter().any(|p| p.field == e.field)).collect();
                problems.extend(more);
            }
            if !problems.is_empty() {
                errors.set(problems);
                return focus_first_invalid("loyalty-settings");
            }
            typed
        };
        errors.set(Vec::new());
        let mut typed = typed;
        typed.tiers.sort_by_key(|tier| tier.min_points);
        edit(ctx, t("Settings saved."), move |s| s.loyalty = typed);
    };
    let add_tier = move |_| {
        tiers.update(|rows| rows.push(TierText::new(String::new(), String::new())));
        let i = tiers.with_untracked(Vec::len) - 1;
        request_animation_frame(move || {
            use wasm_bindgen::JsCast;
            let field = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("loyalty-tier-{i}-name")))
                .and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(field) = field {
                let _ = field.focus();
            }
        });
    };

    let tier_row = move |i: usize, row: TierText| {
        let n = (i + 1).to_string();
        view! {
            <li class="tier">
                <TextInput id=format!("loyalty-tier-{i}-name") label=tf("Tier {n}: name", &[("n", n.clone())]) value=row.name
                    on_input=Callback::new(move |v| row.name.set(v)) error=error_for(errors, format!("tiers.{i}.name")) />
                <TextInput id=format!("loyalty-tier-{i}-points") label=tf("Tier {n}: from points", &[("n", n.clone())])
                    input_type="number" value=row.points
                    on_input=Callback::new(move |v| row.points.set(v)) error=error_for(errors, format!("tiers.{i}.min_points")) />
                <button type="button" class="danger remove" aria-label=tf("Remove tier {n}", &[("n", n)])
                    on:click=move |_| {
                        tiers.update(|rows| { rows.remove(i); });
                        // The messages name tiers by position, which has just changed.
                        errors.set(Vec::new());
                    }>{t("Remove")}</button>
            </li>
        }
    };

    view! {
        <form id="loyalty-settings" class="loyalty-settings" on:submit=save novalidate aria-labelledby="loyalty-title">
            <h3 id="loyalty-title">{t("Loyalty programme")}</h3>
            <CheckInput id="loyalty-enabled" label=t("Run a loyalty programme") checked=enabled
                on_change=Callback::new(move |on| enabled.set(on)) />
            <Show when=move || enabled.get()>
                {move || view! {
                    <TextInput id="loyalty-rate" label=tf("Points per 1 {currency} paid", &[("currency", currency.get())])
                        input_type="number" value=rate on_input=Callback::new(move |v| rate.set(v)) error=error_for(errors, "points_per_unit") />
                }}
                <p class="hint">{move || tf("Clients earn points for what their held visits paid in {currency}, rounded down per visit. Points can be spent on visits.", &[("currency", currency.get())])}</p>
                <h4 id="tiers-title">{t("Tiers")}</h4>
                <p class="hint">{t("A client reaches a tier with the points earned in all; spending points keeps the tier.")}</p>
                <ul class="items tiers" aria-labelledby="tiers-title">
                    {move || tiers.get().into_iter().enumerate().map(|(i, row)| tier_row(i, row)).collect_view()}
                </ul>
                <Show when=move || tiers.with(Vec::is_empty)>
                    <p class="empty">{t("No tiers yet.")}</p>
                </Show>
                <p class="field-error">{move || error_for(errors, "tiers").get()}</p>
                <button type="button" class="add" on:click=add_tier disabled=move || tiers.with(|rows| rows.len() >= MAX_LOYALTY_TIERS)>
                    {t("Add tier")}
                </button>
                <Show when=move || tiers.with(|rows| rows.len() >= MAX_LOYALTY_TIERS)>
                    <p class="hint">{tf("At most {max} tiers.", &[("max", MAX_LOYALTY_TIERS.to_string())])}</p>
                </Show>
                <TextInput id="loyalty-perk" label=t("Birthday-month perk") value=perk
                    on_input=Callback::new(move |v| perk.set(v)) error=error_for(errors, "birthday_perk") />
                <p class="hint">{t("For example “10% off”. Today reminds you of it in each client's birthday month; leave it empty for no reminder.")}</p>
            </Show>
            <div class="actions">
                <button type="submit" class="primary">{t("Save loyalty programme")}</button>
            </div>
        </form>
    }
}
