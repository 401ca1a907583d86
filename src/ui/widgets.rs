//! Small form controls shared by the screens: every control has a visible label that is also
//! its accessible name, and an error line tied to it with `aria-describedby`.

use leptos::prelude::*;

use crate::model::FieldError;

/// The message for one field, from a form's list of problems.
pub fn error_for(errors: RwSignal<Vec<FieldError>>, field: impl Into<String>) -> Signal<Option<String>> {
    let field = field.into();
    Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field == field).map(|e| e.message.clone())))
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
