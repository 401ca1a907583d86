//! The messages between the page and the worker, and the worker's answer to one job.
//!
//! ```text
//! worker -> page   { ready: true }                      once, when it listens (messages
//!                                                       posted before that are lost)
//! page -> worker   { id, password, salt, m, t, p }      id: integer number; password and
//!                                                       salt: ArrayBuffers (transferred),
//!                                                       salt 16 bytes; m (KiB), t, p: numbers
//! worker -> page   { id, key }                          key: a 32-byte ArrayBuffer (transferred)
//!              or  { id, error }                        error: a word, `DeriveError::code`
//! ```
//!
//! A job the worker cannot read gets `{ id: null, error: "malformed" }`; the page treats that
//! as a broken worker. This module never logs, and wipes the job's password buffer and its own
//! copies of the password and the key before returning.

use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use zeroize::Zeroizing;

use crate::{derive, Cost, KEY_LEN, SALT_LEN};

/// Field names, shared in spelling (not in code) with `clientele::web::kdf`.
pub const ID: &str = "id";
pub const PASSWORD: &str = "password";
pub const SALT: &str = "salt";
pub const MEMORY_KIB: &str = "m";
pub const ITERATIONS: &str = "t";
pub const PARALLELISM: &str = "p";
pub const KEY: &str = "key";
pub const ERROR: &str = "error";
pub const READY: &str = "ready";
/// The error word for a job that could not be read at all.
pub const MALFORMED: &str = "malformed";

/// What the worker posts back for one job: the message and, with a key, the buffer to
/// transfer (so the only copy moves to the page instead of being cloned).
pub struct Answer {
    pub message: Object,
    pub key: Option<ArrayBuffer>,
}

impl Answer {
    /// Overwrites the key buffer with zeros, for when it could not be transferred. A buffer
    /// that was transferred is detached (length 0) and is left alone.
    pub fn wipe_key(&self) {
        if let Some(buffer) = &self.key {
            if buffer.byte_length() > 0 {
                Uint8Array::new(buffer).fill(0, 0, buffer.byte_length());
            }
        }
    }
}

/// `{ ready: true }`.
pub fn ready_message() -> Object {
    let message = Object::new();
    set(&message, READY, &JsValue::TRUE);
    message
}

/// Answers one job message. Never fails: anything wrong becomes `{ id, error }`.
pub fn answer(job: &JsValue) -> Answer {
    // Copy and wipe the password first, whatever else is wrong with the job.
    let password = take_password(job);
    let id = field(job, ID).as_f64().filter(|id| id.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(id));
    let (Some(id), Some(password), Some(salt), Some(cost)) = (id, password, read_salt(job), read_cost(job)) else {
        let id = id.map_or(JsValue::NULL, JsValue::from_f64);
        return error_answer(&id, MALFORMED);
    };
    let id = JsValue::from_f64(id);
    match derive(&password, &salt, cost) {
        Ok(key) => key_answer(&id, &key),
        Err(error) => error_answer(&id, error.code()),
    }
}

fn key_answer(id: &JsValue, key: &[u8; KEY_LEN]) -> Answer {
    let view = Uint8Array::new_with_length(KEY_LEN as u32);
    view.copy_from(key);
    let buffer = view.buffer();
    let message = Object::new();
    set(&message, ID, id);
    set(&message, KEY, &buffer);
    Answer { message, key: Some(buffer) }
}

fn error_answer(id: &JsValue, code: &str) -> Answer {
    Answer { message: error_message(id, code), key: None }
}

/// `{ id, error: code }`.
pub fn error_message(id: &JsValue, code: &str) -> Object {
    let message = Object::new();
    set(&message, ID, id);
    set(&message, ERROR, &JsValue::from_str(code));
    message
}

fn field(job: &JsValue, name: &str) -> JsValue {
    if !job.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(job, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn set(message: &Object, name: &str, value: &JsValue) {
    // Setting a data property on a fresh plain object cannot fail.
    let _ = Reflect::set(message, &JsValue::from_str(name), value);
}

/// The password's bytes, with the job's buffer zero-filled after copying.
fn take_password(job: &JsValue) -> Option<Zeroizing<Vec<u8>>> {
    let buffer = field(job, PASSWORD).dyn_into::<ArrayBuffer>().ok()?;
    let view = Uint8Array::new(&buffer);
    let password = Zeroizing::new(view.to_vec());
    view.fill(0, 0, view.length());
    Some(password)
}

fn read_salt(job: &JsValue) -> Option<[u8; SALT_LEN]> {
    let buffer = field(job, SALT).dyn_into::<ArrayBuffer>().ok()?;
    if buffer.byte_length() as usize != SALT_LEN {
        return None;
    }
    let mut salt = [0u8; SALT_LEN];
    Uint8Array::new(&buffer).copy_to(&mut salt);
    Some(salt)
}

fn read_cost(job: &JsValue) -> Option<Cost> {
    let number = |name| {
        let value = field(job, name).as_f64()?;
        // Whole numbers that fit a u32; the range itself is `derive`'s to check.
        (value.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&value)).then_some(value as u32)
    };
    Some(Cost { memory_kib: number(MEMORY_KIB)?, iterations: number(ITERATIONS)?, parallelism: number(PARALLELISM)? })
}
