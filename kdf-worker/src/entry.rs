//! The worker's entry point (the `worker` feature): listens for jobs, answers each one, and
//! then says it is ready.
//!
//! It must run only inside a dedicated worker, and never post anything but the answers of
//! [`crate::protocol`].

use js_sys::Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::{self, Answer};
use crate::DeriveError;

/// Runs once the wasm is instantiated (Trunk's loader awaits `init()`).
#[wasm_bindgen(start)]
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    // Jobs run one after another: each handler runs to completion before the next message.
    let on_job = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        post(&replies, protocol::answer(&event.data()));
    });
    scope.set_onmessage(Some(on_job.as_ref().unchecked_ref()));
    // The listener lives as long as the worker does.
    on_job.forget();
    // Only now can jobs be received: the page holds them back until it sees this.
    let _ = scope.post_message(&protocol::ready_message());
}

fn post(scope: &DedicatedWorkerGlobalScope, answer: Answer) {
    let posted = match &answer.key {
        Some(buffer) => scope.post_message_with_transfer(&answer.message, &Array::of1(buffer)),
        None => scope.post_message(&answer.message),
    };
    // Wipes the key if it was not transferred (a transferred buffer is already gone from here).
    answer.wipe_key();
    if posted.is_err() {
        // Never leave the page waiting: tell it this job failed. The id is the job's own.
        let id = js_sys::Reflect::get(&answer.message, &JsValue::from_str(protocol::ID)).unwrap_or(JsValue::NULL);
        let _ = scope.post_message(&protocol::error_message(&id, DeriveError::Failed.code()));
    }
}
