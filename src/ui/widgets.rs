//! Small form controls shared by the screens: every control has a visible label that is also
//! its accessible name, and an error line tied to it with `aria-describedby`.

use leptos::prelude::*;

use crate::i18n::t;
use crate::model::{FieldError, Service};

/// The message for one field, from a form's list of problems.
pub fn error_for(errors: RwSignal<Vec<FieldError>>, field: impl Into<String>) -> Signal<Option<String>> {
    let field = field.into();
    Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field == field).map(|e| e.message.clone())))
}

/// After a refused save: moves the focus to the form's first invalid field and scrolls it to
/// the middle of the screen, so a phone user sees what to fix (the sticky Save bar would hide
/// it at the bottom). Runs after the error marks are drawn.
pub fn focus_first_invalid(form_id: &'static str) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let first = document.query_selector(&format!("#{form_id} [aria-invalid=\"true\"]")).ok().flatten();
        let Some(field) = first.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
        let _ = field.focus();
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        field.scroll_into_view_with_scroll_into_view_options(&options);
    });
}

pub fn no_error() -> Signal<Option<String>> {
    Signal::derive(|| None)
}

#[component]
pub fn TextInput(
    /// The input's id; the error line's id derives from it.
    #[prop(into)]
    id: String,
    /// The visible label, which is also the accessible name.
    #[prop(into)]
    label: String,
    /// The current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new text on every keystroke.
    on_input: Callback<String>,
    /// The validation message, if any.
    #[prop(into, default = no_error())]
    error: Signal<Option<String>>,
    /// The input's type: text, tel, email, date, time, number.
    #[prop(default = "text")]
    input_type: &'static str,
    /// A multi-line text area instead of a single line.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let invalid = move || if error.with(Option::is_some) { "true" } else { "false" };
    let control = if multiline {
        view! {
            <textarea id=id.clone() rows="4" prop:value=value aria-invalid=invalid aria-describedby=described
                on:input=move |ev| on_input.run(event_target_value(&ev))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() type=input_type prop:value=value aria-invalid=invalid aria-describedby=described
                autocomplete="off" on:input=move |ev| on_input.run(event_target_value(&ev)) />
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

/// A labelled `<select>` over fixed options, given as (value, label) pairs.
#[component]
pub fn SelectInput(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    /// The selected option's value.
    #[prop(into)]
    value: Signal<String>,
    /// (value, label) pairs.
    options: Vec<(String, String)>,
    /// Called with the chosen option's value.
    on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| on_change.run(event_target_value(&ev)) prop:value=value>
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let selected_value = v.clone();
                        view! { <option value=v selected=move || value.get() == selected_value>{l}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The service catalogue as a labelled `<select>`, with "— Other —" for a service typed by
/// hand. `chosen` is the form's service name; picking one hands over the name and the
/// catalogue's service (`None` for Other), whose length and price the form copies.
#[component]
pub fn ServiceSelect(
    #[prop(into)] id: String,
    services: Vec<Service>,
    #[prop(into)] chosen: Signal<String>,
    on_pick: Callback<(String, Option<Service>)>,
) -> impl IntoView {
    let options: Vec<(String, String)> = std::iter::once((String::new(), crate::i18n::t("— Other —").to_owned()))
        .chain(services.iter().map(|s| (s.name.clone(), s.name.clone())))
        .collect();
    let services = StoredValue::new(services);
    view! {
        <SelectInput id=id label=crate::i18n::t("Service") options
            value=Signal::derive(move || {
                let name = chosen.get();
                if services.with_value(|s| s.iter().any(|s| s.name == name)) { name } else { String::new() }
            })
            on_change=Callback::new(move |name: String| {
                let service = services.with_value(|s| s.iter().find(|s| s.name == name).cloned());
                on_pick.run((name, service));
            }) />
    }
}

/// A labelled checkbox.
#[component]
pub fn CheckInput(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] checked: Signal<bool>,
    on_change: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="check">
            <input id=id.clone() type="checkbox" prop:checked=checked
                on:change=move |ev| on_change.run(event_target_checked(&ev)) />
            <label for=id>{label}</label>
        </div>
    }
}

/// A tag as a coloured chip.
#[component]
pub fn TagChip(#[prop(into)] name: String, #[prop(into)] color: String) -> impl IntoView {
    view! { <span class="tag" style:--tag=color>{name}</span> }
}

thread_local! {
    /// Where focus was before each open modal dialog, innermost last.
    static FOCUS_BEFORE_DIALOG: std::cell::RefCell<Vec<web_sys::HtmlElement>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A modal confirmation (`<dialog>` with the alertdialog role): the page behind it is inert, so keyboard focus stays inside; Escape
/// calls `on_close`; when it goes away, focus returns to where it was before it opened.
#[component]
pub fn ModalDialog(
    /// The dialog's accessible name.
    #[prop(into)]
    label: String,
    on_close: Callback<()>,
    /// Extra classes, such as "danger".
    #[prop(optional, into)]
    class: String,
    children: Children,
) -> impl IntoView {
    use wasm_bindgen::JsCast;
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let before = document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    FOCUS_BEFORE_DIALOG.with(|stack| stack.borrow_mut().extend(before));
    Effect::new(move |_| {
        if let Some(element) = dialog.get() {
            if !element.open() {
                let _ = element.show_modal();
            }
        }
    });
    on_cleanup(|| {
        // After the dialog has left the page: until then everything behind it is inert and
        // cannot take focus.
        request_animation_frame(|| {
            if let Some(element) = FOCUS_BEFORE_DIALOG.with(|stack| stack.borrow_mut().pop()) {
                let _ = element.focus();
            }
        });
    });
    // The page behind is inert, but Tab from the last control would leave for the browser's
    // own interface; wrap around instead, both ways.
    let keep_focus_inside = move |ev: leptos::ev::KeyboardEvent| {
        let Some(element) = dialog.get() else { return };
        if ev.key() != "Tab" {
            return;
        }
        let Ok(controls) = element.query_selector_all("button:not([disabled]), input, select, textarea, a[href]")
        else {
            return;
        };
        let first = controls.get(0).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok());
        let last =
            controls.get(controls.length().saturating_sub(1)).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok());
        let active = document().active_element();
        let (from, to) = if ev.shift_key() { (first, last) } else { (last, first) };
        if let (Some(from), Some(to)) = (from, to) {
            if active.as_ref() == Some(from.unchecked_ref()) {
                ev.prevent_default();
                let _ = to.focus();
            }
        }
    };
    view! {
        <dialog node_ref=dialog role="alertdialog" class=format!("modal {class}") aria-label=label on:keydown=keep_focus_inside
            on:cancel=move |ev: leptos::ev::Event| { ev.prevent_default(); on_close.run(()) }>
            {children()}
        </dialog>
    }
}

/// The warning before an unencrypted file is downloaded: what it means, any choices about the
/// file (`children`), then Download or Cancel.
#[component]
pub fn UnencryptedExportDialog(
    /// What the file exposes.
    #[prop(into)]
    message: String,
    on_download: Callback<()>,
    on_cancel: Callback<()>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <ModalDialog label=t("Unencrypted export") class="warning" on_close=on_cancel>
            <p>{message}</p>
            {children.map(|fields| fields())}
            <div class="actions">
                <button type="button" class="danger" on:click=move |_| on_download.run(())>{t("Download unencrypted file")}</button>
                <button type="button" on:click=move |_| on_cancel.run(())>{t("Cancel")}</button>
            </div>
        </ModalDialog>
    }
}
