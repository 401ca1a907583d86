//! The client form: validates inline, keeps everything typed when a save is refused, and
//! reports "Saved" only after the storage transaction has completed.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::book_screen::Selection;
use super::use_app;
use crate::book::{delete_client, save_client};
use crate::model::{new_record_id, ClientDraft, Field, FieldError};

#[component]
fn TextField(
    /// The input's id, also used to tie the error message to it.
    id: &'static str,
    /// The visible label, which is also the accessible name.
    label: &'static str,
    value: RwSignal<String>,
    /// The validation message for this field, if any.
    error: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let invalid = move || if error.with(Option::is_some) { "true" } else { "false" };
    let control = if multiline {
        view! {
            <textarea id=id rows="5" bind:value=value aria-invalid=invalid aria-describedby=described></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id type=input_type autocomplete=autocomplete bind:value=value aria-invalid=invalid
                aria-describedby=described />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
            <p id=error_id class="field-error">{move || error.get()}</p>
        </div>
    }
}

#[component]
pub fn ClientEditor(
    /// Which client the form edits, or a new one.
    selection: Selection,
    /// The book screen's selection, changed on save, delete and close.
    selected: RwSignal<Option<Selection>>,
    /// The book screen's status line.
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let ctx = use_app();
    let existing = match &selection {
        Selection::Existing(id) => ctx.book.with_untracked(|b| b.get(id).cloned()),
        Selection::New => None,
    };
    let draft = existing.as_ref().map(ClientDraft::from_client).unwrap_or_default();
    let name = RwSignal::new(draft.name);
    let phone = RwSignal::new(draft.phone);
    let email = RwSignal::new(draft.email);
    let notes = RwSignal::new(draft.notes);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let confirm_delete = RwSignal::new(false);
    let is_new = existing.is_none();
    let title = if is_new { "New client" } else { "Edit client" };
    let existing = StoredValue::new(existing);

    let error_for = move |field: Field| {
        Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field == field).map(|e| e.message.clone())))
    };

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let draft = ClientDraft {
            name: name.get_untracked(),
            phone: phone.get_untracked(),
            email: email.get_untracked(),
            notes: notes.get_untracked(),
        };
        let now = chrono::Utc::now();
        let built = match existing.get_value() {
            Some(current) => draft.apply_to(&current, now),
            None => match new_record_id() {
                Ok(id) => draft.to_new_client(id, now),
                Err(error) => return failure.set(Some(error.to_string())),
            },
        };
        let client = match built {
            Ok(client) => client,
            Err(problems) => return errors.set(problems),
        };
        errors.set(Vec::new());
        let Some((store, cipher)) = ctx.session() else {
            return failure.set(Some("The book is locked. Unlock it and save again.".into()));
        };
        failure.set(None);
        saving.set(true);
        notice.set(Some("Saving…".into()));
        leptos::task::spawn_local(async move {
            let result = save_client(&store, &cipher, &client).await;
            saving.set(false);
            match result {
                // Locked while saving: the write landed, but the book must stay empty.
                Ok(()) if ctx.session().is_none() => {}
                Ok(()) => {
                    let id = client.id.clone();
                    ctx.book.update(|book| book.upsert(client));
                    notice.set(Some("Saved.".into()));
                    selected.set(Some(Selection::Existing(id)));
                }
                Err(error) => {
                    notice.set(None);
                    failure.set(Some(error.to_string()));
                }
            }
        });
    };

    let delete = move |_| {
        let Some(current) = existing.get_value() else { return };
        let Some((store, _)) = ctx.session() else { return };
        leptos::task::spawn_local(async move {
            match delete_client(&store, &current.id).await {
                Ok(()) => {
                    ctx.book.update(|book| {
                        book.remove(&current.id);
                    });
                    notice.set(Some("Client deleted.".into()));
                    selected.set(None);
                }
                Err(error) => failure.set(Some(error.to_string())),
            }
        });
    };

    view! {
        <form class="editor" on:submit=save novalidate aria-labelledby="editor-title">
            <div class="editor-head">
                <button type="button" class="back" on:click=move |_| selected.set(None)>"Back to list"</button>
                <h2 id="editor-title">{title}</h2>
            </div>
            <TextField id="client-name" label="Name" value=name error=error_for(Field::Name) autocomplete="off" />
            <TextField id="client-phone" label="Phone" value=phone error=error_for(Field::Phone) input_type="tel" />
            <TextField id="client-email" label="Email" value=email error=error_for(Field::Email) input_type="email" />
            <TextField id="client-notes" label="Notes" value=notes error=error_for(Field::Notes) multiline=true />
            <Show when=move || failure.get().is_some()>
                <p class="error" role="alert">{move || failure.get()}</p>
            </Show>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || saving.get()>
                    {move || if saving.get() { "Saving…" } else { "Save" }}
                </button>
                <Show when=move || !is_new>
                    <Show when=move || confirm_delete.get()
                        fallback=move || view! {
                            <button type="button" class="danger" on:click=move |_| confirm_delete.set(true)>"Delete"</button>
                        }>
                        <span class="confirm">
                            "Delete this client for good?"
                            <button type="button" class="danger" on:click=delete>"Yes, delete"</button>
                            <button type="button" on:click=move |_| confirm_delete.set(false)>"Keep"</button>
                        </span>
                    </Show>
                </Show>
            </div>
        </form>
    }
}
