//! Nothing typed is lost when the book locks: the open form with unsaved input is sealed as the
//! book's draft record before the key is dropped, offered back after the next unlock, and handed
//! to the same form again on "Continue". The rules (what a draft is, whom it belongs to) are in
//! `book::draft`; this module connects them to the forms and the lock.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::actions::{commit, confirm_discard, ensure_full, now, open_detail, saves_in_flight, show_error};
use super::{use_app, AppContext, Detail, Screen};
use crate::book::{Changes, CommitPlan, Draft, DraftForm, DraftSubject};
use crate::i18n::{t, tf};
use crate::web::BrowserPause;

/// What the open form would keep as its draft: its current state.
pub type DraftSource = Rc<dyn Fn() -> DraftForm>;

thread_local! {
    /// Held while a draft is being written at lock time; unlocking waits for it, so the next
    /// session reads the header with the draft in it.
    static WRITING: Arc<futures::lock::Mutex<()>> = Arc::new(futures::lock::Mutex::new(()));
}

/// The open form registers what it holds; it is forgotten when the form goes away. Only a form
/// with unsaved input (`ctx.dirty`) is kept at lock time.
pub fn keep_while_open(ctx: AppContext, source: impl Fn() -> DraftForm + 'static) {
    let source: DraftSource = Rc::new(source);
    ctx.draft_source.set_value(Some(source.clone()));
    let this_form = StoredValue::new_local(source);
    on_cleanup(move || {
        let still_this = ctx
            .draft_source
            .with_value(|current| current.as_ref().is_some_and(|c| this_form.with_value(|mine| Rc::ptr_eq(c, mine))));
        if still_this {
            ctx.draft_source.set_value(None);
        }
    });
}

/// The draft the user chose to continue, if it is for this form; taken, so it fills the form
/// only once. Every form calls this as it opens, so this is also where the form's unsaved state
/// starts: unsaved when it continues a draft, clean otherwise (whatever the form before left).
pub fn resume(ctx: AppContext, is_for_this_form: impl Fn(&DraftForm) -> bool) -> Option<DraftForm> {
    let matches = ctx.resumed.with_value(|r| r.as_ref().is_some_and(&is_for_this_form));
    let resumed = if matches { ctx.resumed.try_update_value(Option::take).flatten() } else { None };
    ctx.dirty.set(resumed.is_some());
    resumed
}

/// Called while the book locks: seals the open form's unsaved input as the draft. The write
/// finishes in the background while the unlock screen already shows (the task holds the
/// session, and so the key, until then); the unlock waits for it.
pub fn keep_on_lock(ctx: AppContext) {
    let Some(source) = ctx.draft_source.get_value() else { return };
    // A form whose save is under way is not kept: the save lands under the session it holds,
    // and a draft of the same input, continued, would save it twice.
    if !ctx.dirty.get_untracked() || saves_in_flight() > 0 {
        return;
    }
    let Some(session) = ctx.session() else { return };
    let draft = Draft { saved: now(), form: source() };
    let changes = Changes { draft: Some(Some(draft)), ..Changes::default() };
    let Ok(plan) = ctx.book.with_untracked(|b| CommitPlan::new(b, changes, now())) else { return };
    // Taken at once, before the unlock screen can start an unlock.
    let Some(guard) = WRITING.with(|writing| writing.try_lock_owned()) else { return };
    leptos::task::spawn_local(async move {
        let _guard = guard;
        let mut vault = session.lock().await;
        // Another tab took the book over while this waited: it holds the vault now.
        if matches!(ctx.screen.get_untracked(), Screen::Elsewhere { .. }) {
            return;
        }
        if let Err(error) = vault.commit(&plan, &BrowserPause, now()).await {
            let said = ctx.lock_reason.get_untracked().unwrap_or_default();
            let lost = tf("The unsaved form could not be kept: {error}", &[("error", error.to_string())]);
            ctx.lock_reason.set(Some(if said.is_empty() { lost } else { format!("{said} {lost}") }));
        }
    });
}

/// Resolves once no draft is being written.
pub async fn writes_done() {
    let writing = WRITING.with(Arc::clone);
    drop(writing.lock_owned().await);
}

/// The offer after unlocking: continue the form that was open when the book locked, or discard
/// it. Either way the draft record is removed.
#[component]
pub fn DraftOffer() -> impl IntoView {
    let ctx = use_app();
    let busy = RwSignal::new(false);
    let offer = Memo::new(move |_| ctx.book.with(|b| b.draft.as_ref().map(|d| (d.subject(b), d.form.clone()))));
    let forget = move |then: Option<DraftForm>| {
        // Continuing replaces any form open now: that one is asked about first.
        if then.is_some() && !confirm_discard(ctx) {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let session = ctx.session();
            // The form opens on the client's whole history, never on their summary.
            let loaded = match then.as_ref().and_then(DraftForm::client_id) {
                Some(id) => ensure_full(ctx, &[id.to_owned()]).await,
                None => Ok(()),
            };
            let result = match loaded {
                Ok(()) => commit(ctx, Changes { draft: Some(None), ..Changes::default() }).await,
                Err(message) => Err(message),
            };
            busy.set(false);
            let still_open = matches!((&session, ctx.session()), (Some(a), Some(b)) if Rc::ptr_eq(a, &b));
            match (result, then) {
                (Err(message), _) => show_error(ctx, message),
                (Ok(()), Some(form)) if still_open => reopen(ctx, form),
                (Ok(()), _) => {}
            }
        });
    };
    move || {
        offer.get().map(|(subject, form)| {
            let gone = subject == DraftSubject::ClientGone;
            view! {
                <div class="banner draft-offer" role="region" aria-labelledby="draft-offer-text">
                    <p id="draft-offer-text">{describe(&subject)}</p>
                    <div class="actions">
                        {(!gone).then(|| {
                            let form = form.clone();
                            view! {
                                <button type="button" class="primary" disabled=move || busy.get()
                                    on:click=move |_| forget(Some(form.clone()))>{t("Continue")}</button>
                            }
                        })}
                        <button type="button" disabled=move || busy.get() on:click=move |_| forget(None)>{t("Discard")}</button>
                    </div>
                </div>
            }
        })
    }
}

fn describe(subject: &DraftSubject) -> String {
    match subject {
        DraftSubject::NewClient => t("You were adding a client when the book locked.").into(),
        DraftSubject::EditedClient { name } => {
            tf("You were editing {name}'s profile when the book locked.", &[("name", name.clone())])
        }
        DraftSubject::Visit { name } => {
            tf("You were filling in a visit for {name} when the book locked.", &[("name", name.clone())])
        }
        DraftSubject::Interaction { name } => {
            tf("You were logging an interaction with {name} when the book locked.", &[("name", name.clone())])
        }
        DraftSubject::FollowUp { name } => {
            tf("You were adding a follow-up for {name} when the book locked.", &[("name", name.clone())])
        }
        DraftSubject::ClientGone => {
            t("A form was open when the book locked, but its client is no longer in the book.").into()
        }
    }
}

/// Opens the form the draft came from; the form takes the draft's values from `ctx.resumed`.
fn reopen(ctx: AppContext, form: DraftForm) {
    let detail = match &form {
        DraftForm::Client { client, .. } if client.id.is_empty() => Detail::Edit(None),
        DraftForm::Client { client, .. } => Detail::Edit(Some(client.id.clone())),
        DraftForm::Visit { client_id, .. }
        | DraftForm::Interaction { client_id, .. }
        | DraftForm::FollowUp { client_id, .. } => Detail::Profile(client_id.clone()),
    };
    ctx.resumed.set_value(Some(form));
    open_detail(ctx, detail);
}
