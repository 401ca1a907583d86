//! Files in and out of the browser: downloading bytes under a file name, and reading a file
//! the user picked. Nothing here looks inside the bytes.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, Url};

/// Offers `bytes` as a download named `file_name`.
pub fn download(bytes: &[u8], file_name: &str, mime: &str) -> Result<(), String> {
    let fail = |_: JsValue| "The browser could not start the download. Try again.".to_owned();
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("The page is not ready.")?;
    let anchor: HtmlAnchorElement = document.create_element("a").map_err(fail)?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The click has queued the download; the URL can go once the event loop turns.
    let _ = web_sys::window().map(|w| {
        let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = Url::revoke_object_url(&url);
        });
        w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1000)
    });
    Ok(())
}

/// Reads up to `limit` bytes from the start of a file (all of it when `limit` is `None`).
pub async fn read_file(file: &File, limit: Option<u32>) -> Result<Vec<u8>, String> {
    let fail = |_: JsValue| "The browser could not read this file. Choose it again.".to_owned();
    let blob: Blob = match limit {
        Some(n) => file.slice_with_f64_and_f64(0.0, f64::from(n)).map_err(fail)?,
        None => file.clone().into(),
    };
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(fail)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
