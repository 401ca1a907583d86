//! Import contacts: pick a CSV or vCard file, check the encoding and the column mapping on a
//! preview, see the dry run (new clients, probable duplicates, rows with problems), choose what
//! to do with each duplicate, and write it all in one step that "Undo import" takes back. The
//! rules live in `crate::import`; this screen only shows them and collects choices.

mod labels;

use leptos::prelude::*;

use crate::i18n::{t, tf, tp};
use crate::import::contact::NoteLabels;
use crate::import::mapping::{ColumnMapping, FieldTarget};
use crate::import::review::{Choice, DuplicateOf, ImportReview};
use crate::import::Delimiter;
use crate::import::{
    decode_file, decode_file_as, sniff, CsvTable, DateForm, Detection, Encoding, FileKind, ImportBatch,
};
use crate::web::files::read_file;
use crate::web::{yield_to_browser, BrowserTextDecoder};

use super::actions::{commit, ensure_full, now, show, show_error};
use super::{use_app, AppContext, View};
use labels::{
    csv_error, encoding_label, place_label, problem_text, reason_label, review_error, target_label, text_error,
    vcard_error,
};

/// A person's change to the column mapping, applied with the table and the custom fields.
type MappingChange = dyn FnOnce(&mut ColumnMapping, &CsvTable, &[crate::model::CustomFieldDef]);

/// How many rows the mapping preview shows.
const PREVIEW_ROWS: usize = 3;

/// What the file turned into, before the dry run.
#[derive(Clone)]
enum Parsed {
    Csv { table: CsvTable, mapping: ColumnMapping },
    Vcard(ImportBatch),
}

/// The encoding in use, how it was found, and what else may be picked.
#[derive(Clone, Copy, PartialEq)]
struct EncodingInUse {
    encoding: Encoding,
    detection: Detection,
}

#[component]
pub fn ImportView() -> impl IntoView {
    let ctx = use_app();
    let bytes: StoredValue<Option<Vec<u8>>> = StoredValue::new(None);
    let encoding = RwSignal::new(None::<EncodingInUse>);
    let parsed = RwSignal::new(None::<Parsed>);
    let review = RwSignal::new(None::<ImportReview>);
    let progress = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);

    // Decodes and parses the file's bytes, in the encoding picked or the one detected.
    let read = move |chosen: Option<Encoding>| {
        leptos::task::spawn_local(async move {
            review.set(None);
            problem.set(None);
            progress.set(Some(t("Reading the file…").to_owned()));
            yield_to_browser().await;
            let outcome = bytes.with_value(|bytes| {
                let bytes = bytes.as_deref().unwrap_or_default();
                let decoded = match chosen {
                    Some(encoding) => decode_file_as(bytes, encoding, &BrowserTextDecoder),
                    None => decode_file(bytes, &BrowserTextDecoder),
                }
                .map_err(|e| text_error(&e))?;
                let used = EncodingInUse { encoding: decoded.encoding, detection: decoded.detection };
                let parsed = match sniff(&decoded.text) {
                    FileKind::Vcard => {
                        crate::import::vcard::parse_vcards(&decoded.text, decoded.encoding, &BrowserTextDecoder)
                            .map(Parsed::Vcard)
                            .map_err(|e| vcard_error(&e))?
                    }
                    FileKind::Csv => {
                        let table = crate::import::csv::read_table(&decoded.text).map_err(|e| csv_error(&e))?;
                        let custom = ctx.book.with_untracked(|b| b.settings.custom_fields.clone());
                        let mapping = ColumnMapping::auto(&table, &custom);
                        Parsed::Csv { table, mapping }
                    }
                };
                Ok::<_, String>((used, parsed))
            });
            progress.set(None);
            match outcome {
                Ok((used, result)) => {
                    encoding.set(Some(used));
                    parsed.set(Some(result));
                }
                Err(message) => {
                    encoding.set(None);
                    parsed.set(None);
                    problem.set(Some(message));
                }
            }
        });
    };

    let pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|list| list.get(0)) else { return };
        leptos::task::spawn_local(async move {
            match read_file(&file, Some(crate::import::text::MAX_FILE_BYTES as u32)).await {
                Ok(content) => {
                    bytes.set_value(Some(content));
                    read(None);
                }
                Err(message) => problem.set(Some(message)),
            }
        });
    };

    // A dry run is about the book as it was: once an import is written or undone, it is stale.
    // (A memo, so that other changes of the book, such as histories loading, leave it be.)
    let last_import =
        Memo::new(move |_| ctx.book.with(|b| b.undo.get(&crate::book::UndoKind::Import).map(|s| s.created)));
    Effect::new(move |previous: Option<()>| {
        last_import.track();
        if previous.is_some() {
            review.set(None);
        }
    });

    let check = move |_| {
        let Some(parsed) = parsed.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            progress.set(Some(t("Checking for duplicates…").to_owned()));
            yield_to_browser().await;
            let batch = match parsed {
                Parsed::Csv { table, mapping } => {
                    let custom = ctx.book.with_untracked(|b| b.settings.custom_fields.clone());
                    mapping.apply(&table, &custom)
                }
                Parsed::Vcard(batch) => batch,
            };
            // The book's import salt, or a new one for its first import.
            let salt = match ctx.book.with_untracked(|b| b.settings.import_salt.clone()) {
                salt if !salt.is_empty() => salt,
                _ => match crate::model::new_record_id() {
                    Ok(salt) => salt,
                    Err(_) => {
                        progress.set(None);
                        problem.set(Some(
                            t("The browser could not make a random id. Reload the page and try again.").to_owned(),
                        ));
                        return;
                    }
                },
            };
            let result = ctx.book.with_untracked(|b| ImportReview::new(batch, b, || salt));
            progress.set(None);
            review.set(Some(result));
        });
    };

    view! {
        <div class="page import">
            <h1>{t("Import contacts")}</h1>
            <p>{t("Bring in the list you already keep: a CSV file from Google Contacts, Outlook or a spreadsheet, or a vCard file (.vcf) from a phone. Nothing is written until you confirm.")}</p>
            <UndoLastImport />
            <section aria-labelledby="import-file-heading">
                <h2 id="import-file-heading">{t("1. Choose the file")}</h2>
                <div class="field">
                    <label for="contacts-file">{t("Contacts file (CSV or vCard)")}</label>
                    <input id="contacts-file" type="file" accept=".csv,.tsv,.txt,.vcf,text/csv,text/vcard" on:change=pick />
                </div>
                {move || encoding.get().map(|used| view! {
                    <div class="field">
                        <label for="import-encoding">{t("Text encoding")}</label>
                        <select id="import-encoding" on:change=move |ev| {
                            let picked = Encoding::ALL.into_iter().find(|e| e.label() == event_target_value(&ev));
                            read(picked);
                        }>
                            {Encoding::ALL.into_iter().map(|e| view! {
                                <option value=e.label() selected=e == used.encoding>{encoding_label(e)}</option>
                            }).collect_view()}
                        </select>
                        <p class="hint">{match used.detection {
                            Detection::ByteOrderMark | Detection::ValidUtf8 => t("Detected from the file."),
                            Detection::Scored => t("A guess from the file's text: if names look wrong in the preview, pick another encoding."),
                            Detection::Chosen => t("Chosen by you."),
                        }}</p>
                    </div>
                })}
            </section>
            <Show when=move || progress.get().is_some()>
                <p class="notice" role="status">{move || progress.get()}</p>
            </Show>
            <Show when=move || problem.get().is_some()>
                <p class="error" role="alert">{move || problem.get()}</p>
            </Show>
            {move || parsed.get().map(|p| match p {
                Parsed::Csv { table, mapping } => view! { <MappingTable table=table mapping=mapping parsed=parsed review=review /> }.into_any(),
                Parsed::Vcard(batch) => view! {
                    <section aria-labelledby="import-cards-heading">
                        <h2 id="import-cards-heading">{t("2. Contacts in the file")}</h2>
                        <p>{tp("{n} contact read.", "{n} contacts read.", batch.contacts.len() as u64)}</p>
                        {(batch.photos_skipped > 0).then(|| view! {
                            <p class="hint">{tp("{n} photo skipped: Clientele keeps no pictures.", "{n} photos skipped: Clientele keeps no pictures.", batch.photos_skipped as u64)}</p>
                        })}
                    </section>
                }.into_any(),
            })}
            <Show when=move || parsed.with(|p| p.is_some())>
                <button type="button" class="primary" on:click=check>{t("Check for duplicates")}</button>
            </Show>
            {move || review.get().is_some().then(|| view! { <ReviewPanel review=review parsed=parsed /> })}
        </div>
    }
}

/// The columns of a CSV file, each with its first values and the field it feeds.
#[component]
fn MappingTable(
    table: CsvTable,
    mapping: ColumnMapping,
    parsed: RwSignal<Option<Parsed>>,
    review: RwSignal<Option<ImportReview>>,
) -> impl IntoView {
    let ctx = use_app();
    let custom = ctx.book.with_untracked(|b| b.settings.custom_fields.clone());
    let mut choices = FieldTarget::choices(&custom);
    for plan in &mapping.columns {
        if !choices.contains(&plan.target) {
            choices.push(plan.target.clone());
        }
    }
    let choices = StoredValue::new(choices);
    let custom = StoredValue::new(custom);
    let update = move |change: Box<MappingChange>| {
        parsed.update(|p| {
            if let Some(Parsed::Csv { table, mapping }) = p {
                custom.with_value(|custom| change(mapping, table, custom));
            }
        });
        review.set(None);
    };
    let rows = table.rows.len();
    view! {
        <section aria-labelledby="import-map-heading">
            <h2 id="import-map-heading">{t("2. Match the columns")}</h2>
            <p>{tf("{rows}, separated by {delimiter}. Choose what each column holds; the first rows are shown to help.", &[
                ("rows", tp("{n} row", "{n} rows", rows as u64)),
                ("delimiter", match table.delimiter { Delimiter::Comma => t("commas"), Delimiter::Semicolon => t("semicolons"), Delimiter::Tab => t("tabs") }.to_owned()),
            ])}</p>
            <div class="table-scroll">
            <table class="mapping">
                <thead><tr><th scope="col">{t("Column")}</th><th scope="col">{t("First values")}</th><th scope="col">{t("Goes into")}</th></tr></thead>
                <tbody>
                {mapping.columns.iter().enumerate().map(|(column, plan)| {
                    let samples: Vec<String> = table.rows.iter().take(PREVIEW_ROWS).filter_map(|r| r.get(column)).filter(|v| !v.is_empty()).map(str::to_owned).collect();
                    let select_id = format!("map-{column}");
                    let header = if plan.header.is_empty() { tf("Column {n}", &[("n", (column + 1).to_string())]) } else { plan.header.clone() };
                    let current = plan.target.clone();
                    let date = plan.date_form.map(|form| (form, plan.detected_dates.clone()));
                    view! {
                        <tr>
                            <th scope="row"><label for=select_id.clone()>{header.clone()}</label></th>
                            <td class="samples">{samples.join(" · ")}</td>
                            <td>
                                <select id=select_id on:change=move |ev| {
                                    let Ok(at) = event_target_value(&ev).parse::<usize>() else { return };
                                    let Some(target) = choices.with_value(|c| c.get(at).cloned()) else { return };
                                    update(Box::new(move |m, table, custom| m.set_target(column, target, table, custom)));
                                }>
                                    {choices.with_value(|c| c.iter().enumerate().map(|(at, target)| {
                                        let label = custom.with_value(|custom| target_label(target, custom));
                                        view! { <option value=at.to_string() selected=*target == current>{label}</option> }
                                    }).collect_view())}
                                </select>
                                {date.map(|(form, detected)| {
                                    let date_id = format!("date-{column}");
                                    view! {
                                        <label for=date_id.clone()>{tf("Dates in “{column}” are", &[("column", header.clone())])}</label>
                                        <select id=date_id on:change=move |ev| {
                                            let picked = DateForm::ALL.into_iter().find(|f| f.pattern() == event_target_value(&ev));
                                            if let Some(picked) = picked {
                                                update(Box::new(move |m, _, _| m.set_date_form(column, picked)));
                                            }
                                        }>
                                            {DateForm::ALL.into_iter().map(|f| view! { <option value=f.pattern() selected=f == form>{f.pattern()}</option> }).collect_view()}
                                        </select>
                                        {detected.map(|d| view! { <p class="hint">{tf("Assumed {form}: it reads {read} of {of} dates.", &[
                                            ("form", d.assumed.pattern().to_owned()), ("read", d.read.to_string()), ("of", d.of.to_string()),
                                        ])}</p> })}
                                    }
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}

/// The dry run: what the import would do, the choice for each probable duplicate, and the
/// button that writes it.
#[component]
fn ReviewPanel(review: RwSignal<Option<ImportReview>>, parsed: RwSignal<Option<Parsed>>) -> impl IntoView {
    let ctx = use_app();
    let busy = RwSignal::new(false);
    let counts = move || review.with(|r| r.as_ref().map(ImportReview::counts).unwrap_or_default());
    let write = move |_| {
        let Some(current) = review.get_untracked() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let outcome = write_import(ctx, &current).await;
            busy.set(false);
            match outcome {
                Ok(written) => {
                    review.set(None);
                    parsed.set(None);
                    show(
                        ctx,
                        match written {
                            Some((added, 0)) => tp("Imported {n} client.", "Imported {n} clients.", added as u64),
                            Some((added, merged)) => tf(
                                "Imported {added}; merged into {merged}.",
                                &[
                                    ("added", tp("{n} client", "{n} clients", added as u64)),
                                    ("merged", tp("{n} client", "{n} clients", merged as u64)),
                                ],
                            ),
                            None => t("Nothing was imported: every contact was skipped.").to_owned(),
                        },
                    );
                    ctx.view.set(View::Clients);
                }
                Err(message) => show_error(ctx, message),
            }
        });
    };
    let name_of = move |of: &DuplicateOf, review: &ImportReview| match of {
        DuplicateOf::Client(id) => ctx.book.with_untracked(|b| b.get(id).map(|c| c.name.clone())).unwrap_or_default(),
        DuplicateOf::Contact(at) => review.contacts.get(*at).map(|c| c.contact.name.clone()).unwrap_or_default(),
    };
    view! {
        <section aria-labelledby="import-review-heading" class="import-review">
            <h2 id="import-review-heading">{t("3. Check before importing")}</h2>
            <ul class="counts" aria-label=t("Import summary")>
                <li>{move || tp("{n} new client", "{n} new clients", counts().new as u64)}</li>
                <li>{move || tp("{n} probable duplicate", "{n} probable duplicates", counts().duplicates as u64)}</li>
                <li>{move || tp("{n} row with problems", "{n} rows with problems", counts().problems as u64)}</li>
            </ul>
            {move || review.with(|r| r.as_ref().filter(|r| !r.problems.is_empty()).map(|r| view! {
                <details class="problems">
                    <summary>{t("Rows with problems")}</summary>
                    <ul>{r.problems.iter().map(|p| view! { <li>{problem_text(p)}</li> }).collect_view()}</ul>
                </details>
            }))}
            <Show when=move || { counts().duplicates > 0 }>
                <div class="field">
                    <label for="duplicates-all">{t("For every probable duplicate")}</label>
                    <select id="duplicates-all" on:change=move |ev| {
                        let choice = choice_from(&event_target_value(&ev));
                        review.update(|r| if let Some(r) = r { r.choose_all(choice) });
                    }>
                        {choice_options(Choice::Skip)}
                    </select>
                </div>
                <ul class="duplicates" aria-label=t("Probable duplicates")>
                    {move || review.with(|r| r.as_ref().map(|r| r.duplicates.iter().enumerate().filter_map(|(at, d)| d.as_ref().map(|d| (at, d))).map(|(at, d)| {
                        let record = &r.contacts[at];
                        let select_id = format!("duplicate-{at}");
                        let text = tf("{place}: “{name}” looks like “{other}” ({reason}, {score} %)", &[
                            ("place", place_label(record.place)),
                            ("name", record.contact.name.clone()),
                            ("other", name_of(&d.of, r)),
                            ("reason", reason_label(d.reason).to_owned()),
                            ("score", format!("{:.0}", d.score * 100.0)),
                        ]);
                        let choice = r.choices[at];
                        view! {
                            <li>
                                <label for=select_id.clone()>{text}</label>
                                <select id=select_id on:change=move |ev| {
                                    let choice = choice_from(&event_target_value(&ev));
                                    review.update(|r| if let Some(r) = r { r.choices[at] = choice });
                                }>{choice_options(choice)}</select>
                            </li>
                        }
                    }).collect_view()))}
                </ul>
            </Show>
            <Show when=move || busy.get()>
                <p class="notice" role="status">{t("Writing…")}</p>
            </Show>
            <button type="button" class="primary" disabled=move || busy.get() on:click=write>{t("Import")}</button>
        </section>
    }
}

fn choice_options(selected: Choice) -> impl IntoView {
    [
        (Choice::Skip, "skip", t("Skip")),
        (Choice::Merge, "merge", t("Merge into the existing client")),
        (Choice::CreateAnyway, "create", t("Create anyway")),
    ]
    .into_iter()
    .map(|(choice, value, label)| view! { <option value=value selected=choice == selected>{label}</option> })
    .collect_view()
}

fn choice_from(value: &str) -> Choice {
    match value {
        "merge" => Choice::Merge,
        "create" => Choice::CreateAnyway,
        _ => Choice::Skip,
    }
}

/// Loads the clients the import merges into, then writes the import in one commit. Returns
/// how many clients it added and how many it merged into; `None` when there was nothing to
/// write (the last import's undo then stays as it was).
async fn write_import(ctx: AppContext, review: &ImportReview) -> Result<Option<(usize, usize)>, String> {
    ensure_full(ctx, &review.merge_targets()).await?;
    let labels = NoteLabels {
        organization: t("Company").to_owned(),
        job_title: t("Job title").to_owned(),
        address: t("Address").to_owned(),
    };
    let changes = ctx
        .book
        .with_untracked(|b| review.changes(b, &labels, now(), || crate::model::new_record_id().ok()))
        .map_err(review_error)?;
    if changes.clients.is_empty() {
        return Ok(None);
    }
    let added: usize = changes.undo.iter().filter_map(|(_, step)| step.as_ref()).map(|s| s.remove.len()).sum();
    let merged = changes.clients.len() - added;
    commit(ctx, changes).await?;
    Ok(Some((added, merged)))
}

/// "Undo import", while the last import can be taken back.
#[component]
fn UndoLastImport() -> impl IntoView {
    let ctx = use_app();
    let step = Memo::new(move |_| {
        ctx.book.with(|b| b.undo.get(&crate::book::UndoKind::Import).map(|s| (s.created, s.remove.len())))
    });
    let undo = move |_| {
        leptos::task::spawn_local(async move {
            let Some(step) = ctx.book.with_untracked(|b| b.undo.get(&crate::book::UndoKind::Import).cloned()) else {
                return;
            };
            let outcome = super::cleanup::undo_step(ctx, step, crate::book::UndoKind::Import).await;
            match outcome {
                Ok(()) => show(ctx, t("The last import was undone.")),
                Err(message) => show_error(ctx, message),
            }
        });
    };
    move || {
        step.get().map(|(created, added)| {
            view! {
                <div class="banner" role="region" aria-label=t("Last import")>
                    <p>{tf("Last import: {when}, {clients}.", &[
                        ("when", crate::i18n::format_date(crate::i18n::lang(), created.date_naive())),
                        ("clients", tp("{n} client added", "{n} clients added", added as u64)),
                    ])}</p>
                    <button type="button" on:click=undo>{t("Undo import")}</button>
                </div>
            }
        })
    }
}

/// What an empty book says, on Today and on the client list: the two ways to begin.
#[component]
pub fn EmptyBook() -> impl IntoView {
    let ctx = use_app();
    let empty = Memo::new(move |_| ctx.book.with(|b| b.is_empty()));
    move || {
        empty.get().then(|| view! {
            <section class="first-steps" aria-labelledby="first-steps-heading">
                <h2 id="first-steps-heading">{t("Your client book is empty")}</h2>
                <p>{t("Add clients one by one, or bring in the list you already keep in your phone, Google Contacts, Outlook or a spreadsheet.")}</p>
                <div class="actions">
                    <button type="button" class="primary" on:click=move |_| {
                        super::actions::go_to(ctx, View::Clients);
                        super::actions::open_detail(ctx, super::Detail::Edit(None));
                    }>{t("Add your first client")}</button>
                    <button type="button" on:click=move |_| super::actions::go_to(ctx, View::Import)>{t("Import contacts (CSV, vCard)")}</button>
                </div>
            </section>
        })
    }
}
