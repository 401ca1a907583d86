//! The browser's [`Kdf`]: Argon2id in a dedicated Web Worker (the `kdf-worker` crate), so the
//! page keeps drawing and answering input while a 64 MiB derivation runs.
//!
//! One worker is started on first use (or early, by [`WorkerKdf::warm_up`]) and reused; jobs
//! are matched to answers by id, so several can be in flight. The messages are described in
//! `kdf-worker/src/protocol.rs`. [`WorkerKdf::cancel`] terminates the worker and fails its jobs
//! with [`VaultError::Cancelled`]; the next job starts a fresh one.
//!
//! It must never log or post anything about a passphrase other than the job itself, never keep
//! a copy of a password or key in a JS buffer, and never leave a caller waiting forever: every
//! job ends with a key, `Cancelled` or `KeyDerivationFailed`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::time::Duration;

use futures::channel::oneshot;
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, MessageEvent, Worker, WorkerOptions, WorkerType};
use zeroize::Zeroizing;

use crate::vault::format::SALT_LEN;
use crate::vault::kdf::{Kdf, KdfParams, Kek};
use crate::vault::VaultError;

/// The worker's loader, written by Trunk next to index.html (worker files are not hashed).
/// Relative, so the app works from a sub-path.
pub const WORKER_SCRIPT_URL: &str = "./kdf-worker_loader.js";

/// How long a new worker may take to load and compile its wasm and say it is ready. It needs
/// tens of milliseconds from the service worker's cache, so only a broken worker waits this
/// long; its jobs then fail instead of hanging.
pub const READY_TIMEOUT: Duration = Duration::from_secs(30);

// Message fields; the worker spells them the same (`kdf_worker::protocol`).
const ID: &str = "id";
const PASSWORD: &str = "password";
const SALT: &str = "salt";
const MEMORY_KIB: &str = "m";
const ITERATIONS: &str = "t";
const PARALLELISM: &str = "p";
const KEY: &str = "key";
const ERROR: &str = "error";
const READY: &str = "ready";

const KEY_LEN: usize = 32;

type Outcome = Result<Kek, VaultError>;

/// Argon2id in a Web Worker. Cheap to clone; clones share the one worker, so create one for
/// the app and hand out clones.
#[derive(Clone)]
pub struct WorkerKdf {
    shared: Rc<RefCell<Shared>>,
}

struct Shared {
    script_url: String,
    ready_timeout: Duration,
    next_job_id: u32,
    /// Tells this worker's events from those of one already retired.
    next_generation: u64,
    worker: Option<RunningWorker>,
}

/// A started worker, its listeners and the jobs it owes an answer.
struct RunningWorker {
    generation: u64,
    worker: Worker,
    ready: bool,
    /// Jobs submitted before the worker listens; a message posted then would be lost.
    held_back: Vec<Job>,
    /// Every job not yet answered, held back or in flight.
    unanswered: HashMap<u32, oneshot::Sender<Outcome>>,
    ready_timer: Option<i32>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_failure: Closure<dyn FnMut(Event)>,
}

struct Job {
    id: u32,
    password: Zeroizing<Vec<u8>>,
    salt: [u8; SALT_LEN],
    params: KdfParams,
}

impl Default for WorkerKdf {
    fn default() -> Self {
        Self::new()
    }
}

impl WorkerKdf {
    /// The app's worker, [`WORKER_SCRIPT_URL`]. Nothing starts until it is needed.
    pub fn new() -> Self {
        Self::with_script(WORKER_SCRIPT_URL, READY_TIMEOUT)
    }

    /// A worker from another script that speaks the same protocol (tests use stand-ins).
    pub fn with_script(script_url: &str, ready_timeout: Duration) -> Self {
        let shared = Shared {
            script_url: script_url.to_owned(),
            ready_timeout,
            next_job_id: 0,
            next_generation: 0,
            worker: None,
        };
        Self { shared: Rc::new(RefCell::new(shared)) }
    }

    /// Starts the worker now, so its wasm is loaded and compiled by the time a passphrase is
    /// typed (call it when the unlock screen shows). Does nothing if it is already running; a
    /// worker that fails to start is simply tried again by the next derivation.
    pub fn warm_up(&self) {
        self.ensure_started();
    }

    /// Terminates the worker: every job not yet answered fails with
    /// [`VaultError::Cancelled`], and the next derivation starts a fresh worker. With nothing
    /// pending it just frees the worker and its memory (about 65 MiB after a default unlock).
    pub fn cancel(&self) {
        retire(&self.shared, None, VaultError::Cancelled);
    }

    /// Starts a worker unless one runs. `false` if the browser refused to create it.
    fn ensure_started(&self) -> bool {
        let mut shared = self.shared.borrow_mut();
        if shared.worker.is_some() {
            return true;
        }
        let generation = shared.next_generation;
        shared.next_generation += 1;
        let started =
            RunningWorker::start(&shared.script_url, shared.ready_timeout, generation, Rc::downgrade(&self.shared));
        shared.worker = started;
        shared.worker.is_some()
    }

    /// Queues or posts one job and returns where its outcome will arrive.
    fn submit(&self, password: &[u8], salt: &[u8; SALT_LEN], params: KdfParams) -> oneshot::Receiver<Outcome> {
        let (sender, receiver) = oneshot::channel();
        if !self.ensure_started() {
            let _ = sender.send(Err(VaultError::KeyDerivationFailed));
            return receiver;
        }
        let mut shared = self.shared.borrow_mut();
        let id = shared.next_job_id;
        shared.next_job_id = id.wrapping_add(1);
        let Some(running) = shared.worker.as_mut() else {
            let _ = sender.send(Err(VaultError::KeyDerivationFailed));
            return receiver;
        };
        running.unanswered.insert(id, sender);
        let job = Job { id, password: Zeroizing::new(password.to_vec()), salt: *salt, params };
        if !running.ready {
            running.held_back.push(job);
            return receiver;
        }
        let posted = post_job(&running.worker, job);
        let generation = running.generation;
        drop(shared);
        if posted.is_err() {
            retire(&self.shared, Some(generation), VaultError::KeyDerivationFailed);
        }
        receiver
    }
}

impl Kdf for WorkerKdf {
    async fn derive(&self, password: &[u8], salt: &[u8; SALT_LEN], params: KdfParams) -> Result<Kek, VaultError> {
        // The same refusals as `argon2id`, before a worker starts or any memory is spent.
        params.check_acceptable()?;
        // A dropped sender means the worker went away without a word: a failure, not a hang.
        self.submit(password, salt, params).await.unwrap_or(Err(VaultError::KeyDerivationFailed))
    }
}

impl RunningWorker {
    fn start(
        script_url: &str,
        ready_timeout: Duration,
        generation: u64,
        shared: Weak<RefCell<Shared>>,
    ) -> Option<Self> {
        let options = WorkerOptions::new();
        // Trunk's loader is an ES module (`import init from './kdf-worker.js'`).
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(script_url, &options).ok()?;

        let weak = shared.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            on_message(&weak, generation, &event.data());
        });
        // `error`: the script could not load, or the worker threw (a trap leaves its wasm
        // unusable). `messageerror`: an answer could not be read. Either way it is done.
        let weak = shared.clone();
        let on_failure = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            if let Some(shared) = weak.upgrade() {
                retire_later(shared, generation, VaultError::KeyDerivationFailed);
            }
        });
        // A one-shot JS function that frees itself: it may still fire after this worker is
        // gone (a timer cleared too late, a faked clock), and then it only finds nothing to do.
        let weak = shared;
        let on_ready_timeout = Closure::once_into_js(move || {
            let Some(shared) = weak.upgrade() else { return };
            let stuck = shared.borrow().worker.as_ref().is_some_and(|w| w.generation == generation && !w.ready);
            if stuck {
                retire_later(shared, generation, VaultError::KeyDerivationFailed);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_failure.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_failure.as_ref().unchecked_ref()));
        let timeout_ms = i32::try_from(ready_timeout.as_millis()).unwrap_or(i32::MAX);
        let ready_timer = web_sys::window().and_then(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(on_ready_timeout.unchecked_ref(), timeout_ms)
                .ok()
        });
        Some(Self {
            generation,
            worker,
            ready: false,
            held_back: Vec::new(),
            unanswered: HashMap::new(),
            ready_timer,
            _on_message: on_message,
            _on_failure: on_failure,
        })
    }

    fn stop_ready_timer(&mut self) {
        if let (Some(timer), Some(window)) = (self.ready_timer.take(), web_sys::window()) {
            window.clear_timeout_with_handle(timer);
        }
    }
}

impl Drop for RunningWorker {
    fn drop(&mut self) {
        // Listeners first, so no event of a terminated worker reaches a dropped closure.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.set_onmessageerror(None);
        self.worker.terminate();
        self.stop_ready_timer();
        // Held-back passwords are wiped as their `Zeroizing` buffers drop.
    }
}

/// [`retire`], from inside one of the worker's own listeners or timers: deferred to a
/// microtask, because retiring drops those closures, and a wasm-bindgen closure must not be
/// dropped while it runs ("closure invoked recursively or after being dropped").
fn retire_later(shared: Rc<RefCell<Shared>>, generation: u64, error: VaultError) {
    wasm_bindgen_futures::spawn_local(async move { retire(&shared, Some(generation), error) });
}

/// Takes the worker out (only the given generation's, when one is given), fails every job it
/// owed with `error`, and terminates it. The state is released before any job is told, so
/// nothing that runs next finds it borrowed.
fn retire(shared: &RefCell<Shared>, generation: Option<u64>, error: VaultError) {
    let retired = {
        let mut shared = shared.borrow_mut();
        let current = shared.worker.as_ref().map(|w| w.generation);
        if current.is_some() && (generation.is_none() || generation == current) {
            shared.worker.take()
        } else {
            None
        }
    };
    let Some(mut retired) = retired else { return };
    let unanswered: Vec<_> = retired.unanswered.drain().map(|(_, sender)| sender).collect();
    drop(retired);
    for sender in unanswered {
        let _ = sender.send(Err(error.clone()));
    }
}

/// What one message from the worker says.
enum Reply {
    Ready,
    Answer {
        id: u32,
        outcome: Outcome,
    },
    /// Not a message of the protocol: this page and the worker disagree.
    Unreadable,
}

fn on_message(shared: &Weak<RefCell<Shared>>, generation: u64, data: &JsValue) {
    // Read (and wipe the key buffer) even if no one waits for it any more.
    let reply = read_reply(data);
    let Some(shared) = shared.upgrade() else { return };
    let mut answered = None;
    let mut broken = false;
    {
        let mut state = shared.borrow_mut();
        let Some(running) = state.worker.as_mut().filter(|w| w.generation == generation) else { return };
        match reply {
            Reply::Ready => {
                running.ready = true;
                running.stop_ready_timer();
                for job in std::mem::take(&mut running.held_back) {
                    if post_job(&running.worker, job).is_err() {
                        broken = true;
                        break;
                    }
                }
            }
            // An id no one waits for was cancelled by its caller dropping the future.
            Reply::Answer { id, outcome } => answered = running.unanswered.remove(&id).map(|s| (s, outcome)),
            Reply::Unreadable => broken = true,
        }
    }
    if let Some((sender, outcome)) = answered {
        let _ = sender.send(outcome);
    }
    if broken {
        retire_later(shared, generation, VaultError::KeyDerivationFailed);
    }
}

fn read_reply(data: &JsValue) -> Reply {
    if field(data, READY).as_bool() == Some(true) {
        return Reply::Ready;
    }
    let key = take_key(data);
    let id = field(data, ID).as_f64().filter(|id| id.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(id));
    match (id, key) {
        (Some(id), Some(key)) => Reply::Answer { id: id as u32, outcome: Ok(Kek(key)) },
        // The worker's reason (refused, out of memory…) changes nothing for the user.
        (Some(id), None) if field(data, ERROR).is_string() => {
            Reply::Answer { id: id as u32, outcome: Err(VaultError::KeyDerivationFailed) }
        }
        _ => Reply::Unreadable,
    }
}

/// The key from an answer, copied into zeroizing memory; the JS buffer is zero-filled.
fn take_key(data: &JsValue) -> Option<Zeroizing<[u8; KEY_LEN]>> {
    let buffer = field(data, KEY).dyn_into::<ArrayBuffer>().ok()?;
    let view = Uint8Array::new(&buffer);
    let key = (view.length() as usize == KEY_LEN).then(|| {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        view.copy_to(key.as_mut());
        key
    });
    view.fill(0, 0, view.length());
    key
}

/// Posts a job, transferring its buffers so the page keeps no copy of the password.
fn post_job(worker: &Worker, job: Job) -> Result<(), JsValue> {
    let password = Uint8Array::from(job.password.as_slice());
    let salt = Uint8Array::from(&job.salt[..]);
    let message = Object::new();
    set(&message, ID, &JsValue::from(job.id));
    set(&message, PASSWORD, &password.buffer());
    set(&message, SALT, &salt.buffer());
    set(&message, MEMORY_KIB, &JsValue::from(job.params.memory_kib));
    set(&message, ITERATIONS, &JsValue::from(job.params.iterations));
    set(&message, PARALLELISM, &JsValue::from(job.params.parallelism));
    let posted = worker.post_message_with_transfer(&message, &Array::of2(&password.buffer(), &salt.buffer()));
    // A transferred buffer is detached (length 0); one that was not must not keep the password.
    if password.length() > 0 {
        password.fill(0, 0, password.length());
    }
    posted
}

fn field(data: &JsValue, name: &str) -> JsValue {
    if !data.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn set(message: &Object, name: &str, value: &JsValue) {
    // Setting a data property on a fresh plain object cannot fail.
    let _ = Reflect::set(message, &JsValue::from_str(name), value);
}
