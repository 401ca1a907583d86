//! Backups: export an encrypted file, import one (verified and previewed before anything is
//! written, then merged or replacing everything), the safety copy a replace leaves, backup
//! health, and the plain (unencrypted) exports behind a warning: CSV, vCard, and upcoming
//! appointments as .ics with their privacy options.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::i18n::{t, tf, tp};

use zeroize::Zeroizing;

use super::actions::{commit, now, persist_settings, show, show_error, today, whole_book};
use super::ics_download::IcsOptionsFields;
use super::security::{FormProblem, NewPassphraseFields, ProblemLine};
use super::widgets::{CheckInput, ModalDialog, TextInput, UnencryptedExportDialog};
use super::{kdf, let_browser_paint, use_app, AppContext};
use crate::backup::{
    backup_file_name, backup_health, parse_backup, write_backup, BackupError, BackupInfo, BackupPayload, ImportPlan,
    ImportPreview, Kept,
};
use crate::book::{Changes, SafetyCopy};
use crate::export::ics::{upcoming_file_name, upcoming_ics, IcsOptions, ICS_MIME_TYPE};
use crate::export::{clients_csv, vcards, visits_csv};
use crate::passphrase::check_new;
use crate::vault::kdf::KdfParams;
use crate::vault::unlock;
use crate::web::files::{download, read_file};
use crate::web::WebCrypto;

const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Checks that `pass` is this vault's passphrase (against the stored header), for a backup
/// sealed under it.
async fn confirm_vault_passphrase(ctx: AppContext, pass: &str) -> Result<(), String> {
    let store = ctx.store.get_value().ok_or(t("Storage is not open. Reload the page."))?;
    let header = crate::vault::read_header(&store)
        .await
        .map_err(|e| e.to_string())?
        .ok_or(t("The vault header is not loaded. Reload the page."))?;
    unlock(&header, pass, &kdf(), &WebCrypto)
        .await
        .map(|_| ())
        .map_err(|_| t("That is not your vault passphrase.").to_owned())
}

/// Seals `payload` and offers it as a download.
async fn export_file(payload: &BackupPayload, pass: &str) -> Result<(), String> {
    let file = write_backup(payload, pass, KdfParams::DEFAULT, now(), APP_VERSION, &kdf(), &WebCrypto)
        .await
        .map_err(|e| e.to_string())?;
    download(&file, &backup_file_name(today()), "application/octet-stream")
}

/// "Waiting for the full history: 1,200 of 10,000 clients", while the background load runs.
#[component]
pub fn HistoryWait(
    /// Whether the screen is waiting for it right now.
    #[prop(into)]
    waiting: Signal<bool>,
) -> impl IntoView {
    let ctx = use_app();
    view! {
        <Show when=move || waiting.get() && !ctx.history.get().is_complete()>
            <p class="notice" role="status">{move || {
                let h = ctx.history.get();
                tf("Waiting for the full history to load: {loaded} of {total}.", &[
                    ("loaded", crate::i18n::format_number(crate::i18n::lang(), h.loaded as f64, 0)),
                    ("total", tp("{n} client", "{n} clients", h.total as u64)),
                ])
            }}</p>
        </Show>
    }
}

#[component]
pub fn BackupView() -> impl IntoView {
    let ctx = use_app();
    let health = Memo::new(move |_| ctx.book.with(|b| backup_health(b, now(), &chrono::Local)));
    view! {
        <div class="page backup">
            <h1>{t("Backup")}</h1>
            <p class="health" class:due=move || health.get().reminder_due>
                {move || {
                    let h = health.get();
                    match h.days_since {
                        None => t("No backup yet. This browser could lose its storage: export a backup and keep it somewhere safe.").to_owned(),
                        Some(_) => h.summary(),
                    }
                }}
            </p>
            <ExportSection />
            <ImportSection />
            <SafetyCopySection />
            <ReminderSection />
            <PlainExportSection />
        </div>
    }
}

#[component]
fn ExportSection() -> impl IntoView {
    let ctx = use_app();
    let same = RwSignal::new(true);
    // The vault's passphrase when the backup is sealed under it, else a new one typed twice.
    let vault_pass = RwSignal::new(String::new());
    let new_pass = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = FormProblem::new(move || match same.get() {
        true if vault_pass.with(String::is_empty) => Err(t("Enter your vault passphrase.").into()),
        true => Ok(()),
        false => check_new(&new_pass.get(), &again.get()),
    });
    let clear = move || {
        vault_pass.set(String::new());
        new_pass.set(String::new());
        again.set(String::new());
    };

    let export = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || !problem.submit() {
            return;
        }
        let use_vault = same.get_untracked();
        let pass = Zeroizing::new(if use_vault { vault_pass } else { new_pass }.get_untracked());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let_browser_paint().await;
            let result = async {
                if use_vault {
                    confirm_vault_passphrase(ctx, &pass).await?;
                }
                let payload = whole_book(ctx).await?;
                export_file(&payload, &pass).await
            }
            .await;
            clear();
            busy.set(false);
            match result {
                Ok(()) => {
                    problem.reset();
                    let mut settings = ctx.book.with_untracked(|b| b.settings.clone());
                    settings.last_backup = Some(now());
                    match persist_settings(ctx, settings).await {
                        Ok(()) => show(ctx, t("Backup exported. Keep the file somewhere safe, away from this device.")),
                        Err(e) => show_error(ctx, e),
                    }
                }
                Err(message) => problem.fail(message),
            }
        });
    };
    view! {
        <section aria-labelledby="export-title">
            <h2 id="export-title">{t("Export an encrypted backup")}</h2>
            <p class="hint">{t("One .clbk file with every client, visit, interaction, follow-up, setting and everything in Trash. It opens in any browser with its passphrase.")}</p>
            <form on:submit=export on:input=move |_| problem.edited() novalidate>
                <CheckInput id="backup-same" label=t("Use my vault passphrase") checked=same on_change=Callback::new(move |v| {
                    same.set(v);
                    clear();
                    problem.reset();
                }) />
                <Show when=move || same.get() fallback=move || view! {
                    <NewPassphraseFields id="backup-pass" repeat_id="backup-again" label=t("Passphrase for the new backup")
                        repeat_label=t("Repeat the new backup's passphrase") passphrase=new_pass repeat=again />
                }>
                    <label for="backup-vault-pass">{t("Your vault passphrase (to confirm)")}</label>
                    <input id="backup-vault-pass" type="password" autocomplete="current-password" bind:value=vault_pass />
                </Show>
                <HistoryWait waiting=busy />
                <ProblemLine problem />
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { t("Encrypting…") } else { t("Export backup") }}
                </button>
            </form>
        </section>
    }
}

/// A backup that opened with the passphrase typed for it.
pub struct OpenedBackup {
    pub info: BackupInfo,
    pub payload: BackupPayload,
    /// As typed; the first screen's restore may keep it for the new book.
    pub passphrase: Zeroizing<String>,
}

/// A backup file being checked: read, verified and decrypted, with the question about a
/// costly file and the key derivation's progress on the way. The Backup screen's import and
/// the first screen's restore share it, so both refuse the same files with the same messages.
#[derive(Clone, Copy)]
pub struct BackupCheck {
    file: StoredValue<Option<web_sys::File>, LocalStorage>,
    pass: RwSignal<String>,
    /// Why the last check (or what followed it) failed.
    pub problem: RwSignal<Option<String>>,
    pub busy: RwSignal<bool>,
    /// Key settings costlier than our own, waiting for the user's "open it anyway".
    costly: RwSignal<Option<KdfParams>>,
    accepted_cost: RwSignal<bool>,
    /// A costly derivation under way: its progress shows, with Cancel.
    deriving: RwSignal<Option<KdfParams>>,
}

impl BackupCheck {
    pub fn new() -> Self {
        Self {
            file: StoredValue::new_local(None),
            pass: RwSignal::new(String::new()),
            problem: RwSignal::new(None),
            busy: RwSignal::new(false),
            costly: RwSignal::new(None),
            accepted_cost: RwSignal::new(false),
            deriving: RwSignal::new(None),
        }
    }

    /// Starts a check: false, with the message saying why, when no file is chosen, and
    /// quietly when a check is under way.
    pub fn begin(self) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        if self.file.with_value(Option::is_none) {
            self.problem.set(Some(t("Choose a backup file first.").into()));
            return false;
        }
        self.problem.set(None);
        self.busy.set(true);
        true
    }

    /// Reads the chosen file, verifies it and opens it with the typed passphrase. A foreign
    /// file is refused after its first bytes, however large. `Ok(None)` while the user is
    /// asked whether to open a costly file.
    pub async fn open(self) -> Result<Option<OpenedBackup>, String> {
        let chosen = self.file.get_value().ok_or(t("Choose a backup file first."))?;
        let_browser_paint().await;
        let start = read_file(&chosen, Some(8)).await?;
        if let Err(error @ (BackupError::Empty | BackupError::NotABackup)) = parse_backup(&start) {
            return Err(error.to_string());
        }
        let bytes = read_file(&chosen, None).await?;
        let parsed = parse_backup(&bytes).map_err(|e| e.to_string())?;
        if parsed.needs_confirmation() && !self.accepted_cost.get_untracked() {
            self.costly.set(Some(parsed.info.kdf));
            return Ok(None);
        }
        if self.accepted_cost.get_untracked() {
            self.deriving.set(Some(parsed.info.kdf));
        }
        self.accepted_cost.set(false);
        let passphrase = Zeroizing::new(self.pass.get_untracked());
        let opened = parsed.open(&passphrase, &kdf(), &WebCrypto).await;
        self.deriving.set(None);
        let payload = opened.map_err(|e| e.to_string())?;
        Ok(Some(OpenedBackup { info: parsed.info, payload, passphrase }))
    }

    /// Ends a check: a failure's message shows, and the typed passphrase is emptied unless
    /// the question about a costly file still needs it.
    pub fn end(self, outcome: Result<(), String>) {
        self.busy.set(false);
        if self.costly.get_untracked().is_none() {
            self.pass.set(String::new());
        }
        if let Err(message) = outcome {
            self.problem.set(Some(message));
        }
    }
}

/// The fields of a backup check (file and passphrase), its message, the derivation's
/// progress and the question about a costly file. The caller's form adds the button.
#[component]
pub fn BackupCheckFields(
    check: BackupCheck,
    /// Runs the check; also after the user agrees to open a costly file.
    on_check: Callback<()>,
    /// Another file was chosen: what was shown for the previous one no longer applies.
    on_file_change: Callback<()>,
) -> impl IntoView {
    let BackupCheck { file, pass, problem, costly, accepted_cost, deriving, .. } = check;
    view! {
        <div class="field">
            <label for="import-file">{t("Backup file")}</label>
            <input id="import-file" type="file" accept=".clbk,application/octet-stream" on:change=move |ev| {
                let input: web_sys::HtmlInputElement = event_target(&ev);
                file.set_value(input.files().and_then(|list| list.get(0)));
                problem.set(None);
                on_file_change.run(());
            } />
        </div>
        <TextInput id="import-pass" label=t("Backup passphrase") input_type="password" value=pass
            on_input=Callback::new(move |v| {
                pass.set(v);
                problem.set(None);
            }) />
        <Show when=move || problem.get().is_some()>
            <p class="error" role="alert">{move || problem.get()}</p>
        </Show>
        {move || deriving.get().map(|params| view! {
            <super::security::KdfProgress params=params />
            <button type="button" on:click=move |_| kdf().cancel()>{t("Cancel")}</button>
        })}
        {move || costly.get().map(|params| view! {
            <ModalDialog label=t("Slow backup") class="warning" on_close=Callback::new(move |_| costly.set(None))>
                <p>{tf("This backup asks for {memory} MiB and {passes} to open, more than Clientele's own backups; it may take a minute, and the page stays usable meanwhile.", &[
                    ("memory", (params.memory_kib / 1024).to_string()),
                    ("passes", tp("{n} pass", "{n} passes", u64::from(params.iterations))),
                ])}</p>
                <div class="actions">
                    <button type="button" class="primary" on:click=move |_| {
                        costly.set(None);
                        accepted_cost.set(true);
                        on_check.run(());
                    }>{t("Open it anyway")}</button>
                    <button type="button" on:click=move |_| { costly.set(None); pass.set(String::new()); }>{t("Cancel")}</button>
                </div>
            </ModalDialog>
        })}
    }
}

/// What a backup holds, in counts, shown before anything is written.
#[component]
pub fn BackupSummary(preview: ImportPreview) -> impl IntoView {
    let p = preview;
    view! {
        <p>{tf("Made {date} by Clientele {version}.", &[("date", p.created.map(super::actions::local_datetime).unwrap_or_default()), ("version", p.app_version.clone())])}</p>
        <p>{tf("{clients} ({trash} in Trash), {visits}, {interactions}, {follow_ups}; {services}, {fields}, {segments}.", &[
            ("clients", tp("{n} client", "{n} clients", p.clients as u64)),
            ("trash", p.in_trash.to_string()),
            ("visits", tp("{n} visit", "{n} visits", p.visits as u64)),
            ("interactions", tp("{n} interaction", "{n} interactions", p.interactions as u64)),
            ("follow_ups", tp("{n} follow-up", "{n} follow-ups", p.follow_ups as u64)),
            ("services", tp("{n} service", "{n} services", p.services as u64)),
            ("fields", tp("{n} custom field", "{n} custom fields", p.custom_fields as u64)),
            ("segments", tp("{n} segment", "{n} segments", p.segments as u64)),
        ])}</p>
    }
}

#[component]
fn ImportSection() -> impl IntoView {
    let ctx = use_app();
    let check = BackupCheck::new();
    let (busy, problem) = (check.busy, check.problem);
    let preview = RwSignal::new(None::<ImportPreview>);
    let payload = StoredValue::new(None::<BackupPayload>);
    let result = RwSignal::new(Vec::<String>::new());
    let confirm_replace = RwSignal::new(false);

    let run_check = move || {
        if !check.begin() {
            return;
        }
        preview.set(None);
        result.set(Vec::new());
        leptos::task::spawn_local(async move {
            let outcome = async {
                let Some(opened) = check.open().await? else { return Ok(()) };
                // Comparing with the book needs every client's whole record.
                whole_book(ctx).await?;
                preview.set(Some(ctx.book.with_untracked(|b| ImportPreview::of(&opened.info, &opened.payload, b))));
                payload.set_value(Some(opened.payload));
                Ok(())
            }
            .await;
            check.end(outcome);
        });
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        run_check();
    };

    let apply = move |replace: bool| {
        let Some(incoming) = payload.get_value() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let outcome = async {
                let current = whole_book(ctx).await?;
                let plan = ctx.book.with_untracked(|b| {
                    if replace {
                        ImportPlan::replace(b, &incoming)
                    } else {
                        ImportPlan::merge(b, &incoming)
                    }
                });
                let (puts, conflicts) = (plan.puts.len(), plan.conflicts.clone());
                let changes = if replace {
                    Changes::replace_book(plan, SafetyCopy { created: now(), payload: current })
                } else {
                    Changes::from(plan)
                };
                commit(ctx, changes).await.map(|()| (puts, conflicts))
            }
            .await;
            busy.set(false);
            match outcome {
                Ok((puts, conflicts)) => {
                    let mut lines = vec![if replace {
                        tf("Replaced everything: the book now holds the backup's clients ({clients}). A safety copy of the previous book is kept for 7 days.", &[("clients", puts.to_string())])
                    } else {
                        tf(
                            "Merged: {clients} added or updated.",
                            &[("clients", tp("{n} client", "{n} clients", puts as u64))],
                        )
                    }];
                    lines.extend(conflicts.iter().map(|c| match c.kept {
                        Kept::Backup => tf("{name}: kept the backup's newer version.", &[("name", c.name.clone())]),
                        Kept::ThisDevice => {
                            tf("{name}: kept this device's newer version.", &[("name", c.name.clone())])
                        }
                    }));
                    result.set(lines);
                    preview.set(None);
                    payload.set_value(None);
                    confirm_replace.set(false);
                    show(ctx, if replace { t("Backup restored.") } else { t("Backup merged.") });
                }
                Err(error) => {
                    problem.set(Some(tf("{error} Nothing was imported; the book is as it was.", &[("error", error)])))
                }
            }
        });
    };

    view! {
        <section aria-labelledby="import-title">
            <h2 id="import-title">{t("Import a backup")}</h2>
            <form on:submit=submit novalidate>
                <BackupCheckFields check on_check=Callback::new(move |()| run_check())
                    on_file_change=Callback::new(move |()| preview.set(None)) />
                <HistoryWait waiting=busy />
                <button type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { t("Checking…") } else { t("Check backup") }}
                </button>
            </form>
            {move || preview.get().map(|p| view! {
                <div class="preview" role="region" aria-label=t("Backup contents")>
                    <BackupSummary preview=p.clone() />
                    <p>{tf("Compared with this book: {new} new, {newer} newer, {older} older, {identical} identical.", &[("new", p.new.to_string()), ("newer", p.newer.to_string()), ("older", p.older.to_string()), ("identical", p.identical.to_string())])}</p>
                    <div class="actions">
                        <button type="button" class="primary" disabled=move || busy.get() on:click=move |_| apply(false)>{t("Merge into this book")}</button>
                        <Show when=move || confirm_replace.get() fallback=move || view! {
                            <button type="button" class="danger" on:click=move |_| confirm_replace.set(true)>{t("Replace everything")}</button>
                        }>
                            <span class="confirm">
                                {t("Replace the whole book with this backup? A safety copy is kept for 7 days.")}
                                <button type="button" class="danger" disabled=move || busy.get() on:click=move |_| apply(true)>{t("Yes, replace everything")}</button>
                                <button type="button" on:click=move |_| confirm_replace.set(false)>{t("Cancel")}</button>
                            </span>
                        </Show>
                    </div>
                </div>
            })}
            <Show when=move || !result.with(Vec::is_empty)>
                <ul class="import-result" aria-label=t("Import result")>
                    {move || result.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn SafetyCopySection() -> impl IntoView {
    let ctx = use_app();
    let copy = Memo::new(move |_| {
        ctx.book.with(|b| {
            b.safety_copy.as_ref().filter(|c| !c.is_expired(now())).map(|c| (c.created, c.payload.clients.len()))
        })
    });
    let pass = RwSignal::new(String::new());
    let problem = FormProblem::new(move || match pass.with(String::is_empty) {
        true => Err(t("Enter your vault passphrase.").into()),
        false => Ok(()),
    });
    let restore = move |_| {
        let Some(saved) = ctx.book.with_untracked(|b| b.safety_copy.clone()) else { return };
        leptos::task::spawn_local(async move {
            // Restoring swaps: the current book becomes the new safety copy.
            let result = async {
                let current = whole_book(ctx).await?;
                let plan = ctx.book.with_untracked(|b| ImportPlan::replace(b, &saved.payload));
                let swap = SafetyCopy { created: now(), payload: current };
                commit(ctx, Changes::replace_book(plan, swap)).await
            }
            .await;
            match result {
                Ok(()) => show(ctx, t("Safety copy restored. The book as it was a moment ago is now the safety copy.")),
                Err(e) => show_error(ctx, e),
            }
        });
    };
    let download_copy = move |_| {
        if !problem.submit() {
            return;
        }
        let Some(saved) = ctx.book.with_untracked(|b| b.safety_copy.clone()) else { return };
        let typed = Zeroizing::new(pass.get_untracked());
        leptos::task::spawn_local(async move {
            let_browser_paint().await;
            let result = async {
                confirm_vault_passphrase(ctx, &typed).await?;
                export_file(&saved.payload, &typed).await
            }
            .await;
            pass.set(String::new());
            match result {
                Ok(()) => problem.reset(),
                Err(message) => problem.fail(message),
            }
        });
    };
    view! {
        <Show when=move || copy.get().is_some()>
            <section aria-labelledby="safety-title">
                <h2 id="safety-title">{t("Safety copy")}</h2>
                <p>{move || copy.get().map(|(created, clients)| tf(
                    "The book as it was before the import of {date} ({clients}). Kept until {until}.",
                    &[("date", super::actions::local_datetime(created)), ("clients", tp("{n} client", "{n} clients", clients as u64)),
                      ("until", super::actions::local_date(created + chrono::Duration::days(crate::book::SAFETY_COPY_DAYS)))]))}</p>
                <div class="actions">
                    <button type="button" on:click=restore>{t("Restore safety copy")}</button>
                </div>
                <TextInput id="safety-pass" label=t("Vault passphrase (to encrypt the download)") input_type="password" value=pass
                    on_input=Callback::new(move |v| {
                        pass.set(v);
                        problem.edited();
                    }) />
                <ProblemLine problem />
                <button type="button" on:click=download_copy>{t("Download safety copy")}</button>
            </section>
        </Show>
    }
}

#[component]
fn ReminderSection() -> impl IntoView {
    let ctx = use_app();
    let days = RwSignal::new(ctx.book.with_untracked(|b| b.settings.backup_reminder_days.to_string()));
    let changes = RwSignal::new(ctx.book.with_untracked(|b| b.settings.backup_reminder_changes.to_string()));
    let problem = RwSignal::new(None::<String>);
    let save = move |_| {
        let (Ok(d), Ok(c)) =
            (days.get_untracked().trim().parse::<u32>(), changes.get_untracked().trim().parse::<u32>())
        else {
            return problem.set(Some(t("Enter whole numbers of days and changes.").into()));
        };
        if d == 0 || c == 0 {
            return problem.set(Some(t("Use at least 1 day and 1 change.").into()));
        }
        problem.set(None);
        let mut settings = ctx.book.with_untracked(|b| b.settings.clone());
        settings.backup_reminder_days = d;
        settings.backup_reminder_changes = c;
        leptos::task::spawn_local(async move {
            match persist_settings(ctx, settings).await {
                Ok(()) => show(ctx, t("Reminder saved.")),
                Err(e) => show_error(ctx, e),
            }
        });
    };
    view! {
        <section aria-labelledby="reminder-title">
            <h2 id="reminder-title">{t("Backup reminder")}</h2>
            <div class="row">
                <TextInput id="remind-days" label=t("Remind after this many days") input_type="number" value=days on_input=Callback::new(move |v| days.set(v)) />
                <TextInput id="remind-changes" label=t("…or this many changed clients") input_type="number" value=changes on_input=Callback::new(move |v| changes.set(v)) />
            </div>
            <Show when=move || problem.get().is_some()>
                <p class="error" role="alert">{move || problem.get()}</p>
            </Show>
            <button type="button" on:click=save>{t("Save reminder")}</button>
        </section>
    }
}

/// Which plain export is waiting for the user to accept the warning.
#[derive(Clone, Copy, PartialEq)]
enum PlainExport {
    ClientsCsv,
    VisitsCsv,
    Contacts,
    UpcomingAppointments,
}

/// Writes a plain export of the whole book (its histories loaded) and offers it as a download.
/// `ics` says what the appointments' events may show.
fn write_plain(ctx: AppContext, kind: PlainExport, ics: IcsOptions) {
    let date = today();
    let written = ctx.book.with_untracked(|b| match kind {
        PlainExport::ClientsCsv => Ok((
            clients_csv(b.entries().map(|e| (&e.client, &e.stats)), &b.settings),
            format!("clientele-clients-{date}.csv"),
            "text/csv;charset=utf-8",
        )),
        PlainExport::VisitsCsv => Ok((
            visits_csv(b.entries().map(|e| &e.client)),
            format!("clientele-visits-{date}.csv"),
            "text/csv;charset=utf-8",
        )),
        PlainExport::Contacts => Ok((
            vcards(b.entries().filter(|e| e.client.trashed.is_none()).map(|e| &e.client)),
            format!("clientele-contacts-{date}.vcf"),
            "text/vcard;charset=utf-8",
        )),
        PlainExport::UpcomingAppointments => upcoming_ics(b.entries().map(|e| &e.client), ics, now())
            .map(|text| (text, upcoming_file_name(date), ICS_MIME_TYPE))
            .map_err(|e| e.to_string()),
    });
    match written.and_then(|(text, name, mime)| download(text.as_bytes(), &name, mime)) {
        Ok(()) => show(ctx, t("Unencrypted file downloaded. Delete it when you no longer need it.")),
        Err(e) => show_error(ctx, e),
    }
}

#[component]
fn PlainExportSection() -> impl IntoView {
    let ctx = use_app();
    let pending = RwSignal::new(None::<PlainExport>);
    let ics = RwSignal::new(IcsOptions::default());
    let ask = move |kind: PlainExport| {
        // Each export starts from the private default, whatever was ticked last time.
        ics.set(IcsOptions::default());
        pending.set(Some(kind));
    };
    let write = move |()| {
        let Some(kind) = pending.get_untracked() else { return };
        pending.set(None);
        let options = ics.get_untracked();
        leptos::task::spawn_local(async move {
            if let Err(message) = whole_book(ctx).await {
                return show_error(ctx, message);
            }
            write_plain(ctx, kind, options);
        });
    };
    view! {
        <section aria-labelledby="plain-title">
            <h2 id="plain-title">{t("Unencrypted exports")}</h2>
            <div class="actions">
                <button type="button" on:click=move |_| ask(PlainExport::ClientsCsv)>{t("Clients as CSV")}</button>
                <button type="button" on:click=move |_| ask(PlainExport::VisitsCsv)>{t("Visits as CSV")}</button>
                <button type="button" on:click=move |_| ask(PlainExport::Contacts)>{t("All contacts as vCard")}</button>
                <button type="button" on:click=move |_| ask(PlainExport::UpcomingAppointments)>{t("Upcoming appointments (.ics)")}</button>
            </div>
            <Show when=move || pending.get().is_some()>
                <UnencryptedExportDialog
                    message=t("This file is not encrypted. Anyone who gets it can read your clients' details. Keep it safe and delete it when you are done.")
                    on_download=Callback::new(write) on_cancel=Callback::new(move |()| pending.set(None))>
                    <Show when=move || pending.get() == Some(PlainExport::UpcomingAppointments)>
                        <IcsOptionsFields options=ics />
                    </Show>
                </UnencryptedExportDialog>
            </Show>
        </section>
    }
}
