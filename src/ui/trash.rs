//! Trash: clients moved out of the book, to restore or delete for good.

use leptos::prelude::*;

use crate::i18n::{t, tf};

use super::actions::{change_client, delete_forever, now, today};
use super::use_app;
use crate::book::ListQuery;

#[component]
pub fn TrashView() -> impl IntoView {
    let ctx = use_app();
    let confirming = RwSignal::new(None::<String>);
    let trashed = Memo::new(move |_| {
        ctx.book.with(|b| {
            b.list(&ListQuery { in_trash: true, ..ListQuery::default() }, None, today(), now())
                .into_iter()
                .map(|e| {
                    (
                        e.client.id.clone(),
                        e.client.name.clone(),
                        e.client.trashed.map(super::actions::local_date).unwrap_or_default(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="page trash">
            <h1>{t("Trash")}</h1>
            {move || if trashed.with(Vec::is_empty) { Some(view! { <p class="empty">{t("Trash is empty.")}</p> }) } else { None }}
            <ul class="items" aria-label=t("Clients in Trash")>
                {move || trashed.get().into_iter().map(|(id, name, when)| {
                    let restore_id = id.clone();
                    let delete_id = id.clone();
                    let confirm_id = id.clone();
                    let is_confirming = move || confirming.get().as_deref() == Some(id.as_str());
                    view! {
                        <li class="trash-item">
                            <span class="name">{name.clone()}</span>
                            <span class="detail">{tf("moved to Trash {when}", &[("when", when.clone())])}</span>
                            <button type="button" on:click=move |_| change_client(ctx, &restore_id, t("Restored."), true, |c| c.trashed = None)>
                                {tf("Restore {name}", &[("name", name.clone())])}
                            </button>
                            <Show when=is_confirming.clone() fallback=move || {
                                let confirm_id = confirm_id.clone();
                                view! { <button type="button" class="danger" on:click=move |_| confirming.set(Some(confirm_id.clone()))>{t("Delete forever")}</button> }
                            }>
                                {
                                    let delete_id = delete_id.clone();
                                    view! {
                                        <span class="confirm">
                                            {t("Delete this client and their history for good?")}
                                            <button type="button" class="danger" on:click=move |_| { delete_forever(ctx, delete_id.clone()); confirming.set(None); }>{t("Yes, delete forever")}</button>
                                            <button type="button" on:click=move |_| confirming.set(None)>{t("Keep")}</button>
                                        </span>
                                    }
                                }
                            </Show>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
