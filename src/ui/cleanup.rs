//! Clean up: probable duplicates with their reason and score, "Not a duplicate" remembered,
//! a merge with each single field picked side by side and one undo step, and the data-quality
//! report. The rules live in `crate::cleanup`; this screen shows them and collects choices.

use leptos::prelude::*;

use crate::book::UndoKind;
use crate::cleanup::{find_duplicates_in_book, DuplicatePair, Field, MergePlan, QualityReport, Reason};
use crate::i18n::{t, tf, tp};
use crate::model::Client;

use super::actions::{commit, ensure_full, now, open_detail, persist_settings, show, show_error, today};
use super::{use_app, AppContext, Detail, View};

#[component]
pub fn CleanupView() -> impl IntoView {
    let ctx = use_app();
    let pairs = RwSignal::new(None::<Vec<DuplicatePair>>);
    let merging = RwSignal::new(None::<MergePlan>);
    let find = move || pairs.set(Some(ctx.book.with_untracked(find_duplicates_in_book)));
    // Looking once when the screen opens: blocking by phone, email and name key keeps it
    // under a second at 10,000 clients.
    find();
    view! {
        <div class="page cleanup">
            <h1>{t("Clean up")}</h1>
            <UndoLastMerge on_undone=Callback::new(move |()| find()) />
            {move || match merging.get() {
                Some(plan) => view! { <MergeView plan=plan merging=merging on_done=Callback::new(move |()| find()) /> }.into_any(),
                None => view! { <DuplicateList pairs=pairs merging=merging on_change=Callback::new(move |()| find()) /> }.into_any(),
            }}
            <QualityView />
        </div>
    }
}

fn reason_text(reason: Reason) -> &'static str {
    match reason {
        Reason::SameRecord => t("merged before"),
        Reason::SamePhone => t("same phone"),
        Reason::SameEmail => t("same email"),
        Reason::SimilarName => t("similar name"),
    }
}

fn name_of(ctx: AppContext, id: &str) -> String {
    ctx.book.with_untracked(|b| b.get(id).map(|c| c.name.clone())).unwrap_or_default()
}

#[component]
fn DuplicateList(
    pairs: RwSignal<Option<Vec<DuplicatePair>>>,
    merging: RwSignal<Option<MergePlan>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let ctx = use_app();
    let open_merge = move |pair: DuplicatePair| {
        leptos::task::spawn_local(async move {
            let ids = [pair.first.clone(), pair.second.clone()];
            if let Err(message) = ensure_full(ctx, &ids).await {
                return show_error(ctx, message);
            }
            match ctx.book.with_untracked(|b| MergePlan::from_book(b, &[&ids[0], &ids[1]])) {
                Ok(plan) => merging.set(Some(plan)),
                Err(error) => show_error(ctx, merge_error_text(&error)),
            }
        });
    };
    let not_duplicate = move |pair: DuplicatePair| {
        leptos::task::spawn_local(async move {
            let mut settings = ctx.book.with_untracked(|b| b.settings.clone());
            settings.not_duplicates.insert(&pair.first, &pair.second);
            match persist_settings(ctx, settings).await {
                Ok(()) => {
                    show(ctx, t("Marked as not a duplicate."));
                    on_change.run(());
                }
                Err(message) => show_error(ctx, message),
            }
        });
    };
    view! {
        <section aria-labelledby="duplicates-heading">
            <h2 id="duplicates-heading">{t("Probable duplicates")}</h2>
            {move || pairs.with(|p| match p.as_deref() {
                None | Some([]) => view! { <p class="empty">{t("No probable duplicates.")}</p> }.into_any(),
                Some(list) => view! {
                    <p>{tp("{n} pair to check.", "{n} pairs to check.", list.len() as u64)}</p>
                    <ul class="duplicate-pairs" aria-label=t("Probable duplicates")>
                        {list.iter().take(100).map(|pair| {
                            let text = tf("{first} and {second}: {reasons}, {score} %", &[
                                ("first", name_of(ctx, &pair.first)),
                                ("second", name_of(ctx, &pair.second)),
                                ("reasons", pair.reasons.iter().map(|r| reason_text(*r)).collect::<Vec<_>>().join(", ")),
                                ("score", format!("{:.0}", pair.score * 100.0)),
                            ]);
                            let (for_merge, for_dismiss) = (pair.clone(), pair.clone());
                            view! {
                                <li>
                                    <span>{text}</span>
                                    <span class="actions">
                                        <button type="button" on:click=move |_| open_merge(for_merge.clone())>{t("Merge…")}</button>
                                        <button type="button" on:click=move |_| not_duplicate(for_dismiss.clone())>{t("Not a duplicate")}</button>
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </section>
    }
}

fn field_label(field: Field) -> &'static str {
    match field {
        Field::Name => t("Name"),
        Field::LegalName => t("Legal name"),
        Field::Alias => t("Nickname"),
        Field::Birthday => t("Birthday"),
        Field::Gender => t("Gender"),
        Field::Language => t("Language"),
        Field::Status => t("Status"),
        Field::Address => t("Address"),
        Field::Source => t("Source"),
        Field::Consent => t("Data consent"),
        Field::Alert => t("Pinned alert"),
        Field::Preferences => t("Preferences"),
        Field::Boundaries => t("Boundaries"),
    }
}

/// A field's value as the merge shows it, on one line.
fn field_value(field: Field, client: &Client) -> String {
    let lang = crate::i18n::lang();
    let text = match field {
        Field::Name => client.name.clone(),
        Field::LegalName => client.legal_name.clone(),
        Field::Alias => client.alias.clone(),
        Field::Birthday => {
            client.birthday.map(|b| crate::i18n::format_birthday(lang, b.month, b.day, b.year)).unwrap_or_default()
        }
        Field::Gender => client.gender.clone(),
        Field::Language => client.language.clone(),
        Field::Status => client.status.kind().label().to_owned(),
        Field::Address => {
            let a = &client.address;
            [&a.street, &a.city, &a.region, &a.postcode, &a.country]
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
        Field::Source => client.source.detail.clone(),
        Field::Consent => {
            client.consent.data.as_ref().map(|d| crate::i18n::format_date(lang, d.date)).unwrap_or_default()
        }
        Field::Alert => client.alert.clone(),
        Field::Preferences => client.preferences.clone(),
        Field::Boundaries => client.boundaries.clone(),
    };
    if text.is_empty() {
        t("(empty)").to_owned()
    } else {
        text
    }
}

/// Two clients side by side: each field where they differ, with the value to keep picked.
#[component]
fn MergeView(plan: MergePlan, merging: RwSignal<Option<MergePlan>>, on_done: Callback<()>) -> impl IntoView {
    let ctx = use_app();
    let plan = RwSignal::new(plan);
    let busy = RwSignal::new(false);
    let merge = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let built = ctx.book.with_untracked(|b| plan.with_untracked(|p| p.build_in_book(b, now())));
            let outcome = match built {
                Ok(merge) => {
                    let step = merge.undo.step();
                    let mut changes = merge.changes;
                    changes.undo.push((UndoKind::Merge, Some(step)));
                    commit(ctx, changes).await
                }
                Err(error) => Err(merge_error_text(&error).to_owned()),
            };
            busy.set(false);
            match outcome {
                Ok(()) => {
                    merging.set(None);
                    show(ctx, t("Merged. Their histories are combined; Undo merge takes it back."));
                    on_done.run(());
                }
                Err(message) => show_error(ctx, message),
            }
        });
    };
    let names = plan.with_untracked(|p| p.sources().iter().map(|c| c.name.clone()).collect::<Vec<_>>());
    let fields: Vec<Field> = plan.with_untracked(|p| Field::ALL.into_iter().filter(|f| p.differs(*f)).collect());
    view! {
        <section aria-labelledby="merge-heading" class="merge">
            <h2 id="merge-heading">{tf("Merge {names}", &[("names", names.join(" + "))])}</h2>
            <p>{t("Phones, emails, messengers, tags, visits, interactions and follow-ups of both are kept, and notes are joined. Where a field differs, choose the value to keep.")}</p>
            {fields.is_empty().then(|| view! { <p class="empty">{t("Every other field is the same in both.")}</p> })}
            {fields.into_iter().map(|field| {
                let sources = plan.with_untracked(|p| p.sources().to_vec());
                view! {
                    <fieldset class="merge-field">
                        <legend>{field_label(field)}</legend>
                        {sources.iter().enumerate().map(|(at, client)| {
                            let id = format!("merge-{field:?}-{at}");
                            view! {
                                <div class="field check">
                                    <input type="radio" id=id.clone() name=format!("merge-{field:?}")
                                        prop:checked=move || plan.with(|p| p.picked(field) == at)
                                        on:change=move |_| plan.update(|p| { let _ = p.pick(field, at); }) />
                                    <label for=id>{field_value(field, client)}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                }
            }).collect_view()}
            <div class="actions">
                <button type="button" class="primary" disabled=move || busy.get() on:click=merge>{t("Merge")}</button>
                <button type="button" on:click=move |_| merging.set(None)>{t("Cancel")}</button>
            </div>
        </section>
    }
}

fn merge_error_text(error: &crate::cleanup::MergeError) -> &'static str {
    use crate::cleanup::MergeError as E;
    match error {
        E::TooFewClients => t("Choose at least two clients to merge."),
        E::SameClientTwice => t("The same client was chosen twice."),
        E::UnknownClient => t("A client to merge is no longer in the book."),
        E::NoSuchSource => t("The choice names a client that is not part of this merge."),
        E::NotLoaded => t("Waiting for the full history to load."),
        E::ChangedSince => t("The merged clients were changed after the merge."),
    }
}

/// "Undo merge", while the last merge can be taken back.
#[component]
fn UndoLastMerge(on_undone: Callback<()>) -> impl IntoView {
    let ctx = use_app();
    let step = Memo::new(move |_| ctx.book.with(|b| b.undo.get(&UndoKind::Merge).map(|s| s.created)));
    let undo = move |_| {
        leptos::task::spawn_local(async move {
            let Some(step) = ctx.book.with_untracked(|b| b.undo.get(&UndoKind::Merge).cloned()) else { return };
            let outcome = undo_step(ctx, step, UndoKind::Merge).await;
            match outcome {
                Ok(()) => {
                    show(ctx, t("The last merge was undone."));
                    on_undone.run(());
                }
                Err(message) => show_error(ctx, message),
            }
        });
    };
    move || {
        step.get().map(|created| view! {
            <div class="banner" role="region" aria-label=t("Last merge")>
                <p>{tf("Last merge: {when}.", &[("when", crate::i18n::format_date(crate::i18n::lang(), created.date_naive()))])}</p>
                <button type="button" on:click=undo>{t("Undo merge")}</button>
            </div>
        })
    }
}

/// The data-quality report: each count opens as a list of the clients concerned.
#[component]
fn QualityView() -> impl IntoView {
    let ctx = use_app();
    let report = Memo::new(move |_| ctx.book.with(|b| QualityReport::of_book(b, today())));
    let fix_capitals = move |_| {
        leptos::task::spawn_local(async move {
            let ids = report.with_untracked(|r| r.flat_case_names.clone());
            let outcome = async {
                ensure_full(ctx, &ids).await?;
                let fixed: Vec<Client> = ctx.book.with_untracked(|b| {
                    ids.iter()
                        .filter_map(|id| b.get_writable(id).cloned())
                        .filter_map(|mut c| crate::cleanup::fix_client_capitalization(&mut c).then_some(c))
                        .collect()
                });
                let count = fixed.len();
                commit(ctx, crate::book::Changes { clients: fixed, ..Default::default() }).await.map(|()| count)
            }
            .await;
            match outcome {
                Ok(count) => show(
                    ctx,
                    tp("Capitalization fixed for {n} client.", "Capitalization fixed for {n} clients.", count as u64),
                ),
                Err(message) => show_error(ctx, message),
            }
        });
    };
    let group = move |title: &'static str, pick: fn(&QualityReport) -> &Vec<String>| {
        view! {
            {move || report.with(|r| {
                let ids = pick(r).clone();
                let count = ids.len();
                view! {
                    <details class="quality-group">
                        <summary>{format!("{title}: {count}")}</summary>
                        <ul>
                            {ids.into_iter().take(200).map(|id| {
                                let name = name_of(ctx, &id);
                                view! { <li><button type="button" class="link" on:click=move |_| {
                                    super::actions::go_to(ctx, View::Clients);
                                    open_detail(ctx, Detail::Profile(id.clone()));
                                }>{name}</button></li> }
                            }).collect_view()}
                        </ul>
                    </details>
                }
            })}
        }
    };
    view! {
        <section aria-labelledby="quality-heading">
            <h2 id="quality-heading">{t("Data quality")}</h2>
            {group(t("Invalid emails"), |r| &r.invalid_emails)}
            {group(t("Phones that do not parse"), |r| &r.unparsable_phones)}
            {group(t("No contact at all"), |r| &r.no_contact)}
            {group(t("Missing consent"), |r| &r.missing_consent)}
            {group(t("Birthdays in the future"), |r| &r.future_birthdays)}
            {group(t("Names in all caps or all lower case"), |r| &r.flat_case_names)}
            <Show when=move || report.with(|r| !r.flat_case_names.is_empty())>
                <button type="button" on:click=fix_capitals>{t("Fix capitalization")}</button>
            </Show>
        </section>
    }
}

/// Takes an undo step back, once the clients it names are loaded in full and unchanged since.
pub async fn undo_step(ctx: AppContext, step: crate::book::UndoStep, kind: UndoKind) -> Result<(), String> {
    let ids: Vec<String> =
        step.written.iter().map(|w| w.id.clone()).chain(step.restore.iter().map(|c| c.id.clone())).collect();
    ensure_full(ctx, &ids).await?;
    let changes = ctx.book.with_untracked(|b| step.changes_in(b, kind)).map_err(|error| match error {
        crate::book::UndoError::ChangedSince => {
            t("Some of these clients were changed since; undoing now would lose those changes. Nothing was undone.")
        }
        crate::book::UndoError::NotLoaded => t("Waiting for the full history to load."),
    })?;
    commit(ctx, changes).await
}
