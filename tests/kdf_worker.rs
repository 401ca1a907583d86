//! The key-derivation worker against the vault's own Argon2id: `kdf_worker::derive` must give
//! the same key as `clientele::vault::kdf::argon2id` and refuse exactly what it refuses. These
//! run natively (`cargo test`) and compiled to wasm in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown --test kdf_worker`), where the `browser`
//! module also checks the worker's message handling and `WorkerKdf`'s edge (job ids, holding
//! jobs back until the worker is ready, cancel, failures) with stand-in workers.
//!
//! The real worker, as Trunk builds it, is tested end to end in `tests/e2e/kdf_worker.test.mjs`.

use clientele::vault::kdf::{argon2id, KdfParams};
use kdf_worker::{derive, Cost, DeriveError};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The frozen vector of docs/FORMAT.md and tests/vectors/vault-v1.txt.
const VECTOR_PASSPHRASE: &str = "correct horse battery staple";
const VECTOR_KEK: &str = "818259b6310026a8e0dbac5d2e6927abcfdb07b32258fac4f61b18b80f929085";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn cost(params: KdfParams) -> Cost {
    Cost { memory_kib: params.memory_kib, iterations: params.iterations, parallelism: params.parallelism }
}

const SALT_COUNTING: [u8; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

#[test]
fn worker_derives_the_frozen_vector() {
    let key = derive(VECTOR_PASSPHRASE.as_bytes(), &SALT_COUNTING, cost(KdfParams::MINIMUM)).unwrap();
    assert_eq!(hex(key.as_ref()), VECTOR_KEK);
}

#[test]
fn worker_and_vault_derive_the_same_key() {
    let non_ascii = "пароль 密码 🔑 ﬁ".as_bytes().to_vec();
    let raw_bytes = vec![0x00, 0xff, 0x80, 0xc3, 0x28, 0x00, 0xfe];
    let long = vec![b'x'; 1000];
    let salt_high = [0xffu8; 16];
    let salt_mixed: [u8; 16] = core::array::from_fn(|i| (i as u8).wrapping_mul(37) ^ 0xa5);
    let two_lanes = KdfParams { memory_kib: 19 * 1024, iterations: 2, parallelism: 2 };
    let four_lanes = KdfParams { memory_kib: 20 * 1024 + 8, iterations: 3, parallelism: 4 };
    let cases: [(&[u8], [u8; 16], KdfParams); 7] = [
        (VECTOR_PASSPHRASE.as_bytes(), SALT_COUNTING, KdfParams::MINIMUM),
        (VECTOR_PASSPHRASE.as_bytes(), salt_mixed, KdfParams::DEFAULT),
        (&non_ascii, salt_high, KdfParams::MINIMUM),
        (&raw_bytes, salt_mixed, two_lanes),
        (b"", SALT_COUNTING, KdfParams::MINIMUM),
        (&long, salt_high, four_lanes),
        (b"violet tram sings bass 42", salt_mixed, two_lanes),
    ];
    let mut seen = Vec::new();
    for (password, salt, params) in cases {
        let from_worker = derive(password, &salt, cost(params)).unwrap();
        let from_vault = argon2id(password, &salt, params).unwrap();
        assert_eq!(hex(from_worker.as_ref()), hex(from_vault.as_ref()), "{params:?}, salt {}", hex(&salt));
        seen.push(hex(from_worker.as_ref()));
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), cases.len(), "every case gives its own key");
}

#[test]
fn worker_accepts_exactly_the_range_the_vault_accepts() {
    assert_eq!(Cost::MIN_MEMORY_KIB, KdfParams::MINIMUM.memory_kib);
    assert_eq!(Cost::MAX_MEMORY_KIB, KdfParams::MAX_MEMORY_KIB);
    assert_eq!(Cost::MIN_ITERATIONS, KdfParams::MINIMUM.iterations);
    assert_eq!(Cost::MAX_ITERATIONS, KdfParams::MAX_ITERATIONS);
    assert_eq!(Cost::MIN_PARALLELISM, 1);
    assert_eq!(Cost::MAX_PARALLELISM, KdfParams::MAX_PARALLELISM);
    let m = [0, 19 * 1024 - 1, 19 * 1024, 256 * 1024, 256 * 1024 + 1, u32::MAX];
    let t = [0, 1, 2, 10, 11, u32::MAX];
    let p = [0, 1, 4, 5, u32::MAX];
    for memory_kib in m {
        for iterations in t {
            for parallelism in p {
                let params = KdfParams { memory_kib, iterations, parallelism };
                assert_eq!(cost(params).is_acceptable(), params.check_acceptable().is_ok(), "{params:?}");
            }
        }
    }
}

#[test]
fn worker_refuses_out_of_range_costs_before_spending_memory() {
    let too_weak = Cost { memory_kib: 8 * 1024, iterations: 2, parallelism: 1 };
    let too_much = Cost { memory_kib: 4 * 1024 * 1024, iterations: 2, parallelism: 1 };
    let no_lanes = Cost { memory_kib: 19 * 1024, iterations: 2, parallelism: 0 };
    for cost in [too_weak, too_much, no_lanes] {
        assert_eq!(derive(b"pw", &SALT_COUNTING, cost).err(), Some(DeriveError::Refused), "{cost:?}");
    }
}

/// Wasm only: the worker's message handling, and `WorkerKdf` with stand-in workers.
#[cfg(target_arch = "wasm32")]
mod browser {
    use std::future::Future;
    use std::time::Duration;

    use clientele::vault::kdf::{argon2id, Kdf, KdfParams};
    use clientele::vault::VaultError;
    use clientele::web::WorkerKdf;
    use futures::future::{select, Either};
    use js_sys::{Array, ArrayBuffer, Object, Promise, Reflect, Uint8Array};
    use kdf_worker::protocol;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use web_sys::{Blob, BlobPropertyBag, Url};

    use super::{hex, SALT_COUNTING, VECTOR_KEK, VECTOR_PASSPHRASE};

    fn get(object: &JsValue, name: &str) -> JsValue {
        Reflect::get(object, &JsValue::from_str(name)).unwrap()
    }

    /// A job as `WorkerKdf` posts it.
    fn job(id: f64, password: &[u8], salt: &[u8], params: KdfParams) -> (Object, Uint8Array) {
        let password = Uint8Array::from(password);
        let message = Object::new();
        for (name, value) in [
            (protocol::ID, JsValue::from_f64(id)),
            (protocol::PASSWORD, password.buffer().into()),
            (protocol::SALT, Uint8Array::from(salt).buffer().into()),
            (protocol::MEMORY_KIB, params.memory_kib.into()),
            (protocol::ITERATIONS, params.iterations.into()),
            (protocol::PARALLELISM, params.parallelism.into()),
        ] {
            Reflect::set(&message, &JsValue::from_str(name), &value).unwrap();
        }
        (message, password)
    }

    #[test]
    fn worker_answers_a_job_with_the_vaults_key_and_wipes_the_password() {
        let params = KdfParams { memory_kib: 19 * 1024, iterations: 2, parallelism: 2 };
        let password = "пароль 🔑".as_bytes();
        let (message, password_view) = job(7.0, password, &SALT_COUNTING, params);
        let answer = protocol::answer(&message);
        assert_eq!(get(&answer.message, protocol::ID), JsValue::from_f64(7.0));
        let key: ArrayBuffer = get(&answer.message, protocol::KEY).dyn_into().unwrap();
        assert_eq!(answer.key.as_ref().map(ArrayBuffer::byte_length), Some(32));
        let expected = argon2id(password, &SALT_COUNTING, params).unwrap();
        assert_eq!(hex(&Uint8Array::new(&key).to_vec()), hex(expected.as_ref()));
        assert!(password_view.to_vec().iter().all(|&b| b == 0), "the job's password buffer is zero-filled");
        answer.wipe_key();
        assert!(Uint8Array::new(&key).to_vec().iter().all(|&b| b == 0), "an untransferred key can be wiped");
    }

    #[test]
    fn worker_answers_the_frozen_vector() {
        let (message, _) = job(0.0, VECTOR_PASSPHRASE.as_bytes(), &SALT_COUNTING, KdfParams::MINIMUM);
        let key: ArrayBuffer = get(&protocol::answer(&message).message, protocol::KEY).dyn_into().unwrap();
        assert_eq!(hex(&Uint8Array::new(&key).to_vec()), VECTOR_KEK);
    }

    #[test]
    fn worker_answers_bad_jobs_with_an_error_and_no_key() {
        let good = || job(3.0, b"pw", &SALT_COUNTING, KdfParams::MINIMUM).0;
        let with = |name: &str, value: JsValue| -> JsValue {
            let message = good();
            Reflect::set(&message, &JsValue::from_str(name), &value).unwrap();
            message.into()
        };
        let weak = job(4.0, b"pw", &SALT_COUNTING, KdfParams { memory_kib: 1024, iterations: 2, parallelism: 1 }).0;
        let cases: Vec<(JsValue, JsValue, &str)> = vec![
            (weak.into(), 4.0.into(), "refused"),
            (with(protocol::SALT, Uint8Array::from(&[0u8; 15][..]).buffer().into()), 3.0.into(), "malformed"),
            (with(protocol::PASSWORD, Uint8Array::from(&b"pw"[..]).into()), 3.0.into(), "malformed"),
            (with(protocol::MEMORY_KIB, JsValue::from_str("19456")), 3.0.into(), "malformed"),
            (with(protocol::ITERATIONS, JsValue::from_f64(2.5)), 3.0.into(), "malformed"),
            (with(protocol::PARALLELISM, JsValue::from_f64(-1.0)), 3.0.into(), "malformed"),
            (with(protocol::ID, JsValue::from_f64(1.5)), JsValue::NULL, "malformed"),
            (with(protocol::ID, JsValue::UNDEFINED), JsValue::NULL, "malformed"),
            (JsValue::from_str("not a job"), JsValue::NULL, "malformed"),
            (JsValue::NULL, JsValue::NULL, "malformed"),
        ];
        for (message, id, error) in cases {
            let answer = protocol::answer(&message);
            assert!(answer.key.is_none());
            assert_eq!(get(&answer.message, protocol::ID), id, "{message:?}");
            assert_eq!(get(&answer.message, protocol::ERROR).as_string().as_deref(), Some(error), "{message:?}");
            assert!(get(&answer.message, protocol::KEY).is_undefined());
        }
    }

    // ---- WorkerKdf against stand-in workers -------------------------------------------------

    /// A module worker that speaks the protocol like the real one, but answers at once with a
    /// key that describes the job, so each answer shows which job it belongs to:
    /// bytes 0..16 the salt, 16 the password's length, 17 t, 18 p, 19 how many jobs this
    /// worker instance has answered (1 for its first), 20..24 m (little-endian).
    ///
    /// Like a wasm worker, it listens only after an `await`: a message posted before its
    /// `ready` is lost. Some passwords change what it does: "hang" is never answered, "refuse"
    /// gets `{ id, error }`, "garbage" gets a message outside the protocol, "throw" throws.
    /// A longer password is answered later (10 ms per byte), so answers come out of order.
    const STAND_IN: &str = r#"
        await new Promise((resolve) => setTimeout(resolve, 50));
        let served = 0;
        self.onmessage = (event) => {
          const job = event.data;
          const wellFormed = Number.isInteger(job.id) && job.password instanceof ArrayBuffer
            && job.salt instanceof ArrayBuffer && job.salt.byteLength === 16
            && [job.m, job.t, job.p].every(Number.isInteger)
            && Object.keys(job).sort().join() === 'id,m,p,password,salt,t';
          if (!wellFormed) { self.postMessage({ id: job.id ?? null, error: 'malformed' }); return; }
          const password = new TextDecoder().decode(job.password);
          if (password === 'hang') return;
          if (password === 'refuse') { self.postMessage({ id: job.id, error: 'refused' }); return; }
          if (password === 'garbage') { self.postMessage({ nonsense: true }); return; }
          if (password === 'throw') throw new Error('stand-in worker failed');
          setTimeout(() => {
            const key = new Uint8Array(32);
            key.set(new Uint8Array(job.salt), 0);
            key[16] = job.password.byteLength; key[17] = job.t; key[18] = job.p; key[19] = ++served;
            new DataView(key.buffer).setUint32(20, job.m, true);
            self.postMessage({ id: job.id, key: key.buffer }, [key.buffer]);
          }, 10 * job.password.byteLength);
        };
        self.postMessage({ ready: true });
    "#;

    /// A module worker from source text, as a blob URL (the test page has no CSP).
    fn worker_url(source: &str) -> String {
        let options = BlobPropertyBag::new();
        options.set_type("text/javascript");
        let blob = Blob::new_with_str_sequence_and_options(&Array::of1(&JsValue::from_str(source)), &options).unwrap();
        Url::create_object_url_with_blob(&blob).unwrap()
    }

    fn stand_in() -> WorkerKdf {
        WorkerKdf::with_script(&worker_url(STAND_IN), Duration::from_secs(10))
    }

    fn sleep(ms: i32) -> JsFuture {
        JsFuture::from(Promise::new(&mut |resolve, _| {
            web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
        }))
    }

    /// The future's output, or a failed test after `ms` instead of a hung run.
    async fn within<T>(ms: i32, future: impl Future<Output = T>) -> T {
        match select(Box::pin(future), sleep(ms)).await {
            Either::Left((output, _)) => output,
            Either::Right(_) => panic!("no answer within {ms} ms"),
        }
    }

    fn salt(first: u8) -> [u8; 16] {
        core::array::from_fn(|i| first.wrapping_add(i as u8))
    }

    /// What the stand-in's key says: (salt, password length, t, p, jobs served, m).
    fn described(key: &[u8; 32]) -> ([u8; 16], u8, u8, u8, u8, u32) {
        let salt: [u8; 16] = key[..16].try_into().unwrap();
        (salt, key[16], key[17], key[18], key[19], u32::from_le_bytes(key[20..24].try_into().unwrap()))
    }

    #[test]
    async fn concurrent_jobs_get_their_own_answers_from_one_worker() {
        let kdf = stand_in();
        let p2 = KdfParams { memory_kib: 20 * 1024, iterations: 3, parallelism: 2 };
        // All three are submitted before the worker is ready, and answered in reverse order.
        let (slow, middle, fast) = within(
            5000,
            futures::future::join3(
                kdf.derive(&[b'a'; 30], &salt(1), KdfParams::DEFAULT),
                kdf.derive(&[b'b'; 20], &salt(2), p2),
                kdf.derive(&[b'c'; 10], &salt(3), KdfParams::MINIMUM),
            ),
        )
        .await;
        assert_eq!(described(slow.unwrap().as_bytes()), (salt(1), 30, 3, 1, 3, 64 * 1024));
        assert_eq!(described(middle.unwrap().as_bytes()), (salt(2), 20, 3, 2, 2, 20 * 1024));
        assert_eq!(described(fast.unwrap().as_bytes()), (salt(3), 10, 2, 1, 1, 19 * 1024));
        // The same worker again: its fourth job.
        let again = within(5000, kdf.derive(b"d", &salt(4), KdfParams::MINIMUM)).await.unwrap();
        assert_eq!(described(again.as_bytes()).4, 4);
    }

    #[test]
    async fn warm_up_starts_the_worker_before_the_first_job() {
        let kdf = stand_in();
        kdf.warm_up();
        kdf.warm_up();
        let _ = sleep(200).await;
        let key = within(5000, kdf.derive(b"", &salt(9), KdfParams::MINIMUM)).await.unwrap();
        assert_eq!(described(key.as_bytes()).4, 1, "one worker, whose first job this is");
    }

    #[test]
    async fn cancel_fails_pending_jobs_and_the_next_job_gets_a_fresh_worker() {
        let kdf = stand_in();
        let first = within(5000, kdf.derive(b"x", &salt(1), KdfParams::MINIMUM)).await.unwrap();
        assert_eq!(described(first.as_bytes()).4, 1);
        let (salt_2, salt_3) = (salt(2), salt(3));
        let hanging = kdf.derive(b"hang", &salt_2, KdfParams::MINIMUM);
        let also_pending = kdf.derive(&[b'y'; 40], &salt_3, KdfParams::MINIMUM);
        let canceller = async {
            let _ = sleep(100).await;
            kdf.cancel();
        };
        let (hanging, also_pending, ()) = within(5000, futures::future::join3(hanging, also_pending, canceller)).await;
        assert_eq!(hanging.err(), Some(VaultError::Cancelled));
        assert_eq!(also_pending.err(), Some(VaultError::Cancelled));
        let next = within(5000, kdf.derive(b"z", &salt(4), KdfParams::MINIMUM)).await.unwrap();
        assert_eq!(described(next.as_bytes()), (salt(4), 1, 2, 1, 1, 19 * 1024), "a fresh worker's first job");
    }

    #[test]
    async fn cancel_before_the_worker_is_ready_fails_held_back_jobs() {
        let kdf = stand_in();
        let salt_1 = salt(1);
        let held_back = kdf.derive(b"x", &salt_1, KdfParams::MINIMUM);
        let canceller = async { kdf.cancel() };
        let (held_back, ()) = within(5000, futures::future::join(held_back, canceller)).await;
        assert_eq!(held_back.err(), Some(VaultError::Cancelled));
    }

    #[test]
    async fn a_worker_that_throws_fails_its_jobs_and_is_replaced() {
        let kdf = stand_in();
        let (thrown, waiting) = within(
            5000,
            futures::future::join(
                kdf.derive(b"throw", &salt(1), KdfParams::MINIMUM),
                kdf.derive(&[b'w'; 50], &salt(2), KdfParams::MINIMUM),
            ),
        )
        .await;
        assert_eq!(thrown.err(), Some(VaultError::KeyDerivationFailed));
        assert_eq!(waiting.err(), Some(VaultError::KeyDerivationFailed), "its other jobs fail too");
        let next = within(5000, kdf.derive(b"ok", &salt(3), KdfParams::MINIMUM)).await.unwrap();
        assert_eq!(described(next.as_bytes()).4, 1);
    }

    #[test]
    async fn a_refusal_or_an_unreadable_answer_is_a_failed_derivation() {
        let kdf = stand_in();
        let refused = within(5000, kdf.derive(b"refuse", &salt(1), KdfParams::MINIMUM)).await;
        assert_eq!(refused.err(), Some(VaultError::KeyDerivationFailed));
        let garbage = within(5000, kdf.derive(b"garbage", &salt(2), KdfParams::MINIMUM)).await;
        assert_eq!(garbage.err(), Some(VaultError::KeyDerivationFailed));
    }

    #[test]
    async fn a_worker_that_cannot_load_fails_instead_of_hanging() {
        let missing = WorkerKdf::with_script("./no-such-kdf-worker_loader.js", Duration::from_secs(10));
        let outcome = within(5000, missing.derive(b"pw", &salt(1), KdfParams::MINIMUM)).await;
        assert_eq!(outcome.err(), Some(VaultError::KeyDerivationFailed));
        // Its wasm failing to load: the module's top-level await rejects.
        let broken = WorkerKdf::with_script(
            &worker_url("await Promise.reject(new Error('no wasm')); self.postMessage({ ready: true });"),
            Duration::from_secs(10),
        );
        let outcome = within(5000, broken.derive(b"pw", &salt(1), KdfParams::MINIMUM)).await;
        assert_eq!(outcome.err(), Some(VaultError::KeyDerivationFailed));
    }

    #[test]
    async fn a_worker_that_never_says_ready_times_out() {
        let silent = WorkerKdf::with_script(&worker_url("self.onmessage = () => {};"), Duration::from_millis(300));
        let outcome = within(5000, silent.derive(b"pw", &salt(1), KdfParams::MINIMUM)).await;
        assert_eq!(outcome.err(), Some(VaultError::KeyDerivationFailed));
    }

    #[test]
    async fn parameters_are_refused_before_any_worker_starts() {
        // The script does not exist: a refusal that came from a worker would be a different error.
        let kdf = WorkerKdf::with_script("./no-such-kdf-worker_loader.js", Duration::from_secs(10));
        let weak = KdfParams { memory_kib: 1024, iterations: 2, parallelism: 1 };
        assert_eq!(kdf.derive(b"pw", &salt(1), weak).await.err(), Some(VaultError::WeakKdfParams));
        let huge = KdfParams { memory_kib: 2 * 1024 * 1024, iterations: 2, parallelism: 1 };
        assert_eq!(kdf.derive(b"pw", &salt(1), huge).await.err(), Some(VaultError::UnreasonableKdfParams));
    }
}
