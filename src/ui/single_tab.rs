//! One writer at a time. A tab uses the client book only while it holds the Web Lock
//! `clientele-writer`; a second tab waits and offers "Use here", which takes the lock over and
//! makes the first tab lock itself. So two tabs can never overwrite each other's saves.
//!
//! Browsers without the Web Locks API open the book unguarded, as before.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;

use crate::i18n::t;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::{use_app, AppContext, Screen};

const LOCK_NAME: &str = "clientele-writer";
/// How long a waiting tab stays on "Opening…" before saying another tab has the book. A reload
/// releases the old page's lock within this time, so it does not flash the message.
const WAIT_BEFORE_TELLING_MS: u64 = 600;

thread_local! {
    /// Cancels this tab's queued (not yet granted) request, before it steals the lock.
    static PENDING: std::cell::RefCell<Option<web_sys::AbortController>> = const { std::cell::RefCell::new(None) };
}

fn lock_manager() -> Option<(JsValue, Function)> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok().filter(|l| !l.is_undefined())?;
    let request = Reflect::get(&locks, &JsValue::from_str("request")).ok()?.dyn_into::<Function>().ok()?;
    Some((locks, request))
}

/// Asks for the writer lock and calls `granted` once this tab holds it. With `steal`, takes it
/// from the tab that has it. When the lock is later stolen from this tab, the book locks and
/// the screen says where it went.
pub fn acquire(ctx: AppContext, steal: bool, granted: impl FnOnce() + 'static) {
    let Some((locks, request)) = lock_manager() else { return granted() };
    let options = Object::new();
    if steal {
        if let Some(pending) = PENDING.with(|p| p.borrow_mut().take()) {
            pending.abort();
        }
        let _ = Reflect::set(&options, &JsValue::from_str("steal"), &JsValue::TRUE);
    } else if let Ok(controller) = web_sys::AbortController::new() {
        let _ = Reflect::set(&options, &JsValue::from_str("signal"), &controller.signal());
        PENDING.with(|p| *p.borrow_mut() = Some(controller));
    }

    let holding = Rc::new(Cell::new(false));
    let held = holding.clone();
    let on_grant = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        held.set(true);
        PENDING.with(|p| p.borrow_mut().take());
        granted();
        // Never settles: the lock is held for as long as this page lives.
        Promise::new(&mut |_, _| {}).into()
    });
    let Ok(promise) = request.call3(&locks, &JsValue::from_str(LOCK_NAME), &options, &on_grant) else { return };
    let Ok(promise) = promise.dyn_into::<Promise>() else { return };
    let stolen_from_us = holding.clone();
    leptos::task::spawn_local(async move {
        // Rejects when the lock is stolen from us, or when we cancelled our own queued request.
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_err() && stolen_from_us.get() {
            ctx.lock_taken_over();
            ctx.screen.set(Screen::Elsewhere { taken_over: true });
        }
    });

    if !steal {
        set_timeout(
            move || {
                if !holding.get() && ctx.screen.with_untracked(|s| *s == Screen::Starting) {
                    ctx.screen.set(Screen::Elsewhere { taken_over: false });
                }
            },
            std::time::Duration::from_millis(WAIT_BEFORE_TELLING_MS),
        );
    }
}

/// Shown while another tab has the book.
#[component]
pub fn OpenElsewhere(taken_over: bool) -> impl IntoView {
    let ctx = use_app();
    let (title, text) = if taken_over {
        (
            t("Clientele was opened in another tab"),
            t("This tab locked itself so that the two cannot overwrite each other. Nothing was lost: \
             everything saved here is in the client book."),
        )
    } else {
        (
            t("Clientele is open in another tab"),
            t("Only one tab can use the client book at a time, so that the two cannot overwrite each other. \
             Use it here to lock the other tab, or close this one."),
        )
    };
    let use_here = move |_| {
        ctx.screen.set(Screen::Starting);
        acquire(ctx, true, move || super::open_store(ctx));
    };
    view! {
        <section class="card vault-card" aria-labelledby="elsewhere-title">
            <h1 id="elsewhere-title">{title}</h1>
            <p>{text}</p>
            <button type="button" class="primary" on:click=use_here>{t("Use here")}</button>
        </section>
    }
}
